package io.postvault.search.service;

import io.postvault.events.Event;
import io.postvault.events.data.ArchiveDeleted;
import io.postvault.events.data.ArchiveEvicted;
import io.postvault.events.data.ArchiveStored;
import io.postvault.events.data.MessageCopyRemoved;
import io.postvault.events.data.MessageFlagsChanged;
import io.postvault.events.data.MessageMoved;
import io.postvault.events.data.MessageRemoved;
import io.postvault.events.data.MessageSubmitted;
import io.postvault.events.data.MessageSummary;
import io.postvault.events.data.NewMessage;
import io.postvault.search.config.SearchConfig;
import io.postvault.search.extract.ExtractedMessage;
import io.postvault.search.extract.MessageTextExtractor;
import io.postvault.search.index.Fields;
import io.postvault.search.index.IndexedMessage;
import io.postvault.search.index.IndexedMessage.Status;
import io.postvault.search.index.MessageIndex;
import io.postvault.search.storage.BlobReader;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Applies the events of the mail and archive topics to the index. Keys make every change an upsert or a delete, so
 * a redelivered event rewrites the same document; an event already applied and committed (its id in the inbox) is
 * skipped, so an old event replayed later (a retried dead letter) cannot bring back a message that has left. The inbox
 * is this replica's ({@link AppliedEvents}): every replica applies every event to its own index.
 *
 * <p>A message has one document per identity: {@code live|account|folder|uidvalidity|uid} while in a folder (re-keyed
 * by {@code message.moved}; a copy's document leaves with {@code message.copy-removed}), then
 * {@code archived|account|removal-event} once removed or sent (archive.stored names that event, and adds the archive
 * id). Evicted and deleted archive entries leave the index.
 */
@ApplicationScoped
public class IndexingService {

    private static final Logger LOG = Logger.getLogger(IndexingService.class);

    private final MessageIndex index;
    private final BlobReader blobs;
    private final AppliedEvents applied;
    private final EntityManager entityManager;
    private final MessageTextExtractor extractor;
    private final AccountDirectory directory;
    /** Events applied but not yet committed and recorded in the inbox: a duplicate arriving meanwhile is skipped. */
    private final Set<UUID> applying = ConcurrentHashMap.newKeySet();

    IndexingService(MessageIndex index, BlobReader blobs, AppliedEvents applied, EntityManager entityManager,
            SearchConfig config, AccountDirectory directory) {
        this.index = index;
        this.directory = directory;
        this.blobs = blobs;
        this.applied = applied;
        this.entityManager = entityManager;
        this.extractor = new MessageTextExtractor(config.extraction().maxTextChars());
    }

    /**
     * Applies {@code event}; the future completes once its effect is committed and its id recorded. Events of types
     * that do not change the index complete at once; a duplicate of an applied event completes at the next commit.
     */
    public CompletableFuture<Void> apply(Event event) {
        directory.remember(event);
        if (!changesIndex(event)) {
            return CompletableFuture.completedFuture(null);
        }
        if (applying.contains(event.id()) || applied.contains(event)) {
            return index.durable();
        }
        switch (event.type()) {
            case MESSAGE_DELIVERED, MESSAGE_APPENDED -> newMessage(event, (NewMessage) event.data());
            case MESSAGE_FLAGS_CHANGED -> flagsChanged(event, (MessageFlagsChanged) event.data());
            case MESSAGE_MOVED -> moved(event, (MessageMoved) event.data());
            case MESSAGE_COPY_REMOVED -> copyRemoved(event, (MessageCopyRemoved) event.data());
            case MESSAGE_REMOVED -> removed(event, (MessageRemoved) event.data());
            case MESSAGE_SUBMITTED -> submitted(event, (MessageSubmitted) event.data());
            case ARCHIVE_STORED -> stored(event, (ArchiveStored) event.data());
            case ARCHIVE_EVICTED -> ((ArchiveEvicted) event.data()).entries()
                    .forEach(entry -> gone(entry.archiveId()));
            case ARCHIVE_DELETED -> gone(((ArchiveDeleted) event.data()).archiveId());
            default -> throw new IllegalStateException("unhandled " + event.type());
        }
        applying.add(event.id());
        LOG.debugf("indexed %s %s", event.type().wireName(), event.id());
        return index.durable()
                .thenRun(() -> applied.record(event))
                .whenComplete((ok, failure) -> applying.remove(event.id()));
    }

    /**
     * Folder, account and domain deletions are followed or preceded by one message.removed per message, and archive
     * entries live on after them; restores come back as message.appended. None of these changes the index itself.
     */
    static boolean changesIndex(Event event) {
        return switch (event.type()) {
            case MESSAGE_DELIVERED, MESSAGE_APPENDED, MESSAGE_FLAGS_CHANGED, MESSAGE_MOVED, MESSAGE_COPY_REMOVED,
                    MESSAGE_REMOVED, MESSAGE_SUBMITTED, ARCHIVE_STORED, ARCHIVE_EVICTED, ARCHIVE_DELETED -> true;
            default -> false;
        };
    }

    /**
     * The archive entry left: its document leaves the index, and the event that archived it is remembered, so that
     * this event, read late from the mail topic, does not index it again.
     */
    private void gone(UUID archiveId) {
        index.find(Fields.ARCHIVE_ID, archiveId.toString()).map(IndexedMessage::sourceEvent).ifPresent(source ->
                QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                                "INSERT INTO archived_gone (source_event_id, gone_at) VALUES (?1, now())"
                                        + " ON CONFLICT (source_event_id) DO NOTHING")
                        .setParameter(1, UUID.fromString(source)).executeUpdate()));
        index.delete(Fields.ARCHIVE_ID, archiveId.toString());
    }

    private boolean archiveEntryGone(UUID sourceEvent) {
        return QuarkusTransaction.requiringNew().call(() -> !entityManager
                .createNativeQuery("SELECT 1 FROM archived_gone WHERE source_event_id = ?1")
                .setParameter(1, sourceEvent).getResultList().isEmpty());
    }

    private void newMessage(Event event, NewMessage data) {
        ExtractedMessage text = extract(data.blobId(), blobs::liveFirst);
        index.put(new IndexedMessage(IndexedMessage.liveKey(event.account(), data.folder(), data.uidValidity(),
                data.uid()), event.account(), data.address(), event.domain(), Status.LIVE,
                IndexedMessage.directionOfFolder(data.folder()), data.folder(), data.uidValidity(), data.uid(), null, null,
                data.blobId(), data.size(), data.internalDate(), null, or(text.from(), data.summary().from()),
                or(text.to(), data.summary().to()), or(text.cc(), data.summary().cc()),
                or(text.subject(), data.summary().subject()), or(text.messageId(), data.summary().messageId()),
                text.body(), text.attachments(), data.flags() == null ? IndexedMessage.NO_FLAGS : data.flags(),
                false));
    }

    /**
     * The live document of the message takes the new flags, unless it holds flags of a later MODSEQ already (an old
     * event replayed). A message whose live document is not there (archived, or not indexed) is left as it is.
     */
    private void flagsChanged(Event event, MessageFlagsChanged data) {
        String liveKey = IndexedMessage.liveKey(event.account(), data.folder(), data.uidValidity(), data.uid());
        index.find(Fields.KEY, liveKey)
                .filter(live -> live.flags() == null || live.flags().modSeq() <= data.flags().modSeq())
                .filter(live -> !data.flags().equals(live.flags()))
                .ifPresent(live -> index.put(live.withFlags(data.flags())));
    }

    /**
     * The live document takes the message's new name (its stored text and flags go with it, the blob is not read
     * again). A move of a message without a live document here (not indexed) is left as it is.
     */
    private void moved(Event event, MessageMoved data) {
        String fromKey = IndexedMessage.liveKey(event.account(), data.fromFolder(), data.fromUidValidity(),
                data.fromUid());
        index.find(Fields.KEY, fromKey).ifPresent(live -> {
            index.put(live.movedTo(data.folder(), data.uidValidity(), data.uid(), data.modSeq()));
            index.delete(Fields.KEY, fromKey);
        });
    }

    /**
     * A copy left while another copy stays live, or a \Sent copy whose message was archived from its
     * {@code message.submitted}: its live document leaves; nothing is archived.
     */
    private void copyRemoved(Event event, MessageCopyRemoved data) {
        index.delete(Fields.KEY, IndexedMessage.liveKey(event.account(), data.folder(), data.uidValidity(),
                data.uid()));
    }

    private void removed(Event event, MessageRemoved data) {
        String liveKey = IndexedMessage.liveKey(event.account(), data.folder(), data.uidValidity(), data.uid());
        String archivedKey = IndexedMessage.archivedKey(event.account(), event.id().toString());
        String archiveId = index.find(Fields.KEY, archivedKey).map(IndexedMessage::archiveId).orElse(null);
        IndexedMessage live = index.find(Fields.KEY, liveKey).orElseGet(() -> {
            ExtractedMessage text = extract(data.blobId(), blobs::liveFirst);
            return fromSummary(event, data.address(), data.blobId(), data.size(), data.internalDate(), data.summary(),
                    text).withIdentity(data.folder(), data.uidValidity(), data.uid());
        });
        index.delete(Fields.KEY, liveKey);
        if (archiveEntryGone(event.id())) {
            return;
        }
        index.put(live.archived(event.id().toString(), data.direction().name().toLowerCase(Locale.ROOT),
                data.folder(), data.removedAt(), archiveId));
    }

    private void submitted(Event event, MessageSubmitted data) {
        if (archiveEntryGone(event.id())) {
            return;
        }
        String archivedKey = IndexedMessage.archivedKey(event.account(), event.id().toString());
        String archiveId = index.find(Fields.KEY, archivedKey).map(IndexedMessage::archiveId).orElse(null);
        ExtractedMessage text = extract(data.blobId(), blobs::liveFirst);
        index.put(fromSummary(event, data.address(), data.blobId(), data.size(), data.submittedAt(), data.summary(),
                text).archived(event.id().toString(), "sent", null, data.submittedAt(), archiveId));
    }

    private void stored(Event event, ArchiveStored data) {
        String archivedKey = IndexedMessage.archivedKey(event.account(), data.sourceEventId().toString());
        String archiveId = data.archiveId().toString();
        if (archiveEntryGone(data.sourceEventId())) {
            return;
        }
        Optional<IndexedMessage> known = index.find(Fields.KEY, archivedKey);
        if (known.isPresent()) {
            index.put(known.get().withArchiveId(archiveId));
            return;
        }
        // archive.stored came before its removal (another topic): index from the archived blob; the removal, when
        // it comes, completes the document and keeps this archive id. Until then the document is hidden: the
        // message's live document is still there (this replica's mail topic lags), and a message is never listed
        // twice.
        ExtractedMessage text = extract(data.blobId(), blobs::archiveFirst);
        Instant date = text.date() != null ? text.date() : data.removedAt();
        MessageSummary none = new MessageSummary(null, null, null, null, null, null, false);
        index.put(fromSummary(event, data.address(), data.blobId(), data.size(), date, none, text)
                .archived(data.sourceEventId().toString(), data.direction().name().toLowerCase(Locale.ROOT), null,
                        data.removedAt(), archiveId).awaitingSource());
    }

    private IndexedMessage fromSummary(Event event, String address, String blobId, long size, Instant date,
            MessageSummary summary, ExtractedMessage text) {
        return new IndexedMessage("", event.account(), address, event.domain(), Status.LIVE, "received", null, null,
                null, null, null, blobId, size, date, null, or(text.from(), summary.from()),
                or(text.to(), summary.to()), or(text.cc(), summary.cc()), or(text.subject(), summary.subject()),
                or(text.messageId(), summary.messageId()), text.body(), text.attachments(), null, false);
    }

    /** The words of the blob; a blob gone from both buckets leaves the summary of the event to index. */
    private ExtractedMessage extract(String blobId, Function<String, Optional<byte[]>> reader) {
        Optional<byte[]> bytes = reader.apply(blobId);
        if (bytes.isEmpty()) {
            LOG.warnf("blob %s is in neither bucket: indexing the event's summary only", blobId);
            return ExtractedMessage.EMPTY;
        }
        return extractor.extract(bytes.get());
    }

    private static String or(String first, String second) {
        return first != null ? first : second;
    }
}
