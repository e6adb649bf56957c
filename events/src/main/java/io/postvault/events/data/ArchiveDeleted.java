package io.postvault.events.data;

import java.util.UUID;

/** A user or administrator deleted an archive entry. */
public record ArchiveDeleted(UUID archiveId, String address, String blobId, long size) implements EventData {
}
