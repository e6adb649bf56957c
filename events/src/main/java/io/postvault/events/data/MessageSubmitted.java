package io.postvault.events.data;

import java.time.Instant;
import java.util.List;

/** The account sent a message through SMTP submission; the archive keeps it with direction SENT. */
public record MessageSubmitted(String address, String blobId, long size, Instant submittedAt, String envelopeFrom,
                               List<String> envelopeRecipients, MessageSummary summary) implements EventData {
}
