package io.postvault.protocol.store.s3;

import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.Http;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import io.minio.PutObjectAPIArgs;
import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.Set;
import java.util.regex.Pattern;
import okhttp3.MediaType;

/**
 * Message bytes in the bucket {@code postvault-blobs}, content-addressed: the key is the lower-case hex SHA-256 of the
 * bytes, so the same message delivered to many recipients is stored once. Bytes are streamed both ways, never held
 * whole in memory, except small blobs, which the {@link BlobCache} keeps when they are stored or read (and which a
 * writer reads from its spool file once: {@link BlobContent}).
 *
 * <p>A live blob is deleted only by {@code blobgc.BlobCollector}: when no live message references it and the archive
 * acknowledged ({@code archive.stored}) every removal that points at it. Because a collector may delete an object
 * between a delivery's {@link #put} and its transaction, the delivery calls {@link #ensure} again under the blob's row
 * lock.
 */
@ApplicationScoped
public class BlobStore {

    public static final String BUCKET = "postvault-blobs";
    private static final Pattern BLOB_ID = Pattern.compile("[0-9a-f]{64}");
    private static final Set<String> NOT_FOUND = Set.of("NoSuchKey", "NoSuchObject", "NotFound", "ResourceNotFound");

    private static final String CONTENT_SHA256 = "x-amz-content-sha256";
    private static final MediaType MESSAGE = MediaType.get("message/rfc822");

    private final MinioClient client;
    private final MinioAsyncClient asyncClient;
    private final BlobCache cache;

    public BlobStore(MinioClient client, MinioAsyncClient asyncClient, BlobCache cache) {
        this.client = client;
        this.asyncClient = asyncClient;
        this.cache = cache;
    }

    /** Stores the file (unless an object with the same content already exists) and returns its blob id. */
    public String put(Path file) throws BlobStoreException {
        BlobContent content = read(file);
        ensure(content);
        return content.blobId();
    }

    /**
     * A spool file's content and blob id, for {@link #ensure}/{@link #storeLocked} and the parser: read into memory
     * once when the cache would keep it, else hashed streaming (and streamed again by each later use).
     */
    public BlobContent read(Path file) throws BlobStoreException {
        return BlobContent.of(file, cache::keeps);
    }

    /**
     * Uploads the content unless the object exists; returns whether it uploaded. Under the blob's row lock (a writer's
     * transaction) no collector can delete the object meanwhile.
     */
    public boolean ensure(BlobContent content) throws BlobStoreException {
        String blobId = checked(content.blobId());
        try {
            if (exists(blobId)) {
                return false;
            }
            upload(content);
            return true;
        } catch (IOException | MinioException e) {
            throw new BlobStoreException("could not store blob " + blobId + ": " + e.getMessage(), e);
        }
    }

    /**
     * Stores the object of a blob whose row the caller holds ({@code BlobRows.lockForReference}): a row just created
     * means nothing references the blob, so the upload goes ahead without a lookup (one request, the usual case of new
     * content); an existing row means the object should be there, which {@link #ensure} checks. Returns whether it
     * uploaded.
     */
    public boolean storeLocked(BlobContent content, boolean rowCreated) throws BlobStoreException {
        if (!rowCreated) {
            return ensure(content);
        }
        try {
            upload(content);
            return true;
        } catch (IOException | MinioException e) {
            throw new BlobStoreException("could not store blob " + content.blobId() + ": " + e.getMessage(), e);
        }
    }

    /** Deletes a blob; deleting one that is not there is no error. Only the blob collector calls this. */
    public void delete(String blobId) throws BlobStoreException {
        try {
            client.removeObject(RemoveObjectArgs.builder().bucket(BUCKET).object(checked(blobId)).build());
            cache.forget(blobId);
        } catch (MinioException e) {
            throw new BlobStoreException("could not delete blob " + blobId + ": " + e.getMessage(), e);
        }
    }

