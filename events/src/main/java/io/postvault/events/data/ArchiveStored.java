package io.postvault.events.data;

import java.time.Instant;
import java.util.UUID;

/** The archive durably holds a removed or sent message; {@code sourceEventId} is the event it acknowledges. */
public record ArchiveStored(UUID archiveId, UUID sourceEventId, String address, String blobId, long size,
                            Direction direction, Instant removedAt) implements EventData {
}
