package io.postvault.protocol.mime;

import io.postvault.events.data.MessageSummary;

/**
 * What delivery learns from parsing a message once: the summary that travels with events, and the ENVELOPE,
 * BODYSTRUCTURE and raw header block ({@link HeaderBlock}; null when too long to keep) that IMAP FETCH serves from the
 * database. {@code complete} is false when the message was malformed and only part of it could be read (the rest
 * still holds what was read).
 */
public record ParsedMessage(MessageSummary summary, Envelope envelope, BodyPart body, boolean complete,
                            byte[] header) {

    ParsedMessage withHeader(byte[] block) {
        return new ParsedMessage(summary, envelope, body, complete, block);
    }
}
