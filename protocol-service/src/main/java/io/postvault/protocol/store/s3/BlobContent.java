package io.postvault.protocol.store.s3;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.LongPredicate;

/**
 * A message's content about to be stored, with its blob id (the SHA-256 of the bytes). Content small enough for the
 * {@link BlobCache} is read from its spool file once, then hashed, parsed, uploaded and cached from those bytes (a
 * delivery read the file four times); larger content stays in its file and is streamed each time, in constant memory.
 * The file is private to its request and unchanged while this is used.
 */
public final class BlobContent {

    private final Path file;
    private final byte[] bytes; // null: streamed from the file
    private final long size;
    private final String blobId;

    private BlobContent(Path file, byte[] bytes, long size, String blobId) {
        this.file = file;
        this.bytes = bytes;
        this.size = size;
        this.blobId = blobId;
    }

    /** Reads the file into memory when {@code inMemory} accepts its size, else hashes it streaming. */
    static BlobContent of(Path file, LongPredicate inMemory) throws BlobStoreException {
        try {
            long size = Files.size(file);
            if (inMemory.test(size)) {
                byte[] bytes = Files.readAllBytes(file);
                return new BlobContent(file, bytes, bytes.length, hex(digest().digest(bytes)));
            }
            try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file), digest())) {
                in.transferTo(OutputStream.nullOutputStream());
                return new BlobContent(file, null, size, hex(in.getMessageDigest().digest()));
            }
        } catch (IOException e) {
            throw new BlobStoreException("could not read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The lower-case hex SHA-256 of the content: the object's key. */
    public String blobId() {
        return blobId;
    }

    /** The exact number of octets stored (POP3 and IMAP announce this size). */
    public long size() {
        return size;
    }

    /** The content from its start; the caller closes the stream. */
    public InputStream open() throws IOException {
        return bytes != null ? new ByteArrayInputStream(bytes)
                : new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
    }

    Path file() {
        return file;
    }

    /** The bytes when they were read into memory, else null (stream the {@link #file()}). */
    byte[] bytes() {
        return bytes;
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }
}
