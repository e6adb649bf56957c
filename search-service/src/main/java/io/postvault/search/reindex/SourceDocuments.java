package io.postvault.search.reindex;

import io.postvault.events.data.FlagState;
import io.postvault.events.data.MessageSummary;
import io.postvault.search.extract.ExtractedMessage;
import io.postvault.search.index.IndexedMessage;
import io.postvault.search.index.IndexedMessage.Status;
import io.postvault.search.reindex.Sources.ArchivedEntry;
import io.postvault.search.reindex.Sources.LiveMessage;
import java.util.List;
import java.util.Locale;

/**
 * The documents of messages read from their owning services: the same keys and fields as the events give them, so a
 * later event about the message finds and replaces the document a reindex made. Headers come from the bytes, else from
 * what the service listed.
 */
public final class SourceDocuments {

    private static final MessageSummary NO_SUMMARY = new MessageSummary(null, null, null, null, null, null, false);

    private SourceDocuments() {
    }

    public static IndexedMessage live(String accountId, String domain, LiveMessage m, ExtractedMessage text) {
        MessageSummary s = m.summary() == null ? NO_SUMMARY : m.summary();
        return new IndexedMessage(IndexedMessage.liveKey(accountId, m.folder(), m.uidValidity(), m.uid()), accountId,
                m.address(), domain, Status.LIVE, IndexedMessage.directionOfFolder(m.folder()), m.folder(),
                m.uidValidity(), m.uid(), null, null, m.blobId(), m.size(), m.internalDate(), null,
                or(text.from(), s.from()), or(text.to(), s.to()), or(text.cc(), s.cc()),
                or(text.subject(), s.subject()), or(text.messageId(), s.messageId()), text.body(), text.attachments(),
                flags(m), false);
    }

    /** \\Seen and \\Flagged as listed, at the MODSEQ listed (0 from a version that did not list it). */
    private static FlagState flags(LiveMessage m) {
        List<String> flags = m.flags() == null ? List.of() : m.flags();
        return new FlagState(flags.contains("\\Seen"), flags.contains("\\Flagged"), m.modSeq() == null ? 0 : m.modSeq());
    }

    /** Keyed by the event that archived it, as {@code message.removed} / {@code message.submitted} key it. */
    public static IndexedMessage archived(ArchivedEntry e, ExtractedMessage text) {
        if (e.sourceEventId() == null || e.accountId() == null) {
            throw new Sources.SourceException("archive-service listed entry " + e.id()
                    + " without its sourceEventId or accountId: the index keys archived messages by them", null);
        }
        String sourceEvent = e.sourceEventId().toString();
        return new IndexedMessage(IndexedMessage.archivedKey(e.accountId(), sourceEvent), e.accountId(), e.address(),
                e.domain(), Status.ARCHIVED, e.direction().toLowerCase(Locale.ROOT), e.originFolder(), null, null,
                e.id().toString(), sourceEvent, e.blobId(), e.size(), e.internalDate(), e.removedAt(),
                or(text.from(), e.from()), or(text.to(), e.to()), or(text.cc(), e.cc()),
                or(text.subject(), e.subject()), or(text.messageId(), e.messageId()), text.body(), text.attachments(),
                null, false);
    }

    private static String or(String first, String second) {
        return first != null ? first : second;
    }
}
