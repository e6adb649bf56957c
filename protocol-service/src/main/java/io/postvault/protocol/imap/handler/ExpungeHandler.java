package io.postvault.protocol.imap.handler;

import io.postvault.protocol.imap.codec.ImapReader;
import io.postvault.protocol.imap.codec.SequenceSet;
import io.postvault.protocol.imap.session.SelectedFolder;
import io.vertx.core.Future;

/**
 * EXPUNGE, UID EXPUNGE (UIDPLUS, RFC 4315), CLOSE (a silent expunge unless read-only) and UNSELECT (RFC 3691), RFC 3501
 * sections 6.4.2-3. Removed messages leave through the store's removal path (archived when the last copy goes). They
 * need the {@code e} right (RFC 4314 section 4).
 */
public final class ExpungeHandler {

    private ExpungeHandler() {
    }

    public static Future<String> expunge(ImapContext ctx, String tag, String name, boolean uid, ImapReader in) {
        SelectedFolder selected = ctx.selected();
        long[] uids = null;
        if (uid) {
            in.sp();
            uids = selected.resolve(SequenceSet.parse(in.sequenceSet()), true);
        }
        in.end();
        if (selected.readOnly()) {
            return Future.succeededFuture("NO [READ-ONLY] Mailbox is read-only");
        }
        if (!selected.rights().has('e')) {
            return Future.succeededFuture("NO [NOPERM] You need the 'e' right to expunge");
        }
        long[] only = uids;
        FolderUpdates.Pending updates = FolderUpdates.pending(ctx);
        return ctx.blocking(() -> new Expunged(ctx.messages().expunge(selected.owner(), selected.folderId(), only),
                updates.read())).map(expunged -> {
                    FolderUpdates.expunged(ctx, selected, expunged.removed());
                    expunged.updates().apply(ctx, true);
                    return "OK " + (uid ? "UID EXPUNGE" : "EXPUNGE") + " completed";
                });
    }

    /** The UIDs the expunge removed, and what else changed in the folder (read in the same worker task). */
    private record Expunged(long[] removed, FolderUpdates.Read updates) {
    }

    public static Future<String> close(ImapContext ctx, String tag, String name, boolean uid, ImapReader in) {
        in.end();
        SelectedFolder selected = ctx.selected();
        ctx.unselect();
        // without the e right CLOSE closes without expunging (RFC 4314 section 4)
        if (name.equals("UNSELECT") || selected.readOnly() || !selected.rights().has('e')) {
            return CommandHandler.ok(name + " completed");
        }
        return ctx.blocking(() -> ctx.messages().expunge(selected.owner(), selected.folderId(), null))
                .map(v -> "OK CLOSE completed");
    }
}
