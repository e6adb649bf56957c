package io.postvault.search.storage;

import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.errors.ErrorResponseException;
import io.postvault.search.config.SearchConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/** Reads message bytes, never writes: the live bucket first, the archive's next (a blob moves there when archived). */
@ApplicationScoped
public class BlobReader {

    private final MinioClient client;
    private final SearchConfig config;

    BlobReader(MinioClient client, SearchConfig config) {
        this.client = client;
        this.config = config;
    }

    /** The first {@code max-blob-bytes} of blob {@code id} from the live bucket, else the archive's. */
    public Optional<byte[]> liveFirst(String id) {
        return read(id, List.of(config.buckets().blobs(), config.buckets().archive()));
    }

    /** The same, the archive's bucket first. */
    public Optional<byte[]> archiveFirst(String id) {
        return read(id, List.of(config.buckets().archive(), config.buckets().blobs()));
    }

    private Optional<byte[]> read(String id, List<String> buckets) {
        for (String bucket : buckets) {
            try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(id).build())) {
                return Optional.of(in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8,
                        config.extraction().maxBlobBytes())));
            } catch (ErrorResponseException e) {
                if (!"NoSuchKey".equals(e.errorResponse().code())) {
                    throw new ObjectStoreException("reading blob " + id + " from " + bucket, e);
                }
            } catch (Exception e) {
                throw new ObjectStoreException("reading blob " + id + " from " + bucket, e);
            }
        }
        return Optional.empty();
    }

    /** The object store failed (not a missing blob): the event is retried through its dead letter. */
    public static class ObjectStoreException extends RuntimeException {
        public ObjectStoreException(String what, Throwable cause) {
            super(what + ": " + cause.getMessage(), cause);
        }
    }
}
