package io.postvault.events.data;

import java.util.UUID;

/**
 * An archive entry was put back into a folder of its account (the copy there comes as {@code message.appended});
 * the entry then left the archive, announced by an {@code archive.deleted} beside this event.
 */
public record ArchiveRestored(UUID archiveId, String address, String folder, String blobId, long size)
        implements EventData {
}
