package io.postvault.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.postvault.deploy.stack.Processes;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The archive's stories through the real services, started by the README's run command: an IMAP expunge lands in the
 * archive byte for byte; a restore puts those bytes back into a folder, where IMAP finds them; the backup ZIP passes
 * {@code unzip -t} and Python's zipfile with every entry identical to what IMAP and the archive served; and all of it
 * again through the gateway's public API, with the history search and a reindex.
 */
class ArchiveStoriesIT {

    private static final Path CHECK_ZIP = Path.of("..").toAbsolutePath().normalize()
            .resolve("bench/check-backup-zip.py");
    private static final String PASSWORD = "correct-horse-9";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalSuite suite;

    @BeforeAll
    static void up() throws Exception {
        suite = LocalSuite.prepare();
        LocalSuite.Result up = suite.run("up");
        assertThat(up.exitCode()).as(up.output()).isZero();
    }

    @AfterAll
    static void down() throws Exception {
        if (suite != null) {
            assertThat(suite.run("down").exitCode()).isZero();
            Processes.deleteTree(suite.varDir);
        }
    }

    @Test
    void aMessageExpungedOverImapIsArchivedByteForByte() throws Exception {
        String address = newAccount();
        deliver(address, "expunge me");
        byte[] fetched;
        try (ImapSession imap = ImapSession.login(suite.port(1993), address, PASSWORD)) {
            imap.ok("SELECT INBOX");
            fetched = imap.body(1);
            imap.ok("UID STORE 1 +FLAGS.SILENT (\\Deleted)");
            imap.ok("EXPUNGE");
        }

        String id = awaitArchiveEntry(address);
        HttpResponse<byte[]> raw = suite.getBytes(8082, entryPath(address, id) + "/raw");
        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(raw.body()).as("the archived bytes are what the IMAP client fetched").isEqualTo(fetched);
        HttpResponse<String> entry = suite.get(8082, entryPath(address, id));
        assertThat(entry.body()).contains("\"reason\":\"IMAP_EXPUNGE\"", "\"originFolder\":\"INBOX\"",
                "\"direction\":\"RECEIVED\"");
    }

    @Test
    void aRestoredMessageIsBackInTheMailboxByteForByteAndLeavesTheArchive() throws Exception {
        String address = newAccount();
        deliver(address, "restore me");
        byte[] fetched;
        try (ImapSession imap = ImapSession.login(suite.port(1993), address, PASSWORD)) {
            imap.ok("SELECT INBOX");
            fetched = imap.body(1);
            imap.ok("UID STORE 1 +FLAGS.SILENT (\\Deleted)");
            imap.ok("EXPUNGE");
            // The default restore folder; a new account does not have it.
            imap.ok("CREATE Restored");
        }
        String id = awaitArchiveEntry(address);

        HttpResponse<String> restored = suite.postJson(8082, entryPath(address, id) + "/restore", "{}");
        assertThat(restored.statusCode()).as(restored.body()).isEqualTo(200);
        assertThat(restored.body()).contains("\"folder\":\"Restored\"", "\"archiveId\":\"" + id + "\"");
        long uid = Long.parseLong(field(restored.body(), "uid"));

        try (ImapSession imap = ImapSession.login(suite.port(1993), address, PASSWORD)) {
            imap.ok("SELECT Restored");
            assertThat(imap.body(uid)).as("the restored message is what IMAP served before the expunge")
                    .isEqualTo(fetched);
            assertThat(suite.get(8082, entryPath(address, id)).statusCode()).as("gone from the archive")
                    .isEqualTo(404);
            assertThat(suite.postJson(8082, entryPath(address, id) + "/restore", "{}").statusCode()).isEqualTo(404);
            assertThat(imap.ok("STATUS Restored (MESSAGES)")).anyMatch(l -> l.contains("MESSAGES 1"));
        }
    }

