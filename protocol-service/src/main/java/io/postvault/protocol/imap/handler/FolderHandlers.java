package io.postvault.protocol.imap.handler;

import io.postvault.protocol.imap.codec.ImapReader;
import io.postvault.protocol.imap.command.CreateCommand;
import io.postvault.protocol.imap.command.MailboxName;
import io.postvault.protocol.imap.command.RenameCommand;
import io.postvault.protocol.imap.response.ObjectIds;
import io.postvault.protocol.store.MailboxException;
import io.vertx.core.Future;

/**
 * CREATE (with CREATE-SPECIAL-USE), DELETE, RENAME, SUBSCRIBE and UNSUBSCRIBE (RFC 3501 sections 6.3.3-6.3.7), in
 * either namespace. In a shared account CREATE and the target of RENAME need the {@code k} right, DELETE and the
 * source of RENAME the {@code x} right (RFC 4314 section 4); subscriptions to shared folders are the user's own.
 */
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
            Target target = Namespaces.resolve(ctx, command.name()).require('k', "create mailboxes");
            long id = ctx.folders().create(target.owner(), target.folder(), use);
            return "OK [MAILBOXID (" + ObjectIds.mailboxId(id) + ")] CREATE completed"; // RFC 8474 section 4
        });
    }

    public static Future<String> delete(ImapContext ctx, String tag, String name, boolean uid, ImapReader in) {
        String folder = MailboxName.only(in);
        return ctx.blocking(() -> Namespaces.resolve(ctx, folder).require('x', "delete this mailbox")).compose(target -> {
            if (ctx.selected() != null && ctx.selected().owner().accountId().equals(target.owner().accountId())
                    && ctx.selected().name().equals(target.folder())) {
                ctx.unselect();
            }
            return ctx.blocking(() -> {
                ctx.folders().delete(target.owner(), target.folder());
                return "OK DELETE completed";
            });
        });
    }

    public static Future<String> rename(ImapContext ctx, String tag, String name, boolean uid, ImapReader in) {
        RenameCommand command = RenameCommand.parse(in);
        return ctx.blocking(() -> {
            Target from = Namespaces.resolve(ctx, command.from()).require('x', "rename this mailbox");
            Target to = Namespaces.resolve(ctx, command.to()).require('k', "create mailboxes");
            if (!from.owner().accountId().equals(to.owner().accountId())) {
                throw new MailboxException(MailboxException.Code.CANNOT,
                        "A mailbox cannot be renamed into another account");
            }
            ctx.folders().rename(from.owner(), from.folder(), to.folder());
            return "OK RENAME completed";
        });
    }

    public static Future<String> subscribe(ImapContext ctx, String tag, String name, boolean uid, ImapReader in) {
        String folder = MailboxName.only(in);
        boolean subscribe = name.equals("SUBSCRIBE");
        return ctx.blocking(() -> {
            Target target = Namespaces.resolve(ctx, folder);
            if (target.shared()) {
                ctx.shared().subscribe(ctx.account(), target.owner(), target.folder(), subscribe);
            } else {
                ctx.folders().subscribe(ctx.account(), folder, subscribe);
            }
            return "OK " + name + " completed";
        });
    }
}
