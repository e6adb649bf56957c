package io.postvault.protocol.imap.handler;

import io.postvault.protocol.account.Rights;
import io.postvault.protocol.account.StoreProblem;
import io.postvault.protocol.imap.codec.ImapReader;
import io.postvault.protocol.imap.codec.ImapSyntaxException;
import io.postvault.protocol.imap.command.AclCommand;
import io.postvault.protocol.imap.response.ImapStrings;
import io.postvault.protocol.store.MailboxException;
import io.postvault.protocol.store.SharedMailboxes;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * GETACL, SETACL, DELETEACL, LISTRIGHTS and MYRIGHTS (RFC 4314 section 3). Rights are kept per shared account: every
 * folder of a shared account has the same access control list, so SETACL on one of them sets it for all (RFC 4314
 * section 2 allows rights shared between mailboxes). The first four need the {@code a} right, held by whom it was
 * granted to and by the domain's administrators. The user's own mailboxes are not shared: their owner holds every
 * right, and SETACL/DELETEACL on them are refused. Identifiers are the addresses of the domain's personal accounts
 * ("anyone" and negative rights are not supported).
 */
public final class AclHandler implements CommandHandler {

    @Override
    public Future<String> handle(ImapContext ctx, String tag, String name, boolean uid, ImapReader in) {
        AclCommand command = AclCommand.parse(in, name);
        Optional<Modification> change = name.equals("SETACL") ? Optional.of(Modification.parse(command.rights()))
                : Optional.empty();
        return ctx.blocking(() -> {
            Target target = Namespaces.resolve(ctx, command.mailbox());
            if (!name.equals("MYRIGHTS")) {
                target.require('a', "administer the rights");
            }
            List<String> lines = new ArrayList<>();
            switch (name) {
                case "MYRIGHTS" -> lines.add(ListHandler.myRights(command.mailbox(), target.rights(),
                        ctx.enabled().imap4rev2()));
                case "GETACL" -> lines.add(acl(ctx, command.mailbox(), target));
                case "LISTRIGHTS" -> lines.add(listRights(ctx, command, target));
                default -> set(ctx, target, command.identifier(), change.orElse(null));
            }
            return lines;
        }).map(lines -> {
            lines.forEach(ctx::write);
            return "OK " + name + " completed";
        });
    }

    /** {@code * ACL mailbox identifier rights ...}: the owner of a personal mailbox, or the shared account's list. */
    private static String acl(ImapContext ctx, String mailbox, Target target) {
        StringBuilder out = new StringBuilder("* ACL ");
        ImapStrings.mailbox(out, mailbox, ctx.enabled().imap4rev2());
        if (!target.shared()) {
            out.append(' ');
            ImapStrings.astring(out, target.owner().address());
            return out.append(' ').append(Rights.ALL).toString();
        }
        for (SharedMailboxes.Entry entry : ctx.shared().acl(target.owner())) {
            out.append(' ');
            ImapStrings.astring(out, entry.user());
            out.append(' ').append(entry.rights().letters());
        }
        return out.toString();
    }

    /**
     * {@code * LISTRIGHTS mailbox identifier required optional...}: a personal mailbox's owner has every right and
     * nobody else any; on a shared account nothing is required and every right may be granted, one by one.
     */
    private static String listRights(ImapContext ctx, AclCommand command, Target target) {
        StringBuilder out = new StringBuilder("* LISTRIGHTS ");
        ImapStrings.mailbox(out, command.mailbox(), ctx.enabled().imap4rev2());
        out.append(' ');
        ImapStrings.astring(out, command.identifier());
        if (!target.shared()) {
            return out.append(' ').append(command.identifier().equalsIgnoreCase(target.owner().address())
                    ? Rights.ALL : "\"\"").toString();
        }
        out.append(" \"\"");
        for (char right : Rights.ALL.toCharArray()) {
            out.append(' ').append(right);
        }
        return out.toString();
    }

    /** SETACL (a modification) or DELETEACL (null). */
    private static void set(ImapContext ctx, Target target, String identifier, Modification change) {
        if (!target.shared()) {
            throw new MailboxException(MailboxException.Code.CANNOT, "Your own mailboxes are not shared: rights are"
                    + " granted on shared accounts (Shared/...)");
        }
        if (identifier.startsWith("-") || identifier.equalsIgnoreCase("anyone")
                || identifier.equalsIgnoreCase("authenticated")) {
            throw new MailboxException(MailboxException.Code.CANNOT, "Rights are granted to the addresses of the"
                    + " domain's accounts only (no negative rights, no anyone)");
        }
        try {
            String current = ctx.shared().acl(target.owner()).stream()
                    .filter(e -> e.user().equalsIgnoreCase(identifier)).map(e -> e.rights().letters())
                    .findFirst().orElse("");
            String after = change == null ? "" : change.apply(current);
            ctx.shared().setRights(target.owner(), identifier, after.isEmpty() ? null : new Rights(after));
        } catch (StoreProblem e) {
            throw new MailboxException(MailboxException.Code.CANNOT, e.getMessage());
        }
    }

    /**
     * A SETACL mod-rights: "+" adds, "-" removes, else replaces. The obsolete RFC 2086 "c" stands for {@code k} and
     * "d" for {@code xte} (RFC 4314 section 2.1.1, as this server announces RIGHTS=texk).
     */
    record Modification(char mode, String letters) {

        static Modification parse(String modRights) {
            char mode = modRights.isEmpty() ? '=' : modRights.charAt(0);
            String rest = mode == '+' || mode == '-' ? modRights.substring(1) : modRights;
            StringBuilder letters = new StringBuilder();
            for (char right : rest.toCharArray()) {
                switch (right) {
                    case 'c' -> letters.append('k');
                    case 'd' -> letters.append("xte");
                    default -> {
                        if (Rights.ALL.indexOf(right) < 0) {
                            throw new ImapSyntaxException("Unknown right '" + right + "' (RFC 4314 rights: "
                                    + Rights.ALL + ")");
                        }
                        letters.append(right);
                    }
                }
            }
            return new Modification(mode == '+' || mode == '-' ? mode : '=', letters.toString());
        }

        /** The rights after the modification of {@code current}, in any order ("" when none are left). */
        String apply(String current) {
            return switch (mode) {
                case '+' -> current + letters;
                case '-' -> current.chars().filter(c -> letters.indexOf(c) < 0)
                        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
                default -> letters;
            };
        }
    }
}
