package io.postvault.archive.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.postvault.archive.config.ArchiveConfig;
import io.postvault.archive.livestore.LiveMessage;
import io.postvault.archive.livestore.LivePage;
import io.postvault.archive.livestore.LiveStoreClient;
import io.postvault.archive.livestore.LiveStoreException;
import io.postvault.archive.storage.ArchiveBlobStore;
import io.postvault.archive.storage.ArchiveEntry;
import io.postvault.archive.storage.ArchiveRepository;
import io.postvault.archive.storage.BlobMissingException;
import io.postvault.common.rest.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The ZIP backup of an account: every live message (read page by page from protocol-service, bytes streamed from its
 * blob endpoint), then every archive entry (read from the database in batches, bytes streamed from the archive
 * bucket), written as they come by {@link BackupZipWriter}. A message that leaves while the backup runs is skipped
 * where it is gone; a live message removed after its page was read is usually archived by the time the archive part
 * is read, and then appears there.
 */
@ApplicationScoped
public class BackupService {

    private static final Logger LOG = Logger.getLogger(BackupService.class);

    private final LiveStoreClient liveStore;
    private final ArchiveRepository repository;
    private final ArchiveBlobStore store;
    private final ArchiveConfig.Backup config;
    private final ObjectMapper json;

    BackupService(LiveStoreClient liveStore, ArchiveRepository repository, ArchiveBlobStore store,
            ArchiveConfig config, ObjectMapper json) {
        this.liveStore = liveStore;
        this.repository = repository;
        this.store = store;
        this.config = config.backup();
        this.json = json;
    }

    /** A backup about to stream; the first page of live messages is read already. */
    public record Backup(String address, LivePage firstLivePage) {
    }

    /**
     * Checks that there is something to back up before any byte is sent: an account protocol-service knows, or an
     * account deleted since whose archive entries remain.
     *
     * @throws ProblemException 404 when neither service knows the account; protocol-service's failures (502)
     */
    public Backup prepare(String address) {
        String normalized = address.toLowerCase(Locale.ROOT);
        try {
            return new Backup(normalized, liveStore.page(normalized, null));
        } catch (LiveStoreException e) {
            boolean archived = QuarkusTransaction.requiringNew().call(
                    () -> !repository.oldestFirst(normalized, null, null, 1).isEmpty());
            if (e.status() == 404 && archived) {
                return new Backup(normalized, new LivePage(List.of(), null));
            }
            throw e;
        }
    }

    /** Streams the ZIP to {@code out}; on a failure the ZIP stays without its central directory. */
    public void write(Backup backup, OutputStream out) throws IOException {
        long started = System.nanoTime();
        BackupZipWriter zip = new BackupZipWriter(out, config.compressionLevel(), json);
        String address = backup.address();
        for (LivePage page = backup.firstLivePage(); ; page = liveStore.page(address, page.next())) {
            for (LiveMessage message : page.messages()) {
                zip.add(live(address, message));
            }
            if (page.next() == null) {
                break;
            }
        }
        List<ArchiveEntry> batch = List.of();
        do {
            ArchiveEntry last = batch.isEmpty() ? null : batch.get(batch.size() - 1);
            batch = QuarkusTransaction.requiringNew().call(() -> repository.oldestFirst(address,
                    last == null ? null : last.internalDate, last == null ? null : last.id, config.batchSize()));
            for (ArchiveEntry entry : batch) {
                zip.add(archived(entry));
            }
        } while (batch.size() == config.batchSize());
        zip.finish(address, Instant.now());
        LOG.infof("backup of %s: %d messages in %d ms", address, zip.count(),
                (System.nanoTime() - started) / 1_000_000);
    }

    private BackupItem live(String address, LiveMessage m) {
        return new BackupItem(BackupLayout.live(m.folder(), m.uid()),
                ManifestEntry.live(m.folder(), m.uidValidity(), m.uid(), m.flags() == null ? List.of() : m.flags(),
                        m.internalDate()),
                () -> {
                    Optional<InputStream> bytes = liveStore.openBlob(address, m.blobId());
                    if (bytes.isEmpty()) {
                        LOG.debugf("backup of %s: %s/%d left during the backup", address, m.folder(), m.uid());
                    }
                    return bytes;
                });
    }

    private BackupItem archived(ArchiveEntry e) {
        return new BackupItem(BackupLayout.archived(e.direction, e.internalDate, e.id),
                ManifestEntry.archived(e.id, e.originFolder, e.direction, e.internalDate, e.removedAt),
                () -> {
                    try {
                        return Optional.of(store.open(e.blobId));
                    } catch (BlobMissingException gone) {
                        LOG.debugf("backup of %s: archive entry %s evicted during the backup", e.address, e.id);
                        return Optional.empty();
                    }
                });
    }
}
