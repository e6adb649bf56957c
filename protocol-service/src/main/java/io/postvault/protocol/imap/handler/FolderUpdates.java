package io.postvault.protocol.imap.handler;

import io.postvault.protocol.imap.response.UntaggedResponses;
import io.postvault.protocol.imap.session.SelectedFolder;
import io.postvault.protocol.imap.session.SelectedView;
import io.postvault.protocol.store.ImapMessages;
import io.vertx.core.Future;
import java.util.Arrays;
import java.util.List;

/**
 * Reports what others changed in the selected folder (RFC 3501 section 7.4.1, RFC 7162): expunges (as EXPUNGE, or
 * VANISHED once QRESYNC is enabled) only when allowed, new messages as EXISTS and RECENT, and flag changes as FETCH
 * (with MODSEQ once CONDSTORE is enabled). A session's own flag changes are not echoed. New messages no other session
 * was told of are claimed as this session's \Recent ones (read-write) or only reported as such (read-only); an
 * IMAP4rev2 session has no \Recent (RFC 9051): it claims nothing and writes no RECENT.
 */
public final class FolderUpdates {

    private FolderUpdates() {
    }

    /**
     * @param changes    what changed since the session's last report (null: the folder is gone)
     * @param uids       every UID of the folder when the record of removals was pruned past the session's MODSEQ, so
     *                   expunges are found by comparison; else null
     * @param recentFrom where this session's \Recent messages among the new ones start (see ImapMessages.recent)
     */
    private record Snapshot(ImapMessages.Changes changes, long[] uids, long recentFrom) {
    }

    public static Future<Void> report(ImapContext ctx, boolean allowExpunge) {
        SelectedFolder selected = ctx.selected();
        if (selected == null) {
            return Future.succeededFuture();
        }
        long folderId = selected.folderId();
        long since = selected.knownModseq();
        long uidNext = selected.knownUidNext();
        boolean rev2 = ctx.enabled().imap4rev2();
        boolean claim = !selected.readOnly();
        ImapMessages messages = ctx.messages();
        return ctx.blocking(() -> {
            ImapMessages.Changes changes = messages.changes(folderId, since, uidNext);
            if (changes == null) {
                return new Snapshot(null, null, 0);
            }
            // new messages another session already took as \Recent need no claim (nor a transaction); IMAP4rev2 has
            // no \Recent: none claimed (they stay for a rev1 session), none recent here
            long recentFrom = rev2 || changes.uidNext() <= uidNext ? changes.uidNext()
                    : messages.recent(folderId, changes.uidNext(), changes.recentUid(), claim);
            return new Snapshot(changes, changes.vanished() == null ? messages.uids(folderId) : null, recentFrom);
        }).map(snapshot -> {
            if (ctx.selected() != selected) {
                return null;
            }
            if (snapshot.changes() == null) {
                ctx.bye("Mailbox was deleted");
                return null;
            }
            apply(ctx, selected, snapshot, allowExpunge);
            return null;
        });
    }

    private static void apply(ImapContext ctx, SelectedFolder selected, Snapshot snapshot, boolean allowExpunge) {
        ImapMessages.Changes changes = snapshot.changes();
        SelectedView view = selected.view();
        long[] gone = snapshot.uids() == null ? changes.vanished() : missing(view, snapshot.uids());
        boolean pending = false;
        if (allowExpunge) {
            expunged(ctx, selected, gone);
        } else {
            pending = Arrays.stream(gone).anyMatch(uid -> view.seq(uid) > 0);
        }
        int before = view.count();
        for (long uid : changes.added()) {
            if (uid > view.largestUid()) {
                view.add(uid);
            }
        }
        selected.recent(Math.max(snapshot.recentFrom(), selected.knownUidNext()), changes.uidNext());
        if (view.count() != before) {
            ctx.write("* " + view.count() + " EXISTS");
            if (!ctx.enabled().imap4rev2()) {
                ctx.write("* " + selected.recentCount() + " RECENT");
            }
        }
        boolean condstore = ctx.enabled().condstore();
        for (ImapMessages.Flags f : changes.changed()) {
            int seq = view.seq(f.uid());
            if (seq > 0 && f.uid() < selected.knownUidNext() && !selected.isOwnChange(f.modseq())) {
                ctx.write(UntaggedResponses.flags(seq, f.uid(), selected.flags(f.uid(), f.flags()),
                        condstore ? f.modseq() : -1));
            }
        }
        // expunges not yet reported must be found again by the next report that may report them
        selected.reported(pending ? selected.knownModseq() : changes.highestModseq(), changes.uidNext());
    }

    /** The view's UIDs that are not among {@code uids} (ascending). */
    private static long[] missing(SelectedView view, long[] uids) {
        long[] gone = new long[view.count()];
        int n = 0;
        for (int i = 1; i <= view.count(); i++) {
            if (Arrays.binarySearch(uids, view.uid(i)) < 0) {
                gone[n++] = view.uid(i);
            }
        }
        return Arrays.copyOf(gone, n);
    }

    /**
     * Removes the UIDs (ascending) from the view and tells the client: one {@code * n EXPUNGE} each, or one
     * {@code * VANISHED} once QRESYNC is enabled (RFC 7162 section 3.2.10).
     */
    public static void expunged(ImapContext ctx, SelectedFolder selected, long[] uids) {
        long[] present = Arrays.stream(uids).filter(u -> selected.view().seq(u) > 0).toArray();
        if (present.length == 0) {
            return;
        }
        if (ctx.enabled().qresync()) {
            for (long uid : present) {
                selected.view().expunge(uid);
            }
            ctx.write(UntaggedResponses.vanished(present, false));
            return;
        }
        for (long uid : present) {
            ctx.write("* " + selected.view().expunge(uid) + " EXPUNGE");
        }
    }
}
