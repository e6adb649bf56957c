package io.postvault.protocol.store.pg;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The {@code blob} row protocol (V2__blob_lifecycle.sql) that keeps the blob collector from deleting an object a
 * transaction is about to reference. Every transaction that inserts a message row (LMTP delivery; IMAP APPEND, COPY
 * and MOVE too) calls {@link #lockForReference} FIRST, before any other lock, and then, still in the transaction,
 * makes sure the object exists: with the bytes at hand {@code BlobStore.ensure}; without them (COPY) by checking that
 * the source message row is still there, which keeps the collector away.
 */
public final class BlobRows {

    private BlobRows() {
    }

    /**
     * Creates or locks the blob's row until the transaction ends (waiting for a collector that holds it; a row the
     * collector deleted meanwhile is inserted again), and clears its collectable mark.
     *
     * @return whether the row was created: then no live message references the blob and no reader can be reading its
     *         object, so the caller may upload the object without looking first
     */
    public static boolean lockForReference(Connection c, String blobId) throws SQLException {
        return created(addLockForReference(new StatementPipeline(), blobId).execute(c).get(0));
    }

    /** {@link #lockForReference} as the next statement of a pipeline; {@link #created} reads its result. */
    static StatementPipeline addLockForReference(StatementPipeline pipeline, String blobId) {
        // xmax is 0 on a row this statement inserted, set when it updated one
        return pipeline.add("""
                INSERT INTO blob (blob_id) VALUES (?)
                ON CONFLICT (blob_id) DO UPDATE SET collectable = false
                RETURNING xmax = 0""", blobId);
    }

    /** Whether the statement of {@link #addLockForReference} created the row. */
    static boolean created(StatementPipeline.Result result) {
        return (Boolean) result.rows().get(0)[0];
    }

    /** Asks the collector to look at the blob (it checks references and pending removals itself). */
    public static void markCollectable(Connection c, String blobId) throws SQLException {
        addMarkCollectable(new StatementPipeline(), blobId).execute(c);
    }

    /** {@link #markCollectable} as the next statement of a pipeline. */
    static StatementPipeline addMarkCollectable(StatementPipeline pipeline, String blobId) {
        return pipeline.add("UPDATE blob SET collectable = true WHERE blob_id = ?", blobId);
    }
}
