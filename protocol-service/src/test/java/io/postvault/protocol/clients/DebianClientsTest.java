package io.postvault.protocol.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.postvault.deploy.test.StackTestResource;
import io.postvault.events.Event;
import io.postvault.events.EventType;
import io.postvault.events.data.MessageRemoved;
import io.postvault.events.data.RemovalReason;
import io.postvault.protocol.account.AccountService;
import io.postvault.protocol.lmtp.LmtpServer;
import io.postvault.protocol.pop3.Pop3Server;
import io.postvault.protocol.store.Maildrops;
import io.postvault.protocol.store.Recipients;
import io.postvault.protocol.store.s3.BlobStore;
import io.postvault.protocol.support.MailTopic;
import io.postvault.protocol.tls.ServerTls;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Real client programs from Debian packages against the running service over the real store: fetchmail and getmail6
 * download and delete over POP3 with TLS (certificate verified against the server's). Each downloaded message is the
 * delivered one with only the trace headers the server prepends (Return-Path, Delivered-To, Received), and each removal
 * is a {@code message.removed} on the real broker. The programs are required: a missing one fails the test
 * ({@code .ci/run} installs them).
 */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class DebianClientsTest {

    private static final String SENDER = "sender@client.test";

    @Inject
    LmtpServer lmtp;
    @Inject
    Pop3Server pop3;
    @Inject
    ServerTls tls;
    @Inject
    AccountService accounts;
    @Inject
    Recipients recipients;
    @Inject
    Maildrops maildrops;
    @Inject
    BlobStore blobs;

    private static List<String> messages(String to) {
        return List.of(
                "From: Sender <" + SENDER + ">\r\nTo: " + to + "\r\nSubject: first\r\nMessage-ID: <" + UUID.randomUUID()
                        + "@client.test>\r\n\r\nfirst line\r\n.a line that starts with a dot\r\n..two dots\r\n.\r\n"
                        + "\r\nlast line\r\n",
                "From: Sender <" + SENDER + ">\r\nTo: " + to + "\r\nSubject: second\r\nMessage-ID: <" + UUID.randomUUID()
                        + "@client.test>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
                        + "Content-Transfer-Encoding: 8bit\r\n\r\nGr\u00fc\u00dfe\r\n");
    }

    @Test
    void fetchmailDownloadsAndDeletesOverImplicitTls() throws Exception {
        Path work = workDir("fetchmail");
        String address = newAccount("fetch");
        List<String> sent = deliver(work, address);
        Path out = Files.createDirectories(work.resolve("out"));
        Path mda = work.resolve("mda.sh");
        Files.writeString(mda, "#!/bin/sh\nexec cat > \"" + out + "/$(date +%s%N).eml\"\n");
        mda.toFile().setExecutable(true);
        Path rc = work.resolve("fetchmailrc");
        Files.writeString(rc, """
                set no bouncemail
                set invisible
                poll 127.0.0.1 service %d protocol pop3 auth password timeout 60
                  user "%s" there with password "secret-of-fetch" is "root" here
                  ssl sslcertck sslcertfile "%s" sslcommonname localhost
                  fetchall no keep no rewrite
                  mda "%s"
                """.formatted(pop3.tlsPort(), address, certificate(work), mda));
        Files.setPosixFilePermissions(rc, PosixFilePermissions.fromString("rw-------"));
        run(work, Map.of("FETCHMAILHOME", work.toString()), "fetchmail", "--nodetach", "--nosyslog", "-v", "-f",
                rc.toString());
        assertDownloaded(address, sent, out);
    }

    @Test
    void getmailDownloadsAndDeletesOverImplicitTls() throws Exception {
        Path work = workDir("getmail");
        String address = newAccount("get");
        List<String> sent = deliver(work, address);
        Path maildir = work.resolve("Maildir");
        for (String sub : List.of("cur", "new", "tmp")) {
            openToAll(Files.createDirectories(maildir.resolve(sub)));
        }
        openToAll(maildir);
        Path getmailDir = openToAll(Files.createDirectories(work.resolve("getmail")));
        Path rc = getmailDir.resolve("getmailrc");
        Files.writeString(rc, """
                [retriever]
                type = SimplePOP3SSLRetriever
                server = 127.0.0.1
                port = %d
                username = %s
                password = secret-of-get
                ca_certs = %s
                ssl_cert_hostname = localhost

                [destination]
                type = Maildir
                path = %s/

                [options]
                read_all = true
                delete = true
                delivered_to = false
                received = false
                verbose = 2
                """.formatted(pop3.tlsPort(), address, certificate(work), maildir));
        Files.setPosixFilePermissions(rc, PosixFilePermissions.fromString("rw-r--r--"));
        // getmail refuses to deliver as root.
        run(work, Map.of(), "runuser", "-u", "nobody", "--", "getmail", "--rcfile=" + rc,
                "--getmaildir=" + getmailDir);
        assertDownloaded(address, sent, maildir.resolve("new"));
    }

    private void assertDownloaded(String address, List<String> sent, Path dir) throws Exception {
        List<String> downloaded = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                downloaded.add(lf(Files.readString(file, StandardCharsets.UTF_8)));
            }
        }
        assertThat(downloaded).hasSize(sent.size());
        String accountId = recipients.find(address).orElseThrow().accountId().toString();
        List<Event> removed = await().atMost(Duration.ofSeconds(30)).until(() -> MailTopic.read(e -> e.type()
                == EventType.MESSAGE_REMOVED && accountId.equals(e.account())), events -> events.size() == sent.size());
        assertThat(maildrops.list(recipients.find(address).orElseThrow())).as("deleted on the server").isEmpty();
        for (Event event : removed) {
            MessageRemoved data = (MessageRemoved) event.data();
            assertThat(data.reason()).isEqualTo(RemovalReason.POP3_DELETE);
            String stored;
            try (InputStream in = blobs.open(data.blobId())) { // unacknowledged by an archive: still there
                stored = lf(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            String original = sent.stream().map(DebianClientsTest::lf).filter(stored::endsWith).findFirst()
                    .orElseThrow(() -> new AssertionError("the stored message is none of those delivered:\n" + stored));
            assertThat(downloaded).as("downloaded exactly as stored").contains(stored);
            String trace = stored.substring(0, stored.length() - original.length());
            assertThat(trace).as("only the server's trace headers are prepended")
                    .startsWith("Return-Path: <" + SENDER + ">\nDelivered-To: " + address + "\nReceived: from ")
                    .contains("\n\tfor <" + address + ">; ")
                    .matches("(?s)Return-Path: [^\n]*\nDelivered-To: [^\n]*\nReceived: [^\n]*(\n\t[^\n]*)*\n");
        }
    }

    private String newAccount(String localPart) {
        String domain = localPart + UUID.randomUUID().toString().substring(0, 8) + ".test";
        accounts.createDomain(domain, 100_000_000L);
        accounts.createAccount(domain, localPart, "secret-of-" + localPart, "PERSONAL", null, null);
        return localPart + "@" + domain;
    }

    private List<String> deliver(Path work, String address) throws Exception {
        List<String> sent = messages(address);
        Path script = work.resolve("lmtp_send.py");
        try (InputStream in = DebianClientsTest.class.getResourceAsStream("/clients/lmtp_send.py")) {
            Files.copy(in, script);
        }
        for (int i = 0; i < sent.size(); i++) {
            Path file = work.resolve("sent-" + i + ".eml");
            Files.writeString(file, sent.get(i), StandardCharsets.UTF_8);
            run(work, Map.of(), "python3", script.toString(), "127.0.0.1", String.valueOf(lmtp.port()), SENDER,
                    address, file.toString());
        }
        return sent;
    }

    private Path certificate(Path work) throws IOException {
        Path cert = work.resolve("server.pem");
        if (!Files.exists(cert)) {
            Files.writeString(cert, tls.certificatePem());
            Files.setPosixFilePermissions(cert, PosixFilePermissions.fromString("rw-r--r--"));
        }
        return cert;
    }

    private static Path workDir(String name) throws IOException {
        return openToAll(Files.createTempDirectory("debian-" + name));
    }

    private static Path openToAll(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        return dir;
    }

    private static String lf(String text) {
        return text.replace("\r\n", "\n");
    }

    private static void run(Path work, Map<String, String> env, String... command) throws Exception {
        assertThat(Stream.of(System.getenv("PATH").split(":")).anyMatch(p -> Files.isExecutable(Path.of(p, command[0]))))
                .as(command[0] + " is not installed: apt-get install fetchmail getmail6 (.ci/run installs them)")
                .isTrue();
        Path log = Files.createTempFile(work, command[0], ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within 120 s:\n" + Files.readString(log));
        }
        String output = Files.readString(log);
        assertThat(process.exitValue()).as(String.join(" ", command) + " output:\n" + output).isZero();
    }
}
