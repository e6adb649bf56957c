package io.postvault.protocol.quota;

import static org.assertj.core.api.Assertions.assertThat;

import io.postvault.deploy.test.StackTestResource;
import io.postvault.events.data.PlanChanged;
import io.postvault.events.data.QuotaScope;
import io.postvault.protocol.account.AccountService;
import io.postvault.protocol.imap.ImapServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The IMAP quota alert over the real server and store: a session of a domain past 90 % of its occupied quota gets one
 * {@code * NO [ALERT]} per crossing, with its SELECT/EXAMINE, NOOP or IDLE response; other commands and other domains
 * get none.
 */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class QuotaAlertTest {

    private static final String ALERT = "* NO [ALERT] ";

    @Inject
    ImapServer imap;
    @Inject
    AccountService accounts;
    @Inject
    NearlyFullDomains nearlyFull;
    @Inject
    PlanLimits limits;

    @Test
    void alertsOncePerCrossingWithTheResponsesThatReportChanges() throws Exception {
        String domain = "alert-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        accounts.createDomain(domain, 2000L);
        accounts.createAccount(domain, "alice", "secret-Pass-1", "PERSONAL", null, null);
        String calm = "calm-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        accounts.createDomain(calm, 1_000_000L);
        accounts.createAccount(calm, "bob", "secret-Pass-1", "PERSONAL", null, null);

        try (Imap a = new Imap(imap.port(), "alice@" + domain); Imap bob = new Imap(imap.port(), "bob@" + calm)) {
            assertThat(a.command("SELECT INBOX")).noneMatch(l -> l.startsWith(ALERT));
            assertThat(a.append(1900)).last().asString().contains("OK");
            bob.append(1900);
            nearlyFull.refresh();

            List<String> noop = a.command("NOOP");
            assertThat(noop).filteredOn(l -> l.startsWith(ALERT)).singleElement().asString()
                    .isEqualTo(ALERT + "The mail storage of " + domain + " is 95% full (1.9 kB of 2.0 kB); new mail is"
                            + " refused once it is full. Delete messages or ask for a larger plan.");
            assertThat(noop.get(noop.size() - 1)).endsWith("OK NOOP completed");
            assertThat(a.command("NOOP")).as("once per crossing").noneMatch(l -> l.startsWith(ALERT));
            assertThat(a.command("LIST \"\" \"*\"")).noneMatch(l -> l.startsWith(ALERT));
            assertThat(bob.command("NOOP")).as("another domain").noneMatch(l -> l.startsWith(ALERT));

            try (Imap b = new Imap(imap.port(), "alice@" + domain)) {
                assertThat(b.command("EXAMINE INBOX")).as("a new session hears it once")
                        .filteredOn(l -> l.startsWith(ALERT)).hasSize(1);
                assertThat(b.idle()).noneMatch(l -> l.startsWith(ALERT));

                // A larger plan ends the crossing; back to the small one, a new crossing: alerted again.
                limits.apply(domain, new PlanChanged(QuotaScope.DOMAIN, null, 100_000L));
                nearlyFull.refresh();
                assertThat(a.command("NOOP")).noneMatch(l -> l.startsWith(ALERT));
                limits.apply(domain, new PlanChanged(QuotaScope.DOMAIN, null, 2000L));
                nearlyFull.refresh();
                assertThat(a.command("NOOP")).filteredOn(l -> l.startsWith(ALERT)).hasSize(1);
                List<String> idle = b.idle();
                assertThat(idle.get(0)).isEqualTo("+ idling");
                assertThat(idle).filteredOn(l -> l.startsWith(ALERT)).hasSize(1);
            }
        }
    }

    @Test
    void theAlertLineNamesTheFigures() {
        assertThat(QuotaAlert.size(999)).isEqualTo("999 bytes");
        assertThat(QuotaAlert.size(9_500_000)).isEqualTo("9.5 MB");
        assertThat(QuotaAlert.size(10L << 30)).isEqualTo("10.7 GB");
        assertThat(QuotaAlert.line("example.com", new NearlyFullDomains.Fill(1, 12_000_000, 10_000_000)))
                .startsWith(ALERT + "The mail storage of example.com is 120% full (12.0 MB of 10.0 MB);");
    }

    /** A logged-in IMAP connection speaking tagged commands. */
    private static final class Imap implements AutoCloseable {

        private final Socket socket;
        private final BufferedReader in;
        private final OutputStream out;
        private int tags;

        Imap(int port, String user) throws Exception {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(20_000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out = socket.getOutputStream();
            in.readLine();
            assertThat(command("LOGIN " + user + " secret-Pass-1")).last().asString().contains("OK");
        }

        List<String> command(String command) throws Exception {
            String tag = "a" + ++tags;
            send(tag + " " + command + "\r\n");
            return until(tag + " ");
        }

        List<String> append(int size) throws Exception {
            String head = "Subject: filler\r\n\r\n";
            String message = head + "x".repeat(size - head.length());
            String tag = "a" + ++tags;
            send(tag + " APPEND INBOX {" + size + "+}\r\n" + message + "\r\n");
            return until(tag + " ");
        }

        /** Starts IDLE, reads what comes until a short quiet time, then ends it. */
        List<String> idle() throws Exception {
            String tag = "a" + ++tags;
            send(tag + " IDLE\r\n");
            List<String> lines = new ArrayList<>();
            lines.add(in.readLine());
            socket.setSoTimeout(500);
            try {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (java.net.SocketTimeoutException quiet) {
                // nothing more while idling
            } finally {
                socket.setSoTimeout(20_000);
            }
            send("DONE\r\n");
            assertThat(until(tag + " ")).last().asString().isEqualTo(tag + " OK IDLE terminated");
            return lines;
        }

        private void send(String text) throws Exception {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        private List<String> until(String tagPrefix) throws Exception {
            List<String> lines = new ArrayList<>();
            for (String line; (line = in.readLine()) != null; ) {
                lines.add(line);
                if (line.startsWith(tagPrefix)) {
                    return lines;
                }
            }
            throw new IllegalStateException("connection closed after " + lines);
        }

        @Override
        public void close() throws Exception {
            socket.close();
        }
    }
}
