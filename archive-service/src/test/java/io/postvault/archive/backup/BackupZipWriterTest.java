package io.postvault.archive.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.postvault.events.data.Direction;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The layout of a backup ZIP: paths, bytes, dates and the manifest, read back with the JDK's two ZIP readers. */
class BackupZipWriterTest {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final Instant JAN = Instant.parse("2025-01-15T10:00:00Z");
    private static final Instant DEC = Instant.parse("2026-12-31T23:59:59Z");

    @TempDir
    Path dir;

    @Test
    void liveMessagesByFolderArchivedOnesByDirectionAndYearThenTheManifest() throws Exception {
        UUID received = UUID.randomUUID();
        UUID sent = UUID.randomUUID();
        byte[] inbox = message("in the inbox");
        byte[] nested = message("in a subfolder");
        byte[] archivedIn = message("archived, received");
        byte[] archivedOut = message("archived, sent");
        List<BackupItem> items = List.of(
                live("INBOX", 7, List.of("\\Seen"), inbox),
                live("Work/Clients", 3, List.of(), nested),
                archived(received, Direction.RECEIVED, JAN, archivedIn),
                archived(sent, Direction.SENT, DEC, archivedOut));

        Map<String, byte[]> zip = read(write(items));

        assertThat(zip.keySet()).containsExactly("INBOX/7.eml", "Work/Clients/3.eml",
                "Archives/Received/2025/" + received + ".eml", "Archives/Sent/2026/" + sent + ".eml", "manifest.json");
        assertThat(zip.get("INBOX/7.eml")).isEqualTo(inbox);
        assertThat(zip.get("Work/Clients/3.eml")).isEqualTo(nested);
        assertThat(zip.get("Archives/Received/2025/" + received + ".eml")).isEqualTo(archivedIn);
        assertThat(zip.get("Archives/Sent/2026/" + sent + ".eml")).isEqualTo(archivedOut);

        JsonNode manifest = JSON.readTree(zip.get("manifest.json"));
        assertThat(manifest.get("account").asText()).isEqualTo("alice@example.org");
        assertThat(manifest.get("count").asInt()).isEqualTo(4);
        JsonNode first = manifest.get("messages").get(0);
        assertThat(first.get("path").asText()).isEqualTo("INBOX/7.eml");
        assertThat(first.get("kind").asText()).isEqualTo("live");
        assertThat(first.get("folder").asText()).isEqualTo("INBOX");
        assertThat(first.get("uidValidity").asLong()).isEqualTo(1700000000L);
        assertThat(first.get("uid").asLong()).isEqualTo(7);
        assertThat(first.get("flags").get(0).asText()).isEqualTo("\\Seen");
        assertThat(first.get("internalDate").asText()).isEqualTo(JAN.toString());
        assertThat(first.get("size").asLong()).isEqualTo(inbox.length);
        assertThat(first.get("sha256").asText()).isEqualTo(sha256(inbox));
        JsonNode last = manifest.get("messages").get(3);
        assertThat(last.get("kind").asText()).isEqualTo("archived");
        assertThat(last.get("archiveId").asText()).isEqualTo(sent.toString());
        assertThat(last.get("direction").asText()).isEqualTo("SENT");
        assertThat(last.get("folder").asText()).isEqualTo("Sent");
        assertThat(last.get("removedAt").asText()).isEqualTo(DEC.plusSeconds(1).toString());
        assertThat(last.get("sha256").asText()).isEqualTo(sha256(archivedOut));
        assertThat(last.has("uid")).as("no live identity on an archived message").isFalse();
    }

