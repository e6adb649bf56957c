package io.postvault.protocol.store.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.postvault.deploy.test.StackTestResource;
import io.postvault.protocol.account.AccountService;
import io.postvault.protocol.imap.ImapServer;
import io.postvault.protocol.pop3.Pop3Server;
import io.postvault.protocol.store.DeliveryOutcome;
import io.postvault.protocol.store.MailDelivery;
import io.postvault.protocol.store.Mailbox;
import io.postvault.protocol.store.Recipients;
import io.postvault.protocol.store.SpooledMessage;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The blob cache on the real stack (S3Proxy, PostgreSQL): small blobs are kept when stored and when read, and then
 * served without the object store; big ones always come from it, streamed; a deleted blob is dropped; a disabled cache
 * reads everything from the object store. Then POP3 RETR and IMAP FETCH of the same messages, held in memory, dropped
 * from the cache, and too big for it: the exact stored bytes every time.
 */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class CachedBlobReadsTest {

    /** Above the default postvault.blob-cache.max-blob-size (256 KiB). */
    private static final int BIG = 300 * 1024;

    @Inject
    BlobStore blobs;
    @Inject
    BlobCache cache;
    @Inject
    MinioClient minio;
    @Inject
    MinioAsyncClient minioAsync;
    @Inject
    MailDelivery delivery;
    @Inject
    AccountService accounts;
    @Inject
    Recipients recipients;
    @Inject
    Pop3Server pop3;
    @Inject
    ImapServer imap;

    /** A two-part message of about {@code size} octets, unique to this call, with lines that POP3 must dot-stuff. */
    private static byte[] message(int size) {
        StringBuilder text = new StringBuilder();
        while (text.length() < size) {
            text.append(".a line starting with a dot, at ").append(text.length()).append("\r\n");
        }
        return ("From: a@example.com\r\nSubject: cache " + UUID.randomUUID() + "\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\n"
                + text + "\r\n--b1\r\nContent-Type: text/plain\r\n\r\nsecond part\r\n--b1--\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static Path file(byte[] bytes) throws IOException {
        Path file = Files.createTempFile("blob-cache-", ".eml");
        file.toFile().deleteOnExit();
        return Files.write(file, bytes);
    }

    private static byte[] read(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    private void removeObject(String blobId) throws Exception {
        minio.removeObject(RemoveObjectArgs.builder().bucket(BlobStore.BUCKET).object(blobId).build());
    }

    @Test
    void aSmallBlobIsKeptWhenStoredAndThenServedWithoutTheObjectStore() throws Exception {
        byte[] bytes = message(10_000);
        String blobId = blobs.put(file(bytes));
        assertThat(read(blobs.openInMemory(blobId).orElseThrow())).isEqualTo(bytes);
        removeObject(blobId); // behind the store's back: only the cache can answer now
        assertThat(read(blobs.open(blobId))).isEqualTo(bytes);
    }

    @Test
    void aBigBlobIsNeverKeptAndIsStreamedFromTheObjectStore() throws Exception {
        byte[] bytes = message(BIG);
        String blobId = blobs.put(file(bytes));
        assertThat(blobs.openInMemory(blobId)).isEmpty();
        try (InputStream in = blobs.open(blobId)) {
            assertThat(in).isNotInstanceOf(ByteArrayInputStream.class);
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
        assertThat(blobs.openInMemory(blobId)).isEmpty();
    }

    @Test
    void aReadFromTheObjectStoreKeepsASmallBlob() throws Exception {
        byte[] bytes = message(2_000);
        String blobId = BlobStore.sha256(file(bytes));
        minio.putObject(PutObjectArgs.builder().bucket(BlobStore.BUCKET).object(blobId)
                .stream(new ByteArrayInputStream(bytes), (long) bytes.length, -1L).build());
        assertThat(blobs.openInMemory(blobId)).isEmpty();
        assertThat(read(blobs.open(blobId))).isEqualTo(bytes);
        assertThat(read(blobs.openInMemory(blobId).orElseThrow())).isEqualTo(bytes);
    }

    @Test
    void aDeletedBlobIsDropped() throws Exception {
        String blobId = blobs.put(file(message(1_000)));
        assertThat(blobs.openInMemory(blobId)).isPresent();
        blobs.delete(blobId);
        assertThat(blobs.openInMemory(blobId)).isEmpty();
        assertThatThrownBy(() -> read(blobs.open(blobId))).isInstanceOf(BlobStoreException.class);
    }

    @Test
    void aDisabledCacheReadsEverythingFromTheObjectStore() throws Exception {
        BlobStore uncached = new BlobStore(minio, minioAsync, new BlobCache(0, 256 * 1024));
        byte[] bytes = message(3_000);
        String blobId = uncached.put(file(bytes));
        assertThat(uncached.openInMemory(blobId)).isEmpty();
        assertThat(read(uncached.open(blobId))).isEqualTo(bytes);
        assertThat(uncached.openInMemory(blobId)).isEmpty();
        removeObject(blobId);
        assertThatThrownBy(() -> read(uncached.open(blobId))).isInstanceOf(BlobStoreException.class);
    }

    /** Delivers a held message, one dropped from the cache and a big one; POP3 and IMAP must send the same bytes. */
    @Test
    void pop3AndImapSendTheStoredBytesHeldDroppedOrTooBig() throws Exception {
        String domain = "cache-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        accounts.createDomain(domain, 1_000_000_000L);
        accounts.createAccount(domain, "reader", "reader-secret", "PERSONAL", null, null);
        Mailbox reader = recipients.find("reader@" + domain).orElseThrow();
        List<byte[]> messages = List.of(message(6_000), message(7_000), message(BIG));
        for (byte[] bytes : messages) {
            SpooledMessage spooled = new SpooledMessage(file(bytes), bytes.length);
            assertThat(delivery.deliver(spooled, "a@example.com", List.of(reader)))
                    .containsExactly(Map.entry(reader, DeliveryOutcome.DELIVERED));
        }
        String dropped = BlobStore.sha256(file(messages.get(1)));
        assertThat(blobs.openInMemory(BlobStore.sha256(file(messages.get(0))))).isPresent();

        try (Wire imapWire = new Wire(imap.port())) {
            imapWire.line();
            imapWire.command("a LOGIN reader@" + domain + " reader-secret", "a OK");
            imapWire.command("b SELECT INBOX", "b OK");
            for (int n = 1; n <= 3; n++) {
                byte[] bytes = messages.get(n - 1);
                String text = new String(bytes, StandardCharsets.US_ASCII);
                int start = text.indexOf("\r\n\r\n", text.indexOf("--b1")) + 4;
                byte[] first = text.substring(start, text.indexOf("\r\n--b1", start))
                        .getBytes(StandardCharsets.US_ASCII);
                Map<String, byte[]> expected = Map.of("BODY.PEEK[]", bytes,
                        "BODY.PEEK[]<100.50>", Arrays.copyOfRange(bytes, 100, 150),
                        "BODY.PEEK[1]", first,
                        "BODY.PEEK[2]", "second part".getBytes(StandardCharsets.US_ASCII));
                for (Map.Entry<String, byte[]> item : expected.entrySet()) {
                    cache.forget(dropped); // a read would keep it again
                    assertThat(imapWire.fetch(n, item.getKey())).as("%s of %d", item.getKey(), n)
                            .isEqualTo(item.getValue());
                }
            }
        }
        try (Wire pop3Wire = new Wire(pop3.port())) {
            pop3Wire.line();
            pop3Wire.command("USER reader@" + domain, "+OK");
            pop3Wire.command("PASS reader-secret", "+OK");
            for (int n = 1; n <= 3; n++) {
                cache.forget(dropped);
                assertThat(pop3Wire.retrieve(n)).as("RETR %d", n).isEqualTo(messages.get(n - 1));
            }
            pop3Wire.command("QUIT", "+OK");
        }
    }

    /** A plaintext connection to a local mail port, read line by line and literal by literal. */
    private static final class Wire implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        Wire(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(30_000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }

        /** One line with its CRLF. */
        byte[] lineBytes() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                line.write(b);
                if (b == '\n') {
                    break;
                }
            }
            return line.toByteArray();
        }

        String line() throws IOException {
            return new String(lineBytes(), StandardCharsets.US_ASCII);
        }

        /** Sends a command and reads lines until one starts with {@code done}. */
        void command(String command, String done) throws IOException {
            out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            String line;
            do {
                line = line();
                assertThat(line).as(command).isNotEmpty().doesNotStartWith("-ERR").doesNotContain(" NO ", " BAD ");
            } while (!line.startsWith(done));
        }

        /** The literal of {@code FETCH n (item)}. */
        byte[] fetch(int n, String item) throws IOException {
            out.write(("f FETCH " + n + " (" + item + ")\r\n").getBytes(StandardCharsets.US_ASCII));
            String head = line();
            assertThat(head).startsWith("* " + n + " FETCH (").endsWith("}\r\n");
            int size = Integer.parseInt(head.substring(head.lastIndexOf('{') + 1, head.lastIndexOf('}')));
            byte[] literal = in.readNBytes(size);
            assertThat(line()).isEqualTo(")\r\n");
            assertThat(line()).startsWith("f OK");
            return literal;
        }

        /** RETR n, un-stuffed. */
        byte[] retrieve(int n) throws IOException {
            out.write(("RETR " + n + "\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(line()).startsWith("+OK");
            ByteArrayOutputStream message = new ByteArrayOutputStream();
            while (true) {
                byte[] line = lineBytes();
                if (Arrays.equals(line, ".\r\n".getBytes(StandardCharsets.US_ASCII))) {
                    return message.toByteArray();
                }
                int from = line.length > 1 && line[0] == '.' ? 1 : 0;
                message.write(line, from, line.length - from);
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
