package io.postvault.events;

import io.postvault.events.data.AccountCreated;
import io.postvault.events.data.AccountDeleted;
import io.postvault.events.data.AccountKind;
import io.postvault.events.data.ArchiveDeleted;
import io.postvault.events.data.ArchiveEvicted;
import io.postvault.events.data.ArchiveRestored;
import io.postvault.events.data.ArchiveStored;
import io.postvault.events.data.Direction;
import io.postvault.events.data.DomainCreated;
import io.postvault.events.data.DomainDeleted;
import io.postvault.events.data.EventData;
import io.postvault.events.data.EvictionRequested;
import io.postvault.events.data.FlagState;
import io.postvault.events.data.FolderDeleted;
import io.postvault.events.data.MessageCopyRemoved;
import io.postvault.events.data.MessageFlagsChanged;
import io.postvault.events.data.MessageMoved;
import io.postvault.events.data.MessageRemoved;
import io.postvault.events.data.MessageSubmitted;
import io.postvault.events.data.MessageSummary;
import io.postvault.events.data.NewMessage;
import io.postvault.events.data.PlanChanged;
import io.postvault.events.data.QuotaScope;
import io.postvault.events.data.QuotaWarning;
import io.postvault.events.data.RemovalReason;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** One realistic event of every type, for tests of the contract here and in the services (test-jar). */
public final class SampleEvents {

    public static final String DOMAIN = "example.com";
    public static final String ACCOUNT = "0b7e3c2a-5f0e-4a52-9d7b-2a1f6c1d9e10";
    public static final String ADDRESS = "alice@example.com";
    static final String BLOB = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private static final Instant T = Instant.parse("2026-11-27T10:15:30Z");

    private SampleEvents() {
    }

    /** One event per {@link EventType}, in declaration order. */
    public static List<Event> all() {
        return Arrays.stream(EventType.values()).map(SampleEvents::of).toList();
    }

    public static Event of(EventType type) {
        String account = type == EventType.DOMAIN_CREATED || type == EventType.DOMAIN_DELETED ? null : ACCOUNT;
        return Event.of("/postvault/test", type, DOMAIN, account, data(type));
    }

    static EventData data(EventType type) {
        MessageSummary summary = new MessageSummary("Bob <bob@example.net>", ADDRESS, null, "Lunch? café à midi",
                "<1@example.net>", T.minusSeconds(60), true);
        UUID archiveId = UUID.fromString("018f0a4c-1b2c-7d3e-8f40-123456789abc");
        return switch (type) {
            case MESSAGE_DELIVERED -> new NewMessage(ADDRESS, "INBOX", 1700000000L, 42, BLOB, 10_240, T, summary,
                    null);
            case MESSAGE_APPENDED -> new NewMessage(ADDRESS, "INBOX", 1700000000L, 42, BLOB, 10_240, T, summary,
                    new FlagState(true, false, 7));
            case MESSAGE_FLAGS_CHANGED -> new MessageFlagsChanged(ADDRESS, "INBOX", 1700000000L, 42,
                    new FlagState(true, true, 9));
            case MESSAGE_MOVED -> new MessageMoved(ADDRESS, "INBOX", 1700000000L, 42, "Projects/2025", 1700000001L, 7,
                    11);
            case MESSAGE_COPY_REMOVED -> new MessageCopyRemoved(ADDRESS, "INBOX", 1700000000L, 43, BLOB, 10_240,
                    RemovalReason.IMAP_EXPUNGE);
            case MESSAGE_REMOVED -> new MessageRemoved(ADDRESS, "INBOX", 1700000000L, 42, BLOB, 10_240, T,
                    T.plusSeconds(3600), Direction.RECEIVED, RemovalReason.POP3_DELETE, summary);
            case MESSAGE_SUBMITTED -> new MessageSubmitted(ADDRESS, BLOB, 2048, T, ADDRESS,
                    List.of("bob@example.net", "carol@example.org"), summary);
            case FOLDER_DELETED -> new FolderDeleted(ADDRESS, "Projects/2025", 1700000001L);
            case ACCOUNT_CREATED -> new AccountCreated(ADDRESS, AccountKind.PERSONAL, null);
            case ACCOUNT_DELETED -> new AccountDeleted(ADDRESS);
            case DOMAIN_CREATED -> new DomainCreated(DOMAIN, 10L << 30);
            case DOMAIN_DELETED -> new DomainDeleted(DOMAIN);
            case ARCHIVE_STORED -> new ArchiveStored(archiveId, UUID.randomUUID(), ADDRESS, BLOB, 10_240,
                    Direction.RECEIVED, T.plusSeconds(3600));
            case ARCHIVE_EVICTED -> new ArchiveEvicted(UUID.randomUUID(),
                    List.of(new ArchiveEvicted.Entry(archiveId, ADDRESS, BLOB, 10_240)), 10_240);
            case ARCHIVE_RESTORED -> new ArchiveRestored(archiveId, ADDRESS, "INBOX", BLOB, 10_240);
            case ARCHIVE_DELETED -> new ArchiveDeleted(archiveId, ADDRESS, BLOB, 10_240);
            case EVICTION_REQUESTED -> new EvictionRequested(UUID.randomUUID(), QuotaScope.DOMAIN, null,
                    1_000_000, 700_000, 400_000, 100_000);
            case PLAN_CHANGED -> new PlanChanged(QuotaScope.DOMAIN, null, 20L << 30);
            case QUOTA_WARNING -> new QuotaWarning(QuotaScope.DOMAIN, null, 10L << 20, 9_500_000, 90);
        };
    }
}
