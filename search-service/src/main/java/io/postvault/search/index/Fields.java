package io.postvault.search.index;

import java.util.List;
import java.util.Set;

/** Field names of the index documents. Free-text fields can be named in queries ({@code subject:hello}). */
public final class Fields {

    /** The document key: one document per message identity per account. */
    public static final String KEY = "key";
    public static final String ACCOUNT = "account";
    public static final String ADDRESS = "address";
    public static final String DOMAIN = "domain";
    /** {@code live} or {@code archived}. */
    public static final String STATUS = "status";
    /** {@code received} or {@code sent}. */
    public static final String DIRECTION = "direction";
    public static final String FOLDER = "folder";
    public static final String UID_VALIDITY = "uidValidity";
    public static final String UID = "uid";
    public static final String ARCHIVE_ID = "archiveId";
    /** The removal or submission event that archived the message (archive.stored names it). */
    public static final String SOURCE_EVENT = "sourceEvent";
    public static final String BLOB_ID = "blobId";
    public static final String SIZE = "size";
    /** The message's date: its internal date (delivery), else the submission or Date header. Epoch millis. */
    public static final String DATE = "date";
    public static final String REMOVED_AT = "removedAt";
    public static final String MESSAGE_ID = "messageId";
    public static final String HAS_ATTACHMENT = "hasAttachment";
    /** {@code true} or {@code false}: the live message's \Seen (on a shared account: the stored, shared flag). */
    public static final String SEEN = "seen";
    /** {@code true} or {@code false}: the live message's \Flagged. */
    public static final String FLAGGED = "flagged";
    /** The MODSEQ of the flags indexed (stored only): an older flag change is ignored. */
    public static final String MOD_SEQ = "modSeq";
    /**
     * {@code true} on an archived document indexed from archive.stored before the removal or submission it names was
     * applied: hidden from searches until that event completes it (the message's live document is still there).
     */
    public static final String AWAITS_SOURCE = "awaitsSource";

    public static final String FROM = "from";
    public static final String TO = "to";
    public static final String CC = "cc";
    public static final String SUBJECT = "subject";
    public static final String BODY = "body";
    public static final String ATTACHMENT = "attachment";
    /** Exact sender addresses and their domains, lower case (the {@code from} filter). */
    public static final String FROM_EXACT = "fromExact";
    /** Exact recipient (To and Cc) addresses and their domains, lower case (the {@code to} filter). */
    public static final String TO_EXACT = "toExact";

    /** Fields a query searches when it names none. */
    public static final List<String> DEFAULT_QUERY = List.of(SUBJECT, BODY, FROM, TO, CC, ATTACHMENT);
    /** Free-text fields of addresses (analyzed with the address analyzer). */
    public static final List<String> ADDRESS_TEXT = List.of(FROM, TO, CC);
    /** Fields indexed as exact terms. */
    public static final List<String> EXACT = List.of(KEY, ACCOUNT, ADDRESS, DOMAIN, STATUS, DIRECTION, FOLDER,
            ARCHIVE_ID, SOURCE_EVENT, BLOB_ID, MESSAGE_ID, HAS_ATTACHMENT, FROM_EXACT, TO_EXACT, SEEN, FLAGGED,
            AWAITS_SOURCE);

    /** The stored fields a search hit shows: all but the body (it can be long; snippets read it on their own). */
    public static final Set<String> HIT = Set.of(KEY, ACCOUNT, ADDRESS, DOMAIN, STATUS, DIRECTION,
            FOLDER, UID_VALIDITY, UID, ARCHIVE_ID, SOURCE_EVENT, BLOB_ID, SIZE, DATE, REMOVED_AT, FROM, TO, CC, SUBJECT,
            MESSAGE_ID, ATTACHMENT, HAS_ATTACHMENT, SEEN, FLAGGED, MOD_SEQ, AWAITS_SOURCE);

    private Fields() {
    }
}
