package io.postvault.protocol.imap.handler;

import io.postvault.protocol.imap.codec.ImapReader;
import io.postvault.protocol.imap.command.ListCommand;
import io.postvault.protocol.imap.command.ListCommand.Return;
import io.postvault.protocol.imap.command.ListCommand.Select;
import io.postvault.protocol.imap.command.ListPattern;
import io.postvault.protocol.imap.response.UntaggedResponses;
import io.postvault.protocol.store.ImapFolders;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * LIST and LSUB (RFC 3501 sections 6.3.8-9) with LIST-EXTENDED (RFC 5258: selection SUBSCRIBED, SPECIAL-USE,
 * RECURSIVEMATCH; several patterns), CHILDREN (RFC 3348: always), SPECIAL-USE attributes (RFC 6154: always on LIST)
 * and LIST-STATUS (RFC 5819: a {@code * STATUS} after each selectable folder listed).
 */
public final class ListHandler implements CommandHandler {

    @Override
    public Future<String> handle(ImapContext ctx, String tag, String name, boolean uid, ImapReader in) {
        ListCommand command = ListCommand.parse(in, name.equals("LSUB"));
        if (command.patterns().size() == 1 && command.patterns().get(0).isEmpty() && !command.lsub()) {
            ctx.write("* LIST (\\Noselect) \"/\" \"\"");
            return CommandHandler.ok("LIST completed");
        }
        List<Pattern> patterns = new ArrayList<>();
        for (String pattern : command.patterns()) {
            String reference = command.reference();
            String full = reference.isEmpty() || reference.endsWith("/") || pattern.startsWith("/")
                    ? reference + pattern : reference + "/" + pattern;
            patterns.add(ListPattern.compile(full));
        }
        boolean withStatus = command.returns().contains(Return.STATUS);
        return ctx.blocking(() -> {
            List<ImapFolders.Folder> all = ctx.folders().list(ctx.account());
            List<String> lines = new ArrayList<>();
            for (ImapFolders.Folder f : all) {
                String line = line(command, all, f, patterns);
                if (line == null) {
                    continue;
                }
                lines.add(line);
                if (withStatus) {
                    ctx.folders().status(ctx.account(), f.name()).ifPresent(s ->
                            lines.add(StatusHandler.response(ctx, f.name(), command.statusItems(), s)));
                }
            }
            return lines;
        }).map(lines -> {
            lines.forEach(ctx::write);
            return "OK " + name + " completed";
        });
    }

    /** The response line for one folder, or null when the command does not list it. */
    private static String line(ListCommand command, List<ImapFolders.Folder> all, ImapFolders.Folder f,
            List<Pattern> patterns) {
        if (patterns.stream().noneMatch(p -> p.matcher(f.name()).matches())) {
            return null;
        }
        boolean subscribedOnly = command.lsub() || command.selection().contains(Select.SUBSCRIBED);
        boolean childInfo = false;
        if (subscribedOnly && !f.subscribed()) {
            // RFC 5258 section 3.5: with RECURSIVEMATCH a parent of subscribed folders is listed with CHILDINFO
            childInfo = command.selection().contains(Select.RECURSIVEMATCH)
                    && all.stream().anyMatch(o -> o.subscribed() && o.name().startsWith(f.name() + "/"));
            if (!childInfo) {
                return null;
            }
        }
        if (command.selection().contains(Select.SPECIAL_USE) && f.specialUse() == null) {
            return null;
        }
        List<String> attributes = new ArrayList<>();
        boolean children = all.stream().anyMatch(o -> o.name().startsWith(f.name() + "/"));
        attributes.add(children ? "\\HasChildren" : "\\HasNoChildren");
        if (f.subscribed() && (command.selection().contains(Select.SUBSCRIBED)
                || command.returns().contains(Return.SUBSCRIBED))) {
            attributes.add("\\Subscribed");
        }
        if (!command.lsub() && f.specialUse() != null) {
            attributes.add(f.specialUse());
        }
        return UntaggedResponses.list(command.lsub() ? "LSUB" : "LIST", attributes, f.name(), childInfo);
    }
}