    /**
     * One PutObject request whose signed payload hash is the blob id itself (the SHA-256 computed once, by
     * {@link BlobContent}): MinIO's {@code putObject(PutObjectArgs)} would read the content into memory and hash it
     * twice more (SHA-256 and CRC32C) for every upload. The server checks the bytes against the signed hash, so an
     * object can never be stored under a key that is not its content's SHA-256. Small content is sent from memory and
     * kept in the cache; larger content is streamed from its file.
     */
    private void upload(BlobContent content) throws IOException, MinioException {
        String blobId = checked(content.blobId());
        byte[] bytes = content.bytes();
        if (bytes != null) {
            put(PutObjectAPIArgs.builder().data(bytes, bytes.length), blobId);
            cache.remember(blobId, bytes); // a message just stored is read soon (POP3 download, IMAP fetch of new mail)
            return;
        }
        try (RandomAccessFile in = new RandomAccessFile(content.file().toFile(), "r")) {
            put(PutObjectAPIArgs.builder().file(in, in.length()), blobId);
        }
    }

    private void put(PutObjectAPIArgs.Builder data, String blobId) throws IOException, MinioException {
        PutObjectAPIArgs put = data.bucket(BUCKET).object(blobId).headers(new Http.Headers(CONTENT_SHA256, blobId))
                .contentType(MESSAGE).build();
        try {
            asyncClient.putObject(put).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof MinioException cause) {
                throw cause;
            } else if (e.getCause() instanceof IOException cause) {
                throw cause;
            }
            throw new MinioException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while storing blob " + blobId);
        }
    }

    /** Whether a blob is stored. */
    public boolean exists(String blobId) throws BlobStoreException {
        try {
            client.statObject(StatObjectArgs.builder().bucket(BUCKET).object(checked(blobId)).build());
            return true;
        } catch (ErrorResponseException e) {
            if (NOT_FOUND.contains(e.errorResponse().code())) {
                return false;
            }
            throw new BlobStoreException("could not look up blob " + blobId + ": " + e.getMessage(), e);
        } catch (MinioException e) {
            throw new BlobStoreException("could not look up blob " + blobId + ": " + e.getMessage(), e);
        }
    }

    /**
     * The bytes of a blob; the caller closes the stream. From the {@link BlobCache} when it holds them; otherwise from
     * the object store: a blob the cache keeps is read whole and kept, a larger one is streamed.
     */
    public InputStream open(String blobId) throws BlobStoreException {
        Optional<InputStream> held = cache.open(checked(blobId));
        if (held.isPresent()) {
            return held.get();
        }
        GetObjectResponse response;
        try {
            response = client.getObject(GetObjectArgs.builder().bucket(BUCKET).object(blobId).build());
        } catch (MinioException e) {
            throw new BlobStoreException("could not read blob " + blobId + ": " + e.getMessage(), e);
        }
        String header = response.headers().get("Content-Length");
        long length = header == null ? -1 : Long.parseLong(header);
        if (!cache.keeps(length)) {
            return response;
        }
        try (response) {
            byte[] bytes = response.readNBytes((int) length);
            if (bytes.length != length) {
                throw new IOException("the object ended after " + bytes.length + " of " + length + " octets");
            }
            cache.remember(blobId, bytes);
            return new ByteArrayInputStream(bytes);
        } catch (IOException e) {
            throw new BlobStoreException("could not read blob " + blobId + ": " + e.getMessage(), e);
        }
    }

    /** The bytes of a blob when the {@link BlobCache} holds them; never blocks, so the event loop may call it. */
    public Optional<InputStream> openInMemory(String blobId) {
        return cache.open(blobId);
    }

    /** The blob id of a file's content: lower-case hex SHA-256, computed streaming. */
    public static String sha256(Path file) throws BlobStoreException {
        return BlobContent.of(file, size -> false).blobId();
    }

    private static String checked(String blobId) {
        if (blobId == null || !BLOB_ID.matcher(blobId).matches()) {
            throw new IllegalArgumentException("not a blob id: " + blobId);
        }
        return blobId;
    }
}
