package io.postvault.protocol.store.pg;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.postvault.events.Event;
import io.postvault.events.EventType;
import io.postvault.events.data.MessageMoved;
import io.postvault.events.data.MessageSummary;
import io.postvault.events.data.NewMessage;
import io.postvault.events.data.RemovalReason;
import io.postvault.protocol.config.StoreConfig;
import io.postvault.protocol.mime.BodyPart;
import io.postvault.protocol.mime.Envelope;
import io.postvault.protocol.mime.MimeParser;
import io.postvault.protocol.mime.ParsedMessage;
import io.postvault.protocol.outbox.EventSource;
import io.postvault.protocol.outbox.OutboxWriter;
import io.postvault.protocol.store.ImapMessages;
import io.postvault.protocol.store.Mailbox;
import io.postvault.protocol.store.MailboxException;
import io.postvault.protocol.store.MailboxException.Code;
import io.postvault.protocol.store.SearchKey;
import io.postvault.protocol.store.SortCriterion;
import io.postvault.protocol.store.s3.BlobContent;
import io.postvault.protocol.store.s3.BlobStore;
import io.postvault.protocol.store.s3.BlobStoreException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/** IMAP messages in PostgreSQL, bytes in the blob store. Lock order as in the README (domain usage rows last). */
@ApplicationScoped
public class PgImapMessages implements ImapMessages {

    private final AgroalDataSource dataSource;
    private final BlobStore blobs;
    private final MessageRemoval removal;
    private final OutboxWriter outbox;
    private final ObjectMapper json;
    private final StoreConfig config;

    PgImapMessages(AgroalDataSource dataSource, BlobStore blobs, MessageRemoval removal, OutboxWriter outbox,
            ObjectMapper json, StoreConfig config) {
        this.dataSource = dataSource;
        this.blobs = blobs;
        this.removal = removal;
        this.outbox = outbox;
        this.json = json;
        this.config = config;
    }

    /**
     * A transaction that only changes flags commits without waiting for its WAL to reach the disk
     * ({@code postvault.store.async-flag-commits}, README "Flag changes and the disk").
     */
    static final String ASYNC_COMMIT = "SET LOCAL synchronous_commit = off";
    private static final String LOCK_ACCOUNT_USAGE = """
            SELECT a.quota_bytes, u.occupied_bytes FROM account_usage u JOIN account a ON a.id = u.account_id
            WHERE u.account_id = ? FOR NO KEY UPDATE OF u""";
    private static final String ADD_ACCOUNT_USAGE = """
            UPDATE account_usage SET occupied_bytes = occupied_bytes + ?, message_count = message_count + ?
            WHERE account_id = ?""";

