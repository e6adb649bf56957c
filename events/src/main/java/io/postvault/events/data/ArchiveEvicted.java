package io.postvault.events.data;

import java.util.List;
import java.util.UUID;

/** Archive entries were evicted to free space, in answer to {@code requestId} (null for retention). */
public record ArchiveEvicted(@Nullable UUID requestId, List<Entry> entries, long bytesFreed) implements EventData {

    /** One evicted entry. */
    public record Entry(UUID archiveId, String address, String blobId, long size) {
    }
}
