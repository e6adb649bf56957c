package io.postvault.protocol.store.pg;

import io.agroal.api.AgroalDataSource;
import io.postvault.events.data.AccountKind;
import io.postvault.protocol.outbox.OutboxWriter;
import io.postvault.protocol.store.ImapMessages;
import io.postvault.protocol.store.Mailbox;
import io.postvault.protocol.store.SearchKey;
import io.postvault.protocol.store.SortCriterion;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.TreeSet;

/**
 * The messages as one user sees them ({@link ImapMessages#viewedBy}): on the folders of a shared account \Seen is the
 * user's own, kept in {@code seen_message} (V31) instead of the message's flags, which hold the flags every user
 * shares. A change of the user's \Seen takes a new MODSEQ on the message like any flag change, so CONDSTORE, QRESYNC
 * and the other sessions' updates stay coherent (another user is told of the new MODSEQ with flags unchanged for
 * him). Folders of personal accounts pass straight through. One instance per IMAP session; it learns which folders are
 * shared when they are opened.
 */
final class PrivateSeenMessages implements ImapMessages {

    private static final String SEEN = "\\Seen";

    private final PgImapMessages store;
    private final AgroalDataSource dataSource;
    private final OutboxWriter outbox;
    private final Mailbox user;
    private final Set<Long> sharedFolders = java.util.concurrent.ConcurrentHashMap.newKeySet();

    PrivateSeenMessages(PgImapMessages store, AgroalDataSource dataSource, OutboxWriter outbox, Mailbox user) {
        this.store = store;
        this.dataSource = dataSource;
        this.outbox = outbox;
        this.user = user;
    }

    private boolean shared(long folderId) {
        return sharedFolders.contains(folderId);
    }

    @Override
    public Opened open(Mailbox account, String folder) {
        Opened opened = store.open(account, folder);
        if (account.kind() != AccountKind.SHARED) {
            return opened;
        }
        sharedFolders.add(opened.folderId());
        long firstUnseen = query("""
                SELECT min(m.uid) FROM message m WHERE m.folder_id = ? AND NOT EXISTS (
                    SELECT 1 FROM seen_message s WHERE s.message_id = m.id AND s.user_account_id = ?)""",
                opened.folderId(), null)[0];
        return new Opened(opened.folderId(), opened.name(), opened.specialUse(), opened.uidValidity(),
                opened.uidNext(), opened.highestModseq(), opened.uids(), firstUnseen, opened.keywords(),
                opened.recentUid());
    }

    @Override
    public long recent(long folderId, long uidNext, boolean claim) {
        return store.recent(folderId, uidNext, claim);
    }

    @Override
    public long[] uids(long folderId) {
        return store.uids(folderId);
    }

    @Override
    public List<Flags> changedSince(long folderId, long modseq) {
        List<Flags> changed = store.changedSince(folderId, modseq);
        if (!shared(folderId) || changed.isEmpty()) {
            return changed;
        }
        return withOwnSeen(folderId, changed);
    }

    /** The flags as the user sees them: the shared ones, with the user's own \Seen. */
    private List<Flags> withOwnSeen(long folderId, List<Flags> changed) {
        Set<Long> seen = seen(folderId, changed.stream().mapToLong(Flags::uid).toArray());
        return changed.stream().map(f -> new Flags(f.uid(), f.modseq(), own(f.flags(), seen.contains(f.uid()))))
                .toList();
    }

    @Override
    public Changes changes(long folderId, long modseq, long uidNext) {
        Changes changes = store.changes(folderId, modseq, uidNext);
        if (changes == null || !shared(folderId) || changes.changed().isEmpty()) {
            return changes;
        }
        return new Changes(changes.uidNext(), changes.highestModseq(), changes.recentUid(), changes.added(),
                withOwnSeen(folderId, changes.changed()), changes.vanished());
    }

    @Override
    public long[] vanished(long folderId, long modseq) {
        return store.vanished(folderId, modseq);
    }

