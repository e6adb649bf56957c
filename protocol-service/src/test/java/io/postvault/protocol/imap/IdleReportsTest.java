package io.postvault.protocol.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.postvault.deploy.test.StackTestResource;
import io.postvault.protocol.store.ImapMessages;
import io.postvault.protocol.store.Mailbox;
import io.postvault.protocol.support.StoreAccounts;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A session in IDLE (RFC 2177) on a folder that other sessions change many times a second: notifications that come
 * while a report is being read make one more report after it, so every change reaches the client, and none twice.
 */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class IdleReportsTest {

    private static final String PASSWORD = "idle-reports-pw";
    private static final int MESSAGES = 60;
    private static final Pattern FETCH = Pattern.compile("^\\* (\\d+) FETCH \\(.*MODSEQ \\((\\d+)\\).*$");

    @Inject
    ImapServer imap;
    @Inject
    ImapMessages messages;
    @Inject
    StoreAccounts accounts;

    @Test
    void aBurstOfChangesWhileIdlingIsReportedCompletelyAndOnce() throws Exception {
        Mailbox mailbox = accounts.personal("idle@" + StoreAccounts.newDomain("idle"), PASSWORD);
        Path dir = Files.createTempDirectory("idle-reports");
        for (int i = 1; i <= MESSAGES; i++) {
            Path file = Files.writeString(dir.resolve("m" + i), "Subject: m" + i + "\r\n\r\nbody\r\n");
            messages.append(mailbox, "INBOX", Set.of(), Instant.now(), file);
        }
        long folderId = messages.open(mailbox, "INBOX").folderId();
        ExecutorService writers = Executors.newFixedThreadPool(4);
        try (Socket socket = new Socket("127.0.0.1", imap.port())) {
            socket.setSoTimeout(30_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            in.readLine();
            command(out, in, "a1 LOGIN " + mailbox.address() + " " + PASSWORD, "a1");
            command(out, in, "a2 SELECT INBOX (CONDSTORE)", "a2");
            out.write("a3 IDLE\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(in.readLine()).startsWith("+ ");

            // every message flagged by its own commit (one notification each), four at a time
            List<Future<?>> stores = new ArrayList<>();
            for (long uid = 1; uid <= MESSAGES; uid++) {
                long[] one = {uid};
                stores.add(writers.submit(() -> messages.store(mailbox, folderId, one, ImapMessages.FlagMode.ADD,
                        Set.of("\\Flagged"), -1)));
            }
            for (Future<?> store : stores) {
                store.get();
            }

            Map<Integer, List<String>> reported = new TreeMap<>();
            while (reported.size() < MESSAGES) {
                String line = in.readLine();
                Matcher fetch = FETCH.matcher(line);
                assertThat(fetch.matches()).as(line).isTrue();
                assertThat(line).contains("\\Flagged");
                reported.computeIfAbsent(Integer.parseInt(fetch.group(1)), seq -> new ArrayList<>()).add(line);
            }
            out.write("DONE\r\n".getBytes(StandardCharsets.US_ASCII));
            List<String> rest = command(out, in, null, "a3");
            assertThat(rest).as("nothing reported twice").hasSize(1);
            assertThat(reported.keySet()).hasSize(MESSAGES);
            assertThat(reported.values()).as("each change reported once").allSatisfy(l -> assertThat(l).hasSize(1));
            command(out, in, "a4 LOGOUT", "a4");
        } finally {
            writers.shutdownNow();
        }
    }

    /** Sends {@code command} (when not null) and reads up to the tagged line, which must be OK; returns every line. */
    private static List<String> command(OutputStream out, BufferedReader in, String command, String tag)
            throws Exception {
        if (command != null) {
            out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = in.readLine();
            assertThat(line).as("connection open").isNotNull();
            lines.add(line);
            if (line.startsWith(tag + " ")) {
                assertThat(line).startsWith(tag + " OK");
                return lines;
            }
        }
    }
}
