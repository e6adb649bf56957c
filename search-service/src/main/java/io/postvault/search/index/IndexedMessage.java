package io.postvault.search.index;

import io.postvault.events.data.FlagState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.util.BytesRef;

/**
 * One message of the history as the index holds it. Every field is stored, so a document can be read back, changed
 * (live to archived, archive id learnt) and written again without the blob.
 *
 * @param key           the document key ({@link #liveKey} or {@link #archivedKey})
 * @param folder        the folder (live) or origin folder (archived; null for a submission)
 * @param uidValidity   with {@code uid}: the live message's identity in its folder; null when archived from a submission
 * @param archiveId     the archive entry, once archive.stored told it; null while live
 * @param sourceEvent   the removal or submission event id that archived it; null while live
 * @param date          internal date (or submission time, or Date header)
 * @param flags         a live message's \Seen and \Flagged and their MODSEQ; null when archived (the archive keeps
 *                      no flags)
 * @param awaitsSource  an archived document made from archive.stored before its removal or submission event: hidden
 *                      from searches until that event completes it
 */
public record IndexedMessage(String key, String account, String address, String domain, Status status,
                             String direction, String folder, Long uidValidity, Long uid, String archiveId,
                             String sourceEvent, String blobId, long size, Instant date, Instant removedAt,
                             String from, String to, String cc, String subject, String messageId, String body,
                             List<String> attachments, FlagState flags, boolean awaitsSource) {

    /** The flags of a message that arrived with none (a delivery), or whose flags were never told. */
    public static final FlagState NO_FLAGS = new FlagState(false, false, 0);

    /** Where the message is. */
    public enum Status {
        LIVE, ARCHIVED;

        public String term() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Stored text whose postings carry offsets (what the highlighter reads instead of re-analysing the text). */
    private static final FieldType TEXT_WITH_OFFSETS = textWithOffsets();

    private static FieldType textWithOffsets() {
        FieldType type = new FieldType(TextField.TYPE_STORED);
        type.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS);
        type.freeze();
        return type;
    }

    private static final Pattern ADDRESS = Pattern.compile("[^\\s<>,;:\"'()\\[\\]]+@([^\\s<>,;:\"'()\\[\\]]+)");

    public static String liveKey(String account, String folder, long uidValidity, long uid) {
        return "live|" + account + "|" + folder + "|" + uidValidity + "|" + uid;
    }

    public static String archivedKey(String account, String sourceEvent) {
        return "archived|" + account + "|" + sourceEvent;
    }

    /** The direction of a message in {@code folder}: {@code sent} in the Sent folder, else {@code received}. */
    public static String directionOfFolder(String folder) {
        return folder.equalsIgnoreCase("Sent") || folder.toLowerCase(Locale.ROOT).endsWith("/sent")
                ? "sent" : "received";
    }

    public boolean hasAttachments() {
        return !attachments.isEmpty();
    }

    /** Lower-case addresses found in {@code header}, each followed by its domain. */
    public static Set<String> addressesAndDomains(String header) {
        Set<String> terms = new LinkedHashSet<>();
        if (header == null) {
            return terms;
        }
        Matcher matcher = ADDRESS.matcher(header);
        while (matcher.find()) {
            terms.add(matcher.group().toLowerCase(Locale.ROOT));
            terms.add(matcher.group(1).toLowerCase(Locale.ROOT));
        }
        return terms;
    }

    /**
     * The Lucene document. With {@code offsets}, the subject and body postings hold each word's character offsets, so
     * that snippets are cut without analysing the text again; an index generation written before offsets existed
     * keeps its fields as they were (a field's index options cannot change within an index) until a reindex.
     */
    public Document toDocument(boolean offsets) {
        Document doc = new Document();
        doc.add(new StringField(Fields.KEY, key, Field.Store.YES));
        doc.add(new SortedDocValuesField(Fields.KEY, new BytesRef(key)));
        doc.add(new StringField(Fields.ACCOUNT, account, Field.Store.YES));
        doc.add(new StringField(Fields.ADDRESS, address.toLowerCase(Locale.ROOT), Field.Store.YES));
        doc.add(new StringField(Fields.DOMAIN, domain.toLowerCase(Locale.ROOT), Field.Store.YES));
        doc.add(new StringField(Fields.STATUS, status.term(), Field.Store.YES));
        doc.add(new StringField(Fields.DIRECTION, direction, Field.Store.YES));
        exact(doc, Fields.FOLDER, folder);
        stored(doc, Fields.UID_VALIDITY, uidValidity);
        stored(doc, Fields.UID, uid);
        exact(doc, Fields.ARCHIVE_ID, archiveId);
        exact(doc, Fields.SOURCE_EVENT, sourceEvent);
        exact(doc, Fields.BLOB_ID, blobId);
        exact(doc, Fields.MESSAGE_ID, messageId);
        doc.add(new StoredField(Fields.SIZE, size));
        doc.add(new LongPoint(Fields.SIZE, size));
        long millis = date.toEpochMilli();
        doc.add(new StoredField(Fields.DATE, millis));
        doc.add(new LongPoint(Fields.DATE, millis));
        doc.add(new NumericDocValuesField(Fields.DATE, millis));
        if (removedAt != null) {
            doc.add(new StoredField(Fields.REMOVED_AT, removedAt.toEpochMilli()));
        }
        text(doc, Fields.FROM, from);
        text(doc, Fields.TO, to);
        text(doc, Fields.CC, cc);
        text(doc, Fields.SUBJECT, subject, offsets);
        text(doc, Fields.BODY, body, offsets);
        for (String name : attachments) {
            doc.add(new TextField(Fields.ATTACHMENT, name, Field.Store.YES));
            // "budget.pdf" is one word to the tokenizer: its parts are words too.
            doc.add(new TextField(Fields.ATTACHMENT, name.replaceAll("[._\\-]+", " "), Field.Store.NO));
        }
        doc.add(new StringField(Fields.HAS_ATTACHMENT, Boolean.toString(hasAttachments()), Field.Store.YES));
        if (flags != null) {
            doc.add(new StringField(Fields.SEEN, Boolean.toString(flags.seen()), Field.Store.YES));
            doc.add(new StringField(Fields.FLAGGED, Boolean.toString(flags.flagged()), Field.Store.YES));
            doc.add(new StoredField(Fields.MOD_SEQ, flags.modSeq()));
        }
        if (awaitsSource) {
            doc.add(new StringField(Fields.AWAITS_SOURCE, "true", Field.Store.YES));
        }
        for (String term : addressesAndDomains(from)) {
            doc.add(new StringField(Fields.FROM_EXACT, term, Field.Store.NO));
            // The domain also as a word of the from field, so that from:example.net finds every sender there.
            doc.add(new TextField(Fields.FROM, term, Field.Store.NO));
        }
        Set<String> recipients = addressesAndDomains(to);
        recipients.addAll(addressesAndDomains(cc));
        for (String term : recipients) {
            doc.add(new StringField(Fields.TO_EXACT, term, Field.Store.NO));
            doc.add(new TextField(Fields.TO, term, Field.Store.NO));
        }
        return doc;
    }

    public static IndexedMessage fromDocument(Document doc) {
        List<String> attachments = new ArrayList<>();
        for (IndexableField field : doc.getFields(Fields.ATTACHMENT)) {
            attachments.add(field.stringValue());
        }
        return new IndexedMessage(doc.get(Fields.KEY), doc.get(Fields.ACCOUNT), doc.get(Fields.ADDRESS),
                doc.get(Fields.DOMAIN), Status.valueOf(doc.get(Fields.STATUS).toUpperCase(Locale.ROOT)),
                doc.get(Fields.DIRECTION), doc.get(Fields.FOLDER), number(doc, Fields.UID_VALIDITY),
                number(doc, Fields.UID), doc.get(Fields.ARCHIVE_ID), doc.get(Fields.SOURCE_EVENT),
                doc.get(Fields.BLOB_ID), number(doc, Fields.SIZE), Instant.ofEpochMilli(number(doc, Fields.DATE)),
                instant(number(doc, Fields.REMOVED_AT)), doc.get(Fields.FROM), doc.get(Fields.TO), doc.get(Fields.CC),
                doc.get(Fields.SUBJECT), doc.get(Fields.MESSAGE_ID), doc.get(Fields.BODY), attachments,
                flags(doc), doc.get(Fields.AWAITS_SOURCE) != null);
    }

    /** The flags stored; a live document of a generation written before flags were indexed has none: not set. */
    private static FlagState flags(Document doc) {
        if (doc.get(Fields.SEEN) == null) {
            return Status.valueOf(doc.get(Fields.STATUS).toUpperCase(Locale.ROOT)) == Status.LIVE ? NO_FLAGS : null;
        }
        Long modSeq = number(doc, Fields.MOD_SEQ);
        return new FlagState(Boolean.parseBoolean(doc.get(Fields.SEEN)), Boolean.parseBoolean(doc.get(Fields.FLAGGED)),
                modSeq == null ? 0 : modSeq);
    }

    /** This message, archived by {@code sourceEvent}, under its archived key (its flags stay behind). */
    public IndexedMessage archived(String sourceEvent, String direction, String folder, Instant removedAt,
            String archiveId) {
        return new IndexedMessage(archivedKey(account, sourceEvent), account, address, domain, Status.ARCHIVED,
                direction, folder, uidValidity, uid, archiveId, sourceEvent, blobId, size, date, removedAt, from, to,
                cc, subject, messageId, body, attachments, null, false);
    }

    /** This archived message, waiting for its removal or submission event (hidden from searches until then). */
    public IndexedMessage awaitingSource() {
        return new IndexedMessage(key, account, address, domain, status, direction, folder, uidValidity, uid,
                archiveId, sourceEvent, blobId, size, date, removedAt, from, to, cc, subject, messageId, body,
                attachments, flags, true);
    }

    /** This live message with {@code flags}. */
    public IndexedMessage withFlags(FlagState flags) {
        return new IndexedMessage(key, account, address, domain, status, direction, folder, uidValidity, uid,
                archiveId, sourceEvent, blobId, size, date, removedAt, from, to, cc, subject, messageId, body,
                attachments, flags, awaitsSource);
    }

    /** This message with its live identity in a folder. */
    public IndexedMessage withIdentity(String folder, long uidValidity, long uid) {
        return new IndexedMessage(key, account, address, domain, status, direction, folder, uidValidity, uid,
                archiveId, sourceEvent, blobId, size, date, removedAt, from, to, cc, subject, messageId, body,
                attachments, flags, awaitsSource);
    }

    /**
     * This live message moved to {@code folder} (IMAP MOVE): its key, folder, identity and direction follow it; its
     * text and flags stay, with the move's MODSEQ when later than the one held.
     */
    public IndexedMessage movedTo(String folder, long uidValidity, long uid, long modSeq) {
        FlagState moved = flags == null || flags.modSeq() >= modSeq ? flags
                : new FlagState(flags.seen(), flags.flagged(), modSeq);
        return new IndexedMessage(liveKey(account, folder, uidValidity, uid), account, address, domain, status,
                directionOfFolder(folder), folder, uidValidity, uid, archiveId, sourceEvent, blobId, size, date,
                removedAt, from, to, cc, subject, messageId, body, attachments, moved, awaitsSource);
    }

    public IndexedMessage withArchiveId(String archiveId) {
        return new IndexedMessage(key, account, address, domain, status, direction, folder, uidValidity, uid,
                archiveId, sourceEvent, blobId, size, date, removedAt, from, to, cc, subject, messageId, body,
                attachments, flags, awaitsSource);
    }

    private static void exact(Document doc, String field, String value) {
        if (value != null) {
            doc.add(new StringField(field, value, Field.Store.YES));
        }
    }

    private static void stored(Document doc, String field, Long value) {
        if (value != null) {
            doc.add(new StoredField(field, value));
        }
    }

    private static void text(Document doc, String field, String value) {
        text(doc, field, value, false);
    }

    private static void text(Document doc, String field, String value, boolean offsets) {
        if (value != null && !value.isEmpty()) {
            doc.add(new Field(field, value, offsets ? TEXT_WITH_OFFSETS : TextField.TYPE_STORED));
        }
    }

    private static Long number(Document doc, String field) {
        IndexableField value = doc.getField(field);
        return value == null || value.numericValue() == null ? null : value.numericValue().longValue();
    }

    private static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }
}