    @Test
    void entriesCarryTheInternalDateAndAreDeflated() throws Exception {
        byte[] body = ("Subject: repeated\r\n\r\n" + "the same line again and again\r\n".repeat(2000))
                .getBytes(StandardCharsets.US_ASCII);
        Path file = dir.resolve("b.zip");
        Files.write(file, write(List.of(live("INBOX", 1, List.of(), body))));
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry entry = zip.getEntry("INBOX/1.eml");
            assertThat(entry.getMethod()).isEqualTo(ZipEntry.DEFLATED);
            assertThat(entry.getLastModifiedTime().toInstant()).isEqualTo(JAN);
            assertThat(entry.getSize()).isEqualTo(body.length);
            assertThat(entry.getCompressedSize()).isLessThan(body.length / 10);
            assertThat(zip.getInputStream(entry).readAllBytes()).isEqualTo(body);
        }
    }

    @Test
    void unsafeFolderNamesBecomeSafePathsAndCollisionsGetANumber() throws Exception {
        byte[] a = message("a");
        byte[] b = message("b");
        byte[] c = message("c");
        byte[] d = message("d");
        Map<String, byte[]> zip = read(write(List.of(
                live("../../etc", 1, List.of(), a),
                live("Q3: plans?", 2, List.of(), b),
                live("Q3_ plans_", 2, List.of(), c),
                live("manifest.json", 4, List.of(), d))));
        assertThat(zip.keySet()).containsExactly("_../_../etc/1.eml", "Q3_ plans_/2.eml", "Q3_ plans_/2~2.eml",
                "manifest.json_/4.eml", "manifest.json");
        assertThat(zip.get("Q3_ plans_/2~2.eml")).isEqualTo(c);
        JsonNode manifest = JSON.readTree(zip.get("manifest.json"));
        assertThat(manifest.get("messages").get(2).get("path").asText()).isEqualTo("Q3_ plans_/2~2.eml");
        assertThat(manifest.get("messages").get(2).get("folder").asText()).isEqualTo("Q3_ plans_");
    }

    @Test
    void aMessageGoneDuringTheBackupIsLeftOutOfZipAndManifest() throws Exception {
        byte[] kept = message("kept");
        BackupItem gone = new BackupItem("INBOX/2.eml",
                ManifestEntry.live("INBOX", 1700000000L, 2, List.of(), JAN), Optional::empty);
        Map<String, byte[]> zip = read(write(List.of(gone, live("INBOX", 3, List.of(), kept))));
        assertThat(zip.keySet()).containsExactly("INBOX/3.eml", "manifest.json");
        assertThat(JSON.readTree(zip.get("manifest.json")).get("count").asInt()).isEqualTo(1);
    }

    @Test
    void anEmptyAccountIsAZipWithAnEmptyManifest() throws Exception {
        Map<String, byte[]> zip = read(write(List.of()));
        assertThat(zip.keySet()).containsExactly("manifest.json");
        assertThat(JSON.readTree(zip.get("manifest.json")).get("messages")).isEmpty();
    }

    @Test
    void moreThan65535MessagesTakeZip64Records() throws Exception {
        int count = 70_000;
        byte[] tiny = "Subject: x\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII);
        Path file = dir.resolve("many.zip");
        try (var out = Files.newOutputStream(file)) {
            BackupZipWriter writer = new BackupZipWriter(out, 1, JSON);
            for (int uid = 1; uid <= count; uid++) {
                writer.add(live("INBOX", uid, List.of(), tiny));
            }
            writer.finish("alice@example.org", DEC);
        }
        byte[] zip = Files.readAllBytes(file);
        // The classic end record cannot count past 65,535: it says 0xFFFF and a Zip64 end record (PK\6\6) holds more.
        assertThat(indexOf(zip, new byte[] {'P', 'K', 6, 6})).isPositive();
        try (ZipFile read = new ZipFile(file.toFile())) {
            assertThat(read.size()).isEqualTo(count + 1);
            assertThat(read.getInputStream(read.getEntry("INBOX/70000.eml")).readAllBytes()).isEqualTo(tiny);
        }
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = data.length - pattern.length; i >= 0; i--) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] write(List<BackupItem> items) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BackupZipWriter writer = new BackupZipWriter(out, 1, JSON);
        for (BackupItem item : items) {
            writer.add(item);
        }
        writer.finish("alice@example.org", DEC);
        return out.toByteArray();
    }

    /** Entries in the order they were written, read by streaming (local headers), as a one-pass reader does. */
    private static Map<String, byte[]> read(byte[] zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                assertThat(entries.put(entry.getName(), in.readAllBytes())).as("one entry " + entry.getName()).isNull();
            }
        }
        return entries;
    }

    private static BackupItem live(String folder, long uid, List<String> flags, byte[] bytes) {
        return new BackupItem(BackupLayout.live(folder, uid),
                ManifestEntry.live(folder, 1700000000L, uid, flags, JAN),
                () -> Optional.of(new ByteArrayInputStream(bytes)));
    }

    private static BackupItem archived(UUID id, Direction direction, Instant date, byte[] bytes) {
        return new BackupItem(BackupLayout.archived(direction, date, id),
                ManifestEntry.archived(id, direction == Direction.SENT ? "Sent" : "INBOX", direction, date,
                        date.plusSeconds(1)),
                () -> Optional.of(new ByteArrayInputStream(bytes)));
    }

    private static byte[] message(String subject) {
        return ("From: bob@example.net\r\nSubject: " + subject + "\r\nMessage-ID: <" + UUID.randomUUID()
                + "@example.net>\r\n\r\nBody of " + subject + ".\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