    @Override
    public List<Meta> meta(long folderId, long[] uids, boolean withParse, boolean withHeader) {
        List<Meta> metas = store.meta(folderId, uids, withParse, withHeader);
        if (!shared(folderId) || metas.isEmpty()) {
            return metas;
        }
        Set<Long> seen = seen(folderId, uids);
        return metas.stream().map(m -> new Meta(m.uid(), m.modseq(), own(m.flags(), seen.contains(m.uid())),
                m.internalDate(), m.size(), m.blobId(), m.envelope(), m.body(), m.header())).toList();
    }

    @Override
    public InputStream open(String blobId) {
        return store.open(blobId);
    }

    @Override
    public Optional<InputStream> openInMemory(String blobId) {
        return store.openInMemory(blobId);
    }

    @Override
    public Stored store(Mailbox account, long folderId, long[] uids, FlagMode mode, Set<String> flags,
            long unchangedSince) {
        if (!shared(folderId)) {
            return store.store(account, folderId, uids, mode, flags, unchangedSince);
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                return storeShared(c, account, folderId, uids, mode, flags, unchangedSince);
            }
        });
    }

    /**
     * The shared flags on the message rows, the user's \Seen in seen_message, one new MODSEQ for every change. Only a
     * change of the stored flags gives {@code message.flags-changed}: the user's own \Seen is private to the user.
     */
    private Stored storeShared(Connection c, Mailbox account, long folderId, long[] uids, FlagMode mode,
            Set<String> flags, long unchangedSince) throws SQLException {
        PgImapMessages.FolderRow folder = PgImapMessages.lockFolderRow(c, account, folderId);
        long modseq = folder.highestModseq() + 1;
        long[] modified = new long[0];
        if (unchangedSince >= 0) {
            try (PreparedStatement ps = c.prepareStatement("SELECT uid FROM message WHERE folder_id = ?"
                    + " AND uid = ANY (?) AND modseq > ? ORDER BY uid")) {
                ps.setLong(1, folderId);
                ps.setArray(2, c.createArrayOf("bigint", PgImapMessages.box(uids)));
                ps.setLong(3, unchangedSince);
                modified = PgImapMessages.longs(ps);
            }
        }
        Set<Long> left = new HashSet<>();
        Arrays.stream(modified).forEach(left::add);
        Array eligible = c.createArrayOf("bigint",
                Arrays.stream(uids).filter(u -> !left.contains(u)).boxed().toArray());
        Set<String> shared = new TreeSet<>(flags);
        boolean seen = shared.remove(SEEN);
        List<Long> changed = new ArrayList<>();
        FlagChanges sharedChanges = new FlagChanges(); // the stored flags: the user's own \Seen is nobody else's
        if (mode == FlagMode.REPLACE || !shared.isEmpty()) {
            String after = PgImapMessages.flagsAfter(mode);
            try (PreparedStatement ps = c.prepareStatement("UPDATE message m SET flags = " + after + " FROM "
                    + FlagChanges.OLD_FLAGS + " WHERE m.id = o.id AND m.flags IS DISTINCT FROM " + after
                    + " RETURNING m.id, m.uid, m.flags, " + FlagChanges.BEFORE)) {
                Array array = c.createArrayOf("text", shared.toArray());
                ps.setArray(1, array);
                ps.setLong(2, folderId);
                ps.setArray(3, eligible);
                ps.setArray(4, array);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        changed.add(rs.getLong(1));
                        sharedChanges.note(rs.getLong(2), PgImapMessages.flags(rs.getArray(3)), rs, 4);
                    }
                }
            }
        }
        boolean add = mode == FlagMode.ADD && seen || mode == FlagMode.REPLACE && seen;
        boolean remove = mode == FlagMode.REMOVE && seen || mode == FlagMode.REPLACE && !seen;
        if (add) {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO seen_message (message_id, user_account_id)
                    SELECT id, ? FROM message WHERE folder_id = ? AND uid = ANY (?)
                    ON CONFLICT DO NOTHING RETURNING message_id""")) {
                ps.setObject(1, user.accountId());
                ps.setLong(2, folderId);
                ps.setArray(3, eligible);
                collect(ps, changed);
            }
        } else if (remove) {
            try (PreparedStatement ps = c.prepareStatement("""
                    DELETE FROM seen_message s USING message m
                    WHERE s.message_id = m.id AND s.user_account_id = ? AND m.folder_id = ? AND m.uid = ANY (?)
                    RETURNING s.message_id""")) {
                ps.setObject(1, user.accountId());
                ps.setLong(2, folderId);
                ps.setArray(3, eligible);
                collect(ps, changed);
            }
        }
        List<Flags> out = new ArrayList<>();
        if (!changed.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE message SET modseq = ? WHERE id = ANY (?)"
                    + " RETURNING uid, modseq, flags, EXISTS (SELECT 1 FROM seen_message s"
                    + " WHERE s.message_id = message.id AND s.user_account_id = ?)")) {
                ps.setLong(1, modseq);
                ps.setArray(2, c.createArrayOf("bigint", changed.toArray()));
                ps.setObject(3, user.accountId());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Flags(rs.getLong(1), rs.getLong(2),
                                own(PgImapMessages.flags(rs.getArray(3)), rs.getBoolean(4))));
                    }
                }
            }
            StatementPipeline pipeline = new StatementPipeline()
                    .add("UPDATE folder SET highest_modseq = ? WHERE id = ?", modseq, folderId);
            outbox.appendAllTo(pipeline, sharedChanges.events(account, folder, modseq)).execute(c);
        }
        out.sort((a, b) -> Long.compare(a.uid(), b.uid()));
        return new Stored(out, modified);
    }

    private static void collect(PreparedStatement ps, List<Long> ids) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                if (!ids.contains(rs.getLong(1))) {
                    ids.add(rs.getLong(1));
                }
            }
        }
    }

    @Override
    public Copied copy(Mailbox account, long folderId, long[] uids, String target, boolean move) {
        if (move || !shared(folderId)) {
            return store.copy(account, folderId, uids, target, move); // a move keeps the rows, and so the \Seen rows
        }
        return copyTo(account, folderId, uids, account, target);
    }

    /** The user's \Seen goes with the copies: as a flag into a personal folder, as the user's own into a shared one. */
    @Override
    public Copied copyTo(Mailbox account, long folderId, long[] uids, Mailbox targetAccount, String target) {
        long[] seen = shared(folderId) ? seen(folderId, uids).stream().mapToLong(Long::longValue).toArray()
                : new long[0];
        if (targetAccount.kind() != AccountKind.SHARED) {
            return store.copy(account, folderId, uids, targetAccount, target, false, seen, (c, id, copies) -> { });
        }
        return store.copy(account, folderId, uids, targetAccount, target, false, seen, (c, targetId, copies) -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO seen_message (message_id, user_account_id)
                    SELECT id, ? FROM message WHERE folder_id = ? AND uid = ANY (?) AND '\\Seen' = ANY (flags)
                    ON CONFLICT DO NOTHING""")) {
                ps.setObject(1, user.accountId());
                ps.setLong(2, targetId);
                ps.setArray(3, c.createArrayOf("bigint", PgImapMessages.box(copies)));
                ps.executeUpdate();
            }
        });
    }

    @Override
    public long[] expunge(Mailbox account, long folderId, long[] uids) {
        return store.expunge(account, folderId, uids);
    }

    @Override
    public Appended append(Mailbox account, String folder, Set<String> flags, Instant internalDate, Path file) {
        if (account.kind() != AccountKind.SHARED || !flags.contains(SEEN)) {
            return store.append(account, folder, flags, internalDate, file);
        }
        Set<String> shared = new LinkedHashSet<>(flags);
        shared.remove(SEEN);
        return store.append(account, folder, shared, internalDate, file, (c, uidValidity, uid) -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO seen_message (message_id, user_account_id)
                    SELECT m.id, ? FROM message m JOIN folder f ON f.id = m.folder_id
                    WHERE f.account_id = ? AND f.name = ? AND m.uid = ?""")) {
                ps.setObject(1, user.accountId());
                ps.setObject(2, account.accountId());
                ps.setString(3, folder);
                ps.setLong(4, uid);
                ps.executeUpdate();
            }
        });
    }

    @Override
    public Appended appendArchived(Mailbox account, String folder, Set<String> flags, Instant internalDate, Path file,
            UUID archivedBy) {
        return store.appendArchived(account, folder, flags, internalDate, file, archivedBy);
    }

    @Override
    public Found search(long folderId, SearchKey key, long[] within) {
        return store.search(folderId, shared(folderId) ? ownSeen(key, folderId) : key, within);
    }

    @Override
    public long[] sort(long folderId, List<SortCriterion> criteria, SearchKey key, long[] within) {
        return store.sort(folderId, criteria, shared(folderId) ? ownSeen(key, folderId) : key, within);
    }

    /** The key with SEEN/UNSEEN answered from the user's own \Seen: the UIDs the user has seen. */
    private SearchKey ownSeen(SearchKey key, long folderId) {
        return rewrite(key, new long[][] {null}, folderId);
    }

    private SearchKey rewrite(SearchKey key, long[][] seenRanges, long folderId) {
        if (key instanceof SearchKey.And and) {
            return new SearchKey.And(and.keys().stream().map(k -> rewrite(k, seenRanges, folderId)).toList());
        }
        if (key instanceof SearchKey.Or or) {
            return new SearchKey.Or(rewrite(or.left(), seenRanges, folderId), rewrite(or.right(), seenRanges, folderId));
        }
        if (key instanceof SearchKey.Not not) {
            return new SearchKey.Not(rewrite(not.key(), seenRanges, folderId));
        }
        if (key instanceof SearchKey.Flag flag && flag.flag().equals(SEEN)) {
            if (seenRanges[0] == null) {
                seenRanges[0] = ranges(query("""
                        SELECT m.uid FROM message m JOIN seen_message s ON s.message_id = m.id
                        WHERE m.folder_id = ? AND s.user_account_id = ? ORDER BY m.uid""", folderId, null));
            }
            SearchKey seen = new SearchKey.UidRanges(seenRanges[0]);
            return flag.set() ? seen : new SearchKey.Not(seen);
        }
        return key;
    }

    /** Ascending UIDs as inclusive ranges {@code [from0, to0, from1, to1, ...]}. */
    static long[] ranges(long[] uids) {
        long[] out = new long[uids.length * 2];
        int n = 0;
        for (long uid : uids) {
            if (n > 0 && out[n - 1] + 1 == uid) {
                out[n - 1] = uid;
            } else {
                out[n++] = uid;
                out[n++] = uid;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** The UIDs among {@code uids} the user has seen. */
    private Set<Long> seen(long folderId, long[] uids) {
        Set<Long> out = new HashSet<>();
        for (long uid : query("""
                SELECT m.uid FROM message m JOIN seen_message s ON s.message_id = m.id
                WHERE m.folder_id = ? AND s.user_account_id = ? AND m.uid = ANY (?)""", folderId, uids)) {
            out.add(uid);
        }
        return out;
    }

    /** The first column (longs) of a query on (folder id, user id[, uids]). */
    private long[] query(String sql, long folderId, long[] uids) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, folderId);
            ps.setObject(2, user.accountId());
            if (uids != null) {
                ps.setArray(3, c.createArrayOf("bigint", PgImapMessages.box(uids)));
            }
            return PgImapMessages.longs(ps);
        } catch (SQLException e) {
            throw new StoreException("could not read the user's \\Seen: " + e.getMessage(), e);
        }
    }

    /** The shared flags with the user's own \Seen (a \Seen on the message row itself is nobody's). */
    private static Set<String> own(Set<String> flags, boolean seen) {
        Set<String> out = new TreeSet<>(flags);
        out.remove(SEEN);
        if (seen) {
            out.add(SEEN);
        }
        return out;
    }
}
