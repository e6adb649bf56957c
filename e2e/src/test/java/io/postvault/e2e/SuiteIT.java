package io.postvault.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's run command brings up PostgreSQL, Kafka, S3 and the five services; every readiness endpoint answers UP;
 * the core story works through the real services; {@code down} leaves no process behind.
 */
class SuiteIT {

    private static LocalSuite suite;
    private static List<Long> pids = List.of();

    @BeforeAll
    static void up() throws Exception {
        suite = LocalSuite.prepare();
        LocalSuite.Result up = suite.run("up");
        assertThat(up.exitCode()).as(up.output()).isZero();
        assertThat(up.output()).contains("up took", "admin token: " + LocalSuite.ADMIN_TOKEN);
        pids = suite.runningPids();
    }

    @AfterAll
    static void downLeavesNothingBehind() throws Exception {
        LocalSuite.Result down = suite.run("down");
        assertThat(down.exitCode()).as(down.output()).isZero();
        assertThat(pids).as("postgres, kafka, s3 and five services were running").hasSize(8);
        for (long pid : pids) {
            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("process %d after down", pid).isEmpty();
        }
        assertThat(suite.allPortsFree()).as("every port free after down").isTrue();
    }

    @Test
    void everyServiceIsReadyAndTheGatewayReachesThemAll() throws Exception {
        for (var service : LocalSuite.SERVICE_PORTS.entrySet()) {
            HttpResponse<String> ready = suite.get(service.getValue(), "/q/health/ready");
            assertThat(ready.statusCode()).as(service.getKey() + ": " + ready.body()).isEqualTo(200);
            assertThat(ready.body()).as(service.getKey()).contains("\"status\": \"UP\"");
        }
        HttpResponse<String> services = suite.get(8080, "/api/v1/system/services",
                "Authorization", "Bearer " + LocalSuite.ADMIN_TOKEN);
        assertThat(services.statusCode()).isEqualTo(200);
        assertThat(services.body()).doesNotContain("UNREACHABLE", "DOWN").contains("protocol-service", "search-service");

        LocalSuite.Result status = suite.run("status");
        assertThat(status.output()).contains("postgres", "kafka", "s3");
        LocalSuite.SERVICE_PORTS.keySet()
                .forEach(name -> assertThat(status.output()).containsPattern(name + " +running .* UP"));
        assertThat(suite.run("up").output()).contains("already running");
    }

    /** Flow 2 of ARCHITECTURE.md: LMTP delivery, POP3 download and delete, the message lands in the archive. */
    @Test
    void aMessageDownloadedAndDeletedOverPop3IsArchivedByteForByte() throws Exception {
        String domain = "e2e-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        String address = "alice@" + domain;
        assertThat(suite.postJson(8081, "/internal/domains",
                "{\"name\":\"" + domain + "\",\"quotaBytes\":10000000}").statusCode()).isEqualTo(201);
        assertThat(suite.postJson(8081, "/internal/domains/" + domain + "/accounts",
                "{\"localPart\":\"alice\",\"password\":\"correct-horse-1\",\"kind\":\"PERSONAL\"}").statusCode())
                .isEqualTo(201);

        try (LineClient lmtp = LineClient.plain(suite.port(1024))) {
            assertThat(lmtp.readReply()).startsWith("220");
            lmtp.send("LHLO e2e.test");
            assertThat(lmtp.readReply()).startsWith("250");
            assertThat(lmtp.command("MAIL FROM:<bob@example.net>")).startsWith("250");
            assertThat(lmtp.command("RCPT TO:<" + address + ">")).startsWith("250");
            assertThat(lmtp.command("DATA")).startsWith("354");
            lmtp.sendRaw(("From: Bob <bob@example.net>\r\nTo: " + address + "\r\nSubject: e2e archive\r\n"
                    + "Message-ID: <" + UUID.randomUUID() + "@example.net>\r\n\r\n"
                    + "Hello Alice.\r\n..a line that starts with a dot\r\n.\r\n").getBytes(StandardCharsets.UTF_8));
            assertThat(lmtp.readLine()).startsWith("250 2.0.0");
            lmtp.send("QUIT");
        }

        byte[] downloaded;
        try (LineClient pop3 = LineClient.tls(suite.port(1995))) {
            assertThat(pop3.readLine()).startsWith("+OK");
            assertThat(pop3.command("USER " + address)).startsWith("+OK");
            assertThat(pop3.command("PASS correct-horse-1")).startsWith("+OK");
            assertThat(pop3.command("RETR 1")).startsWith("+OK");
            downloaded = pop3.readMultiline();
            assertThat(pop3.command("DELE 1")).startsWith("+OK");
            assertThat(pop3.command("QUIT")).startsWith("+OK");
        }
        assertThat(new String(downloaded, StandardCharsets.UTF_8))
                .contains("Delivered-To: " + address, "Subject: e2e archive", "\r\n.a line that starts with a dot\r\n");

        String archiveId = awaitArchiveEntry(address);
        HttpResponse<byte[]> raw = suite.getBytes(8082, "/internal/accounts/" + address + "/archive/" + archiveId + "/raw");
        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(raw.body()).as("the archived bytes are what the POP3 client downloaded").isEqualTo(downloaded);
    }

    private static String awaitArchiveEntry(String address) {
        Pattern id = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    HttpResponse<String> list = suite.get(8082, "/internal/accounts/" + address + "/archive");
                    Matcher matcher = id.matcher(list.body());
                    return list.statusCode() == 200 && matcher.find() ? matcher.group(1) : null;
                }, Objects::nonNull);
    }
}
