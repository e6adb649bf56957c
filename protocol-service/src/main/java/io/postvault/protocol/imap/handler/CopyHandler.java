package io.postvault.protocol.imap.handler;

import io.postvault.protocol.imap.codec.ImapReader;
import io.postvault.protocol.imap.codec.SequenceSet;
import io.postvault.protocol.imap.command.CopyCommand;
import io.postvault.protocol.imap.session.SelectedFolder;
import io.postvault.protocol.store.ImapMessages;
import java.util.Set;
import io.vertx.core.Future;

/**
 * COPY and MOVE, also as UID commands (RFC 3501 section 6.4.7, MOVE RFC 6851) with COPYUID (UIDPLUS, RFC 4315). A
 * MOVE reports the moved messages as expunged (EXPUNGE, or VANISHED under QRESYNC). The target needs the {@code i}
 * right, a MOVE also {@code t} and {@code e} on the source (RFC 4314 section 4, RFC 6851 section 3.3). COPY works
 * between a user's own folders and a shared account's (the user's \Seen goes with the copies); so does MOVE, there
 * as a copy followed by an expunge of the source messages.
 */
public final class CopyHandler implements CommandHandler {

    @Override
    public Future<String> handle(ImapContext ctx, String tag, String name, boolean uid, ImapReader in) {
        CopyCommand command = CopyCommand.parse(in);
        SelectedFolder selected = ctx.selected();
        long[] uids = selected.resolve(command.set(), uid);
        boolean move = name.equals("MOVE");
        if (move && selected.readOnly()) {
            return Future.succeededFuture("NO [READ-ONLY] Mailbox is read-only");
        }
        if (move && !(selected.rights().has('t') && selected.rights().has('e'))) {
            return Future.succeededFuture("NO [NOPERM] You need the 't' and 'e' rights to move messages out");
        }
        String done = (uid ? "UID " : "") + name + " completed";
        FolderUpdates.Pending updates = FolderUpdates.pending(ctx);
        return ctx.blocking(() -> {
            Target target = Namespaces.resolve(ctx, command.target()).require('i', "add messages");
            if (target.owner().accountId().equals(selected.owner().accountId())) {
                ImapMessages.Copied copied = ctx.messages().copy(selected.owner(), selected.folderId(), uids,
                        target.folder(), move);
                return new Done(copied, copied.sourceUids(), updates.read());
            }
            ImapMessages.Copied copied = ctx.messages().copyTo(selected.owner(), selected.folderId(), uids,
                    target.owner(), target.folder());
            if (!move || copied.sourceUids().length == 0) {
                return new Done(copied, new long[0], updates.read());
            }
            // between accounts a MOVE is a copy, then \Deleted and an expunge of those messages (RFC 6851 section
            // 3.3 allows it): a failure in between leaves a copy too many, never one too few
            ctx.messages().store(selected.owner(), selected.folderId(), copied.sourceUids(),
                    ImapMessages.FlagMode.ADD, Set.of("\\Deleted"), -1);
            return new Done(copied, ctx.messages().expunge(selected.owner(), selected.folderId(), copied.sourceUids()),
                    updates.read());
        }).map(result -> {
            ImapMessages.Copied copied = result.copied();
            if (copied.sourceUids().length == 0) {
                return "OK " + done + " (no messages)";
            }
            String code = "[COPYUID " + copied.uidValidity() + " " + SequenceSet.format(copied.sourceUids())
                    + " " + SequenceSet.format(copied.targetUids()) + "]";
            if (!move) {
                result.updates().apply(ctx, false);
                return "OK " + code + " " + done;
            }
            ctx.write("* OK " + code + " Moved");
            FolderUpdates.expunged(ctx, selected, result.removed());
            result.updates().apply(ctx, true);
            return "OK " + done;
        });
    }

    /**
     * What a COPY or MOVE did: the copies, the source UIDs that left the folder (a MOVE's), and what else changed in
     * the folder (read in the same worker task).
     */
    private record Done(ImapMessages.Copied copied, long[] removed, FolderUpdates.Read updates) {
    }
}
