package io.postvault.search.support;

import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.postvault.events.Event;
import io.postvault.events.EventType;
import io.postvault.events.data.ArchiveDeleted;
import io.postvault.events.data.ArchiveEvicted;
import io.postvault.events.data.ArchiveStored;
import io.postvault.events.data.Direction;
import io.postvault.events.data.FlagState;
import io.postvault.events.data.MessageCopyRemoved;
import io.postvault.events.data.MessageFlagsChanged;
import io.postvault.events.data.MessageMoved;
import io.postvault.events.data.MessageRemoved;
import io.postvault.events.data.MessageSubmitted;
import io.postvault.events.data.MessageSummary;
import io.postvault.events.data.NewMessage;
import io.postvault.events.data.RemovalReason;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/** Messages as protocol-service and archive-service leave them: bytes in the buckets, and the events about them. */
public final class TestMail {

    public static final String BLOBS = "postvault-blobs";
    public static final String ARCHIVE = "postvault-archive";
    private static final String PROTOCOL = "/postvault/protocol-service";

    private TestMail() {
    }

    /** A fresh tenant: a unique domain with one account. */
    public record Account(String id, String address, String domain) {
        public static Account fresh() {
            return in("d" + UUID.randomUUID().toString().substring(0, 8) + ".test");
        }

        public static Account in(String domain) {
            return new Account(UUID.randomUUID().toString(),
                    "u" + UUID.randomUUID().toString().substring(0, 8) + "@" + domain, domain);
        }
    }

