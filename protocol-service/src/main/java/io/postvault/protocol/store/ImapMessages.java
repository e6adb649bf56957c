package io.postvault.protocol.store;

import io.postvault.protocol.mime.BodyPart;
import io.postvault.protocol.mime.Envelope;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The messages of one folder as IMAP sees them: UIDs, flags, MODSEQ, the cached parse, and the changes that other
 * sessions made. Every method is blocking and works by UID; sequence numbers are the session's business.
 */
public interface ImapMessages {

    /**
     * A folder opened by SELECT/EXAMINE: its identity, counters and the UIDs of its messages in ascending order;
     * {@code recentUid} is the folder's \Recent mark as read (see {@link #recent}): at or above {@code uidNext}, no
     * message is left for anyone to claim.
     */
    record Opened(long folderId, String name, String specialUse, long uidValidity, long uidNext, long highestModseq,
                  long[] uids, long firstUnseenUid, Set<String> keywords, long recentUid) {
    }

    /**
     * The metadata of one message; {@code envelope} and {@code body} only when asked for, {@code header} (the raw
     * header block, see {@link io.postvault.protocol.mime.HeaderBlock}) when asked for and kept with the message.
     */
    record Meta(long uid, long modseq, Set<String> flags, Instant internalDate, long size, String blobId,
                Envelope envelope, BodyPart body, byte[] header) {
    }

    /** The flags of a message after a change. */
    record Flags(long uid, long modseq, Set<String> flags) {
    }

    /** What a STORE did: the messages it changed, and the UIDs it left alone because of UNCHANGEDSINCE (ascending). */
    record Stored(List<Flags> changed, long[] modified) {
    }

    /** The UIDs a SEARCH found (ascending) and the MODSEQ of each (same index). */
    record Found(long[] uids, long[] modseqs) {

        /** The highest MODSEQ among the messages found (0 when none). */
        public long highestModseq() {
            return Arrays.stream(modseqs).max().orElse(0);
        }
    }

    /**
     * What changed in a folder after a session's MODSEQ and UIDNEXT ({@link #changes}): the folder's counters, the UIDs
     * from that UIDNEXT on (ascending), the messages whose MODSEQ is above that MODSEQ (by UID), and the UIDs that left
     * the folder with a MODSEQ above it (ascending; null when that record was pruned past it, as {@link #vanished}),
     * and the folder's \Recent mark read with the counters (see {@link Opened}).
     */
    record Changes(long uidNext, long highestModseq, long recentUid, long[] added, List<Flags> changed,
                   long[] vanished) {
    }

    /** UIDPLUS: the destination's UIDVALIDITY, the source UIDs and the UIDs they got. */
    record Copied(long uidValidity, long[] sourceUids, long[] targetUids) {
    }

    /** UIDPLUS APPENDUID. */
    record Appended(long uidValidity, long uid) {
    }

    /** How STORE changes flags. */
    enum FlagMode { REPLACE, ADD, REMOVE }

    Opened open(Mailbox account, String folder);

    /**
     * These messages as {@code user} sees them: on the folders of a shared account \Seen is the user's own (every
     * other flag is shared); elsewhere the same as this. One per IMAP session.
     */
    default ImapMessages viewedBy(Mailbox user) {
        return this;
    }

    long[] uids(long folderId);

    /**
     * What changed in the folder since a session reported up to {@code modseq} and {@code uidNext}, in one statement
     * (one snapshot: the changes shown are exactly those up to the counters shown); null when the folder is gone.
     */
    Changes changes(long folderId, long modseq, long uidNext);

    /** Messages whose MODSEQ is above {@code modseq}. */
    List<Flags> changedSince(long folderId, long modseq);

    /**
     * UIDs expunged (or moved away) from the folder with a MODSEQ above {@code modseq}, ascending (QRESYNC); null when
     * the record of removals was pruned past {@code modseq}, so it cannot say (the caller falls back to the UIDs the
     * client knows that are no longer there).
     */
    long[] vanished(long folderId, long modseq);

    /**
     * RFC 3501 \Recent: where the caller's recent messages below {@code uidNext} start. They are the UIDs from the
     * returned one up to {@code uidNext}; none when it is {@code uidNext}. With {@code claim} (SELECT, and a selected
     * session that learns of new messages) the folder's mark moves to {@code uidNext} in the same statement, so across
     * sessions and replicas a message is recent in one session only; without (EXAMINE) the mark is only read.
     */
    long recent(long folderId, long uidNext, boolean claim);

    /**
     * {@link #recent} when the folder's \Recent mark ({@code recentUid}) was read with its {@code uidNext} (by
     * {@link #open} or {@link #changes}): that mark answers, and no transaction runs, unless messages are left to claim.
     */
    default long recent(long folderId, long uidNext, long recentUid, boolean claim) {
        if (recentUid >= uidNext) {
            return uidNext; // every message claimed already
        }
        return claim ? recent(folderId, uidNext, true) : recentUid;
    }

    /** Metadata of the messages with these UIDs (those that still exist), in UID order. */
    default List<Meta> meta(long folderId, long[] uids, boolean withParse) {
        return meta(folderId, uids, withParse, false);
    }

    /** The same, with the header blocks when {@code withHeader}. */
    List<Meta> meta(long folderId, long[] uids, boolean withParse, boolean withHeader);

    /** The message bytes, streamed; the caller closes the stream. */
    InputStream open(String blobId);

    /**
     * The message bytes when this replica holds them in memory, else empty. Unlike every other method here it never
     * blocks: the event loop may call it and read the stream.
     */
    Optional<InputStream> openInMemory(String blobId);

    /**
     * Changes the flags; each changed message gets a new MODSEQ. With {@code unchangedSince} >= 0 (CONDSTORE), messages
     * whose MODSEQ is above it are not changed but reported as modified.
     */
    Stored store(Mailbox account, long folderId, long[] uids, FlagMode mode, Set<String> flags, long unchangedSince);

    /** Copies (or moves) to another folder of the account. TRYCREATE, OVERQUOTA (a copy only). */
    Copied copy(Mailbox account, long folderId, long[] uids, String target, boolean move);

    /**
     * Copies to a folder of another account of the same domain (between a user's own folders and a shared
     * account's): the copies count in {@code targetAccount}'s usage. TRYCREATE, OVERQUOTA.
     */
    Copied copyTo(Mailbox account, long folderId, long[] uids, Mailbox targetAccount, String target);

    /** Removes the messages with these UIDs that carry \Deleted, through the removal path; returns their UIDs. */
    long[] expunge(Mailbox account, long folderId, long[] uids);

    /** Appends the message in {@code file}. TRYCREATE, OVERQUOTA. */
    Appended append(Mailbox account, String folder, Set<String> flags, Instant internalDate, Path file);

    /**
     * Appends a message that the archive keeps already, from the event {@code archivedBy} (the \Sent copy of a
     * submission, archived from its {@code message.submitted}): removing it, or a copy of it in the account, archives
     * nothing again. TRYCREATE, OVERQUOTA.
     */
    Appended appendArchived(Mailbox account, String folder, Set<String> flags, Instant internalDate, Path file,
            UUID archivedBy);

    /** The messages among {@code within} (null: all) that match the key. */
    Found search(long folderId, SearchKey key, long[] within);

    /** The UIDs among {@code within} (null: all) that match the key, in the order of the criteria (ties by UID). */
    long[] sort(long folderId, List<SortCriterion> criteria, SearchKey key, long[] within);
}
