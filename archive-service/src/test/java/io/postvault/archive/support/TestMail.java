package io.postvault.archive.support;

import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.postvault.events.Event;
import io.postvault.events.EventType;
import io.postvault.events.data.Direction;
import io.postvault.events.data.MessageRemoved;
import io.postvault.events.data.MessageSubmitted;
import io.postvault.events.data.MessageSummary;
import io.postvault.events.data.RemovalReason;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/** Messages as protocol-service would leave them: bytes in postvault-blobs, and the events that announce them. */
public final class TestMail {

    public static final String BLOBS = "postvault-blobs";
    public static final String ARCHIVE = "postvault-archive";

    private TestMail() {
    }

    /** A fresh tenant: a unique domain with one account. */
    public record Account(String id, String address, String domain) {
        public static Account fresh() {
            String domain = "d" + UUID.randomUUID().toString().substring(0, 8) + ".test";
            return in(domain);
        }

        public static Account in(String domain) {
            return new Account(UUID.randomUUID().toString(), "u" + UUID.randomUUID().toString().substring(0, 8)
                    + "@" + domain, domain);
        }
    }

    /** A message's bytes and its content address. */
    public record Blob(String id, byte[] bytes) {
    }

    /** An RFC 5322 message, unique unless {@code body} is shared. */
    public static Blob message(String subject, String body) {
        byte[] bytes = ("From: Bob <bob@example.net>\r\nTo: alice@example.com\r\nSubject: " + subject
                + "\r\nMessage-ID: <" + UUID.randomUUID() + "@example.net>\r\n\r\n" + body + "\r\n")
                .getBytes(StandardCharsets.UTF_8);
        return blob(bytes);
    }

    public static Blob blob(byte[] bytes) {
        try {
            return new Blob(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)), bytes);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stores {@code blob} in the live bucket, as protocol-service does at delivery. */
    public static Blob store(MinioClient client, Blob blob) {
        try {
            client.putObject(PutObjectArgs.builder().bucket(BLOBS).object(blob.id())
                    .data(blob.bytes(), blob.bytes().length).build());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return blob;
    }

    public static boolean exists(MinioClient client, String bucket, String key) {
        try {
            client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
            return true;
        } catch (ErrorResponseException e) {
            return false;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static Event removed(Account account, Blob blob, Instant internalDate, Instant removedAt, String from,
            String subject, Direction direction) {
        MessageSummary summary = new MessageSummary(from, account.address(), null, subject,
                "<" + UUID.randomUUID() + "@example.net>", internalDate, false);
        return Event.of("/postvault/protocol-service", EventType.MESSAGE_REMOVED, account.domain(), account.id(),
                new MessageRemoved(account.address(), direction == Direction.SENT ? "Sent" : "INBOX", 1700000000L,
                        42, blob.id(), blob.bytes().length, internalDate, removedAt, direction,
                        RemovalReason.POP3_DELETE, summary));
    }

    public static Event removed(Account account, Blob blob, Instant internalDate, Instant removedAt) {
        return removed(account, blob, internalDate, removedAt, "Bob <bob@example.net>", "Hello",
                Direction.RECEIVED);
    }

    public static Event submitted(Account account, Blob blob, Instant at) {
        MessageSummary summary = new MessageSummary(account.address(), "carol@example.org", null, "Sent one",
                "<" + UUID.randomUUID() + "@" + account.domain() + ">", at, true);
        return Event.of("/postvault/protocol-service", EventType.MESSAGE_SUBMITTED, account.domain(), account.id(),
                new MessageSubmitted(account.address(), blob.id(), blob.bytes().length, at, account.address(),
                        List.of("carol@example.org"), summary));
    }
}