    /** A message's bytes and its content address. */
    public record Blob(String id, byte[] bytes) {
        public static Blob of(String rfc5322) {
            return ofBytes(rfc5322.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
        }

        public static Blob ofBytes(byte[] bytes) {
            try {
                return new Blob(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)), bytes);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A delivered message: its blob stored in the live bucket, and its message.delivered event. */
    public record Delivered(Account account, Blob blob, Event event, long uid) {
        public NewMessage data() {
            return (NewMessage) event.data();
        }
    }

    /** A plain message with a unique Message-ID, from {@code from}, with {@code subject} and {@code body}. */
    public static String plain(String from, String to, String subject, String body) {
        return "From: " + from + "\nTo: " + to + "\nSubject: " + subject + "\nMessage-ID: <" + UUID.randomUUID()
                + "@example.net>\nDate: Sun, 1 Mar 2026 10:00:00 +0000\nMIME-Version: 1.0\n"
                + "Content-Type: text/plain; charset=utf-8\n\n" + body + "\n";
    }

    public static Blob store(MinioClient client, String bucket, Blob blob) {
        try {
            client.putObject(PutObjectArgs.builder().bucket(bucket).object(blob.id())
                    .data(blob.bytes(), blob.bytes().length).build());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return blob;
    }

    /** Stores {@code rfc5322} in the live bucket and makes its message.delivered into INBOX (uid {@code uid}). */
    public static Delivered deliver(MinioClient client, Account account, String rfc5322, long uid, Instant at) {
        return deliverTo(client, account, "INBOX", rfc5322, uid, at);
    }

    public static Delivered deliverTo(MinioClient client, Account account, String folder, String rfc5322, long uid,
            Instant at) {
        return deliverBytes(client, account, folder, Blob.of(rfc5322).bytes(), uid, at);
    }

    /** Stores {@code bytes} as they are (any charset) and makes their message.delivered into {@code folder}. */
    public static Delivered deliverBytes(MinioClient client, Account account, String folder, byte[] bytes, long uid,
            Instant at) {
        Blob blob = store(client, BLOBS, Blob.ofBytes(bytes));
        MessageSummary summary = new MessageSummary(null, account.address(), null, null, null, at, false);
        Event event = Event.of(PROTOCOL, EventType.MESSAGE_DELIVERED, account.domain(), account.id(),
                new NewMessage(account.address(), folder, 7L, uid, blob.id(), blob.bytes().length, at, summary, null));
        return new Delivered(account, blob, event, uid);
    }

    /** protocol-service's message.flags-changed of a delivered message: its \Seen and \Flagged as of {@code modSeq}. */
    public static Event flagsChanged(Delivered delivered, boolean seen, boolean flagged, long modSeq) {
        NewMessage data = delivered.data();
        return Event.of(PROTOCOL, EventType.MESSAGE_FLAGS_CHANGED, delivered.account().domain(),
                delivered.account().id(), new MessageFlagsChanged(data.address(), data.folder(), data.uidValidity(),
                        data.uid(), new FlagState(seen, flagged, modSeq)));
    }

    /** protocol-service's message.moved of a delivered message (IMAP MOVE) to {@code folder}, UID {@code uid}. */
    public static Event moved(Delivered delivered, String folder, long uidValidity, long uid, long modSeq) {
        NewMessage data = delivered.data();
        return Event.of(PROTOCOL, EventType.MESSAGE_MOVED, delivered.account().domain(), delivered.account().id(),
                new MessageMoved(data.address(), data.folder(), data.uidValidity(), data.uid(), folder, uidValidity,
                        uid, modSeq));
    }

    /** The message.appended of an IMAP COPY of a delivered message into {@code folder} (the same blob). */
    public static Delivered copied(Delivered delivered, String folder, long uid) {
        NewMessage data = delivered.data();
        Event event = Event.of(PROTOCOL, EventType.MESSAGE_APPENDED, delivered.account().domain(),
                delivered.account().id(), new NewMessage(data.address(), folder, data.uidValidity(), uid,
                        data.blobId(), data.size(), data.internalDate(), data.summary(), null));
        return new Delivered(delivered.account(), delivered.blob(), event, uid);
    }

    /** The message.copy-removed of an expunged copy while another copy of the message stays live. */
    public static Event copyRemoved(Delivered copy) {
        NewMessage data = copy.data();
        return Event.of(PROTOCOL, EventType.MESSAGE_COPY_REMOVED, copy.account().domain(), copy.account().id(),
                new MessageCopyRemoved(data.address(), data.folder(), data.uidValidity(), data.uid(), data.blobId(),
                        data.size(), RemovalReason.IMAP_EXPUNGE));
    }

    /** The message.removed of an IMAP EXPUNGE of a delivered message after it moved to {@code folder}/{@code uid}. */
    public static Event expungedFrom(Delivered delivered, String folder, long uid, Instant at) {
        NewMessage data = delivered.data();
        return Event.of(PROTOCOL, EventType.MESSAGE_REMOVED, delivered.account().domain(), delivered.account().id(),
                new MessageRemoved(data.address(), folder, data.uidValidity(), uid, data.blobId(), data.size(),
                        data.internalDate(), at, Direction.RECEIVED, RemovalReason.IMAP_EXPUNGE, data.summary()));
    }

    /** The message.removed (POP3 DELE) of a delivered message. */
    public static Event removed(Delivered delivered, Instant at) {
        NewMessage data = delivered.data();
        return Event.of(PROTOCOL, EventType.MESSAGE_REMOVED, delivered.account().domain(), delivered.account().id(),
                new MessageRemoved(data.address(), data.folder(), data.uidValidity(), data.uid(), data.blobId(),
                        data.size(), data.internalDate(), at, Direction.RECEIVED, RemovalReason.POP3_DELETE,
                        data.summary()));
    }

    /** The message.removed of an IMAP EXPUNGE of a delivered message, archived with {@code direction}. */
    public static Event expunged(Delivered delivered, Direction direction, Instant at) {
        NewMessage data = delivered.data();
        return Event.of(PROTOCOL, EventType.MESSAGE_REMOVED, delivered.account().domain(), delivered.account().id(),
                new MessageRemoved(data.address(), data.folder(), data.uidValidity(), data.uid(), data.blobId(),
                        data.size(), data.internalDate(), at, direction, RemovalReason.IMAP_EXPUNGE,
                        data.summary()));
    }

    /** archive-service's archive.stored for {@code removal} (or submission), with a fresh archive id. */
    public static Event stored(Event removal, Instant at) {
        if (removal.data() instanceof MessageSubmitted data) {
            return Event.of("/postvault/archive-service", EventType.ARCHIVE_STORED, removal.domain(),
                    removal.account(), new ArchiveStored(UUID.randomUUID(), removal.id(), data.address(),
                            data.blobId(), data.size(), Direction.SENT, at));
        }
        MessageRemoved data = (MessageRemoved) removal.data();
        return Event.of("/postvault/archive-service", EventType.ARCHIVE_STORED, removal.domain(), removal.account(),
                new ArchiveStored(UUID.randomUUID(), removal.id(), data.address(), data.blobId(), data.size(),
                        data.direction(), at));
    }

    /** A message sent through SMTP submission: its blob in the live bucket and its message.submitted. */
    public static Event submitted(MinioClient client, Account account, String rfc5322, Instant at) {
        Blob blob = store(client, BLOBS, Blob.of(rfc5322));
        MessageSummary summary = new MessageSummary(account.address(), null, null, null, null, at, false);
        return Event.of(PROTOCOL, EventType.MESSAGE_SUBMITTED, account.domain(), account.id(),
                new MessageSubmitted(account.address(), blob.id(), blob.bytes().length, at, account.address(),
                        List.of("friend@example.org"), summary));
    }

    /** archive-service's archive.deleted of the entry named by {@code stored}. */
    public static Event deleted(Event stored) {
        ArchiveStored data = (ArchiveStored) stored.data();
        return Event.of("/postvault/archive-service", EventType.ARCHIVE_DELETED, stored.domain(), stored.account(),
                new ArchiveDeleted(data.archiveId(), data.address(), data.blobId(), data.size()));
    }

    /** archive-service's archive.evicted of the entry named by {@code stored}. */
    public static Event evicted(Event stored) {
        ArchiveStored data = (ArchiveStored) stored.data();
        return Event.of("/postvault/archive-service", EventType.ARCHIVE_EVICTED, stored.domain(), stored.account(),
                new ArchiveEvicted(UUID.randomUUID(), List.of(new ArchiveEvicted.Entry(data.archiveId(),
                        data.address(), data.blobId(), data.size())), data.size()));
    }
}
