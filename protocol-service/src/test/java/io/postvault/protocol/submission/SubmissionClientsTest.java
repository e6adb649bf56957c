package io.postvault.protocol.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.postvault.deploy.test.StackTestResource;
import io.postvault.events.Event;
import io.postvault.events.EventType;
import io.postvault.events.data.MessageSubmitted;
import io.postvault.protocol.account.AccountService;
import io.postvault.protocol.store.ImapFolders;
import io.postvault.protocol.store.Maildrops;
import io.postvault.protocol.store.Mailbox;
import io.postvault.protocol.store.Recipients;
import io.postvault.protocol.support.Db;
import io.postvault.protocol.support.MailTopic;
import io.postvault.protocol.transcript.StoreTestAccounts;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.mail.Address;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.junit.jupiter.api.Test;

/**
 * Real clients submit (Python smtplib, Angus Mail) over STARTTLS and implicit TLS to the server the application
 * starts; the test smarthost must receive the client's bytes unchanged behind the added header fields, the
 * {@code message.submitted} event must reach the real broker, and a smarthost that is down, then up, gets every queued
 * message exactly once.
 */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
@QuarkusTestResource(SmarthostTestResource.class)
class SubmissionClientsTest {

    /** 8-bit UTF-8 body, a dot-leading line, a folded header; no Message-ID and no Date: the server adds them. */
    static final String BARE = "From: Alice <alice@DOMAIN>\r\nTo: friend@DOMAIN\r\nSubject: =?UTF-8?Q?gr=C3=BC=C3=9Fe?=\r\n"
            + "X-Folded: first part\r\n\tsecond part\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
            + "Content-Transfer-Encoding: 8bit\r\n\r\nGrüße aus Köln\r\n.a line that starts with a dot\r\n..two dots\r\n\r\nend\r\n";

    @Inject
    SubmissionServer server;
    @Inject
    AccountService accountService;
    @Inject
    Recipients recipients;
    @Inject
    Maildrops maildrops;
    @Inject
    Db db;
    @Inject
    SentCopies sentCopies;
    @Inject
    ImapFolders folders;

    private final SmarthostSink sink = SmarthostTestResource.sink();

    private StoreTestAccounts store;

    /** Accounts and INBOX contents over the real store (one instance: it remembers the domains it created). */
    private StoreTestAccounts store() {
        if (store == null) {
            store = new StoreTestAccounts(accountService, recipients, maildrops);
        }
        return store;
    }

    /** A new domain with the account alice@ (password alice-secret). */
    private String domainWithAlice(String prefix) {
        String domain = prefix + UUID.randomUUID().toString().substring(0, 8) + ".test";
        store().createAccount("alice@" + domain, "alice-secret");
        return domain;
    }

    @Test
    void pythonSmtplibOverStartTlsAndImplicitTls() throws Exception {
        String domain = domainWithAlice("py");
        Path work = Files.createTempDirectory("smtp-python");
        byte[] bare = message(BARE, domain);
        Path file = Files.write(work.resolve("message.eml"), bare);
        for (String[] mode : List.of(new String[] {"starttls", String.valueOf(server.port())},
                new String[] {"ssl", String.valueOf(server.tlsPort())})) {
            String out = python(work, mode[0], mode[1], "alice@" + domain, "alice-secret", "alice@" + domain,
                    "friend@" + domain + ",other@" + domain, file);
            assertThat(out).as(mode[0]).contains("250 2.0.0 OK: relayed");
        }
        List<SmarthostSink.Received> received = sink.receivedFor(domain);
        assertThat(received).hasSize(2);
        for (SmarthostSink.Received r : received) {
            assertThat(r.from()).isEqualTo("alice@" + domain);
            assertThat(r.recipients()).containsExactly("friend@" + domain, "other@" + domain);
            assertThat(r.tls()).as("STARTTLS to the smarthost").isTrue();
            assertThat(r.mailParameters()).contains("BODY=8BITMIME");
            assertAddedHeadersOnly(r.bytes(), bare, true, true);
        }
    }

