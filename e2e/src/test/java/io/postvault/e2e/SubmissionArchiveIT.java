package io.postvault.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The suite started by the run command: a message sent over SMTP submission (implicit TLS) lands in the sender's
 * archive with direction SENT, holding the submitted bytes behind the header fields the server added. The local
 * stack has no smarthost, so the message is queued for relaying: archiving does not wait for the relay.
 */
class SubmissionArchiveIT {

    private static LocalSuite suite;

    @BeforeAll
    static void up() throws Exception {
        suite = LocalSuite.prepare();
        LocalSuite.Result up = suite.run("up");
        assertThat(up.exitCode()).as(up.output()).isZero();
    }

    @AfterAll
    static void down() throws Exception {
        assertThat(suite.run("down").exitCode()).isZero();
    }

    @Test
    void aSubmittedMessageIsArchivedAsSent() throws Exception {
        String domain = "e2e-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        String address = "alice@" + domain;
        assertThat(suite.postJson(8081, "/internal/domains",
                "{\"name\":\"" + domain + "\",\"quotaBytes\":10000000}").statusCode()).isEqualTo(201);
        assertThat(suite.postJson(8081, "/internal/domains/" + domain + "/accounts",
                "{\"localPart\":\"alice\",\"password\":\"correct-horse-1\",\"kind\":\"PERSONAL\"}").statusCode())
                .isEqualTo(201);
        String message = "From: Alice <" + address + ">\r\nTo: bob@example.net\r\nSubject: e2e sent\r\n"
                + "Message-ID: <" + UUID.randomUUID() + "@e2e.test>\r\nDate: Fri, 27 Nov 2026 10:00:00 +0000\r\n\r\n"
                + "Hello Bob.\r\n.a line that starts with a dot\r\n";
        try (LineClient smtp = LineClient.tls(suite.port(1465))) {
            assertThat(smtp.readReply()).startsWith("220");
            smtp.send("EHLO e2e.test");
            assertThat(smtp.readReply()).startsWith("250 AUTH PLAIN LOGIN");
            String plain = Base64.getEncoder().encodeToString(("\0" + address + "\0correct-horse-1")
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(smtp.command("AUTH PLAIN " + plain)).startsWith("235");
            assertThat(smtp.command("MAIL FROM:<" + address + ">")).startsWith("250");
            assertThat(smtp.command("RCPT TO:<bob@example.net>")).startsWith("250");
            assertThat(smtp.command("DATA")).startsWith("354");
            smtp.sendRaw((message.replace("\r\n.a", "\r\n..a") + ".\r\n").getBytes(StandardCharsets.UTF_8));
            assertThat(smtp.readLine()).startsWith("250 2.0.0 OK: queued as");
            smtp.send("QUIT");
        }

        Pattern id = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
        String body = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
            HttpResponse<String> list = suite.get(8082, "/internal/accounts/" + address + "/archive");
            return list.statusCode() == 200 && id.matcher(list.body()).find() ? list.body() : null;
        }, Objects::nonNull);
        assertThat(body).containsPattern("\"direction\"\\s*:\\s*\"SENT\"");
        Matcher matcher = id.matcher(body);
        assertThat(matcher.find()).isTrue();
        HttpResponse<byte[]> raw = suite.getBytes(8082, "/internal/accounts/" + address + "/archive/" + matcher.group(1)
                + "/raw");
        assertThat(raw.statusCode()).isEqualTo(200);
        String archived = new String(raw.body(), StandardCharsets.UTF_8);
        assertThat(archived).startsWith("Received: from e2e.test").endsWith("\r\n" + message);
        assertThat(archived.split("Message-ID:", -1)).as("the client's Message-ID kept, none added").hasSize(2);
    }
}
