package io.postvault.protocol.imap.handler;

import io.postvault.protocol.imap.response.UntaggedResponses;
import io.postvault.protocol.imap.session.SelectedFolder;
import io.postvault.protocol.imap.session.SelectedView;
import io.postvault.protocol.store.ImapMessages;
import io.vertx.core.Future;
import java.util.Arrays;

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

    /** Reads what changed and reports it: one worker hop. */
    public static Future<Void> report(ImapContext ctx, boolean allowExpunge) {
        Pending pending = pending(ctx);
        if (pending == null) {
            return Future.succeededFuture();
        }
        return ctx.blocking(pending::read).map(read -> {
            read.apply(ctx, allowExpunge);
            return null;
        });
    }

    /**
     * A report for a command to read in the same worker task as its own store work, instead of in a hop of its own
     * (a hop is a task handed to the worker pool and one handed back to the event loop: two thread wake-ups); null
     * when no folder is selected. Taken on the event loop, {@link Pending#read read} on the worker after the command's
     * own change, {@link Read#apply applied} on the event loop after the command's own responses.
     */
    public static Pending pending(ImapContext ctx) {
        SelectedFolder selected = ctx.selected();
        return selected == null ? null : new Pending(selected, ctx.messages(), ctx.enabled().imap4rev2());
    }

    /** What a report reads, taken from the session on the event loop: the worker never touches the session. */
    public static final class Pending {

        private final SelectedFolder selected;
        private final ImapMessages messages;
        private final long folderId;
        private final long since;
        private final long uidNext;
        private final boolean rev2;
        private final boolean claim;

        private Pending(SelectedFolder selected, ImapMessages messages, boolean rev2) {
            this.selected = selected;
            this.messages = messages;
            this.folderId = selected.folderId();
            this.since = selected.knownModseq();
            this.uidNext = selected.knownUidNext();
            this.rev2 = rev2;
            this.claim = !selected.readOnly();
        }

        /** Reads the changes from the store (on a worker thread). */
        public Read read() {
            ImapMessages.Changes changes = messages.changes(folderId, since, uidNext);
            if (changes == null) {
                return new Read(selected, null, null, 0);
            }
            // new messages another session already took as \Recent need no claim (nor a transaction); IMAP4rev2 has
            // no \Recent: none claimed (they stay for a rev1 session), none recent here
            long recentFrom = rev2 || changes.uidNext() <= uidNext ? changes.uidNext()
                    : messages.recent(folderId, changes.uidNext(), changes.recentUid(), claim);
            return new Read(selected, changes, changes.vanished() == null ? messages.uids(folderId) : null,
                    recentFrom);
        }
    }

    /**
     * What a {@link Pending} read.
     *
     * @param changes    what changed since the session's last report (null: the folder is gone)
     * @param uids       every UID of the folder when the record of removals was pruned past the session's MODSEQ, so
     *                   expunges are found by comparison; else null
     * @param recentFrom where this session's \Recent messages among the new ones start (see ImapMessages.recent)
     */
    public record Read(SelectedFolder selected, ImapMessages.Changes changes, long[] uids, long recentFrom) {

        /**
         * Reports it (EXPUNGE/VANISHED only when {@code allowExpunge}) on the event loop, unless the session left the
         * folder meanwhile; a folder that is gone ends the session.
         */
        public void apply(ImapContext ctx, boolean allowExpunge) {
            if (ctx.selected() != selected) {
                return;
            }
            if (changes == null) {
                ctx.bye("Mailbox was deleted");
                return;
            }
            FolderUpdates.apply(ctx, this, allowExpunge);
        }
    }

    private static void apply(ImapContext ctx, Read read, boolean allowExpunge) {
        SelectedFolder selected = read.selected();
        ImapMessages.Changes changes = read.changes();
        SelectedView view = selected.view();
        long[] gone = read.uids() == null ? changes.vanished() : missing(view, read.uids());
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
        selected.recent(Math.max(read.recentFrom(), selected.knownUidNext()), changes.uidNext());
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
                FlagsResponse.before(ctx, selected, f.flags());
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
