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
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.Set;
import java.util.regex.Pattern;
import okhttp3.MediaType;

/**
 * Message bytes in the bucket {@code postvault-blobs}, content-addressed: the key is the lower-case hex SHA-256 of the
 * bytes, so the same message delivered to many recipients is stored once. Bytes are streamed both ways, never held
 * whole in memory, except small blobs, which the {@link BlobCache} keeps when they are stored or read.
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
        String blobId = sha256(file);
        try {
            if (!exists(blobId)) {
                upload(blobId, file);
            }
            return blobId;
        } catch (IOException | MinioException e) {
            throw new BlobStoreException("could not store blob " + blobId + ": " + e.getMessage(), e);
        }
    }

    /**
     * Uploads the file under {@code blobId} (its SHA-256, computed by the caller) unless the object exists; returns
     * whether it uploaded. Called under the blob's row lock, where no collector can delete the object meanwhile.
     */
    public boolean ensure(String blobId, Path file) throws BlobStoreException {
        try {
            if (exists(blobId)) {
                return false;
            }
            upload(checked(blobId), file);
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
    public boolean storeLocked(String blobId, Path file, boolean rowCreated) throws BlobStoreException {
        if (!rowCreated) {
            return ensure(blobId, file);
        }
        try {
            upload(checked(blobId), file);
            return true;
        } catch (IOException | MinioException e) {
            throw new BlobStoreException("could not store blob " + blobId + ": " + e.getMessage(), e);
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
     * One PutObject request whose signed payload hash is {@code blobId} itself (the SHA-256 the caller computed):
     * MinIO's {@code putObject(PutObjectArgs)} would read the file into memory and hash it twice more (SHA-256 and
     * CRC32C) for every upload. The server checks the bytes against the signed hash, so an object can never be stored
     * under a key that is not its content's SHA-256. The bytes are streamed from the file.
     */
    private void upload(String blobId, Path file) throws IOException, MinioException {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            PutObjectAPIArgs put = PutObjectAPIArgs.builder().bucket(BUCKET).object(blobId).file(in, in.length())
                    .headers(new Http.Headers(CONTENT_SHA256, blobId)).contentType(MESSAGE).build();
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
        cache.remember(blobId, file); // a message just stored is read soon (POP3 download, IMAP fetch of new mail)
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
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new BlobStoreException("could not read " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String checked(String blobId) {
        if (blobId == null || !BLOB_ID.matcher(blobId).matches()) {
            throw new IllegalArgumentException("not a blob id: " + blobId);
        }
        return blobId;
    }
}
