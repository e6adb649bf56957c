package io.postvault.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The quota story of issue 6 through the real services (the README's run command): a domain with a 10 MB plan filled
 * with archives (LMTP in, POP3 download-and-delete); new mail still comes in and the oldest archives make room, the
 * newest survive; once occupied space alone is full, LMTP answers 452 4.2.2 and IMAP APPEND NO [OVERQUOTA], and IMAP
 * users hear the 90 % alert; a larger plan lets mail in again at once. And: deleting an account moves its bytes from
 * occupied to archives, as the next snapshot shows.
 */
class QuotaStoryIT {

    private static final long QUOTA = 10_000_000;
    /** Each message: a body of 1,000,000 bytes and its headers (trace headers added at delivery). */
    private static final int BODY = 1_000_000;
    private static final String PASSWORD = "correct-horse-1";
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static LocalSuite suite;

    @BeforeAll
    static void up() throws Exception {
        suite = LocalSuite.prepare();
        LocalSuite.Result up = suite.run("up");
        assertThat(up.exitCode()).as(up.output()).isZero();
    }

    @AfterAll
    static void down() throws Exception {
        LocalSuite.Result down = suite.run("down");
        assertThat(down.exitCode()).as(down.output()).isZero();
    }

    @Test
    void archivesMakeRoomForNewMailUntilOccupiedSpaceAloneIsFull() throws Exception {
        String domain = domain(QUOTA);
        String alice = account(domain, "alice");

        // Nine messages, each downloaded and deleted over POP3 in its own session: nine archives, oldest first.
        for (int i = 1; i <= 9; i++) {
            assertThat(deliver(alice, "archive-" + i)).startsWith("250 2.0.0");
            popAndDeleteAll(alice);
        }
        await().atMost(PATIENCE).until(() -> live(domain).path("archiveCount").asLong() == 9);
        assertThat(live(domain).path("occupiedBytes").asLong()).isZero();

        // Three more: accepted (archives never block a delivery); the oldest archives are evicted to make room.
        for (int i = 1; i <= 3; i++) {
            assertThat(deliver(alice, "new-" + i)).startsWith("250 2.0.0");
        }
        await().atMost(PATIENCE).until(() -> {
            JsonNode live = live(domain);
            return live.path("occupiedCount").asLong() == 3
                    && live.path("occupiedBytes").asLong() + live.path("archiveBytes").asLong() <= QUOTA
                    && archivedSubjects(alice).size() == live.path("archiveCount").asLong();
        });
        List<String> survivors = archivedSubjects(alice);
        assertThat(survivors).as("the newest archives survive, the oldest were evicted")
                .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(4, 9).mapToObj(i -> "archive-" + i).toList());

        // Occupied space alone: six more fit (9 messages, 90.0x % of the plan), the tenth does not.
        for (int i = 4; i <= 9; i++) {
            assertThat(deliver(alice, "new-" + i)).startsWith("250 2.0.0");
        }
        assertThat(deliver(alice, "one-too-many")).isEqualTo("452 4.2.2 <" + alice + "> Mailbox is full");
        try (Imap imap = Imap.login(suite.port(1993), alice, PASSWORD)) {
            assertThat(imap.append("over-quota")).last().asString().matches("a\\d+ NO \\[OVERQUOTA] .*");
            // Past 90 % of the plan: the alert comes once per session, with the first SELECT or NOOP after the
            // replica has read its counters (every 10 s), so it may already have come with the login's SELECT.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        if (!imap.alerted()) {
                            imap.command("NOOP");
                        }
                        return imap.alerted();
                    });
        }
        await().atMost(PATIENCE).until(() -> live(domain).path("archiveCount").asLong() == 0);
        assertThat(live(domain).path("occupiedBytes").asLong()).isBetween(QUOTA * 9 / 10, QUOTA);

        // A larger plan through quota-service: protocol-service learns it from quota.plan-changed, no restart.
        HttpResponse<String> plan = send(HttpRequest.newBuilder(uri(8083, "/internal/domains/" + domain + "/plan"))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(
                        "{\"quotaBytes\":" + 2 * QUOTA + "}")));
        assertThat(plan.statusCode()).as(plan.body()).isEqualTo(200);
        long planSet = System.nanoTime();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> deliver(alice, "after-the-raise").startsWith("250 2.0.0"));
        System.out.printf("quota story: delivery accepted %d ms after the plan was raised%n",
                (System.nanoTime() - planSet) / 1_000_000);
        try (Imap imap = Imap.login(suite.port(1993), alice, PASSWORD)) {
            assertThat(imap.append("appended-after-the-raise")).last().asString().matches("a\\d+ OK .*");
        }
    }

    @Test
    void deletingAnAccountMovesItsBytesFromOccupiedToArchivesAsTheNextSnapshotShows() throws Exception {
        String domain = domain(QUOTA);
        String alice = account(domain, "alice");
        String bob = account(domain, "bob");
        assertThat(deliver(alice, "stays")).startsWith("250 2.0.0");
        assertThat(deliver(bob, "bob-1")).startsWith("250 2.0.0");
        assertThat(deliver(bob, "bob-2")).startsWith("250 2.0.0");
        await().atMost(PATIENCE).until(() -> live(domain).path("occupiedCount").asLong() == 3);
        long total = live(domain).path("occupiedBytes").asLong();
        long bobBytes = occupiedOf(domain, bob);
        JsonNode before = snapshot(domain);
        assertThat(before.path("occupiedBytes").asLong()).isEqualTo(total);
        assertThat(before.path("archiveBytes").asLong()).isZero();

        HttpResponse<String> deleted = send(HttpRequest.newBuilder(uri(8081, "/internal/domains/" + domain
                + "/accounts/bob")).DELETE());
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
        await().atMost(PATIENCE).until(() -> live(domain).path("archiveCount").asLong() == 2
                && live(domain).path("occupiedCount").asLong() == 1);

        JsonNode after = snapshot(domain);
        assertThat(after.path("occupiedBytes").asLong()).isEqualTo(total - bobBytes);
        assertThat(after.path("archiveBytes").asLong()).isEqualTo(bobBytes);
        assertThat(after.path("live").path("occupiedBytes").asLong()).isEqualTo(total - bobBytes);
        assertThat(after.path("live").path("archiveBytes").asLong()).isEqualTo(bobBytes);
        assertThat(archivedSubjects(bob)).containsExactlyInAnyOrder("bob-1", "bob-2");
    }

    // --- the suite's services -------------------------------------------------------------------------------------

    private static String domain(long quotaBytes) throws Exception {
        String domain = "quota-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        assertThat(suite.postJson(8081, "/internal/domains",
                "{\"name\":\"" + domain + "\",\"quotaBytes\":" + quotaBytes + "}").statusCode()).isEqualTo(201);
        // quota-service learns the domain from domain.created.
        await().atMost(PATIENCE).until(() -> suite.get(8083, "/internal/domains/" + domain + "/plan").statusCode()
                == 200);
        return domain;
    }

    private static String account(String domain, String localPart) throws Exception {
        assertThat(suite.postJson(8081, "/internal/domains/" + domain + "/accounts", "{\"localPart\":\"" + localPart
                + "\",\"password\":\"" + PASSWORD + "\",\"kind\":\"PERSONAL\"}").statusCode()).isEqualTo(201);
        return localPart + "@" + domain;
    }

    /** protocol-service's exact occupied bytes of one account. */
    private static long occupiedOf(String domain, String address) throws Exception {
        HttpResponse<String> accounts = suite.get(8081, "/internal/domains/" + domain + "/accounts");
        assertThat(accounts.statusCode()).as(accounts.body()).isEqualTo(200);
        for (JsonNode account : JSON.readTree(accounts.body())) {
            if (account.path("address").asText().equals(address)) {
                return account.path("occupiedBytes").asLong();
            }
        }
        throw new AssertionError("no account " + address + " in " + accounts.body());
    }

    /** quota-service's live ledger figures of the domain. */
    private static JsonNode live(String domain) throws Exception {
        HttpResponse<String> usage = suite.get(8083, "/internal/domains/" + domain + "/usage");
        assertThat(usage.statusCode()).as(usage.body()).isEqualTo(200);
        return JSON.readTree(usage.body()).path("live");
    }

    /** The domain's snapshot taken now from the owners' exact totals. */
    private static JsonNode snapshot(String domain) throws Exception {
        HttpResponse<String> gauge = send(HttpRequest.newBuilder(uri(8083, "/internal/domains/" + domain
                + "/usage/snapshot")).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(gauge.statusCode()).as(gauge.body()).isEqualTo(200);
        return JSON.readTree(gauge.body());
    }

    private static List<String> archivedSubjects(String address) throws Exception {
        HttpResponse<String> list = suite.get(8082, "/internal/accounts/" + address + "/archive?limit=500");
        assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
        List<String> subjects = new ArrayList<>();
        JSON.readTree(list.body()).path("items").forEach(entry -> subjects.add(entry.path("subject").asText()));
        return subjects;
    }

    private static URI uri(int localPort, String path) {
        return URI.create("http://127.0.0.1:" + suite.port(localPort) + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    // --- mail --------------------------------------------------------------------------------------------------------

    static byte[] message(String to, String subject) {
        StringBuilder text = new StringBuilder("From: Bob <bob@example.net>\r\nTo: " + to + "\r\nSubject: " + subject
                + "\r\nMessage-ID: <" + UUID.randomUUID() + "@example.net>\r\n\r\n");
        String line = "x".repeat(98) + "\r\n";
        for (int i = 0; i < BODY / line.length(); i++) {
            text.append(line);
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** One LMTP transaction; returns the recipient's reply after DATA (or the RCPT reply when refused there). */
    private static String deliver(String address, String subject) throws Exception {
        try (LineClient lmtp = LineClient.plain(suite.port(1024))) {
            assertThat(lmtp.readReply()).startsWith("220");
            lmtp.send("LHLO e2e.test");
            assertThat(lmtp.readReply()).startsWith("250");
            assertThat(lmtp.command("MAIL FROM:<bob@example.net>")).startsWith("250");
            String rcpt = lmtp.command("RCPT TO:<" + address + ">");
            if (!rcpt.startsWith("250")) {
                return rcpt;
            }
            assertThat(lmtp.command("DATA")).startsWith("354");
            lmtp.sendRaw(message(address, subject));
            lmtp.sendRaw(".\r\n".getBytes(StandardCharsets.US_ASCII));
            String reply = lmtp.readLine();
            lmtp.send("QUIT");
            return reply;
        }
    }

    private static void popAndDeleteAll(String address) throws Exception {
        try (LineClient pop3 = LineClient.tls(suite.port(1995))) {
            assertThat(pop3.readLine()).startsWith("+OK");
            assertThat(pop3.command("USER " + address)).startsWith("+OK");
            assertThat(pop3.command("PASS " + PASSWORD)).startsWith("+OK");
            String stat = pop3.command("STAT");
            int count = Integer.parseInt(stat.split(" ")[1]);
            for (int i = 1; i <= count; i++) {
                assertThat(pop3.command("RETR " + i)).startsWith("+OK");
                assertThat(pop3.readMultiline()).hasSizeGreaterThan(BODY);
                assertThat(pop3.command("DELE " + i)).startsWith("+OK");
            }
            assertThat(pop3.command("QUIT")).startsWith("+OK");
        }
    }

    /** An IMAP session over implicit TLS. */
    private static final class Imap implements AutoCloseable {

        private final LineClient client;
        private int tags;
        private boolean alerted;

        private Imap(LineClient client) {
            this.client = client;
        }

        static Imap login(int port, String user, String password) throws Exception {
            Imap imap = new Imap(LineClient.tls(port));
            assertThat(imap.client.readLine()).startsWith("* OK");
            assertThat(imap.command("LOGIN " + user + " " + password)).last().asString().contains("OK");
            assertThat(imap.command("SELECT INBOX")).last().asString().contains("OK");
            return imap;
        }

        List<String> command(String command) throws Exception {
            String tag = "a" + ++tags;
            client.send(tag + " " + command);
            return until(tag);
        }

        /** APPEND with a non-synchronizing literal (LITERAL+) of a message of the story's size. */
        List<String> append(String subject) throws Exception {
            String tag = "a" + ++tags;
            byte[] message = message("alice@example.net", subject);
            client.send(tag + " APPEND INBOX {" + message.length + "+}");
            client.sendRaw(message);
            client.sendRaw("\r\n".getBytes(StandardCharsets.US_ASCII));
            return until(tag);
        }

        private List<String> until(String tag) throws Exception {
            List<String> lines = new ArrayList<>();
            String line;
            do {
                line = client.readLine();
                lines.add(line);
                alerted |= line.startsWith("* NO [ALERT] ");
            } while (!line.startsWith(tag + " "));
            return lines;
        }

        /** Whether any response of this session so far carried the quota alert. */
        boolean alerted() {
            return alerted;
        }

        @Override
        public void close() throws Exception {
            client.close();
        }
    }
}
