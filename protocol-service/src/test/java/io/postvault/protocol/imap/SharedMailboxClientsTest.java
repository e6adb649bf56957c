package io.postvault.protocol.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.postvault.deploy.test.StackTestResource;
import io.postvault.protocol.account.AccountService;
import io.postvault.protocol.account.SharedAccess;
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
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.junit.jupiter.api.Test;

/**
 * Two users on one shared folder with real clients (issue 9): alice with Angus Mail, bob with mbsync (Debian isync),
 * both reaching {@code Shared/team@.../INBOX} through the shared namespace. Shared flags and expunges travel between
 * them, each keeps an own \Seen, and at the end the server (as each user sees it) and both clients agree.
 */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class SharedMailboxClientsTest {

    private static final String PASSWORD = "client-secret";
    private static final int MESSAGES = 20;

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
    SharedAccess sharedAccess;
    @Inject
    ImapMessages messages;

    @Test
    void angusMailAndMbsyncShareAFolder() throws Exception {
        String domain = "shared" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        String alice = "alice@" + domain;
        String bob = "bob@" + domain;
        String team = "team@" + domain;
        StoreTestAccounts testAccounts = new StoreTestAccounts(accounts, recipients, maildrops, sharedAccess);
        testAccounts.createAccount(alice, PASSWORD);
        testAccounts.createAccount(bob, PASSWORD);
        testAccounts.createSharedAccount(team);
        testAccounts.grant(team, alice, "lrswite");
        testAccounts.grant(team, bob, "lrswite");
        Mailbox teamBox = recipients.find(team).orElseThrow();
        Path work = Files.createTempDirectory("shared");
        for (int i = 0; i < MESSAGES; i++) {
            Path file = Files.write(work.resolve("m" + i), ImapRealClientsTest.rfc822("team " + i));
            messages.append(teamBox, "INBOX", Set.of(), Instant.now(), file);
        }
        String folderName = "Shared/" + team + "/INBOX";

        // alice (Angus Mail): the shared namespace, then reads 0-4, flags 5-9, deletes 10 and appends one
        Session session = Session.getInstance(angusProperties());
        IMAPStore store = (IMAPStore) session.getStore("imaps");
        store.connect(alice, PASSWORD);
        assertThat(Stream.of(store.getSharedNamespaces()).map(Folder::getFullName)).containsExactly("Shared");
        assertThat(Stream.of(store.getFolder("Shared/" + team).list()).map(Folder::getName)).contains("INBOX", "Sent");
        IMAPFolder inbox = (IMAPFolder) store.getFolder(folderName);
        inbox.open(Folder.READ_WRITE);
        Message[] all = inbox.getMessages();
        assertThat(all).hasSize(MESSAGES);
        for (int i = 0; i < 10; i++) {
            all[i].setFlag(i < 5 ? Flags.Flag.SEEN : Flags.Flag.FLAGGED, true);
        }
        all[10].setFlag(Flags.Flag.DELETED, true);
        inbox.expunge();
        inbox.appendMessages(new Message[] {new MimeMessage(session,
                new ByteArrayInputStream(ImapRealClientsTest.rfc822("from alice")))});
        inbox.copyMessages(new Message[] {all[0]}, store.getFolder("INBOX")); // into her own INBOX, read
        Mailbox aliceBox = recipients.find(alice).orElseThrow();
        ImapMessages.Opened own = messages.open(aliceBox, "INBOX");
        assertThat(messages.meta(own.folderId(), own.uids(), false)).singleElement()
                .satisfies(m -> assertThat(m.flags()).containsExactly("\\Seen"));
        Map<String, Set<String>> aliceSees = server(alice, teamBox);
        assertThat(aliceSees).hasSize(MESSAGES);
        assertThat(aliceSees.get("team 0")).containsExactly("\\Seen");

        // bob (mbsync): alice's flags and expunge reach him, her \Seen does not
        Path maildir = work.resolve("mail/team");
        Path config = mbsyncConfig(work, bob, folderName, maildir);
        ImapRealClientsTest.run(List.of("mbsync", "-c", config.toString(), "-a"), 120);
        Map<String, Set<String>> bobSees = assertInSync(bob, teamBox, maildir);
        assertThat(bobSees.get("team 0")).isEmpty();
        assertThat(bobSees.get("team 5")).containsExactly("\\Flagged");
        assertThat(bobSees).doesNotContainKey("team 10").containsKey("from alice");

        // bob reads 15, flags 16, deletes 17 in his maildir; mbsync carries it to the server
        for (Path file : files(maildir)) {
            String subject = ImapRealClientsTest.subjectOf(file);
            String add = switch (subject) {
                case "team 15" -> "S";
                case "team 16" -> "F";
                case "team 17" -> "T";
                default -> "";
            };
            if (!add.isEmpty()) {
                Path dir = file.getParent().resolveSibling("cur");
                String name = file.getFileName().toString();
                String flagged = name.contains(":2,") ? name + add : name + ":2," + add;
                Files.move(file, dir.resolve(sortFlags(flagged)));
            }
        }
        ImapRealClientsTest.run(List.of("mbsync", "-c", config.toString(), "-a"), 120);
        bobSees = assertInSync(bob, teamBox, maildir);
        assertThat(bobSees).hasSize(MESSAGES - 1).doesNotContainKey("team 17");
        assertThat(bobSees.get("team 15")).containsExactly("\\Seen");

        // alice's client sees bob's changes; her \Seen is still hers alone
        inbox.close(false);
        inbox.open(Folder.READ_WRITE);
        Map<String, Set<String>> client = new TreeMap<>();
        Message[] now = inbox.getMessages();
        FetchProfile profile = new FetchProfile();
        profile.add(FetchProfile.Item.FLAGS);
        profile.add(FetchProfile.Item.ENVELOPE);
        inbox.fetch(now, profile);
        for (Message m : now) {
            Set<String> flags = new TreeSet<>();
            for (Flags.Flag f : m.getFlags().getSystemFlags()) {
                flags.add(ImapRealClientsTest.name(f));
            }
            flags.remove("\\Recent");
            client.put(m.getSubject(), flags);
        }
        inbox.close(false);
        store.close();
        aliceSees = server(alice, teamBox);
        assertThat(client).isEqualTo(aliceSees);
        assertThat(aliceSees).hasSize(MESSAGES - 1).doesNotContainKey("team 17");
        assertThat(aliceSees.get("team 15")).as("bob's \\Seen is his").isEmpty();
        assertThat(aliceSees.get("team 16")).containsExactly("\\Flagged");
        assertThat(aliceSees.get("team 0")).containsExactly("\\Seen");
        assertThat(bobSees.get("team 0")).isEmpty();
    }

    /** Subject -> flags of the shared INBOX as {@code user} sees them. */
    private Map<String, Set<String>> server(String user, Mailbox teamBox) {
        ImapMessages view = messages.viewedBy(recipients.find(user).orElseThrow());
        ImapMessages.Opened opened = view.open(teamBox, "INBOX");
        Map<String, Set<String>> out = new TreeMap<>();
        for (ImapMessages.Meta m : view.meta(opened.folderId(), opened.uids(), true)) {
            out.put(m.envelope().subject(), new TreeSet<>(m.flags()));
        }
        return out;
    }

    /** The maildir holds what the server holds for {@code user}, flags included; returns it. */
    private Map<String, Set<String>> assertInSync(String user, Mailbox teamBox, Path maildir) throws Exception {
        Map<String, Set<String>> local = new TreeMap<>();
        for (Path file : files(maildir)) {
            local.put(ImapRealClientsTest.subjectOf(file), ImapRealClientsTest.maildirFlags(file));
        }
        Map<String, Set<String>> server = server(user, teamBox);
        assertThat(local).isEqualTo(server);
        return server;
    }

    private static List<Path> files(Path maildir) throws Exception {
        try (Stream<Path> files = Stream.concat(Files.list(maildir.resolve("cur")), Files.list(maildir.resolve("new")))) {
            return files.toList();
        }
    }

    /** Maildir info letters in ASCII order, as the format wants them. */
    private static String sortFlags(String name) {
        int info = name.indexOf(":2,");
        char[] letters = name.substring(info + 3).toCharArray();
        java.util.Arrays.sort(letters);
        return name.substring(0, info + 3) + new String(letters);
    }

    private Properties angusProperties() {
        Properties p = new Properties();
        p.put("mail.imaps.host", "localhost");
        p.put("mail.imaps.port", String.valueOf(imap.tlsPort()));
        p.put("mail.imaps.ssl.trust", "localhost");
        p.put("mail.imaps.timeout", "20000");
        p.put("mail.imaps.connectiontimeout", "10000");
        return p;
    }

    private Path mbsyncConfig(Path work, String user, String folder, Path maildir) throws Exception {
        Path cert = work.resolve("server.pem");
        Files.writeString(cert, tls.certificatePem());
        Files.setPosixFilePermissions(cert, PosixFilePermissions.fromString("rw-r--r--"));
        for (String sub : List.of("cur", "new", "tmp")) {
            Files.createDirectories(maildir.resolve(sub));
        }
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
                Inbox %s

                Channel sync
                Far :remote:"%s"
                Near :local:INBOX
                Create Near
                Expunge Both
                Sync All
                SyncState *
                """.formatted(imap.tlsPort(), user, PASSWORD, cert, maildir.getParent(), maildir, folder));
        return config;
    }
}
