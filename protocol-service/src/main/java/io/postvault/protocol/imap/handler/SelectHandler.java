package io.postvault.protocol.imap.handler;

import io.postvault.protocol.imap.codec.ImapReader;
import io.postvault.protocol.imap.codec.ImapSyntaxException;
import io.postvault.protocol.imap.command.SelectCommand;
import io.postvault.protocol.imap.response.UntaggedResponses;
import io.postvault.protocol.imap.session.SelectedFolder;
import io.postvault.protocol.store.ImapMessages;
import io.postvault.protocol.imap.response.ObjectIds;
import io.vertx.core.Future;
import java.util.Arrays;
import java.util.List;

/**
 * SELECT and EXAMINE (RFC 3501 sections 6.3.1-2) with the CONDSTORE parameter (RFC 7162 section 3.1.8) and QRESYNC
 * resynchronisation (section 3.2.5): VANISHED (EARLIER) for the known UIDs expunged since the client's MODSEQ (or, when
 * that record was pruned, every known UID no longer there: {@link VanishedFallback}), then the flags of every message
 * changed since. SELECT claims the messages no session was told of yet as its \Recent ones; EXAMINE only reports them.
 * Once IMAP4rev2 is enabled (RFC 9051 section 6.3.2) there is no \Recent (nothing claimed, no RECENT) and no UNSEEN
 * code, and a LIST response names the mailbox.
 * Needs the {@code r} right (RFC 4314 section 4).
 */
public final class SelectHandler implements CommandHandler {

    /** Any of these makes a selected mailbox read-write. */
    private static final String WRITE_RIGHTS = "swite";

    @Override
    public Future<String> handle(ImapContext ctx, String tag, String name, boolean uid, ImapReader in) {
        SelectCommand command = SelectCommand.parse(in);
        boolean examine = name.equals("EXAMINE");
        if (command.qresync() != null && !ctx.enabled().qresync()) {
            throw new ImapSyntaxException("QRESYNC is not enabled");
        }
        if (command.condstore()) {
            ctx.enabled().enableCondstore();
        }
        if (ctx.selected() != null) {
            ctx.unselect();
            ctx.write("* OK [CLOSED] Previous mailbox closed");
        }
        SelectCommand.Qresync qresync = command.qresync();
        boolean rev2 = ctx.enabled().imap4rev2();
        return ctx.blocking(() -> {
            Target target = Namespaces.resolve(ctx, command.name()).require('r', "read messages");
            ImapMessages.Opened opened = ctx.messages().open(target.owner(), target.folder());
            // IMAP4rev2 has no \Recent: none claimed (they stay for a rev1 session), none recent here
            long recentFrom = rev2 ? opened.uidNext() : ctx.messages().recent(opened.folderId(), opened.uidNext(),
                    opened.recentUid(), !examine);
            Resync resync = null;
            if (qresync != null && qresync.uidValidity() == opened.uidValidity()) {
                resync = new Resync(ctx.messages().vanished(opened.folderId(), qresync.modseq()),
                        ctx.messages().changedSince(opened.folderId(), qresync.modseq()));
            }
            String list = rev2 ? ListHandler.selectedMailbox(ctx, command.name()) : null;
            return new Opening(target, opened, recentFrom, resync, list);
        }).map(opening -> {
            ImapMessages.Opened opened = opening.opened();
            Target target = opening.target();
            // RFC 4314 section 4: without any right to change the mailbox, SELECT opens it read-only
            boolean readOnly = examine || WRITE_RIGHTS.chars().noneMatch(r -> target.may((char) r));
            SelectedFolder selected = new SelectedFolder(opened, readOnly, target.owner(), target.rights());
            selected.recent(opening.recentFrom(), opened.uidNext());
            FlagsResponse.write(ctx, selected);
            ctx.write("* " + selected.view().count() + " EXISTS");
            if (!rev2) {
                ctx.write("* " + selected.recentCount() + " RECENT");
            }
            if (opened.firstUnseenUid() > 0 && !rev2) {
                ctx.write("* OK [UNSEEN " + selected.view().seq(opened.firstUnseenUid()) + "] First unseen");
            }
            ctx.write("* OK [UIDVALIDITY " + opened.uidValidity() + "] UIDs valid");
            ctx.write("* OK [UIDNEXT " + opened.uidNext() + "] Predicted next UID");
            if (opening.list() != null) {
                ctx.write(opening.list());
            }
            ctx.write("* OK [HIGHESTMODSEQ " + opened.highestModseq() + "] Highest");
            ctx.write("* OK [MAILBOXID (" + ObjectIds.mailboxId(opened.folderId()) + ")] Ok"); // RFC 8474 section 4
            if (opening.resync() != null) {
                resync(ctx, selected, qresync, opening.resync());
            }
            ctx.select(selected);
            return "OK [" + (readOnly ? "READ-ONLY] " : "READ-WRITE] ") + name + " completed";
        });
    }

    /** @param vanished null when the store no longer knows (pruned): {@link VanishedFallback} answers instead */
    private record Resync(long[] vanished, List<ImapMessages.Flags> changed) {
    }

    /** @param list the LIST response of an IMAP4rev2 session, else null */
    private record Opening(Target target, ImapMessages.Opened opened, long recentFrom, Resync resync, String list) {
    }

    private static void resync(ImapContext ctx, SelectedFolder selected, SelectCommand.Qresync qresync, Resync resync) {
        long[] vanished = resync.vanished();
        long[] known = qresync.knownUids() == null ? new long[] {1, Long.MAX_VALUE}
                : qresync.knownUids().resolve(Long.MAX_VALUE);
        if (vanished == null) {
            long matched = VanishedFallback.matchedUid(qresync.seqMatch(), qresync.uidMatch(), selected.view());
            long[] ranges = VanishedFallback.ranges(known, selected.view(), selected.knownUidNext(), matched);
            if (ranges.length > 0) {
                ctx.write(UntaggedResponses.vanishedRanges(ranges));
            }
        } else {
            vanished = Arrays.stream(vanished).filter(u -> within(known, u)).toArray();
            if (vanished.length > 0) {
                ctx.write(UntaggedResponses.vanished(vanished, true));
            }
        }
        for (ImapMessages.Flags f : resync.changed()) {
            int seq = selected.view().seq(f.uid());
            if (seq > 0) {
                FlagsResponse.before(ctx, selected, f.flags());
                ctx.write(UntaggedResponses.flags(seq, f.uid(), selected.flags(f.uid(), f.flags()), f.modseq()));
            }
        }
    }

    static boolean within(long[] ranges, long value) {
        for (int i = 0; i < ranges.length; i += 2) {
            if (value >= ranges[i] && value <= ranges[i + 1]) {
                return true;
            }
        }
        return false;
    }
}
