package io.postvault.protocol.clients;

import static org.assertj.core.api.Assertions.assertThat;

import io.postvault.protocol.fake.TestAccounts;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Real clients as the judge: Python's smtplib.LMTP delivers to two recipients; poplib over implicit TLS and over
 * STLS lists, retrieves and deletes; the retrieved bytes equal the delivered ones apart from the trace headers.
 */
public final class PythonClients {

    static final String MESSAGE = "From: Sender <sender@client.test>\r\nTo: alice, bob\r\nSubject: from python\r\n"
            + "Message-ID: <py-1@client.test>\r\n\r\nfirst line\r\n.a line that starts with a dot\r\n..two dots\r\n"
            + "\r\nlast line\r\n";

    private PythonClients() {
    }

    /** Runs the whole story; {@code lmtpPort}, {@code pop3Port} (STLS), {@code pop3sPort} (implicit TLS). */
    public static void deliverAndFetch(TestAccounts accounts, int lmtpPort, int pop3Port, int pop3sPort)
            throws Exception {
        String domain = "py" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        String alice = "alice@" + domain;
        String bob = "bob@" + domain;
        accounts.createAccount(alice, "alice-secret");
        accounts.createAccount(bob, "bob-secret");
        Path work = Files.createTempDirectory("pyclients");
        Path message = work.resolve("message.eml");
        Files.writeString(message, MESSAGE, StandardCharsets.US_ASCII);

        String delivered = run(work, "lmtp_deliver.py", "127.0.0.1", lmtpPort, "sender@client.test", alice, bob,
                message);
        assertThat(delivered).contains("refused {}").contains("second 250");

        for (String[] who : List.of(new String[] {"ssl", alice, "alice-secret", String.valueOf(pop3sPort)},
                new String[] {"stls", bob, "bob-secret", String.valueOf(pop3Port)})) {
            Path out = Files.createDirectories(work.resolve(who[0]));
            String fetched = run(work, "pop3_fetch.py", who[0], "127.0.0.1", Integer.parseInt(who[3]), who[1], who[2],
                    out);
            assertThat(fetched).as(who[0]).contains("+OK").contains("count 1");
            assertThat(Files.readString(out.resolve("1.eml"), StandardCharsets.US_ASCII)).as(who[0]).isEqualTo(MESSAGE);
            assertThat(accounts.messages(who[1])).as("deleted after QUIT").isEmpty();
        }
    }

    private static String run(Path work, String script, Object... args) throws IOException, InterruptedException {
        Path file = work.resolve(script);
        try (InputStream in = PythonClients.class.getResourceAsStream("/clients/" + script)) {
            Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> command = new ArrayList<>(List.of("python3", file.toString()));
        for (Object arg : args) {
            command.add(arg.toString());
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(script + " did not finish within 60 s");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(script + " output:\n" + output).isZero();
        return output;
    }
}
