package io.postvault.archive.service;

import io.postvault.archive.storage.ArchiveBlobStore;
import io.postvault.archive.storage.BlobReferences;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.util.Collection;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Deletes archived objects whose last reference went. Runs after the commit that released them (and periodically, for
 * the leftovers of a crash): each blob under its row's lock, the object first, then the row; a crash in between leaves
 * the row, and the next sweep deletes the (already missing) object again.
 */
@ApplicationScoped
public class BlobSweeper {

    private static final Logger LOG = Logger.getLogger(BlobSweeper.class);

    private final BlobReferences references;
    private final ArchiveBlobStore store;

    BlobSweeper(BlobReferences references, ArchiveBlobStore store) {
        this.references = references;
        this.store = store;
    }

    /** Deletes those of {@code blobIds} that are unreferenced; returns how many it deleted. */
    public int sweep(Collection<String> blobIds) {
        int deleted = 0;
        for (String blobId : blobIds) {
            try {
                boolean done = QuarkusTransaction.requiringNew().call(() -> references.lockUnreferenced(blobId)
                        .map(locked -> {
                            store.remove(locked);
                            references.forget(locked);
                            return true;
                        }).orElse(false));
                deleted += done ? 1 : 0;
            } catch (RuntimeException e) {
                // The row stays (refs 0): the periodic sweep (OutgoingEventRelay) tries again.
                LOG.warnf("archived blob %s not deleted yet: %s", blobId, e.getMessage());
            }
        }
        return deleted;
    }

    /** Deletes up to {@code limit} unreferenced objects, whichever they are. */
    public int sweepAll(int limit) {
        return sweep(QuarkusTransaction.requiringNew().call(() -> references.unreferenced(limit)));
    }
}
