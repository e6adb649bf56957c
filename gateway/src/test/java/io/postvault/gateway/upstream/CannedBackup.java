package io.postvault.gateway.upstream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A backup ZIP in archive-service's layout (io.postvault.archive.backup.BackupLayout: live messages under their
 * folder by UID, archived ones under {@code Archives/Received|Sent/<year>/<id>.eml}, {@code manifest.json} last), large
 * enough (about 260 KiB, stored without compression) that the stub can send it in two parts.
 */
public final class CannedBackup {

    /** Path in the ZIP to content. */
    public static final Map<String, byte[]> ENTRIES = entries();
    public static final byte[] ZIP = zip(ENTRIES);

    private CannedBackup() {
    }

    private static Map<String, byte[]> entries() {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("INBOX/1.eml", message(0, 2));
        entries.put("Archives/Received/2026/" + UpstreamStubs.ENTRY_ID + ".eml", message(2, 2));
        entries.put("manifest.json", "{\"messages\":2}".getBytes(StandardCharsets.UTF_8));
        return entries;
    }

    private static byte[] message(int firstChunk, int chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(CannedMessage.HEADER);
        for (int i = firstChunk; i < firstChunk + chunks; i++) {
            out.writeBytes(CannedMessage.chunk(i));
        }
        return out.toByteArray();
    }

    private static byte[] zip(Map<String, byte[]> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.setLevel(0);
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
