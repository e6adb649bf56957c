package io.postvault.archive.rest;

import io.postvault.archive.storage.ArchiveEntry;
import io.postvault.events.data.Direction;
import java.time.Instant;
import java.util.UUID;

/**
 * An archive entry as the REST API shows it. {@code sourceEventId} is the removal or submission event it came from:
 * search-service keys archived documents by it (reindex).
 */
public record ArchiveEntryView(UUID id, String accountId, String address, String domain, Direction direction,
                               String originFolder, String reason, Instant removedAt, Instant internalDate, long size,
                               String from, String to, String cc, String subject, String messageId,
                               boolean hasAttachments, String blobId, Instant archivedAt, UUID sourceEventId) {

    static ArchiveEntryView of(ArchiveEntry e) {
        return new ArchiveEntryView(e.id, e.accountId, e.address, e.domain, e.direction, e.originFolder, e.reason,
                e.removedAt, e.internalDate, e.size, e.from, e.to, e.cc, e.subject, e.messageId, e.hasAttachments,
                e.blobId, e.archivedAt, e.sourceEventId);
    }
}
