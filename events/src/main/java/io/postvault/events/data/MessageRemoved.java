package io.postvault.events.data;

import java.time.Instant;

/** The last live copy of a message left the account; the archive keeps it. */
public record MessageRemoved(String address, String folder, long uidValidity, long uid, String blobId, long size,
                             Instant internalDate, Instant removedAt, Direction direction, RemovalReason reason,
                             MessageSummary summary) implements EventData {
}
