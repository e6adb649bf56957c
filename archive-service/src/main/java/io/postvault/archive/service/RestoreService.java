package io.postvault.archive.service;

import io.postvault.archive.livestore.Appended;
import io.postvault.archive.livestore.LiveStoreClient;
import io.postvault.archive.storage.ArchiveEntry;
import io.postvault.common.rest.ProblemException;
import io.postvault.events.Event;
import io.postvault.events.EventType;
import io.postvault.events.data.ArchiveRestored;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;

/**
 * Puts an archive entry back into a folder of its account, through protocol-service's append (quota checked, the
 * message appended as IMAP APPEND does), then takes it out of the archive.
 *
 * <p>The entry stays archived until protocol-service has confirmed the append: a failure on the way (protocol-service
 * down, over quota, a crash of this service) leaves it in the archive, and the restore can be asked again. The append
 * carries the entry id as its {@code Idempotency-Key}, so a restore repeated after the append succeeded (the removal
 * from the archive not done yet) appends nothing a second time. The removal emits {@code archive.restored} (where the
 * message went) and {@code archive.deleted} (the entry left the archive: quota and search act on it).
 */
@ApplicationScoped
public class RestoreService {

    private final ArchiveService archive;
    private final LiveStoreClient liveStore;

    RestoreService(ArchiveService archive, LiveStoreClient liveStore) {
        this.archive = archive;
        this.liveStore = liveStore;
    }

    /** Where an entry went back to. */
    public record Restored(UUID archiveId, Appended message) {
    }

    public Restored restore(String address, UUID id, String folder) {
        ArchiveEntry entry = archive.find(address, id)
                .orElseThrow(() -> ProblemException.notFound("no archive entry " + id + " for " + address));
        Appended appended;
        try (InputStream bytes = archive.open(entry)) {
            appended = liveStore.append(entry.address, folder, entry.internalDate, entry.id.toString(), entry.size,
                    () -> bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Absent when a concurrent restore of the same entry removed it first: the same append answered both.
        archive.remove(address, id, removed -> List.of(restored(removed, appended), ArchiveService.deleted(removed)));
        return new Restored(entry.id, appended);
    }

    private static Event restored(ArchiveEntry e, Appended appended) {
        return Event.of(ArchivingService.SOURCE, EventType.ARCHIVE_RESTORED, e.domain, e.accountId,
                new ArchiveRestored(e.id, e.address, appended.folder(), e.blobId, e.size));
    }
}
