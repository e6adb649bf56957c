package io.postvault.archive.storage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

/**
 * The reference count of each blob of the archive bucket. Taking a reference locks the blob's row until the transaction
 * ends; so does the deletion of an unreferenced blob ({@link #lockUnreferenced}), which is what keeps an archiving and a
 * deletion of the same blob from crossing (see V2__archive_entries.sql).
 */
@ApplicationScoped
public class BlobReferences {

    private final EntityManager entityManager;

    BlobReferences(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** Adds one reference to {@code blobId} (creating its row), and returns the count before: 0 for a new blob. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int acquire(String blobId, long size) {
        Number after = (Number) entityManager.createNativeQuery("""
                        INSERT INTO archive_blob (blob_id, size, refs, created_at) VALUES (?1, ?2, 1, now())
                        ON CONFLICT (blob_id) DO UPDATE SET refs = archive_blob.refs + 1
                        RETURNING refs""")
                .setParameter(1, blobId).setParameter(2, size).getSingleResult();
        return after.intValue() - 1;
    }

    /** Drops one reference; the row stays with refs 0 until the object is deleted ({@link #lockUnreferenced}). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void release(String blobId) {
        entityManager.createNativeQuery("UPDATE archive_blob SET refs = refs - 1 WHERE blob_id = ?1")
                .setParameter(1, blobId).executeUpdate();
    }

    /** Blobs without references: objects to delete. */
    @Transactional(Transactional.TxType.MANDATORY)
    @SuppressWarnings("unchecked")
    public List<String> unreferenced(int limit) {
        return entityManager.createNativeQuery("SELECT blob_id FROM archive_blob WHERE refs = 0 LIMIT ?1")
                .setParameter(1, limit).getResultList();
    }

    /** Locks {@code blobId} if it is still unreferenced (skipping it when another transaction holds it). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<String> lockUnreferenced(String blobId) {
        @SuppressWarnings("unchecked")
        List<String> rows = entityManager.createNativeQuery(
                        "SELECT blob_id FROM archive_blob WHERE blob_id = ?1 AND refs = 0 FOR UPDATE SKIP LOCKED")
                .setParameter(1, blobId).getResultList();
        return rows.stream().findFirst();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void forget(String blobId) {
        entityManager.createNativeQuery("DELETE FROM archive_blob WHERE blob_id = ?1 AND refs = 0")
                .setParameter(1, blobId).executeUpdate();
    }

    /** The reference count of {@code blobId}; empty when the archive does not hold it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Integer> count(String blobId) {
        @SuppressWarnings("unchecked")
        List<Number> rows = entityManager.createNativeQuery("SELECT refs FROM archive_blob WHERE blob_id = ?1")
                .setParameter(1, blobId).getResultList();
        return rows.stream().findFirst().map(Number::intValue);
    }
}
