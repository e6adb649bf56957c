package io.postvault.protocol.imap.handler;

import io.postvault.protocol.imap.codec.ImapReader;
import io.postvault.protocol.imap.command.StatusCommand;
import io.postvault.protocol.imap.response.ObjectIds;
import io.postvault.protocol.imap.response.UntaggedResponses;
import io.postvault.protocol.store.ImapFolders;
import io.postvault.protocol.store.MailboxException;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * STATUS (RFC 3501 section 6.3.10; SIZE, HIGHESTMODSEQ, APPENDLIMIT, MAILBOXID), with the {@code r} right (RFC 4314 section 4).
 * RECENT counts the messages that the next SELECT would claim as \Recent. Asking for HIGHESTMODSEQ enables CONDSTORE.
 * IMAP4rev2 (RFC 9051 section 6.3.11) has DELETED (the \Deleted messages) and no RECENT: {@link StatusCommand}.
 */
public final class StatusHandler implements CommandHandler {

    @Override
    public Future<String> handle(ImapContext ctx, String tag, String name, boolean uid, ImapReader in) {
        StatusCommand command = StatusCommand.parse(in);
        if (command.items().contains("HIGHESTMODSEQ")) {
            ctx.enabled().enableCondstore();
        }
        return ctx.blocking(() -> {
            Target target = Namespaces.resolve(ctx, command.name()).require('r', "read messages");
            return ctx.folders().status(target.owner(), target.folder(), ctx.account());
        }).map(status -> {
            if (status.isEmpty()) {
                throw new MailboxException(MailboxException.Code.NONEXISTENT, "No such mailbox");
            }
            ctx.write(response(ctx, command.name(), command.items(), status.get()));
            return "OK STATUS completed";
        });
    }

    /** The {@code * STATUS} line (also sent by LIST-STATUS, RFC 5819). */
    static String response(ImapContext ctx, String folder, List<String> items, ImapFolders.Status s) {
        List<String> values = new ArrayList<>();
        for (String item : items) {
            values.add(switch (item) {
                case "MESSAGES" -> String.valueOf(s.messages());
                case "RECENT" -> String.valueOf(s.recent());
                case "UIDNEXT" -> String.valueOf(s.uidNext());
                case "UIDVALIDITY" -> String.valueOf(s.uidValidity());
                case "UNSEEN" -> String.valueOf(s.unseen());
                case "SIZE" -> String.valueOf(s.size());
                case "DELETED" -> String.valueOf(s.deleted());
                case "APPENDLIMIT" -> String.valueOf(ctx.config().maxLiteralSize());
                case "MAILBOXID" -> "(" + ObjectIds.mailboxId(s.folderId()) + ")";
                default -> String.valueOf(s.highestModseq());
            });
        }
        return UntaggedResponses.status(folder, items, values, ctx.enabled().imap4rev2());
    }
}
