package io.postvault.protocol.imap.handler;

import io.postvault.protocol.imap.codec.ImapReader;
import io.postvault.protocol.imap.command.CreateCommand;
import io.postvault.protocol.imap.command.MailboxName;
import io.postvault.protocol.imap.command.RenameCommand;
import io.vertx.core.Future;

/** CREATE (with CREATE-SPECIAL-USE), DELETE, RENAME, SUBSCRIBE and UNSUBSCRIBE (RFC 3501 sections 6.3.3-6.3.7). */
public final class FolderHandlers {

    private FolderHandlers() {
    }

    public static Future<String> create(ImapContext ctx, String tag, String name, boolean uid, ImapReader in) {
        CreateCommand command = CreateCommand.parse(in);
        if (command.uses().size() > 1) {
            return Future.succeededFuture("NO [USEATTR] Exactly one special-use attribute, please");
        }
        String use = command.uses().isEmpty() ? null : command.uses().get(0);
        return ctx.blocking(() -> {
            ctx.folders().create(ctx.account(), command.name(), use);
            return "OK CREATE completed";
        });
    }

    public static Future<String> delete(ImapContext ctx, String tag, String name, boolean uid, ImapReader in) {
        String folder = MailboxName.only(in);
        if (ctx.selected() != null && ctx.selected().name().equals(folder)) {
            ctx.unselect();
        }
        return ctx.blocking(() -> {
            ctx.folders().delete(ctx.account(), folder);
            return "OK DELETE completed";
        });
    }

    public static Future<String> rename(ImapContext ctx, String tag, String name, boolean uid, ImapReader in) {
        RenameCommand command = RenameCommand.parse(in);
        return ctx.blocking(() -> {
            ctx.folders().rename(ctx.account(), command.from(), command.to());
            return "OK RENAME completed";
        });
    }

    public static Future<String> subscribe(ImapContext ctx, String tag, String name, boolean uid, ImapReader in) {
        String folder = MailboxName.only(in);
        boolean subscribe = name.equals("SUBSCRIBE");
        return ctx.blocking(() -> {
            ctx.folders().subscribe(ctx.account(), folder, subscribe);
            return "OK " + name + " completed";
        });
    }
}
