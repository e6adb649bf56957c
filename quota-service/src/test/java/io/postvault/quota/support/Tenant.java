package io.postvault.quota.support;

import io.postvault.events.Event;
import io.postvault.events.EventType;
import io.postvault.events.data.AccountCreated;
import io.postvault.events.data.AccountDeleted;
import io.postvault.events.data.AccountKind;
import io.postvault.events.data.ArchiveDeleted;
import io.postvault.events.data.ArchiveEvicted;
import io.postvault.events.data.ArchiveStored;
import io.postvault.events.data.Direction;
import io.postvault.events.data.DomainCreated;
import io.postvault.events.data.EventData;
import io.postvault.events.data.MessageCopyRemoved;
import io.postvault.events.data.MessageMoved;
import io.postvault.events.data.MessageRemoved;
import io.postvault.events.data.MessageSubmitted;
import io.postvault.events.data.MessageSummary;
import io.postvault.events.data.NewMessage;
import io.postvault.events.data.RemovalReason;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** A fresh domain with one account per test, and the events its mail and archive would produce. */
public final class Tenant {

    private static final MessageSummary SUMMARY = new MessageSummary("bob@example.net", null, null, "hi", null, null,
            false);
    private final AtomicLong uids = new AtomicLong();
    public final String domain;
    public final String accountId = UUID.randomUUID().toString();
    public final String address;

    private Tenant(String domain, String localPart) {
        this.domain = domain;
        this.address = localPart + "@" + domain;
    }

    /** Another account of the same domain. */
    public Tenant sibling(String localPart) {
        return new Tenant(domain, localPart);
    }

    public static Tenant fresh() {
        return new Tenant("t" + UUID.randomUUID().toString().substring(0, 12) + ".test", "alice");
    }

    public Event domainCreated(long quotaBytes) {
        return event(EventType.DOMAIN_CREATED, null, new DomainCreated(domain, quotaBytes));
    }

    public Event accountCreated(Long capBytes) {
        return event(EventType.ACCOUNT_CREATED, accountId, new AccountCreated(address, AccountKind.PERSONAL, capBytes));
    }

    public Event accountDeleted() {
        return event(EventType.ACCOUNT_DELETED, accountId, new AccountDeleted(address));
    }

    public Event delivered(long size) {
        return event(EventType.MESSAGE_DELIVERED, accountId, new NewMessage(address, "INBOX", 1, uids.incrementAndGet(),
                "blob-" + UUID.randomUUID(), size, Instant.now(), SUMMARY, null));
    }

    public Event removed(Event delivered) {
        NewMessage m = (NewMessage) delivered.data();
        return event(EventType.MESSAGE_REMOVED, accountId, new MessageRemoved(address, m.folder(), m.uidValidity(),
                m.uid(), m.blobId(), m.size(), m.internalDate(), Instant.now(), Direction.RECEIVED,
                RemovalReason.POP3_DELETE, SUMMARY));
    }

    /** An IMAP COPY of a delivered message into {@code folder}: its message.appended (the same blob, a new UID). */
    public Event copied(Event delivered, String folder) {
        NewMessage m = (NewMessage) delivered.data();
        return event(EventType.MESSAGE_APPENDED, accountId, new NewMessage(address, folder, 1, uids.incrementAndGet(),
                m.blobId(), m.size(), m.internalDate(), SUMMARY, null));
    }

    /** The \Sent copy of a submitted message (SMTP submission's option): its message.appended, the same blob. */
    public Event sentCopy(Event submitted) {
        MessageSubmitted s = (MessageSubmitted) submitted.data();
        return event(EventType.MESSAGE_APPENDED, accountId, new NewMessage(address, "Sent", 1, uids.incrementAndGet(),
                s.blobId(), s.size(), s.submittedAt(), SUMMARY, null));
    }

    /**
     * The removal of a copy that is not archived: another copy of the message stays in the account, or the message was
     * archived from its submission (a \Sent copy).
     */
    public Event copyRemoved(Event copy) {
        NewMessage m = (NewMessage) copy.data();
        return event(EventType.MESSAGE_COPY_REMOVED, accountId, new MessageCopyRemoved(address, m.folder(),
                m.uidValidity(), m.uid(), m.blobId(), m.size(), RemovalReason.IMAP_EXPUNGE));
    }

    /** An IMAP MOVE of a message into {@code folder}. */
    public Event moved(Event message, String folder) {
        NewMessage m = (NewMessage) message.data();
        return event(EventType.MESSAGE_MOVED, accountId, new MessageMoved(address, m.folder(), m.uidValidity(),
                m.uid(), folder, 1, uids.incrementAndGet(), 5));
    }

    public Event submitted(long size) {
        return event(EventType.MESSAGE_SUBMITTED, accountId, new MessageSubmitted(address, "blob-" + UUID.randomUUID(),
                size, Instant.now(), address, List.of("bob@example.net"), SUMMARY));
    }

    /** The archive's acknowledgement of a removal or submission. */
    public Event stored(Event source) {
        long size;
        String blob;
        if (source.data() instanceof MessageRemoved r) {
            size = r.size();
            blob = r.blobId();
        } else {
            MessageSubmitted s = (MessageSubmitted) source.data();
            size = s.size();
            blob = s.blobId();
        }
        return event(EventType.ARCHIVE_STORED, accountId, new ArchiveStored(UUID.randomUUID(), source.id(), address,
                blob, size, Direction.RECEIVED, Instant.now()));
    }

    /** The archive's eviction of stored entries, in answer to {@code requestId} (null: retention). */
    public Event evicted(UUID requestId, Event... stored) {
        List<ArchiveEvicted.Entry> entries = java.util.Arrays.stream(stored).map(e -> (ArchiveStored) e.data())
                .map(s -> new ArchiveEvicted.Entry(s.archiveId(), s.address(), s.blobId(), s.size())).toList();
        return event(EventType.ARCHIVE_EVICTED, accountId, new ArchiveEvicted(requestId, entries,
                entries.stream().mapToLong(ArchiveEvicted.Entry::size).sum()));
    }

    public Event deleted(Event stored) {
        ArchiveStored s = (ArchiveStored) stored.data();
        return event(EventType.ARCHIVE_DELETED, accountId, new ArchiveDeleted(s.archiveId(), address, s.blobId(),
                s.size()));
    }

    private Event event(EventType type, String account, EventData data) {
        return Event.of("/postvault/test", type, domain, account, data);
    }
}
