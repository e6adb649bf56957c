package io.postvault.events.data;

import java.util.UUID;

/** An archive entry was put back into a folder of its account (the entry stays in the archive). */
public record ArchiveRestored(UUID archiveId, String address, String folder, String blobId, long size)
        implements EventData {
}