    @Test
    void theBackupOpensWithUnzipAndPythonAndEveryEntryIsWhatWasServed() throws Exception {
        String address = newAccount();
        for (int i = 1; i <= 3; i++) {
            deliver(address, "backup " + i);
        }
        Map<Integer, byte[]> served = new LinkedHashMap<>();
        try (ImapSession imap = ImapSession.login(suite.port(1993), address, PASSWORD)) {
            imap.ok("SELECT INBOX");
            for (int uid = 1; uid <= 3; uid++) {
                served.put(uid, imap.body(uid));
            }
            imap.ok("UID STORE 2 +FLAGS.SILENT (\\Deleted)");
            imap.ok("EXPUNGE");
        }
        String archivedId = awaitArchiveEntry(address);

        HttpResponse<byte[]> backup = suite.getBytes(8082, "/internal/accounts/" + address + "/backup");
        assertThat(backup.statusCode()).isEqualTo(200);
        assertThat(backup.headers().firstValue("Content-Type")).hasValue("application/zip");
        Path zip = suite.varDir.resolve("backup-" + UUID.randomUUID() + ".zip");
        Files.write(zip, backup.body());

        String unzip = run("unzip", "-t", zip.toString());
        assertThat(unzip).contains("No errors detected");
        Map<String, String> digests = new LinkedHashMap<>();
        for (String line : run("python3", CHECK_ZIP.toString(), zip.toString()).split("\n")) {
            String[] parts = line.split(" ", 2);
            if (!parts[0].equals("OK")) {
                digests.put(parts[1], parts[0]);
            }
        }
        String archivedPath = digests.keySet().stream().filter(p -> p.endsWith("/" + archivedId + ".eml"))
                .findFirst().orElseThrow();
        assertThat(archivedPath).startsWith("Archives/Received/");
        assertThat(digests).containsOnly(
                Map.entry("INBOX/1.eml", sha256(served.get(1))),
                Map.entry("INBOX/3.eml", sha256(served.get(3))),
                Map.entry(archivedPath, sha256(served.get(2))));
    }

