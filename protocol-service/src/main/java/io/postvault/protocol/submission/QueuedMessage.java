package io.postvault.protocol.submission;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A submitted message in the relay queue: durably stored (blob), reported ({@code message.submitted}) and waiting for,
 * or done with, the smarthost.
 *
 * @param eventId its {@code message.submitted}, whose archive entry keeps the message (direction SENT)
 * @param attempts relay attempts started so far, this one included when the message was just claimed
 */
public record QueuedMessage(long id, UUID eventId, UUID accountId, String address, String domain, String envelopeFrom,
                            List<String> recipients, String blobId, long size, Instant submittedAt, int attempts) {
}
