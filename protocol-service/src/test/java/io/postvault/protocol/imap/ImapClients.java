package io.postvault.protocol.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.postvault.protocol.fake.TestAccounts;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Real clients against the running IMAP server. */
final class ImapClients {

    private ImapClients() {
    }

    /** Python's imaplib over STARTTLS and over implicit TLS: append, select, fetch, store, search, copy, expunge. */
    static void imaplib(TestAccounts accounts, int port, int tlsPort) throws Exception {
        String address = "alice@py" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        accounts.createAccount(address, "alice-secret");
        Path work = Files.createTempDirectory("imaplib");
        Path script = work.resolve("imap_client.py");
        try (InputStream in = ImapClients.class.getResourceAsStream("/clients/imap_client.py")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        for (String[] mode : List.of(new String[] {"starttls", String.valueOf(port)},
                new String[] {"ssl", String.valueOf(tlsPort)})) {
            Process process = new ProcessBuilder("python3", script.toString(), mode[0], "127.0.0.1", mode[1], address,
                    "alice-secret").redirectErrorStream(true).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("imaplib did not finish within 60 s");
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as(mode[0] + " output:\n" + output).isZero();
            assertThat(output).contains("done");
        }
    }
}
