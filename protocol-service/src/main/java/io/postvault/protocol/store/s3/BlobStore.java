package io.postvault.protocol.store.s3;

import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Message bytes in the bucket {@code postvault-blobs}, content-addressed: the key is the lower-case hex SHA-256 of the
 * bytes, so the same message delivered to many recipients is stored once. Bytes are streamed both ways, never held
 * whole in memory.
 *
 * <p>Blobs are never deleted for now: a live blob may go only when no live message references it and the archive has
 * acknowledged ({@code archive.stored}) every removal that points at it. That clean-up comes with the archive service.
 */
@ApplicationScoped
public class BlobStore {

    public static final String BUCKET = "postvault-blobs";
    private static final Pattern BLOB_ID = Pattern.compile("[0-9a-f]{64}");
    private static final Set<String> NOT_FOUND = Set.of("NoSuchKey", "NoSuchObject", "NotFound", "ResourceNotFound");

    private final MinioClient client;

    BlobStore(MinioClient client) {
        this.client = client;
    }

    /** Stores the file (unless an object with the same content already exists) and returns its blob id. */
    public String put(Path file) throws BlobStoreException {
        String blobId = sha256(file);
        try {
            if (exists(blobId)) {
                return blobId;
            }
            long size = Files.size(file);
            try (InputStream in = Files.newInputStream(file)) {
                client.putObject(PutObjectArgs.builder().bucket(BUCKET).object(blobId)
                        .stream(in, size, -1L).contentType("message/rfc822").build());
            }
            return blobId;
        } catch (IOException | MinioException e) {
            throw new BlobStoreException("could not store blob " + blobId + ": " + e.getMessage(), e);
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

    /** The bytes of a blob, streamed; the caller closes the stream. */
    public InputStream open(String blobId) throws BlobStoreException {
        try {
            return client.getObject(GetObjectArgs.builder().bucket(BUCKET).object(checked(blobId)).build());
        } catch (MinioException e) {
            throw new BlobStoreException("could not read blob " + blobId + ": " + e.getMessage(), e);
        }
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