    @Test
    void angusMailOverStartTlsAndImplicitTlsKeepsItsHeaders() throws Exception {
        String domain = domainWithAlice("angus");
        String withIds = "Message-ID: <angus-1@client.test>\r\nDate: Fri, 27 Nov 2026 10:00:00 +0000\r\n" + BARE;
        for (boolean implicitTls : new boolean[] {false, true}) {
            byte[] sent = angusBytes(message(withIds, domain));
            String reply = angus(implicitTls, "alice@" + domain, "alice-secret", sent, "friend@" + domain);
            assertThat(reply).as("implicit TLS " + implicitTls).startsWith("250 2.0.0 OK: relayed");
        }
        List<SmarthostSink.Received> received = sink.receivedFor(domain);
        assertThat(received).hasSize(2);
        for (SmarthostSink.Received r : received) {
            assertAddedHeadersOnly(r.bytes(), angusBytes(message(withIds, domain)), false, false);
        }
    }

    @Test
    void theSubmittedEventReachesTheBrokerWithTheStoredBlob() throws Exception {
        String domain = domainWithAlice("event");
        byte[] bare = message(BARE, domain);
        angus(false, "alice@" + domain, "alice-secret", bare, "friend@" + domain, "Other@" + domain);
        List<Event> events = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            events.clear();
            events.addAll(MailTopic.read(e -> e.type() == EventType.MESSAGE_SUBMITTED && e.domain().equals(domain)));
            return !events.isEmpty();
        });
        assertThat(events).hasSize(1);
        MessageSubmitted submitted = (MessageSubmitted) events.get(0).data();
        assertThat(submitted.address()).isEqualTo("alice@" + domain);
        assertThat(submitted.envelopeFrom()).isEqualTo("alice@" + domain);
        assertThat(submitted.envelopeRecipients()).containsExactly("friend@" + domain, "Other@" + domain);
        assertThat(submitted.summary().subject()).isEqualTo("grüße");
        assertThat(submitted.summary().messageId()).contains("@localhost");
        byte[] relayed = sink.receivedFor(domain).get(0).bytes();
        assertThat(submitted.size()).isEqualTo(relayed.length);
        // the blob the archive will copy holds exactly what the smarthost got
        assertThat(db.rows("SELECT blob_id FROM submission_queue WHERE event_id = ? AND state = 'RELAYED'",
                events.get(0).id())).singleElement().extracting(r -> r.get("blob_id")).isEqualTo(submitted.blobId());
        assertThat(db.number("SELECT count(*) FROM blob_removal WHERE event_id = ?", events.get(0).id()))
                .as("the blob is kept until the archive acknowledges the event").isEqualTo(1);
    }

    @Test
    void aCopyGoesToSentOnlyForAccountsThatAskForIt() throws Exception {
        String domain = domainWithAlice("sent");
        store().createAccount("bob@" + domain, "bob-secret");
        Mailbox alice = recipients.find("alice@" + domain).orElseThrow();
        Mailbox bob = recipients.find("bob@" + domain).orElseThrow();
        sentCopies.setWanted(alice.accountId(), true);
        byte[] bare = message(BARE, domain);
        angus(false, "alice@" + domain, "alice-secret", bare, "friend@" + domain);
        angus(true, "bob@" + domain, "bob-secret", message(BARE.replace("alice@", "bob@"), domain), "friend@" + domain);
        assertThat(folders.status(alice, "Sent").orElseThrow().messages()).isEqualTo(1);
        assertThat(folders.status(bob, "Sent").orElseThrow().messages()).as("off by default").isZero();
        assertThat(db.rows("SELECT m.flags::text AS f, m.size FROM message m JOIN folder f ON f.id = m.folder_id"
                + " WHERE f.account_id = ? AND f.name = 'Sent'", alice.accountId())).singleElement()
                .satisfies(row -> {
                    assertThat(row.get("f").toString()).contains("Seen");
                    assertThat(((Number) row.get("size")).longValue())
                            .as("the relayed bytes").isEqualTo(sink.receivedFor(domain).get(0).bytes().length);
                });
        assertThat(db.value("SELECT m.archived_by = q.event_id FROM message m JOIN folder f ON f.id = m.folder_id"
                + " JOIN submission_queue q ON q.account_id = f.account_id WHERE f.account_id = ? AND f.name = 'Sent'",
                alice.accountId())).as("archived by its message.submitted (SentCopyArchivedOnceTest)").isEqualTo(true);
    }

    @Test
    void smarthostRefusalsArePassedBackOrSplitPerRecipient() throws Exception {
        String domain = domainWithAlice("refuse");
        byte[] bare = message(BARE, domain);
        assertThatThrownBy(() -> angus(false, "alice@" + domain, "alice-secret", bare, "refuse-x@" + domain))
                .isInstanceOf(SMTPSendFailedException.class).hasMessageContaining("554 5.0.0")
                .hasMessageContaining("no such user");
        String partial = angus(false, "alice@" + domain, "alice-secret", bare, "ok@" + domain, "refuse-y@" + domain);
        assertThat(partial).startsWith("250 2.0.0 OK: relayed");
        String later = angus(false, "alice@" + domain, "alice-secret", bare, "ok2@" + domain, "later-z@" + domain);
        assertThat(later).startsWith("250 2.0.0 OK: queued");
        assertThat(sink.receivedFor(domain)).extracting(SmarthostSink.Received::recipients)
                .containsExactly(List.of("ok@" + domain), List.of("ok2@" + domain));
        assertThat(db.rows("SELECT state, recipients::text AS r FROM submission_queue WHERE domain = ? ORDER BY id",
                domain)).extracting(r -> r.get("state") + " " + r.get("r"))
                .containsExactly("FAILED {refuse-x@" + domain + "}", "RELAYED {ok@" + domain + ",refuse-y@" + domain + "}",
                        "QUEUED {later-z@" + domain + "}");
        // the client was told 250 for the partly refused message: a delivery status notification tells the rest;
        // the wholly refused one was answered 554 at once and gets none
        await().atMost(Duration.ofSeconds(10)).until(() -> !store().messages("alice@" + domain).isEmpty());
        TimeUnit.SECONDS.sleep(1);
        List<byte[]> inbox = store().messages("alice@" + domain);
        assertThat(inbox).hasSize(1);
        String bounce = new String(inbox.get(0), StandardCharsets.UTF_8);
        assertThat(bounce).contains("Subject: Undelivered Mail Returned to Sender", "report-type=delivery-status",
                "Final-Recipient: rfc822; refuse-y@" + domain, "Status: 5.1.1", "Action: failed",
                "Content-Type: text/rfc822-headers").doesNotContain("ok@" + domain + ">");
    }

    @Test
    void smarthostDownThenUpEveryQueuedMessageGoesOutOnce() throws Exception {
        String domain = domainWithAlice("down");
        sink.stop();
        try {
            for (int i = 1; i <= 3; i++) {
                byte[] bare = message(BARE.replace("Subject: ", "Subject: " + i + " "), domain);
                String reply = angus(i % 2 == 0, "alice@" + domain, "alice-secret", bare, "friend@" + domain);
                assertThat(reply).startsWith("250 2.0.0 OK: queued as");
            }
            assertThat(db.number("SELECT count(*) FROM submission_queue WHERE domain = ? AND state = 'QUEUED'"
                    + " AND attempts >= 1", domain)).isEqualTo(3);
            TimeUnit.SECONDS.sleep(2); // retries meet a closed port too
        } finally {
            sink.start();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> sink.receivedFor(domain).size() >= 3);
        TimeUnit.SECONDS.sleep(3); // several poll rounds: nothing goes out twice
        assertThat(sink.receivedFor(domain)).hasSize(3);
        assertThat(db.number("SELECT count(*) FROM submission_queue WHERE domain = ? AND state = 'RELAYED'", domain))
                .isEqualTo(3);
    }

    /** {@code received} is {@code sent} behind a Received field and, as asked, a Message-ID and a Date field. */
    static void assertAddedHeadersOnly(byte[] received, byte[] sent, boolean messageIdAdded, boolean dateAdded) {
        assertThat(received.length).isGreaterThan(sent.length);
        byte[] tail = Arrays.copyOfRange(received, received.length - sent.length, received.length);
        assertThat(new String(tail, StandardCharsets.UTF_8)).isEqualTo(new String(sent, StandardCharsets.UTF_8));
        assertThat(tail).isEqualTo(sent);
        String added = new String(received, 0, received.length - sent.length, StandardCharsets.UTF_8);
        List<String> fields = new ArrayList<>();
        for (String line : added.split("\r\n")) {
            if (!line.startsWith("\t")) {
                fields.add(line.substring(0, line.indexOf(':')));
            }
        }
        List<String> expected = new ArrayList<>(List.of("Received"));
        if (messageIdAdded) {
            expected.add("Message-ID");
        }
        if (dateAdded) {
            expected.add("Date");
        }
        assertThat(fields).containsExactlyElementsOf(expected);
        assertThat(added).startsWith("Received: from ").contains("(PostVault) with ESMTPSA id ").endsWith("\r\n");
    }

    static byte[] message(String template, String domain) {
        return template.replace("DOMAIN", domain).getBytes(StandardCharsets.UTF_8);
    }

    /** The bytes Angus Mail puts on the wire for a message parsed from {@code raw} (it may refold nothing). */
    static byte[] angusBytes(byte[] raw) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toByteArray();
    }

    /** Submits with Angus Mail's SMTP transport (STARTTLS required, or implicit TLS); returns the end-of-data reply. */
    String angus(boolean implicitTls, String user, String password, byte[] raw, String... recipients) throws Exception {
        String protocol = implicitTls ? "smtps" : "smtp";
        Properties props = new Properties();
        props.setProperty("mail." + protocol + ".auth", "true");
        props.setProperty("mail." + protocol + ".ssl.trust", "*");
        props.setProperty("mail." + protocol + ".ssl.checkserveridentity", "false");
        props.setProperty("mail." + protocol + ".localhost", "angus.client.test");
        if (!implicitTls) {
            props.setProperty("mail.smtp.starttls.enable", "true");
            props.setProperty("mail.smtp.starttls.required", "true");
        }
        Session session = Session.getInstance(props);
        MimeMessage message = new MimeMessage(session, new ByteArrayInputStream(raw));
        Address[] to = new Address[recipients.length];
        for (int i = 0; i < to.length; i++) {
            to[i] = new InternetAddress(recipients[i]);
        }
        try (SMTPTransport transport = (SMTPTransport) session.getTransport(protocol)) {
            transport.connect("127.0.0.1", implicitTls ? server.tlsPort() : server.port(), user, password);
            transport.sendMessage(message, to);
            return transport.getLastServerResponse();
        }
    }

    private static String python(Path work, Object... args) throws Exception {
        Path script = work.resolve("smtp_submit.py");
        try (InputStream in = SubmissionClientsTest.class.getResourceAsStream("/clients/smtp_submit.py")) {
            Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> command = new ArrayList<>(List.of("python3", script.toString(), args[0].toString(), "127.0.0.1"));
        for (int i = 1; i < args.length; i++) {
            command.add(args[i].toString());
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("smtp_submit.py did not finish within 60 s");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("smtp_submit.py output:\n" + output).isZero();
        return output;
    }
}
