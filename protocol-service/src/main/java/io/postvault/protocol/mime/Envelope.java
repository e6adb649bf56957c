package io.postvault.protocol.mime;

import java.util.List;

/**
 * The IMAP ENVELOPE of a message (RFC 3501 section 7.4.2), cached at delivery. Strings are the header values unfolded
 * but not decoded (IMAP sends them as they are), except address display names, which Mime4j decodes (an IMAP encoder
 * re-encodes non-ASCII names as RFC 2047 words). A missing header is null; an empty address list is an empty list.
 * When Sender or Reply-To is missing, IMAP answers with From: that substitution is left to the encoder.
 */
public record Envelope(String date, String subject, List<EnvelopeAddress> from, List<EnvelopeAddress> sender,
                       List<EnvelopeAddress> replyTo, List<EnvelopeAddress> to, List<EnvelopeAddress> cc,
                       List<EnvelopeAddress> bcc, String inReplyTo, String messageId) {

    /**
     * One address of an ENVELOPE list: (name adl mailbox host). A group is written as in IMAP: a start marker with
     * host null and mailbox = the group name, its members, then an end marker with all fields null.
     */
    public record EnvelopeAddress(String name, String adl, String mailbox, String host) {
    }
}
