package io.postvault.archive.storage;

import io.minio.CopyObjectArgs;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.RemoveObjectArgs;
import io.minio.SourceObject;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import io.postvault.archive.config.ArchiveConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.InputStream;
import java.util.Set;

/**
 * The archive bucket. Objects are keyed by the SHA-256 of their content, as in the live bucket, so an object is copied
 * from the live bucket (server-side) only when the archive does not hold it yet.
 */
@ApplicationScoped
public class ArchiveBlobStore {

    private static final Set<String> NOT_FOUND = Set.of("NoSuchKey", "NoSuchObject", "ResourceNotFound");

    private final MinioClient client;
    private final ArchiveConfig.Buckets buckets;

    ArchiveBlobStore(MinioClient client, ArchiveConfig config) {
        this.client = client;
        this.buckets = config.buckets();
    }

    /**
     * Makes sure the archive holds {@code blobId}: copies it from the live bucket unless it is there already. Returns
     * true when it copied.
     *
     * @throws BlobMissingException when neither bucket holds it
     */
    public boolean ensureArchived(String blobId) {
        if (exists(buckets.archive(), blobId)) {
            return false;
        }
        try {
            client.copyObject(CopyObjectArgs.builder()
                    .bucket(buckets.archive()).object(blobId)
                    .source(SourceObject.builder().bucket(buckets.blobs()).object(blobId).build())
                    .build());
            return true;
        } catch (ErrorResponseException e) {
            if (NOT_FOUND.contains(e.errorResponse().code())) {
                throw new BlobMissingException(blobId, buckets.blobs());
            }
            throw new ObjectStoreException("copy of blob " + blobId + " into " + buckets.archive(), e);
        } catch (MinioException e) {
            throw new ObjectStoreException("copy of blob " + blobId + " into " + buckets.archive(), e);
        }
    }

    /** The archived bytes of {@code blobId}; the caller closes the stream. */
    public InputStream open(String blobId) {
        try {
            return client.getObject(GetObjectArgs.builder().bucket(buckets.archive()).object(blobId).build());
        } catch (ErrorResponseException e) {
            if (NOT_FOUND.contains(e.errorResponse().code())) {
                throw new BlobMissingException(blobId, buckets.archive());
            }
            throw new ObjectStoreException("read of archived blob " + blobId, e);
        } catch (MinioException e) {
            throw new ObjectStoreException("read of archived blob " + blobId, e);
        }
    }

    /** Deletes the archived object {@code blobId}; deleting a missing object is no error. */
    public void remove(String blobId) {
        try {
            client.removeObject(RemoveObjectArgs.builder().bucket(buckets.archive()).object(blobId).build());
        } catch (MinioException e) {
            throw new ObjectStoreException("deletion of archived blob " + blobId, e);
        }
    }

    public boolean isArchived(String blobId) {
        return exists(buckets.archive(), blobId);
    }

    private boolean exists(String bucket, String blobId) {
        try {
            client.statObject(StatObjectArgs.builder().bucket(bucket).object(blobId).build());
            return true;
        } catch (ErrorResponseException e) {
            if (NOT_FOUND.contains(e.errorResponse().code())) {
                return false;
            }
            throw new ObjectStoreException("stat of " + bucket + "/" + blobId, e);
        } catch (MinioException e) {
            throw new ObjectStoreException("stat of " + bucket + "/" + blobId, e);
        }
    }
}