    @Override
    public Opened open(Mailbox account, String folder) {
        try (Connection c = dataSource.getConnection()) {
            long id;
            String specialUse;
            long uidValidity;
            long uidNext;
            long modseq;
            Set<String> keywords = new TreeSet<>();
            long firstUnseen;
            long recentUid;
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT id, special_use, uid_validity, uid_next, highest_modseq, keywords, recent_uid,
                           (SELECT min(uid) FROM message m WHERE m.folder_id = f.id AND NOT ('\\Seen' = ANY (m.flags)))
                    FROM folder f WHERE account_id = ? AND name = ?""")) {
                ps.setObject(1, account.accountId());
                ps.setString(2, folder);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new MailboxException(Code.NONEXISTENT, "No such mailbox");
                    }
                    id = rs.getLong(1);
                    specialUse = rs.getString(2);
                    uidValidity = rs.getLong(3);
                    uidNext = rs.getLong(4);
                    modseq = rs.getLong(5);
                    keywords.addAll(flags(rs.getArray(6))); // kept by a trigger (V33): no scan of the messages
                    recentUid = rs.getLong(7);
                    firstUnseen = rs.getLong(8);
                }
            }
            return new Opened(id, folder, specialUse, uidValidity, uidNext, modseq, uids(c, id), firstUnseen,
                    keywords, recentUid);
        } catch (SQLException e) {
            throw new StoreException("could not open folder: " + e.getMessage(), e);
        }
    }

    /**
     * The change report in ONE statement (it runs after nearly every IMAP command of a selected session): the folder's
     * counters and, in the same snapshot, the UIDs from the session's UIDNEXT, the flag changes and the removals above
     * its MODSEQ, each as an array built by a sub-select. A sub-select runs only when its counter moved (a one-time
     * filter on the folder row): new UIDs only below UIDNEXT, and flag changes and removals only up to HIGHESTMODSEQ,
     * since each takes the folder's next MODSEQ. A flag change travels as one text, "uid modseq flag...": flags are
     * IMAP atoms, which hold no space. Parameters: uidNext, modseq, folder. It was four statements before
     * (one round trip, but four executions, plans and snapshots per report).
     */
    private static final String CHANGES = """
            SELECT f.uid_next, f.highest_modseq, f.recent_uid, f.vanished_pruned_modseq,
                   ARRAY(SELECT m.uid FROM message m WHERE m.folder_id = f.id AND m.uid >= u.uid_next
                         AND f.uid_next > u.uid_next ORDER BY m.uid),
                   ARRAY(SELECT m.uid || ' ' || m.modseq || ' ' || array_to_string(m.flags, ' ') FROM message m
                         WHERE m.folder_id = f.id AND m.modseq > u.modseq AND f.highest_modseq > u.modseq
                         ORDER BY m.uid),
                   ARRAY(SELECT v.uid FROM vanished_message v WHERE v.folder_id = f.id AND v.modseq > u.modseq
                         AND f.highest_modseq > u.modseq ORDER BY v.uid)
            FROM folder f, (SELECT ?::bigint AS uid_next, ?::bigint AS modseq) u WHERE f.id = ?""";

    @Override
    public Changes changes(long folderId, long modseq, long uidNext) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(CHANGES)) {
            ps.setLong(1, uidNext);
            ps.setLong(2, modseq);
            ps.setLong(3, folderId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                long prunedModseq = rs.getLong(4);
                return new Changes(rs.getLong(1), rs.getLong(2), rs.getLong(3), longs(rs.getArray(5)),
                        flagChanges(rs.getArray(6)), prunedModseq > modseq ? null : longs(rs.getArray(7)));
            }
        } catch (SQLException e) {
            throw new StoreException("could not read folder changes: " + e.getMessage(), e);
        }
    }

    /** The flag changes of {@link #CHANGES}, each "uid modseq flag...". */
    private static List<Flags> flagChanges(Array array) throws SQLException {
        List<Flags> out = new ArrayList<>();
        for (String change : (String[]) array.getArray()) {
            String[] words = change.split(" ");
            Set<String> flags = new LinkedHashSet<>();
            for (int i = 2; i < words.length; i++) {
                if (!words[i].isEmpty()) {
                    flags.add(words[i]);
                }
            }
            out.add(new Flags(Long.parseLong(words[0]), Long.parseLong(words[1]), flags));
        }
        return out;
    }

    /** A bigint[] as longs. */
    private static long[] longs(Array array) throws SQLException {
        Long[] values = (Long[]) array.getArray();
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    @Override
    public long[] uids(long folderId) {
        try (Connection c = dataSource.getConnection()) {
            return uids(c, folderId);
        } catch (SQLException e) {
            throw new StoreException("could not list uids: " + e.getMessage(), e);
        }
    }

    private static long[] uids(Connection c, long folderId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT uid FROM message WHERE folder_id = ? ORDER BY uid")) {
            ps.setLong(1, folderId);
            ps.setFetchSize(10_000);
            long[] out = new long[64];
            int n = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (n == out.length) {
                        out = Arrays.copyOf(out, n * 2);
                    }
                    out[n++] = rs.getLong(1);
                }
            }
            return Arrays.copyOf(out, n);
        }
    }

    @Override
    public List<Flags> changedSince(long folderId, long modseq) {
        // sorted here, not by ORDER BY uid: with the generic plans of this service's connections an ORDER BY uid makes
        // PostgreSQL read the folder's whole UID index (163 ms on 1,000,000 messages) instead of the MODSEQ index (V43)
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT uid, modseq, flags FROM message WHERE folder_id = ? AND modseq > ?")) {
            ps.setLong(1, folderId);
            ps.setLong(2, modseq);
            List<Flags> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Flags(rs.getLong(1), rs.getLong(2), flags(rs.getArray(3))));
                }
            }
            out.sort(Comparator.comparingLong(Flags::uid));
            return out;
        } catch (SQLException e) {
            throw new StoreException("could not read changes: " + e.getMessage(), e);
        }
    }

    @Override
    public List<Meta> meta(long folderId, long[] uids, boolean withParse, boolean withHeader) {
        UidSet set = new UidSet(uids);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT uid, modseq, flags, internal_date, size, blob_id"
                        + (withParse ? ", envelope, body_structure" : ", NULL, NULL")
                        + (withHeader ? ", header_block" : ", NULL")
                        + " FROM message WHERE folder_id = ? AND " + set.condition("uid") + " ORDER BY uid")) {
            ps.setLong(1, folderId);
            set.bind(c, ps, 2);
            ps.setFetchSize(10_000);
            List<Meta> out = new ArrayList<>(uids.length);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!set.contains(rs.getLong(1))) {
                        continue;
                    }
                    String e = rs.getString(7);
                    String b = rs.getString(8);
                    Envelope envelope = e == null ? null : json.readValue(e, Envelope.class);
                    BodyPart body = b == null ? null : json.readValue(b, BodyPart.class);
                    out.add(new Meta(rs.getLong(1), rs.getLong(2), flags(rs.getArray(3)),
                            rs.getTimestamp(4).toInstant(), rs.getLong(5), rs.getString(6), envelope, body,
                            rs.getBytes(9)));
                }
            }
            return out;
        } catch (SQLException | IOException e) {
            throw new StoreException("could not read messages: " + e.getMessage(), e);
        }
    }

    @Override
    public InputStream open(String blobId) {
        try {
            return blobs.open(blobId);
        } catch (BlobStoreException e) {
            throw new UncheckedIOException(new IOException(e.getMessage(), e));
        }
    }

    @Override
    public Optional<InputStream> openInMemory(String blobId) {
        return blobs.openInMemory(blobId);
    }

    @Override
    public Stored store(Mailbox account, long folderId, long[] uids, FlagMode mode, Set<String> flags,
            long unchangedSince) {
        String expression = flagsAfter(mode);
        String[] flagArray = new TreeSet<>(flags).toArray(String[]::new);
        Long[] uidArray = Arrays.stream(uids).boxed().toArray(Long[]::new);
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                // One round trip for the whole STORE, then the commit: the folder row lock orders concurrent STOREs
                // and gives the new MODSEQ, which the UPDATE reads back under the lock (READ COMMITTED: a new
                // snapshot per statement); the folder's HIGHESTMODSEQ follows only when a message changed.
                StatementPipeline pipeline = new StatementPipeline();
                if (config.asyncFlagCommits()) {
                    pipeline.add(ASYNC_COMMIT);
                }
                int lock = pipeline.size();
                pipeline.add(LOCK_FOLDER, folderId, account.accountId());
                int conditional = pipeline.size();
                if (unchangedSince >= 0) {
                    pipeline.add("SELECT uid FROM message WHERE folder_id = ? AND uid = ANY (?) AND modseq > ?"
                            + " ORDER BY uid", folderId, uidArray, unchangedSince);
                }
                int update = pipeline.size();
                pipeline.add("WITH changed AS (UPDATE message m SET flags = " + expression
                        + ", modseq = (SELECT highest_modseq + 1 FROM folder WHERE id = ?)"
                        + " FROM " + FlagChanges.OLD_FLAGS + " WHERE m.id = o.id AND m.modseq <= ?"
                        + " AND m.flags IS DISTINCT FROM " + expression
                        + " RETURNING m.uid, m.modseq, m.flags, " + FlagChanges.BEFORE + "),"
                        + " bumped AS (UPDATE folder SET highest_modseq = highest_modseq + 1"
                        + " WHERE id = ? AND EXISTS (SELECT 1 FROM changed))"
                        + " SELECT uid, modseq, flags, seen_before, flagged_before FROM changed ORDER BY uid",
                        flagArray, folderId, folderId, uidArray,
                        unchangedSince >= 0 ? unchangedSince : Long.MAX_VALUE, flagArray, folderId);
                List<StatementPipeline.Result> results = pipeline.execute(c);
                if (results.get(lock).rows().isEmpty()) {
                    throw new MailboxException(Code.NONEXISTENT, "Mailbox was deleted");
                }
                long[] modified = unchangedSince >= 0
                        ? results.get(conditional).rows().stream().mapToLong(row -> (Long) row[0]).toArray()
                        : new long[0];
                List<Flags> out = new ArrayList<>();
                FlagChanges changes = new FlagChanges();
                for (Object[] row : results.get(update).rows()) {
                    Flags after = new Flags((Long) row[0], (Long) row[1], flags((Array) row[2]));
                    out.add(after);
                    changes.note(after.uid(), after.flags(), (Boolean) row[3], (Boolean) row[4]);
                }
                if (!changes.isEmpty()) { // the events of \Seen and \Flagged: one more round trip, only then
                    Object[] row = results.get(lock).rows().get(0);
                    FolderRow folder = new FolderRow((Long) row[0], (String) row[1], (Long) row[2]);
                    outbox.appendAllTo(new StatementPipeline(),
                            changes.events(account, folder, folder.highestModseq() + 1)).execute(c);
                }
                return new Stored(out, modified);
            }
        });
    }

    /** SQL for the flags of a row after a STORE in {@code mode}, with one text[] parameter. */
    static String flagsAfter(FlagMode mode) {
        return switch (mode) {
            case REPLACE -> "?::text[]";
            case ADD -> "ARRAY(SELECT DISTINCT f FROM unnest(flags || ?::text[]) f ORDER BY 1)";
            case REMOVE -> "ARRAY(SELECT f FROM unnest(flags) f WHERE f <> ALL (?::text[]) ORDER BY 1)";
        };
    }

    @Override
    public ImapMessages viewedBy(Mailbox user) {
        return new PrivateSeenMessages(this, dataSource, outbox, user);
    }

    /**
     * Records UIDs that leave a folder by a MOVE as vanished (V10), at the folder's next MODSEQ, which it takes (the
     * folder row is locked already). Parameters: folder, folder, UIDs (bigint[]).
     */
    private static final String RECORD_VANISHED = """
            WITH bumped AS (UPDATE folder SET highest_modseq = highest_modseq + 1 WHERE id = ? RETURNING highest_modseq)
            INSERT INTO vanished_message (folder_id, uid, modseq)
            SELECT ?, u, b.highest_modseq FROM bumped b, unnest(?::bigint[]) u
            ON CONFLICT (folder_id, uid) DO UPDATE SET modseq = excluded.modseq""";

    /**
     * The UIDs that left a folder above a MODSEQ, with the mark up to which that record was pruned: one statement, one
     * snapshot, so the mark vouches for the rows (VanishedPruning commits both at once). Parameters: MODSEQ, folder.
     */
    private static final String VANISHED_SINCE = """
            SELECT f.vanished_pruned_modseq, v.uid FROM folder f
            LEFT JOIN vanished_message v ON v.folder_id = f.id AND v.modseq > ?
            WHERE f.id = ? ORDER BY v.uid""";

    @Override
    public long[] vanished(long folderId, long modseq) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(VANISHED_SINCE)) {
            ps.setLong(1, modseq);
            ps.setLong(2, folderId);
            ps.setFetchSize(10_000);
            List<Object[]> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Object[] {rs.getLong(1), rs.getObject(2)});
                }
            }
            return vanished(rows, modseq);
        } catch (SQLException e) {
            throw new StoreException("could not read vanished messages: " + e.getMessage(), e);
        }
    }

    /** The UIDs of {@link #VANISHED_SINCE}'s rows, or null when the record was pruned past {@code modseq}. */
    private static long[] vanished(List<Object[]> rows, long modseq) {
        long[] out = new long[rows.size()];
        int n = 0;
        for (Object[] row : rows) {
            if ((Long) row[0] > modseq) {
                return null;
            }
            if (row[1] != null) {
                out[n++] = (Long) row[1];
            }
        }
        return Arrays.copyOf(out, n);
    }

    @Override
    public long recent(long folderId, long uidNext, boolean claim) {
        if (claim) {
            // the claim locks the row in the subquery and returns the mark it found: two claims never overlap; losing
            // one in a crash only shows those messages as \Recent once more, so it commits like a flag change
            return QuarkusTransaction.requiringNew().call(() -> {
                try (Connection c = dataSource.getConnection()) {
                    StatementPipeline pipeline = new StatementPipeline();
                    if (config.asyncFlagCommits()) {
                        pipeline.add(ASYNC_COMMIT);
                    }
                    int claimed = pipeline.add("""
                            UPDATE folder f SET recent_uid = ?
                            FROM (SELECT id, recent_uid FROM folder WHERE id = ? AND recent_uid < ? FOR NO KEY UPDATE) mark
                            WHERE f.id = mark.id RETURNING mark.recent_uid""", uidNext, folderId, uidNext).size() - 1;
                    List<Object[]> rows = pipeline.execute(c).get(claimed).rows();
                    return rows.isEmpty() ? uidNext : (Long) rows.get(0)[0];
                }
            });
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT least(recent_uid, ?) FROM folder WHERE id = ? AND recent_uid < ?")) {
            ps.setLong(1, uidNext);
            ps.setLong(2, folderId);
            ps.setLong(3, uidNext);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : uidNext;
            }
        } catch (SQLException e) {
            throw new StoreException("could not read recent messages: " + e.getMessage(), e);
        }
    }

    /** The first column of every row, as longs. */
    static long[] longs(PreparedStatement ps) throws SQLException {
        ps.setFetchSize(10_000);
        long[] out = new long[16];
        int n = 0;
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                if (n == out.length) {
                    out = Arrays.copyOf(out, n * 2);
                }
                out[n++] = rs.getLong(1);
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** A locked folder row: what a flag change needs to name its messages in events. */
    record FolderRow(long highestModseq, String name, long uidValidity) {
    }

    /** Locks a folder row of the account and reads what a flag change needs; parameters: folder, account. */
    private static final String LOCK_FOLDER =
            "SELECT highest_modseq, name, uid_validity FROM folder WHERE id = ? AND account_id = ? FOR NO KEY UPDATE";

    /** Locks the folder row and reads it. */
    static FolderRow lockFolderRow(Connection c, Mailbox account, long folderId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(LOCK_FOLDER)) {
            ps.setLong(1, folderId);
            ps.setObject(2, account.accountId());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new MailboxException(Code.NONEXISTENT, "Mailbox was deleted");
                }
                return new FolderRow(rs.getLong(1), rs.getString(2), rs.getLong(3));
            }
        }
    }

    /**
     * Locks the blob rows of the messages a COPY is about to reference, in blob id order (no deadlock between two
     * copies), before any other lock, so the blob collector keeps away from them. The source rows are read again
     * under the later locks: one expunged meanwhile is simply not copied.
     */
    private static void lockBlobsOf(Connection c, long folderId, long[] uids) throws SQLException {
        List<String> blobIds = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT DISTINCT blob_id FROM message WHERE folder_id = ? AND uid = ANY (?) ORDER BY blob_id")) {
            ps.setLong(1, folderId);
            ps.setArray(2, c.createArrayOf("bigint", box(uids)));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    blobIds.add(rs.getString(1));
                }
            }
        }
        for (String blobId : blobIds) {
            BlobRows.lockForReference(c, blobId);
        }
    }

    /** A source row of a copy. */
    private record Source(long id, long uid, long size, String blobId, Instant internalDate, MessageSummary summary,
                          Set<String> flags) {
    }

    @Override
    public Copied copy(Mailbox account, long folderId, long[] uids, String target, boolean move) {
        return copy(account, folderId, uids, account, target, move, new long[0], (c, targetId, targetUids) -> { });
    }

    @Override
    public Copied copyTo(Mailbox account, long folderId, long[] uids, Mailbox targetAccount, String target) {
        return copy(account, folderId, uids, targetAccount, target, false, new long[0], (c, targetId, targetUids) -> { });
    }

    /** Work done in a copy's transaction once the new rows exist (they are in {@code targetId}, UIDs ascending). */
    @FunctionalInterface
    interface InCopyTransaction {
        void run(Connection c, long targetId, long[] targetUids) throws SQLException;
    }

    /**
     * Copies (or moves, within one account) into {@code target} of {@code owner}, an account of the same domain; the
     * copies of the source UIDs in {@code seen} get \Seen (a user's own \Seen of a shared folder). A copy writes one
     * {@code message.appended} per message, a move one {@code message.moved}, in the transaction of the change.
     */
    Copied copy(Mailbox account, long folderId, long[] uids, Mailbox owner, String target, boolean move, long[] seen,
            InCopyTransaction alsoDo) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                if (!move) {
                    lockBlobsOf(c, folderId, uids); // first locks of the transaction (BlobRows)
                }
                long targetId = -1;
                long uidValidity = 0;
                long uidNext = 0;
                long modseq = 0;
                String sourceName = null;
                long sourceUidValidity = 0;
                // the source and target folder rows in id order
                try (PreparedStatement ps = c.prepareStatement("""
                        SELECT id, account_id = ? AND name = ?, uid_validity, uid_next, highest_modseq, name FROM folder
                        WHERE (id = ? AND account_id = ?) OR (account_id = ? AND name = ?)
                        ORDER BY id FOR NO KEY UPDATE""")) {
                    ps.setObject(1, owner.accountId());
                    ps.setString(2, target);
                    ps.setLong(3, folderId);
                    ps.setObject(4, account.accountId());
                    ps.setObject(5, owner.accountId());
                    ps.setString(6, target);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            if (rs.getLong(1) == folderId) {
                                sourceName = rs.getString(6);
                                sourceUidValidity = rs.getLong(3);
                            }
                            if (rs.getBoolean(2)) {
                                targetId = rs.getLong(1);
                                uidValidity = rs.getLong(3);
                                uidNext = rs.getLong(4);
                                modseq = rs.getLong(5) + 1;
                            }
                        }
                    }
                }
                if (targetId < 0) {
                    throw new MailboxException(Code.TRYCREATE, "No such mailbox");
                }
                long[] accountUsage = lockAccountUsage(c, owner);
                List<Source> sources = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT m.id, m.uid, m.size, m.blob_id, m.internal_date, "
                        + "m.flags, " + MessageRows.SUMMARY_COLUMNS + " FROM message m WHERE m.folder_id = ?"
                        + " AND m.uid = ANY (?) ORDER BY m.uid")) {
                    ps.setLong(1, folderId);
                    ps.setArray(2, c.createArrayOf("bigint", box(uids)));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            sources.add(new Source(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4),
                                    rs.getTimestamp(5).toInstant(), MessageRows.summary(rs, 7), flags(rs.getArray(6))));
                        }
                    }
                }
                long bytes = sources.stream().mapToLong(Source::size).sum();
                long[] sourceUids = sources.stream().mapToLong(Source::uid).toArray();
                long[] targetUids = new long[sources.size()];
                for (int i = 0; i < targetUids.length; i++) {
                    targetUids[i] = uidNext + i;
                }
                if (sources.isEmpty()) {
                    return new Copied(uidValidity, sourceUids, targetUids);
                }
                StatementPipeline writes = new StatementPipeline()
                        .add("UPDATE folder SET uid_next = ?, highest_modseq = ? WHERE id = ?",
                                uidNext + sources.size(), modseq, targetId);
                Long[] ids = sources.stream().map(Source::id).toArray(Long[]::new);
                Long[] newUids = Arrays.stream(targetUids).boxed().toArray(Long[]::new);
                List<Event> events = new ArrayList<>(sources.size());
                if (move) {
                    // The same messages under new names. Their source UIDs vanish at the source folder's next MODSEQ,
                    // one for the whole MOVE (V10's record, kept here: V42's row trigger finds them recorded), then
                    // one message.moved each, in source UID order; all in one round trip.
                    writes.add(RECORD_VANISHED, folderId, folderId, Arrays.stream(sourceUids).boxed()
                                    .toArray(Long[]::new))
                            .add("""
                                    UPDATE message m SET folder_id = ?, uid = v.new_uid, modseq = ?
                                    FROM unnest(?::bigint[], ?::bigint[]) AS v(id, new_uid) WHERE m.id = v.id""",
                                    targetId, modseq, ids, newUids);
                    for (int i = 0; i < sources.size(); i++) {
                        events.add(Event.of(EventSource.PROTOCOL_SERVICE, EventType.MESSAGE_MOVED, owner.domain(),
                                owner.accountId().toString(), new MessageMoved(owner.address(), sourceName,
                                        sourceUidValidity, sources.get(i).uid(), target, uidValidity, targetUids[i],
                                        modseq)));
                    }
                    outbox.appendAllTo(writes, events).execute(c);
                    return new Copied(uidValidity, sourceUids, targetUids);
                }
                // a copy within the account is the same message, archived or not as its source; a copy into another
                // account is that account's own message (archives are per account)
                writes.add("""
                        INSERT INTO message (folder_id, account_id, uid, modseq, flags, internal_date, size, blob_id,
                            hdr_from, hdr_to, hdr_cc, hdr_subject, hdr_message_id, hdr_date, has_attachments, envelope,
                            body_structure, header_block, archived_by)
                        SELECT ?, ?, v.new_uid, ?, CASE WHEN m.uid = ANY (?::bigint[])
                                THEN ARRAY(SELECT DISTINCT f FROM unnest(m.flags || ARRAY['\\Seen']) f ORDER BY 1)
                                ELSE m.flags END,
                            m.internal_date, m.size, m.blob_id, m.hdr_from,
                            m.hdr_to, m.hdr_cc, m.hdr_subject, m.hdr_message_id, m.hdr_date, m.has_attachments,
                            m.envelope, m.body_structure, m.header_block,
                            CASE WHEN m.account_id = ? THEN m.archived_by END
                        FROM message m JOIN unnest(?::bigint[], ?::bigint[]) AS v(id, new_uid) ON m.id = v.id""",
                        targetId, owner.accountId(), modseq, Arrays.stream(seen).boxed().toArray(Long[]::new),
                        owner.accountId(), ids, newUids);
                Set<Long> seenCopies = new java.util.HashSet<>();
                Arrays.stream(seen).forEach(seenCopies::add);
                for (int i = 0; i < sources.size(); i++) {
                    Source s = sources.get(i);
                    Set<String> copyFlags = new TreeSet<>(s.flags());
                    if (seenCopies.contains(s.uid())) {
                        copyFlags.add(FlagChanges.SEEN); // as the insert gives it
                    }
                    events.add(Event.of(EventSource.PROTOCOL_SERVICE, EventType.MESSAGE_APPENDED,
                            owner.domain(), owner.accountId().toString(), new NewMessage(owner.address(),
                                    target, uidValidity, targetUids[i], s.blobId(), s.size(), s.internalDate(),
                                    s.summary(), FlagChanges.arriving(copyFlags, modseq))));
                }
                outbox.appendAllTo(writes, events).execute(c); // the rows and their events: one round trip for all
                alsoDo.run(c, targetId, targetUids);
                addUsageWithinQuota(c, owner, accountUsage, bytes, sources.size()); // the domain stripe: last lock
                return new Copied(uidValidity, sourceUids, targetUids);
            }
        });
    }

    @Override
    public long[] expunge(Mailbox account, long folderId, long[] uids) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                // the folder row lock and the rows to remove in one round trip (removals take the next MODSEQ in a
                // trigger, V10): the select reads a snapshot taken after the lock, so no STORE of \Deleted is missed
                StatementPipeline pipeline = new StatementPipeline().add(LOCK_FOLDER, folderId, account.accountId());
                if (uids == null) {
                    pipeline.add("SELECT id, uid FROM message WHERE folder_id = ? AND '\\Deleted' = ANY (flags)"
                            + " ORDER BY uid", folderId);
                } else {
                    pipeline.add("SELECT id, uid FROM message WHERE folder_id = ? AND '\\Deleted' = ANY (flags)"
                            + " AND uid = ANY (?) ORDER BY uid",
                            folderId, Arrays.stream(uids).boxed().toArray(Long[]::new));
                }
                List<StatementPipeline.Result> results = pipeline.execute(c);
                if (results.get(0).rows().isEmpty()) {
                    throw new MailboxException(Code.NONEXISTENT, "Mailbox was deleted");
                }
                List<Long> ids = new ArrayList<>();
                List<Long> removed = new ArrayList<>();
                for (Object[] row : results.get(1).rows()) {
                    ids.add((Long) row[0]);
                    removed.add((Long) row[1]);
                }
                removal.remove(account.accountId(), ids, RemovalReason.IMAP_EXPUNGE);
                return removed.stream().mapToLong(Long::longValue).toArray();
            }
        });
    }

    @Override
    public Appended append(Mailbox account, String folder, Set<String> flags, Instant internalDate, Path file) {
        return append(account, folder, flags, internalDate, file, null, (c, uidValidity, uid) -> { });
    }

    @Override
    public Appended appendArchived(Mailbox account, String folder, Set<String> flags, Instant internalDate, Path file,
            UUID archivedBy) {
        return append(account, folder, flags, internalDate, file, archivedBy, (c, uidValidity, uid) -> { });
    }

    /** Work done in the append's transaction once the message row exists; throwing rolls the append back. */
    @FunctionalInterface
    interface InAppendTransaction {
        void run(Connection c, long uidValidity, long uid) throws SQLException;
    }

    Appended append(Mailbox account, String folder, Set<String> flags, Instant internalDate, Path file,
            InAppendTransaction alsoDo) {
        return append(account, folder, flags, internalDate, file, null, alsoDo);
    }

    /** {@code archivedBy}: the event whose archive entry keeps the message already (V40), or null. */
    private Appended append(Mailbox account, String folder, Set<String> flags, Instant internalDate, Path file,
            UUID archivedBy, InAppendTransaction alsoDo) {
        BlobContent content;
        try {
            content = blobs.read(file);
        } catch (BlobStoreException e) {
            throw new StoreException("could not store the message: " + e.getMessage(), e);
        }
        String blobId = content.blobId();
        long size = content.size();
        ParsedMessage parsed = MimeParser.parse(content::open);
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                // First lock of the transaction (BlobRows): under it no collector deletes the object; a new row
                // means nothing references the blob, so it is uploaded without a lookup.
                blobs.storeLocked(content, BlobRows.lockForReference(c, blobId));
                // Two round trips: the folder and account locks (the account's cap checked here), then the row, its
                // counters and event at once, the domain's counters last and only within its quota (0 rows: over).
                List<StatementPipeline.Result> locked = new StatementPipeline()
                        .add("SELECT id, uid_validity, uid_next, highest_modseq FROM folder"
                                + " WHERE account_id = ? AND name = ? FOR NO KEY UPDATE", account.accountId(), folder)
                        .add(LOCK_ACCOUNT_USAGE, account.accountId())
                        .execute(c);
                if (locked.get(0).rows().isEmpty()) {
                    throw new MailboxException(Code.TRYCREATE, "No such mailbox");
                }
                if (locked.get(1).rows().isEmpty()) {
                    throw new MailboxException(Code.NONEXISTENT, "Account is being deleted");
                }
                Object[] row = locked.get(0).rows().get(0);
                long folderId = (Long) row[0];
                long uidValidity = (Long) row[1];
                long uid = (Long) row[2];
                long modseq = (Long) row[3] + 1;
                Object[] usage = locked.get(1).rows().get(0);
                if (!PgQuotaLimits.fits(Long.MAX_VALUE, 0, (Long) usage[0], (Long) usage[1], size)) {
                    throw new MailboxException(Code.OVERQUOTA, "Quota exceeded");
                }
                MessageSummary summary = parsed.summary();
                StatementPipeline writes = new StatementPipeline()
                        .add("UPDATE folder SET uid_next = ?, highest_modseq = ? WHERE id = ?", uid + 1, modseq,
                                folderId)
                        .add("""
                                INSERT INTO message (folder_id, account_id, uid, modseq, flags, internal_date, size,
                                    blob_id, hdr_from, hdr_to, hdr_cc, hdr_subject, hdr_message_id, hdr_date,
                                    has_attachments, envelope, body_structure, header_block, archived_by)
                                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?::uuid)""",
                                folderId, account.accountId(), uid, modseq, new TreeSet<>(flags).toArray(String[]::new),
                                MessageRows.timestamp(internalDate), size, blobId, summary.from(), summary.to(),
                                summary.cc(), summary.subject(), summary.messageId(),
                                MessageRows.timestamp(summary.date()), summary.hasAttachments(),
                                json.writeValueAsString(parsed.envelope()), json.writeValueAsString(parsed.body()),
                                parsed.header(), archivedBy);
                outbox.appendTo(writes, Event.of(EventSource.PROTOCOL_SERVICE, EventType.MESSAGE_APPENDED,
                        account.domain(), account.accountId().toString(), new NewMessage(account.address(), folder,
                                uidValidity, uid, blobId, size, internalDate, summary,
                                FlagChanges.arriving(flags, modseq))));
                int domainUpdate = writes.add(ADD_ACCOUNT_USAGE, size, 1, account.accountId()).size();
                int stripe = DomainUsage.stripe(account.accountId());
                writes.add(DomainUsage.ADD_WITHIN_ALLOWANCE, size, 1, account.domain(), stripe, size);
                if (writes.execute(c).get(domainUpdate).updateCount() != 1
                        && !DomainUsage.addLocked(c, account.domain(), stripe, size, 1)) {
                    throw new MailboxException(Code.OVERQUOTA, "Quota exceeded");
                }
                alsoDo.run(c, uidValidity, uid);
                return new Appended(uidValidity, uid);
            }
        });
    }

    /** A search key that SQL can answer, and the UIDs it applies to (null: all). */
    private record Scope(SearchKey key, long[] within) {
    }

    /**
     * Resolves BODY/TEXT keys, and HEADER keys without a column, by reading the candidate messages (TextKeys; HEADER
     * keys alone read the header block kept in the row, the blob only where it is not kept); other keys pass through.
     */
    private Scope scope(long folderId, SearchKey key, long[] within) {
        if (!TextKeys.present(key)) {
            return new Scope(key, within);
        }
        List<Object> parameters = new ArrayList<>();
        String where = SearchSql.where(TextKeys.prefilter(key), parameters);
        List<TextKeys.Candidate> candidates = new ArrayList<>();
        UidSet set = new UidSet(within);
        boolean headersOnly = TextKeys.headersOnly(key);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT m.uid, m.blob_id, " + (headersOnly ? "m.header_block" : "NULL")
                        + " FROM message m WHERE m.folder_id = ? AND " + set.condition("m.uid")
                        + " AND (" + where + ") ORDER BY m.uid")) {
            bind(c, ps, folderId, set, parameters);
            ps.setFetchSize(10_000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (set.contains(rs.getLong(1))) {
                        candidates.add(new TextKeys.Candidate(rs.getLong(1), rs.getString(2), rs.getBytes(3)));
                    }
                }
            }
        } catch (SQLException e) {
            throw new StoreException("could not search: " + e.getMessage(), e);
        }
        return new Scope(TextKeys.resolve(key, candidates, this::open),
                candidates.stream().mapToLong(TextKeys.Candidate::uid).toArray());
    }

    @Override
    public Found search(long folderId, SearchKey searchKey, long[] searchWithin) {
        Scope scope = scope(folderId, searchKey, searchWithin);
        SearchKey key = scope.key();
        long[] within = scope.within();
        List<Object> parameters = new ArrayList<>();
        String where = SearchSql.where(key, parameters);
        UidSet set = new UidSet(within);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT m.uid, m.modseq FROM message m WHERE m.folder_id = ? AND " + set.condition("m.uid")
                        + " AND (" + where + ") ORDER BY m.uid")) {
            bind(c, ps, folderId, set, parameters);
            ps.setFetchSize(10_000);
            long[] out = new long[16];
            long[] modseqs = new long[16];
            int n = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!set.contains(rs.getLong(1))) {
                        continue;
                    }
                    if (n == out.length) {
                        out = Arrays.copyOf(out, n * 2);
                        modseqs = Arrays.copyOf(modseqs, n * 2);
                    }
                    out[n] = rs.getLong(1);
                    modseqs[n++] = rs.getLong(2);
                }
            }
            return new Found(Arrays.copyOf(out, n), Arrays.copyOf(modseqs, n));
        } catch (SQLException e) {
            throw new StoreException("could not search: " + e.getMessage(), e);
        }
    }

    @Override
    public long[] sort(long folderId, List<SortCriterion> criteria, SearchKey searchKey, long[] searchWithin) {
        Scope scope = scope(folderId, searchKey, searchWithin);
        SearchKey key = scope.key();
        long[] within = scope.within();
        List<Object> parameters = new ArrayList<>();
        String where = SearchSql.where(key, parameters);
        UidSet set = new UidSet(within);
        boolean inSql = SortOrder.inSql(criteria);
        String matching = " FROM message m WHERE m.folder_id = ? AND " + set.condition("m.uid")
                + " AND (" + where + ")";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(inSql
                ? "SELECT m.uid" + matching + " ORDER BY " + SortOrder.orderBy(criteria)
                : "SELECT m.uid" + SortOrder.columns(criteria) + matching)) {
            bind(c, ps, folderId, set, parameters);
            if (inSql) {
                return Arrays.stream(longs(ps)).filter(set::contains).toArray();
            }
            ps.setFetchSize(10_000);
            List<SortOrder.Row> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (set.contains(rs.getLong(1))) {
                        rows.add(SortOrder.row(rs, criteria));
                    }
                }
            }
            rows.sort(SortOrder.comparator(criteria));
            return rows.stream().mapToLong(SortOrder.Row::uid).toArray();
        } catch (SQLException e) {
            throw new StoreException("could not sort: " + e.getMessage(), e);
        }
    }

    private static void bind(Connection c, PreparedStatement ps, long folderId, UidSet within, List<Object> parameters)
            throws SQLException {
        ps.setLong(1, folderId);
        int i = within.bind(c, ps, 2);
        for (Object parameter : parameters) {
            ps.setObject(i++, parameter);
        }
    }

    /**
     * Raises the account's and the domain's occupied counters, or throws OVERQUOTA (the transaction rolls back) when
     * the account's cap ({@code usage}, locked) or the domain's quota does not allow it. The domain's usage stripe is
     * the LAST lock of the transaction (the lock order of every writer, see PgMailDelivery and V44): taken here, after
     * the account's rows and the outbox key locks, and held only until the commit.
     */
    private static void addUsageWithinQuota(Connection c, Mailbox account, long[] usage, long bytes, int count)
            throws SQLException {
        if (!PgQuotaLimits.fits(Long.MAX_VALUE, 0, usage[0] < 0 ? null : usage[0], usage[1], bytes)) {
            throw new MailboxException(Code.OVERQUOTA, "Quota exceeded");
        }
        int stripe = DomainUsage.stripe(account.accountId());
        List<StatementPipeline.Result> written = new StatementPipeline()
                .add(ADD_ACCOUNT_USAGE, bytes, count, account.accountId())
                .add(DomainUsage.ADD_WITHIN_ALLOWANCE, bytes, count, account.domain(), stripe, bytes)
                .execute(c);
        if (written.get(1).updateCount() != 1 && !DomainUsage.addLocked(c, account.domain(), stripe, bytes, count)) {
            throw new MailboxException(Code.OVERQUOTA, "Quota exceeded");
        }
    }

    /** {cap or -1, occupied} of the account, its usage row locked. */
    private static long[] lockAccountUsage(Connection c, Mailbox account) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(LOCK_ACCOUNT_USAGE)) {
            ps.setObject(1, account.accountId());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new MailboxException(Code.NONEXISTENT, "Account is being deleted");
                }
                long cap = rs.getLong(1);
                return new long[] {rs.wasNull() ? -1 : cap, rs.getLong(2)};
            }
        }
    }

    static Set<String> flags(Array array) throws SQLException {
        return array == null ? Set.of() : new LinkedHashSet<>(Arrays.asList((String[]) array.getArray()));
    }

    static Object[] box(long[] values) {
        Object[] out = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
