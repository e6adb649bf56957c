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

    /** @param recentFrom where this session's \Recent messages among the new ones start (see ImapMessages.recent) */
    private record Snapshot(ImapMessages.State now, long[] uids, List<ImapMessages.Flags> changes, long recentFrom) {
    }

    public static Future<Void> report(ImapContext ctx, boolean allowExpunge) {
        SelectedFolder selected = ctx.selected();
        if (selected == null) {
            return Future.succeededFuture();
        }
        long folderId = selected.folderId();
        long since = selected.knownModseq();
        long uidNext = selected.knownUidNext();
        int count = selected.view().count();
        boolean rev2 = ctx.enabled().imap4rev2();
        boolean claim = !selected.readOnly();
        ImapMessages messages = ctx.messages();
        return ctx.blocking(() -> {
            ImapMessages.State now = messages.state(folderId);
            if (now == null || (now.highestModseq() == since && now.uidNext() == uidNext && now.count() == count)) {
                return new Snapshot(now, null, null, 0);
            }
            // IMAP4rev2 has no \Recent: none claimed, none recent here
            long recentFrom = now.uidNext() > uidNext && !rev2 ? messages.recent(folderId, now.uidNext(), claim)
                    : now.uidNext();
            return new Snapshot(now, messages.uids(folderId), messages.changedSince(folderId, since), recentFrom);
        }).map(snapshot -> {
            if (ctx.selected() != selected) {
                return null;
            }
            if (snapshot.now() == null) {
                ctx.bye("Mailbox was deleted");
                return null;
            }
            if (snapshot.uids() != null) {
                apply(ctx, selected, snapshot, allowExpunge);
            }
            return null;
        });
    }

    private static void apply(ImapContext ctx, SelectedFolder selected, Snapshot snapshot, boolean allowExpunge) {
        SelectedView view = selected.view();
        long[] uids = snapshot.uids();
        if (allowExpunge) {
            long[] gone = new long[view.count()];
            int n = 0;
            for (int i = 1; i <= view.count(); i++) {
                if (Arrays.binarySearch(uids, view.uid(i)) < 0) {
                    gone[n++] = view.uid(i);
                }
            }
            expunged(ctx, selected, Arrays.copyOf(gone, n));
        }
        int before = view.count();
        for (long uid : uids) {
            if (uid > view.largestUid()) {
                view.add(uid);
            }
        }
        selected.recent(Math.max(snapshot.recentFrom(), selected.knownUidNext()), snapshot.now().uidNext());
        if (view.count() != before) {
            ctx.write("* " + view.count() + " EXISTS");
            if (!ctx.enabled().imap4rev2()) {
                ctx.write("* " + selected.recentCount() + " RECENT");
            }
        }
        boolean condstore = ctx.enabled().condstore();
        for (ImapMessages.Flags f : snapshot.changes()) {
            int seq = view.seq(f.uid());
            if (seq > 0 && f.uid() < selected.knownUidNext() && !selected.isOwnChange(f.modseq())) {
                ctx.write(UntaggedResponses.flags(seq, f.uid(), selected.flags(f.uid(), f.flags()),
                        condstore ? f.modseq() : -1));
            }
        }
        long modseq = allowExpunge || view.count() == uids.length ? snapshot.now().highestModseq()
                : selected.knownModseq();
        selected.reported(modseq, snapshot.now().uidNext());
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
