package io.postvault.protocol.imap.session;

import io.postvault.protocol.account.Rights;
import io.postvault.protocol.imap.codec.ImapSyntaxException;
import io.postvault.protocol.imap.codec.SequenceSet;
import io.postvault.protocol.store.FolderChanges;
import io.postvault.protocol.store.ImapMessages;
import io.postvault.protocol.store.Mailbox;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The selected folder of a session: what SELECT/EXAMINE opened, the {@link SelectedView} of sequence numbers, how far
 * the session has reported changes (MODSEQ, UIDNEXT), whose folder it is and the user's rights on it, its own flag
 * changes (not to be echoed back), the result saved by {@code SEARCH RETURN (SAVE)} (RFC 5182, the "$" set), the
 * messages that are \Recent in this session, the keywords its FLAGS responses have defined, and the change
 * notification registration.
 */
public final class SelectedFolder {

    private final long folderId;
    private final String name;
    private final SelectedView view;
    private final boolean readOnly;
    private final Mailbox owner;
    private final Rights rights;
    private final Set<Long> ownModseqs = new HashSet<>();
    private final RecentUids recent = new RecentUids();
    /** The keywords of the last FLAGS response (as the store spells them: it tells keywords apart by case). */
    private final Set<String> keywords = new LinkedHashSet<>();
    private long knownModseq;
    private long knownUidNext;
    private long[] saved = new long[0];
    private FolderChanges.Registration watch;

    /**
     * @param owner  the account the folder belongs to (a shared account's, or the user's own)
     * @param rights the user's RFC 4314 rights on it
     */
    public SelectedFolder(ImapMessages.Opened opened, boolean readOnly, Mailbox owner, Rights rights) {
        // the opening's UID list is not kept: an idle session holds only the compact view
        this.folderId = opened.folderId();
        this.name = opened.name();
        this.view = new SelectedView(opened.uids());
        this.readOnly = readOnly;
        this.owner = owner;
        this.rights = rights;
        this.knownModseq = opened.highestModseq();
        this.knownUidNext = opened.uidNext();
        define(opened.keywords());
    }

    public long folderId() {
        return folderId;
    }

    public String name() {
        return name;
    }

    public Mailbox owner() {
        return owner;
    }

    public Rights rights() {
        return rights;
    }

    public SelectedView view() {
        return view;
    }

    public boolean readOnly() {
        return readOnly;
    }

    public long knownModseq() {
        return knownModseq;
    }

    public long knownUidNext() {
        return knownUidNext;
    }

    /** The session has reported every change up to {@code modseq} and every message below {@code uidNext}. */
    public void reported(long modseq, long uidNext) {
        if (modseq > knownModseq) {
            knownModseq = modseq;
            ownModseqs.removeIf(m -> m <= modseq);
        }
        knownUidNext = uidNext;
    }

    /** A flag change this session made itself: already reported (or silenced), never echoed by the update report. */
    public void ownChange(long modseq) {
        ownModseqs.add(modseq);
    }

    public boolean isOwnChange(long modseq) {
        return ownModseqs.contains(modseq);
    }

    /** The messages with UIDs in {@code [from, to)} are \Recent in this session. */
    public void recent(long from, long to) {
        recent.add(from, to);
    }

    /** How many messages of the view are \Recent in this session (the {@code * n RECENT} response). */
    public int recentCount() {
        return recent.count(view);
    }

    /** The UIDs of the view that are \Recent in this session, ascending (SEARCH RECENT, NEW, OLD). */
    public long[] recentUids() {
        return recent.uids(view);
    }

    /** A message's flags as this session reports them: the stored ones, plus \Recent when it is recent here. */
    public Collection<String> flags(long uid, Collection<String> stored) {
        if (!recent.contains(uid)) {
            return stored;
        }
        List<String> out = new ArrayList<>(stored);
        out.add("\\Recent");
        return out;
    }

    /** The keywords defined for the session so far (its FLAGS response), in the order they were defined. */
    public Collection<String> keywords() {
        return Collections.unmodifiableSet(keywords);
    }

    /**
     * Adds the keywords among {@code flags} that the session's FLAGS response did not define yet; true when there were
     * any, and the caller then sends the FLAGS response again before the flags (RFC 3501 section 7.2.6).
     */
    public boolean define(Collection<String> flags) {
        boolean added = false;
        for (String flag : flags) {
            added |= !flag.startsWith("\\") && keywords.add(flag);
        }
        return added;
    }

    /** RFC 5182: the UIDs of the last {@code SEARCH RETURN (SAVE)}. */
    public void save(long[] uids) {
        saved = uids.clone();
    }

    /**
     * The UIDs a set names: "$" is the saved result (those still in the view), else sequence numbers or UIDs. An out
     * of range sequence number is a syntax error (RFC 3501 section 9: BAD).
     */
    public long[] resolve(SequenceSet set, boolean uid) {
        if (set.saved()) {
            return Arrays.stream(saved).filter(u -> view.seq(u) > 0).toArray();
        }
        if (uid) {
            return view.byUid(set);
        }
        long[] uids = view.bySequence(set);
        if (uids == null) {
            throw new ImapSyntaxException("Invalid message sequence number");
        }
        return uids;
    }

    public void watch(FolderChanges.Registration registration) {
        this.watch = registration;
    }

    /** Stops change notifications. */
    public void close() {
        if (watch != null) {
            watch.close();
            watch = null;
        }
    }
}