    /**
     * The same stories through the gateway's public API, as an integrator or the console drives them (the platform
     * admin's token): domain and accounts with a role and a shared account's rights, LMTP delivery, an IMAP expunge,
     * the history search finding the archived message and the kept one by the flags IMAP set, the archive list, its {@code .eml}, its restore, the backup ZIP
     * with every entry what IMAP served, and a reindex to its end, after which the search finds the message live.
     */
    @Test
    void theGatewayServesTheStoriesThroughItsPublicApi() throws Exception {
        String domain = "gw-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        String accounts = "/api/v1/domains/" + domain + "/accounts";
        call(201, "POST", "/api/v1/domains", "{\"name\":\"" + domain + "\",\"quotaBytes\":10000000}");
        call(201, "POST", accounts, "{\"localPart\":\"alice\",\"password\":\"" + PASSWORD
                + "\",\"kind\":\"PERSONAL\"}");
        call(201, "POST", accounts, "{\"localPart\":\"team\",\"kind\":\"SHARED\"}");
        assertThat(call(200, "PUT", accounts + "/alice/role", "{\"role\":\"DOMAIN_ADMIN\"}").path("role").asText())
                .isEqualTo("DOMAIN_ADMIN");
        assertThat(call(409, "PUT", accounts + "/team/role", "{\"role\":\"DOMAIN_ADMIN\"}").path("detail").asText())
                .contains("is a shared account");
        assertThat(call(200, "PUT", accounts + "/team/acl/alice", "{\"rights\":\"srl\"}").path("rights").asText())
                .isEqualTo("lrs");
        assertThat(call(200, "GET", accounts + "/team/acl", null).path("items").findValuesAsText("user"))
                .containsExactly("alice@" + domain);
        assertThat(call(409, "PUT", accounts + "/alice/acl/team", "{\"rights\":\"lr\"}").path("detail").asText())
                .contains("is a personal account");
        call(204, "DELETE", accounts + "/team/acl/alice", null);

        String address = "alice@" + domain;
        String word = "story" + UUID.randomUUID().toString().substring(0, 8).replace("-", "");
        deliver(address, "gateway " + word);
        deliver(address, "kept");
        byte[] expunged;
        byte[] kept;
        try (ImapSession imap = ImapSession.login(suite.port(1993), address, PASSWORD)) {
            imap.ok("SELECT INBOX");
            expunged = imap.body(1);
            kept = imap.body(2);
            imap.ok("UID STORE 1 +FLAGS.SILENT (\\Deleted)");
            imap.ok("EXPUNGE");
            imap.ok("UID STORE 2 +FLAGS (\\Seen \\Flagged)");
        }

        String account = "/api/v1/accounts/" + address;
        JsonNode hit = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> call(200, "GET", account + "/history?q=" + word, null).path("items").path(0),
                        // archived at once on the removal; the entry's id once archive-service has stored it
                        h -> "archived".equals(h.path("status").asText()) && h.path("link").path("archiveId").isTextual());
        String id = hit.path("link").path("archiveId").asText();
        // The flags set over IMAP reach the live message's document (message.flags-changed); the archived has none.
        JsonNode flagged = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> call(200, "GET", account + "/history?seen=true&flagged=true", null),
                        r -> r.path("total").asInt() == 1);
        assertThat(flagged.path("items").path(0).path("subject").asText()).isEqualTo("kept");
        assertThat(call(200, "GET", account + "/history?seen=false", null).path("total").asInt()).isZero();
        assertThat(call(200, "GET", account + "/archive", null).path("items").findValuesAsText("id"))
                .containsExactly(id);
        HttpResponse<byte[]> raw = suite.gateway("GET", account + "/archive/" + id + "/raw", null);
        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(raw.headers().firstValue("Content-Type")).hasValue("message/rfc822");
        assertThat(raw.body()).as("the .eml is what IMAP served before the expunge").isEqualTo(expunged);

        JsonNode restored = call(200, "POST", account + "/archive/" + id + "/restore", null);
        assertThat(restored.path("folder").asText()).isEqualTo("Restored");
        call(404, "GET", account + "/archive/" + id, null);

        HttpResponse<byte[]> backup = suite.gateway("GET", account + "/backup", null);
        assertThat(backup.statusCode()).isEqualTo(200);
        assertThat(backup.headers().firstValue("Content-Type")).hasValue("application/zip");
        String restoredEntry = "Restored/" + restored.path("uid").asLong() + ".eml";
        assertThat(unzip(backup.body())).containsOnlyKeys("manifest.json", "INBOX/2.eml", restoredEntry)
                .containsEntry("INBOX/2.eml", kept)
                .containsEntry(restoredEntry, expunged);

        HttpResponse<byte[]> started = suite.gateway("POST", "/api/v1/admin/reindex", null);
        assertThat(started.statusCode()).as(new String(started.body(), StandardCharsets.UTF_8)).isEqualTo(202);
        String task = JSON.readTree(started.body()).path("id").asText();
        assertThat(started.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith(task));
        JsonNode done = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> call(200, "GET", "/api/v1/tasks/" + task, null),
                        t -> t.path("finishedAt").isTextual());
        assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("succeeded");
        assertThat(done.path("done").asLong()).isGreaterThanOrEqualTo(2);
        JsonNode found = call(200, "GET", account + "/history?q=" + word, null);
        assertThat(found.path("total").asInt()).isEqualTo(1);
        assertThat(found.path("items").path(0).path("status").asText()).isEqualTo("live");
        assertThat(found.path("items").path(0).path("folder").asText()).isEqualTo("Restored");
    }

    /** A gateway call that must answer {@code status}; its JSON body (missing when empty). */
    private static JsonNode call(int status, String method, String path, String json) throws Exception {
        HttpResponse<byte[]> response = suite.gateway(method, path, json);
        String body = new String(response.body(), StandardCharsets.UTF_8);
        assertThat(response.statusCode()).as(method + " " + path + ": " + body).isEqualTo(status);
        return body.isEmpty() ? JSON.missingNode() : JSON.readTree(body);
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                entries.put(entry.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    private static String newAccount() throws Exception {
        String domain = "arch-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        assertThat(suite.postJson(8081, "/internal/domains",
                "{\"name\":\"" + domain + "\",\"quotaBytes\":10000000}").statusCode()).isEqualTo(201);
        assertThat(suite.postJson(8081, "/internal/domains/" + domain + "/accounts",
                "{\"localPart\":\"alice\",\"password\":\"" + PASSWORD + "\",\"kind\":\"PERSONAL\"}").statusCode())
                .isEqualTo(201);
        return "alice@" + domain;
    }

    private static void deliver(String address, String subject) throws Exception {
        try (LineClient lmtp = LineClient.plain(suite.port(1024))) {
            assertThat(lmtp.readReply()).startsWith("220");
            lmtp.send("LHLO e2e.test");
            assertThat(lmtp.readReply()).startsWith("250");
            assertThat(lmtp.command("MAIL FROM:<bob@example.net>")).startsWith("250");
            assertThat(lmtp.command("RCPT TO:<" + address + ">")).startsWith("250");
            assertThat(lmtp.command("DATA")).startsWith("354");
            lmtp.sendRaw(("From: Bob <bob@example.net>\r\nTo: " + address + "\r\nSubject: " + subject + "\r\n"
                    + "Message-ID: <" + UUID.randomUUID() + "@example.net>\r\n\r\nHello, " + subject + ".\r\n"
                    + "..a dot-stuffed line\r\nÜmlauts as 8-bit bytes\r\n.\r\n").getBytes(StandardCharsets.UTF_8));
            assertThat(lmtp.readLine()).startsWith("250 2.0.0");
            lmtp.send("QUIT");
        }
    }

    private static String awaitArchiveEntry(String address) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
            HttpResponse<String> list = suite.get(8082, "/internal/accounts/" + address + "/archive");
            return list.statusCode() == 200 ? field(list.body(), "id") : null;
        }, Objects::nonNull);
    }

    private static String entryPath(String address, String id) {
        return "/internal/accounts/" + address + "/archive/" + id;
    }

    /** The first value of a JSON member (string or number) in {@code json}, or null. */
    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"?([^\",}]+)").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ":\n" + output).isZero();
        return output;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
