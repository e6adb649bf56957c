package io.postvault.protocol.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.postvault.deploy.test.StackTestResource;
import io.postvault.protocol.account.AccountService;
import io.postvault.protocol.store.ImapMessages;
import io.postvault.protocol.store.Mailbox;
import io.postvault.protocol.store.Maildrops;
import io.postvault.protocol.store.Recipients;
import io.postvault.protocol.tls.ServerTls;
import io.postvault.protocol.transcript.StoreTestAccounts;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.event.MailEvent;
import jakarta.mail.event.MessageChangedEvent;
import jakarta.mail.event.MessageCountAdapter;
import jakarta.mail.event.MessageCountEvent;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.MessageVanishedEvent;
import org.eclipse.angus.mail.imap.ResyncData;
import org.junit.jupiter.api.Test;

/**
 * Real IMAP clients against the running server over implicit TLS, each ending with the client and the server holding
 * the same messages and flags: Angus Mail (store, IDLE listener, QRESYNC resync, all over COMPRESS=DEFLATE), curl,
 * mbsync (Debian isync: two-way sync of a 1,000-message mailbox, a flag change on each side, resync) and neomutt (read,
 * flag, delete, sync, in a pseudo-terminal). The programs are required: a missing one fails the test ({@code .ci/run}
 * installs them).
 */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class ImapRealClientsTest {

    private static final String PASSWORD = "client-secret";

    @Inject
    ImapServer imap;
    @Inject
    ServerTls tls;
    @Inject
    AccountService accounts;
    @Inject
    Recipients recipients;
    @Inject
    Maildrops maildrops;
    @Inject
    ImapMessages messages;

    @Test
    void angusMailStoreIdleListenerAndQresync() throws Exception {
        String address = newAccount("angus");
        Session session = Session.getInstance(angusProperties());
        Store store = session.getStore("imaps");
        store.connect(address, PASSWORD);
        IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
        inbox.open(Folder.READ_WRITE);
        inbox.appendMessages(new Message[] {message(session, "one"), message(session, "two"), message(session, "three")});

        // a second client idles on INBOX and must hear of a new message at once
        Store watcher = session.getStore("imaps");
        watcher.connect(address, PASSWORD);
        IMAPFolder watched = (IMAPFolder) watcher.getFolder("INBOX");
        watched.open(Folder.READ_ONLY);
        CountDownLatch added = new CountDownLatch(1);
        watched.addMessageCountListener(new MessageCountAdapter() {
            @Override
            public void messagesAdded(MessageCountEvent e) {
                added.countDown();
            }
        });
        Thread idler = new Thread(() -> {
            try {
                while (added.getCount() > 0) {
                    watched.idle(true);
                }
            } catch (Exception e) {
                // the folder was closed: the test's assertions say what went wrong
            }
        });
        idler.start();
        Thread.sleep(500); // let the idler enter IDLE before the change
        long uidValidity = inbox.getUIDValidity();
        long modseqBefore = inbox.getHighestModSeq();
        inbox.appendMessages(new Message[] {message(session, "four")});
        assertThat(added.await(10, TimeUnit.SECONDS)).as("IDLE listener told of the new message").isTrue();
        idler.join(10_000);
        watcher.close();

        // flags and an expunge by the first client
        Message[] all = inbox.getMessages();
        assertThat(all).hasSize(4);
        all[0].setFlag(Flags.Flag.SEEN, true);
        all[1].setFlag(Flags.Flag.FLAGGED, true);
        all[2].setFlag(Flags.Flag.DELETED, true);
        long deletedUid = inbox.getUID(all[2]);
        inbox.expunge();
        Map<Long, Set<String>> client = clientFlags(inbox);
        inbox.close(false);
        store.close();
        assertThat(client).isEqualTo(serverFlags(address, "INBOX"));

        // a third client resynchronises with QRESYNC from the MODSEQ it had before the changes
        Store resync = session.getStore("imaps");
        resync.connect(address, PASSWORD);
        IMAPFolder again = (IMAPFolder) resync.getFolder("INBOX");
        List<MailEvent> events = again.open(Folder.READ_WRITE, new ResyncData(uidValidity, modseqBefore));
        List<Long> vanished = new ArrayList<>();
        Set<Long> changed = new TreeSet<>();
        for (MailEvent event : events) {
            if (event instanceof MessageVanishedEvent v) {
                for (long uid : v.getUIDs()) {
                    vanished.add(uid);
                }
            } else if (event instanceof MessageChangedEvent c) {
                changed.add(again.getUID(c.getMessage()));
            }
        }
        assertThat(vanished).containsExactly(deletedUid);
        assertThat(changed).containsAll(client.keySet());
        assertThat(clientFlags(again)).isEqualTo(serverFlags(address, "INBOX"));
        again.close(false);
        resync.close();
    }

    @Test
    void curlOverImaps() throws Exception {
        String address = newAccount("curl");
        Path work = Files.createTempDirectory("curl");
        Path cert = certificate(work);
        byte[] original = ("From: curl@client.test\r\nSubject: via curl\r\nMessage-ID: <" + UUID.randomUUID()
                + "@client.test>\r\n\r\nuploaded by curl\r\n").getBytes(StandardCharsets.UTF_8);
        Path upload = Files.write(work.resolve("upload.eml"), original);
        String base = "imaps://localhost:" + imap.tlsPort() + "/INBOX";
        curl(cert, address, "-T", upload.toString(), base);
        assertThat(curl(cert, address, base, "-X", "UID SEARCH ALL")).contains("* SEARCH 1");
        assertThat(curl(cert, address, base + ";UID=1")).isEqualTo(new String(original, StandardCharsets.UTF_8));
        curl(cert, address, base, "-X", "UID STORE 1 +FLAGS (\\Flagged \\Answered)");
        String fetched = curl(cert, address, base, "-X", "UID FETCH 1:* (FLAGS)");
        // curl read the message (BODY[] sets \Seen), then flagged it: both sides agree
        assertThat(fetched).contains("* 1 FETCH (UID 1 FLAGS (\\Answered \\Flagged \\Seen))");
        assertThat(serverFlags(address, "INBOX")).isEqualTo(Map.of(1L, Set.of("\\Answered", "\\Flagged", "\\Seen")));
    }

    @Test
    void mbsyncTwoWaySyncOfAThousandMessages() throws Exception {
        String address = newAccount("mbsync");
        Mailbox mailbox = recipients.find(address).orElseThrow();
        Path work = Files.createTempDirectory("mbsync");
        Path spool = Files.createDirectories(work.resolve("spool"));
        for (int i = 0; i < 500; i++) {
            Path file = Files.write(spool.resolve("m" + i), rfc822("server " + i));
            messages.append(mailbox, "INBOX", i % 7 == 0 ? Set.of("\\Seen") : Set.of(), Instant.now(), file);
        }
        Path maildir = work.resolve("mail/INBOX");
        for (String sub : List.of("cur", "new", "tmp")) {
            Files.createDirectories(maildir.resolve(sub));
        }
        for (int i = 0; i < 500; i++) {
            String flags = i % 5 == 0 ? "F" : "";
            Files.write(maildir.resolve("cur/" + (1_700_000_000L + i) + ".local" + i + ".host:2," + flags),
                    rfc822("local " + i));
        }
        Path config = mbsyncConfig(work, address);
        mbsync(config);
        assertInSync(address, maildir, 1000);

        // one flag change on each side, then a resync
        Path localFile = Files.list(maildir.resolve("cur")).filter(p -> !p.toString().endsWith("S"))
                .sorted().findFirst().orElseThrow();
        String localSubject = subjectOf(localFile);
        Files.move(localFile, localFile.resolveSibling(localFile.getFileName() + "S"));
        ImapMessages.Opened opened = messages.open(mailbox, "INBOX");
        long serverUid = opened.uids()[3];
        messages.store(mailbox, opened.folderId(), new long[] {serverUid}, ImapMessages.FlagMode.ADD,
                Set.of("\\Flagged"), -1);
        String serverSubject = messages.meta(opened.folderId(), new long[] {serverUid}, true).get(0).envelope()
                .subject();
        mbsync(config);
        Map<String, Set<String>> both = assertInSync(address, maildir, 1000);
        assertThat(both.get(serverSubject)).contains("\\Flagged");
        assertThat(both.get(localSubject)).contains("\\Seen");
    }

    @Test
    void neomuttReadsFlagsDeletesAndSyncs() throws Exception {
        String address = newAccount("neomutt");
        Mailbox mailbox = recipients.find(address).orElseThrow();
        Path work = Files.createTempDirectory("neomutt");
        for (int i = 1; i <= 3; i++) {
            Path file = Files.write(work.resolve("m" + i), rfc822("neomutt " + i));
            messages.append(mailbox, "INBOX", Set.of(), Instant.now(), file);
        }
        Path copies = work.resolve("copies");
        for (String sub : List.of("cur", "new", "tmp")) {
            Files.createDirectories(copies.resolve(sub));
        }
        // neomutt has no batch mode for reading: it runs in a pseudo-terminal (script) and its keys are pushed. It
        // opens INBOX, reads the first message (\Seen), flags it, deletes the second, syncs (EXPUNGE), then copies
        // every message left, flags kept in the maildir names, as its own record of what it holds.
        String keys = "<first-entry><display-message><exit><flag-message><next-entry><delete-message><sync-mailbox>"
                + "<tag-pattern>~A<enter><tag-prefix><copy-message>" + copies + "<enter><quit>";
        Path rc = neomuttConfig(work, address);
        run(List.of("script", "-qec", "neomutt -n -F " + rc + " -e 'push \"" + keys + "\"'", "/dev/null"), 120,
                Map.of("TERM", "vt100", "HOME", work.toString()));

        Map<String, Set<String>> client = new TreeMap<>();
        try (Stream<Path> files = Stream.concat(Files.list(copies.resolve("cur")), Files.list(copies.resolve("new")))) {
            for (Path file : files.toList()) {
                client.put(subjectOf(file), maildirFlags(file));
            }
        }
        ImapMessages.Opened opened = messages.open(mailbox, "INBOX");
        Map<String, Set<String>> server = new TreeMap<>();
        for (ImapMessages.Meta m : messages.meta(opened.folderId(), opened.uids(), true)) {
            server.put(m.envelope().subject(), new TreeSet<>(m.flags()));
        }
        assertThat(server).isEqualTo(Map.of("neomutt 1", Set.of("\\Flagged", "\\Seen"), "neomutt 3", Set.of()));
        assertThat(client).isEqualTo(server);
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    private String newAccount(String prefix) {
        String address = prefix + "@" + prefix + UUID.randomUUID().toString().substring(0, 8) + ".test";
        new StoreTestAccounts(accounts, recipients, maildrops).createAccount(address, PASSWORD);
        return address;
    }

    private Properties angusProperties() {
        Properties p = new Properties();
        p.put("mail.imaps.host", "localhost");
        p.put("mail.imaps.port", String.valueOf(imap.tlsPort()));
        p.put("mail.imaps.ssl.trust", "localhost");
        p.put("mail.imaps.timeout", "20000");
        p.put("mail.imaps.connectiontimeout", "10000");
        p.put("mail.imaps.compress.enable", "true"); // COMPRESS=DEFLATE (RFC 4978) for every Angus session

        return p;
    }

    private static Message message(Session session, String subject) throws Exception {
        return new MimeMessage(session, new ByteArrayInputStream(rfc822(subject)));
    }

    static byte[] rfc822(String subject) {
        return ("From: Sender <sender@client.test>\r\nTo: someone@client.test\r\nSubject: " + subject
                + "\r\nMessage-ID: <" + UUID.randomUUID() + "@client.test>\r\n\r\nbody of " + subject + "\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** UID -> system flags as the client sees them. */
    private static Map<Long, Set<String>> clientFlags(IMAPFolder folder) throws Exception {
        Message[] all = folder.getMessages();
        FetchProfile profile = new FetchProfile();
        profile.add(FetchProfile.Item.FLAGS);
        profile.add(UIDFolder.FetchProfileItem.UID);
        folder.fetch(all, profile);
        Map<Long, Set<String>> out = new TreeMap<>();
        for (Message m : all) {
            Set<String> flags = new TreeSet<>();
            for (Flags.Flag f : m.getFlags().getSystemFlags()) {
                flags.add(name(f));
            }
            flags.remove("\\Recent");
            out.put(folder.getUID(m), flags);
        }
        return out;
    }

    static String name(Flags.Flag f) {
        if (f == Flags.Flag.SEEN) {
            return "\\Seen";
        } else if (f == Flags.Flag.FLAGGED) {
            return "\\Flagged";
        } else if (f == Flags.Flag.ANSWERED) {
            return "\\Answered";
        } else if (f == Flags.Flag.DELETED) {
            return "\\Deleted";
        } else if (f == Flags.Flag.DRAFT) {
            return "\\Draft";
        }
        return "\\Recent";
    }

    /** UID -> flags as the server holds them. */
    private Map<Long, Set<String>> serverFlags(String address, String folder) {
        Mailbox mailbox = recipients.find(address).orElseThrow();
        ImapMessages.Opened opened = messages.open(mailbox, folder);
        Map<Long, Set<String>> out = new TreeMap<>();
        for (ImapMessages.Meta m : messages.meta(opened.folderId(), opened.uids(), false)) {
            out.put(m.uid(), new TreeSet<>(m.flags()));
        }
        return out;
    }

    private Path certificate(Path work) throws Exception {
        Path cert = work.resolve("server.pem");
        Files.writeString(cert, tls.certificatePem());
        Files.setPosixFilePermissions(cert, PosixFilePermissions.fromString("rw-r--r--"));
        return cert;
    }

    private static String curl(Path cert, String address, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "30", "--cacert", cert.toString(),
                "-u", address + ":" + PASSWORD));
        command.addAll(List.of(args));
        return run(command, 60);
    }

    static String run(List<String> command, int seconds) throws Exception {
        return run(command, seconds, Map.of());
    }

    private static String run(List<String> command, int seconds, Map<String, String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try {
                process.getInputStream().transferTo(out);
            } catch (java.io.IOException e) {
                // the process ended
            }
        });
        reader.start();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command.get(0) + " did not finish within " + seconds + " s: " + out);
        }
        reader.join();
        String output = out.toString(StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(command.get(0) + " output:\n" + output).isZero();
        return output;
    }

    private Path mbsyncConfig(Path work, String address) throws Exception {
        Path config = work.resolve("mbsyncrc");
        Files.writeString(config, """
                IMAPAccount postvault
                Host localhost
                Port %d
                User %s
                Pass %s
                SSLType IMAPS
                CertificateFile %s
                AuthMechs LOGIN PLAIN

                IMAPStore remote
                Account postvault

                MaildirStore local
                Path %s/
                Inbox %s/INBOX

                Channel sync
                Far :remote:
                Near :local:
                Patterns INBOX
                Create Both
                Expunge Both
                Sync All
                SyncState *
                """.formatted(imap.tlsPort(), address, PASSWORD, certificate(work), work.resolve("mail"),
                work.resolve("mail")));
        return config;
    }

    private Path neomuttConfig(Path work, String address) throws Exception {
        Path rc = work.resolve("neomuttrc");
        Files.writeString(rc, """
                set folder = "imaps://%s@localhost:%d/"
                set spoolfile = "+INBOX"
                set imap_pass = "%s"
                set ssl_ca_certificates_file = "%s"
                set certificate_file = "%s"
                set header_cache = ""
                set message_cachedir = ""
                set sort = unsorted
                set resolve = no
                set delete = yes
                set quit = yes
                set confirmcreate = no
                set confirmappend = no
                set mark_old = no
                set wait_key = no
                set pager_stop = yes
                set imap_check_subscribed = no
                set mail_check_stats = no
                set record = ""
                set postponed = ""
                """.formatted(address.replace("@", "%40"), imap.tlsPort(), PASSWORD, certificate(work),
                certificate(work)));
        return rc;
    }

    private static void mbsync(Path config) throws Exception {
        run(List.of("mbsync", "-c", config.toString(), "-a"), 240);
    }

    /**
     * The maildir and the server hold the same messages (by their unique subjects) with the same flags; returns
     * subject -> flags. (mbsync's ",U=" in maildir names is its own local UID, not the server's.)
     */
    private Map<String, Set<String>> assertInSync(String address, Path maildir, int count) throws Exception {
        Map<String, Set<String>> local = new TreeMap<>();
        try (Stream<Path> files = Stream.concat(Files.list(maildir.resolve("cur")), Files.list(maildir.resolve("new")))) {
            for (Path file : files.toList()) {
                local.put(subjectOf(file), maildirFlags(file));
            }
        }
        Mailbox mailbox = recipients.find(address).orElseThrow();
        ImapMessages.Opened opened = messages.open(mailbox, "INBOX");
        Map<String, Set<String>> server = new TreeMap<>();
        for (ImapMessages.Meta m : messages.meta(opened.folderId(), opened.uids(), true)) {
            server.put(m.envelope().subject(), new TreeSet<>(m.flags()));
        }
        assertThat(local).hasSize(count);
        assertThat(server).hasSize(count);
        Map<String, String> differences = new TreeMap<>();
        server.forEach((subject, flags) -> {
            if (!flags.equals(local.get(subject))) {
                differences.put(subject, "server " + flags + ", maildir " + local.get(subject));
            }
        });
        assertThat(differences).as("messages whose flags differ").isEmpty();
        return server;
    }

    static String subjectOf(Path file) throws Exception {
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.filter(l -> l.startsWith("Subject: ")).map(l -> l.substring(9).trim()).findFirst()
                    .orElseThrow();
        }
    }

    static Set<String> maildirFlags(Path file) {
        String name = file.getFileName().toString();
        int info = name.indexOf(":2,");
        String letters = info < 0 ? "" : name.substring(info + 3);
        Map<Character, String> names = Map.of('D', "\\Draft", 'F', "\\Flagged", 'R', "\\Answered", 'S', "\\Seen",
                'T', "\\Deleted");
        return letters.chars().mapToObj(c -> names.get((char) c)).filter(java.util.Objects::nonNull)
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
