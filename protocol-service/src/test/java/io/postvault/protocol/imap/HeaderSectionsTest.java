package io.postvault.protocol.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.postvault.deploy.test.StackTestResource;
import io.postvault.protocol.account.AccountService;
import io.postvault.protocol.mime.HeaderBlock;
import io.postvault.protocol.store.DeliveryOutcome;
import io.postvault.protocol.store.ImapMessages;
import io.postvault.protocol.store.MailDelivery;
import io.postvault.protocol.store.Mailbox;
import io.postvault.protocol.store.Recipients;
import io.postvault.protocol.store.s3.BlobStore;
import io.postvault.protocol.support.Db;
import io.postvault.protocol.support.Spool;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * FETCH of the message's header sections (BODY[HEADER], BODY[HEADER.FIELDS (...)], BODY[HEADER.FIELDS.NOT (...)],
 * RFC822.HEADER) is served from the header block stored at delivery, byte for byte what the blob holds; rows without a
 * block (stored before V33, or with a header over the bound) are cut from the blob with the same bytes. ENVELOPE and
 * BODYSTRUCTURE never read the blob.
 */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class HeaderSectionsTest {

    private static final String PASSWORD = "header-sections-pw";
    private static final String FIRST = "From: Bob <bob@example.com>\r\nSubject: first\r\nX-Folded: a\r\n b\r\n\r\n";
    private static final String SECOND = "Subject: second\r\nFrom: carol@example.com\r\n\r\n";
    private static final String FETCH = "FETCH 1:2 (BODY.PEEK[HEADER] BODY.PEEK[HEADER.FIELDS (SUBJECT X-FOLDED)]"
            + " RFC822.HEADER BODY.PEEK[HEADER.FIELDS.NOT (FROM)]<0.9>)";
    /** The exact response to {@link #FETCH} for the messages FIRST + "one\r\n" and SECOND + "two\r\n". */
    private static final String FETCHED = "* 1 FETCH (BODY[HEADER] {64}\r\n" + FIRST
            + " BODY[HEADER.FIELDS (SUBJECT X-FOLDED)] {35}\r\nSubject: first\r\nX-Folded: a\r\n b\r\n\r\n"
            + " RFC822.HEADER {64}\r\n" + FIRST + " BODY[HEADER.FIELDS.NOT (FROM)]<0> {9}\r\nSubject: )\r\n"
            + "* 2 FETCH (BODY[HEADER] {44}\r\n" + SECOND
            + " BODY[HEADER.FIELDS (SUBJECT X-FOLDED)] {19}\r\nSubject: second\r\n\r\n"
            + " RFC822.HEADER {44}\r\n" + SECOND + " BODY[HEADER.FIELDS.NOT (FROM)]<0> {9}\r\nSubject: )\r\n";

    @Inject
    ImapServer imap;
    @Inject
    MailDelivery delivery;
    @Inject
    ImapMessages messages;
    @Inject
    Recipients recipients;
    @Inject
    AccountService accounts;
    @Inject
    BlobStore blobs;
    @Inject
    Db db;

    /** A new account with FIRST delivered over the LMTP path and SECOND appended over the IMAP APPEND path. */
    private Mailbox accountWithTwoMessages() throws Exception {
        String domain = "hdr-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        accounts.createDomain(domain, 1_000_000_000L);
        accounts.createAccount(domain, "reader", PASSWORD, "PERSONAL", null, null);
        Mailbox account = recipients.find("reader@" + domain).orElseThrow();
        assertThat(delivery.deliver(Spool.message(FIRST + "one\r\n"), "bob@example.com", List.of(account)))
                .containsValue(DeliveryOutcome.DELIVERED);
        messages.append(account, "INBOX", Set.of(), Instant.parse("2026-01-02T03:04:05Z"),
                Spool.message(SECOND + "two\r\n").file());
        return account;
    }

    private List<Map<String, Object>> rows(Mailbox account) {
        return db.rows("SELECT header_block, blob_id FROM message WHERE account_id = ? ORDER BY uid",
                account.accountId());
    }

    @Test
    void headerSectionsComeFromTheStoredBlockWithoutTheBlob() throws Exception {
        Mailbox account = accountWithTwoMessages();
        List<Map<String, Object>> rows = rows(account);
        assertThat((byte[]) rows.get(0).get("header_block")).isEqualTo(FIRST.getBytes(StandardCharsets.US_ASCII));
        assertThat((byte[]) rows.get(1).get("header_block")).isEqualTo(SECOND.getBytes(StandardCharsets.US_ASCII));
        for (Map<String, Object> row : rows) {
            blobs.delete((String) row.get("blob_id")); // any read of the message bytes would now fail
        }
        try (Session session = new Session(account)) {
            assertThat(session.command("a3", FETCH)).isEqualTo(FETCHED + "a3 OK FETCH completed\r\n");
            assertThat(session.command("a4", "FETCH 1:2 (ENVELOPE BODYSTRUCTURE)")).contains(
                    "* 1 FETCH (ENVELOPE (NIL \"first\" ((\"Bob\" NIL \"bob\" \"example.com\"))",
                    "* 2 FETCH (ENVELOPE (NIL \"second\" ((NIL NIL \"carol\" \"example.com\"))", "BODYSTRUCTURE (",
                    "a4 OK FETCH completed");
        }
    }

    @Test
    void rowsWithoutABlockAreCutFromTheBlobWithTheSameBytes() throws Exception {
        Mailbox account = accountWithTwoMessages();
        // as rows stored before V33__message_header_block.sql
        assertThat(db.update("UPDATE message SET header_block = NULL WHERE account_id = ?", account.accountId()))
                .isEqualTo(2);
        try (Session session = new Session(account)) {
            assertThat(session.command("a3", FETCH)).isEqualTo(FETCHED + "a3 OK FETCH completed\r\n");
        }
    }

    @Test
    void aHeaderOverTheBoundIsReadFromTheBlob() throws Exception {
        String domain = "hdr-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        accounts.createDomain(domain, 1_000_000_000L);
        accounts.createAccount(domain, "reader", PASSWORD, "PERSONAL", null, null);
        Mailbox account = recipients.find("reader@" + domain).orElseThrow();
        String header = "Subject: long\r\nX-Long: " + "x".repeat(HeaderBlock.MAX_BYTES) + "\r\n\r\n";
        delivery.deliver(Spool.message(header + "body\r\n"), "a@example.com", List.of(account));
        assertThat(rows(account).get(0).get("header_block")).isNull();
        try (Session session = new Session(account)) {
            assertThat(session.command("a3", "FETCH 1 (BODY.PEEK[HEADER] BODY.PEEK[HEADER.FIELDS (SUBJECT)])"))
                    .isEqualTo("* 1 FETCH (BODY[HEADER] {" + header.length() + "}\r\n" + header
                            + " BODY[HEADER.FIELDS (SUBJECT)] {17}\r\nSubject: long\r\n\r\n)\r\n"
                            + "a3 OK FETCH completed\r\n");
        }
    }

    /** A plain IMAP connection, logged in with INBOX selected; each command's whole response as text. */
    private final class Session implements AutoCloseable {

        private final Socket socket;
        private final InputStream in;

        Session(Mailbox account) throws Exception {
            socket = new Socket("127.0.0.1", imap.port());
            socket.setSoTimeout(10_000);
            in = socket.getInputStream();
            read(null);
            assertThat(command("a1", "LOGIN " + account.address() + " " + PASSWORD)).contains("a1 OK");
            assertThat(command("a2", "SELECT INBOX")).contains("a2 OK");
        }

        String command(String tag, String command) throws Exception {
            socket.getOutputStream().write((tag + " " + command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            return read(tag);
        }

        /** Up to the tagged line of {@code tag} (the greeting line when null). */
        private String read(String tag) throws Exception {
            StringBuilder all = new StringBuilder();
            StringBuilder line = new StringBuilder();
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new IllegalStateException("connection closed after " + all + line);
                }
                line.append((char) b);
                if (b == '\n' && line.length() > 1 && line.charAt(line.length() - 2) == '\r') {
                    all.append(line);
                    if (tag == null || line.indexOf(tag + " ") == 0) {
                        return all.toString();
                    }
                    line.setLength(0);
                }
            }
        }

        @Override
        public void close() throws Exception {
            socket.close();
        }
    }
}
