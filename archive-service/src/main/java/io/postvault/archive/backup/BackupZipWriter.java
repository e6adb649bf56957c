package io.postvault.archive.backup;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a backup ZIP to a stream as it goes: each message is copied from its source stream into a deflated entry in
 * 64 KiB steps (its SHA-256 computed on the way), then {@link #finish} writes {@code manifest.json} and the central
 * directory. Memory does not grow with message sizes; what grows with the number of messages is a few hundred bytes per
 * message (the ZIP central directory and the manifest line, both written last). Zip64 records are written by the JDK
 * when an entry, the archive or the entry count needs them. A failure before {@link #finish} leaves a ZIP without its
 * central directory, which no reader takes for a complete backup.
 */
public final class BackupZipWriter {

    private static final int CHUNK = 64 * 1024;

    private final ZipOutputStream zip;
    private final ObjectMapper json;
    private final List<ManifestEntry> manifest = new ArrayList<>();
    private final Set<String> paths = new HashSet<>();
    private final byte[] buffer = new byte[CHUNK];

    public BackupZipWriter(OutputStream out, int compressionLevel, ObjectMapper json) {
        this.zip = new ZipOutputStream(out);
        this.zip.setLevel(compressionLevel);
        this.json = json;
    }

    /** Writes one message; returns false (writing nothing) when its bytes are gone. */
    public boolean add(BackupItem item) throws IOException {
        Optional<InputStream> source = item.bytes().open();
        if (source.isEmpty()) {
            return false;
        }
        String path = unique(item.path());
        MessageDigest sha256 = sha256();
        long size = 0;
        try (InputStream in = source.get()) {
            ZipEntry entry = new ZipEntry(path);
            if (item.description().internalDate() != null) {
                entry.setLastModifiedTime(FileTime.from(item.description().internalDate()));
            }
            zip.putNextEntry(entry);
            for (int n; (n = in.read(buffer)) > 0; size += n) {
                sha256.update(buffer, 0, n);
                zip.write(buffer, 0, n);
            }
            zip.closeEntry();
        }
        manifest.add(item.description().written(path, size, HexFormat.of().formatHex(sha256.digest())));
        return true;
    }

    /** Writes {@code manifest.json} and the central directory; the underlying stream stays open. */
    public void finish(String address, Instant createdAt) throws IOException {
        zip.putNextEntry(new ZipEntry(BackupLayout.MANIFEST));
        try (JsonGenerator out = json.getFactory().createGenerator(new FilterOutputStream(zip) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush(); // the ZIP goes on after the manifest
            }
        })) {
            out.setCodec(json);
            out.useDefaultPrettyPrinter();
            out.writeStartObject();
            out.writeStringField("account", address);
            out.writeStringField("createdAt", createdAt.toString());
            out.writeNumberField("count", manifest.size());
            out.writeArrayFieldStart("messages");
            for (ManifestEntry entry : manifest) {
                out.writeObject(entry);
            }
            out.writeEndArray();
            out.writeEndObject();
        }
        zip.closeEntry();
        zip.finish();
    }

    public int count() {
        return manifest.size();
    }

    /** {@code path}, or {@code path} with {@code ~2}, {@code ~3}, ... before its extension when already written. */
    private String unique(String path) {
        String candidate = path;
        int dot = path.lastIndexOf('.') > path.lastIndexOf('/') ? path.lastIndexOf('.') : path.length();
        for (int n = 2; !paths.add(candidate); n++) {
            candidate = path.substring(0, dot) + "~" + n + path.substring(dot);
        }
        return candidate;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
