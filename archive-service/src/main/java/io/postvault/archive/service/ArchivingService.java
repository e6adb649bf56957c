package io.postvault.archive.service;

import io.postvault.archive.storage.ArchiveBlobStore;
import io.postvault.archive.storage.ArchiveEntry;
import io.postvault.archive.storage.ArchiveRepository;
import io.postvault.archive.storage.BlobReferences;
import io.postvault.archive.storage.OutgoingEvents;
import io.postvault.common.inbox.EventInbox;
import io.postvault.events.Event;
import io.postvault.events.EventIds;
import io.postvault.events.EventType;
import io.postvault.events.data.ArchiveStored;
import io.postvault.events.data.Direction;
import io.postvault.events.data.MessageRemoved;
import io.postvault.events.data.MessageSubmitted;
import io.postvault.events.data.MessageSummary;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Turns a removal or a submission into an archive entry whose bytes are in the archive bucket. */
@ApplicationScoped
public class ArchivingService {

    /** The CloudEvents source of every event this service emits. */
    public static final String SOURCE = "/postvault/archive-service";
    /** The event types this service archives; it ignores the others of the mail topic. */
    public static final Set<EventType> ARCHIVED = Set.of(EventType.MESSAGE_REMOVED, EventType.MESSAGE_SUBMITTED);

    private final EventInbox inbox;
    private final BlobReferences references;
    private final ArchiveBlobStore store;
    private final ArchiveRepository repository;
    private final OutgoingEvents outgoing;

    ArchivingService(EventInbox inbox, BlobReferences references, ArchiveBlobStore store,
            ArchiveRepository repository, OutgoingEvents outgoing) {
        this.inbox = inbox;
        this.references = references;
        this.store = store;
        this.repository = repository;
        this.outgoing = outgoing;
    }

    /**
     * Archives the message of {@code event} in one transaction: the event id in the inbox, a reference to its blob
     * (copied into the archive bucket unless there already), the entry, and the {@code archive.stored} event to
     * publish. Returns the events to publish after the commit: for an event seen before, the ones recorded then.
     *
     * @throws io.postvault.archive.storage.BlobMissingException when the live bucket does not hold the blob
     */
    @Transactional
    public List<Event> archive(Event event) {
        if (!ARCHIVED.contains(event.type())) {
            throw new IllegalArgumentException("not an archived event type: " + event.type().wireName());
        }
        if (!inbox.firstDelivery(event)) {
            return outgoing.causedBy(event.id());
        }
        ArchiveEntry entry = entryOf(event);
        // The reference first: it locks the blob's row, so no deletion of the object can run between the check below
        // and the commit.
        references.acquire(entry.blobId, entry.size);
        store.ensureArchived(entry.blobId);
        repository.persist(entry);
        Event stored = Event.of(SOURCE, EventType.ARCHIVE_STORED, entry.domain, entry.accountId,
                new ArchiveStored(entry.id, event.id(), entry.address, entry.blobId, entry.size, entry.direction,
                        entry.removedAt));
        outgoing.record(event.id(), stored);
        return List.of(stored);
    }

    static ArchiveEntry entryOf(Event event) {
        if (event.account() == null) {
            throw new IllegalArgumentException("event " + event.id() + " names no account");
        }
        ArchiveEntry entry = new ArchiveEntry();
        entry.id = EventIds.next();
        entry.accountId = event.account();
        entry.domain = event.domain().toLowerCase(Locale.ROOT);
        entry.sourceEventId = event.id();
        entry.archivedAt = Instant.now();
        MessageSummary summary;
        if (event.data() instanceof MessageRemoved removed) {
            entry.address = removed.address();
            entry.direction = removed.direction();
            entry.originFolder = removed.folder();
            entry.reason = removed.reason().name();
            entry.removedAt = removed.removedAt();
            entry.internalDate = removed.internalDate();
            entry.size = removed.size();
            entry.blobId = removed.blobId();
            summary = removed.summary();
        } else {
            MessageSubmitted submitted = (MessageSubmitted) event.data();
            entry.address = submitted.address();
            entry.direction = Direction.SENT;
            entry.reason = ArchiveEntry.SUBMITTED;
            entry.removedAt = submitted.submittedAt();
            entry.internalDate = submitted.submittedAt();
            entry.size = submitted.size();
            entry.blobId = submitted.blobId();
            summary = submitted.summary();
        }
        entry.address = entry.address.toLowerCase(Locale.ROOT);
        entry.from = summary.from();
        entry.to = summary.to();
        entry.cc = summary.cc();
        entry.subject = summary.subject();
        entry.messageId = summary.messageId();
        entry.hasAttachments = summary.hasAttachments();
        return entry;
    }
}
