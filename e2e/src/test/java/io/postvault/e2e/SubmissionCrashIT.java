package io.postvault.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.postvault.deploy.stack.Processes;
import io.postvault.deploy.stack.StackEndpoints;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SMTP submission while the smarthost is down, then {@code kill -9} of protocol-service, then the smarthost and the
 * service come back: every message that got {@code 250 ... queued} reaches the smarthost exactly once. The service
 * runs from its packaged jar; the smarthost is a small SMTP sink in this test.
 */
class SubmissionCrashIT {

    private static final int MESSAGES = 5;
    private static final Pattern MESSAGE_ID = Pattern.compile("(?im)^Message-ID: <([^>]+)>");

    private static KillableService service;
    private static int submissionPort;
    private static int sinkPort;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startStack() throws IOException {
        service = KillableService.onItsOwnStack("protocol-service");
        submissionPort = service.port("POSTVAULT_SUBMISSION_PORT");
        sinkPort = Processes.freePorts(1)[0];
        Map<String, String> env = service.env();
        env.put("POSTVAULT_SUBMISSION_ALLOW_PLAINTEXT_ON_LOOPBACK", "true");
        env.put("POSTVAULT_SUBMISSION_RELAY_HOST", "127.0.0.1");
        env.put("POSTVAULT_SUBMISSION_RELAY_PORT", Integer.toString(sinkPort));
        env.put("POSTVAULT_SUBMISSION_RELAY_POLL_INTERVAL", "1s");
        env.put("POSTVAULT_SUBMISSION_RELAY_INITIAL_BACKOFF", "1s");
        env.put("POSTVAULT_SUBMISSION_RELAY_MAX_BACKOFF", "2s");
        env.put("POSTVAULT_SUBMISSION_RELAY_SYNC_WAIT", "5s");
    }

    @AfterAll
    static void stopAll() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void messagesQueuedWhileTheSmarthostIsDownGoOutOnceAfterAKill() throws Exception {
        service.start();
        String domain = "submit-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        post("/internal/domains", "{\"name\":\"" + domain + "\",\"quotaBytes\":1000000000}");
        post("/internal/domains/" + domain + "/accounts",
                "{\"localPart\":\"alice\",\"password\":\"alice-secret\",\"kind\":\"PERSONAL\"}");
        List<String> queued = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            String messageId = UUID.randomUUID() + "@crash.test";
            String reply = submit("alice@" + domain, "alice-secret", "friend@elsewhere.test", messageId);
            assertThat(reply).as("smarthost down: durably queued").startsWith("250 2.0.0 OK: queued as");
            queued.add(messageId);
        }
        service.kill(); // with every message queued and retried meanwhile

        try (Sink sink = new Sink(sinkPort)) {
            service.start();
            await().atMost(Duration.ofMinutes(1)).until(() -> sink.messageIds().size() >= MESSAGES);
            TimeUnit.SECONDS.sleep(5); // several poll rounds: nothing may go out again
            assertThat(sink.messageIds()).as("each queued message exactly once").containsExactlyInAnyOrderElementsOf(queued);
        }
        assertThat(queueStates(domain)).as("every row done").containsOnly("RELAYED").hasSize(MESSAGES);
    }

    private void post(String path, String json) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + service.httpPort() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(201);
    }

    /** One submission (AUTH PLAIN over loopback plaintext, as configured); the reply to the end of data. */
    private static String submit(String user, String password, String recipient, String messageId) throws IOException {
        try (LineClient smtp = LineClient.plain(submissionPort)) {
            smtp.expectReply("220");
            smtp.send("EHLO crash.test");
            smtp.expectReply("250");
            String plain = Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
            smtp.send("AUTH PLAIN " + plain);
            smtp.expectReply("235");
            smtp.send("MAIL FROM:<" + user + ">");
            smtp.expectReply("250");
            smtp.send("RCPT TO:<" + recipient + ">");
            smtp.expectReply("250");
            smtp.send("DATA");
            smtp.expectReply("354");
            smtp.send("From: " + user + "\r\nTo: " + recipient + "\r\nSubject: queued\r\nMessage-ID: <" + messageId
                    + ">\r\n\r\nsent while the smarthost is down\r\n.");
            String reply = smtp.expectReply("250");
            smtp.send("QUIT");
            return reply;
        }
    }


    private static List<String> queueStates(String domain) throws Exception {
        StackEndpoints endpoints = service.stack().endpoints();
        List<String> states = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(endpoints.jdbcUrl(), endpoints.dbUsername(),
                endpoints.dbPassword()); PreparedStatement ps = c.prepareStatement(
                "SELECT state FROM protocol.submission_queue WHERE domain = ?")) {
            ps.setString(1, domain);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    states.add(rs.getString(1));
                }
            }
        }
        return states;
    }

    private static void send(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** The smarthost: plain SMTP, one connection at a time, keeps the Message-ID of every message it takes. */
    private static final class Sink implements AutoCloseable {
        private final ServerSocket server;
        private final List<String> messageIds = new CopyOnWriteArrayList<>();
        private final Thread thread;

        Sink(int port) throws IOException {
            server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
            thread = new Thread(this::serve, "smarthost-sink");
            thread.setDaemon(true);
            thread.start();
        }

        List<String> messageIds() {
            return List.copyOf(messageIds);
        }

        private void serve() {
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    socket.setSoTimeout(30_000);
                    converse(socket);
                } catch (IOException e) {
                    // closed, or the client went away: take the next one
                }
            }
        }

        private void converse(Socket socket) throws IOException {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            send(out, "220 sink.test ESMTP");
            String line;
            while ((line = in.readLine()) != null) {
                String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
                switch (verb) {
                    case "EHLO" -> send(out, "250-sink.test\r\n250 8BITMIME");
                    case "DATA" -> {
                        send(out, "354 go ahead");
                        StringBuilder message = new StringBuilder();
                        String body;
                        while ((body = in.readLine()) != null && !body.equals(".")) {
                            message.append(body).append("\r\n");
                        }
                        Matcher id = MESSAGE_ID.matcher(message);
                        messageIds.add(id.find() ? id.group(1) : "none");
                        send(out, "250 2.0.0 queued by sink");
                    }
                    case "QUIT" -> {
                        send(out, "221 bye");
                        return;
                    }
                    default -> send(out, "250 2.0.0 ok");
                }
            }
        }

        @Override
        public void close() throws Exception {
            server.close();
            thread.join(5_000);
        }
    }
}
