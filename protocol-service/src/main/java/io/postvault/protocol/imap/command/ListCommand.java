package io.postvault.protocol.imap.command;

import io.postvault.protocol.imap.codec.ImapReader;
import io.postvault.protocol.imap.codec.ImapSyntaxException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * LIST [SP "(" selection options ")"] SP reference SP (pattern / "(" patterns ")") [SP "RETURN" SP "(" options ")"]
 * (RFC 3501 section 6.3.8, LIST-EXTENDED RFC 5258, LIST-STATUS RFC 5819, SPECIAL-USE RFC 6154, LIST-MYRIGHTS RFC
 * 8440), and LSUB.
 *
 * @param statusItems the STATUS return option's items, empty when not asked
 */
public record ListCommand(boolean lsub, Set<Select> selection, String reference, List<String> patterns,
                          Set<Return> returns, List<String> statusItems) {

    /** Selection options. REMOTE is accepted and means nothing here (no remote mailboxes). */
    public enum Select { SUBSCRIBED, REMOTE, RECURSIVEMATCH, SPECIAL_USE }

    /** Return options. */
    public enum Return { SUBSCRIBED, CHILDREN, SPECIAL_USE, STATUS, MYRIGHTS }

    /** True when the command used an extended form (then the response carries the extended attributes). */
    public boolean extended() {
        return !selection.isEmpty() || !returns.isEmpty() || patterns.size() > 1;
    }

    public static ListCommand parse(ImapReader in, boolean lsub) {
        in.sp();
        Set<Select> selection = EnumSet.noneOf(Select.class);
        if (!lsub && in.accept('(')) {
            while (!in.accept(')')) {
                if (!selection.isEmpty()) {
                    in.sp();
                }
                selection.add(Select.valueOf(option(in, "selection", "SUBSCRIBED", "REMOTE", "RECURSIVEMATCH",
                        "SPECIAL-USE")));
            }
            if (selection.equals(EnumSet.of(Select.RECURSIVEMATCH))
                    || selection.equals(EnumSet.of(Select.RECURSIVEMATCH, Select.REMOTE))) {
                throw new ImapSyntaxException("RECURSIVEMATCH needs another selection option");
            }
            in.sp();
        }
        String reference = MailboxName.decode(in, in.astring());
        in.sp();
        List<String> patterns = new ArrayList<>();
        if (!lsub && in.accept('(')) {
            do {
                patterns.add(MailboxName.decode(in, in.listMailbox()));
            } while (in.accept(' '));
            in.expect(')', ")");
        } else {
            patterns.add(MailboxName.decode(in, in.listMailbox()));
        }
        Set<Return> returns = EnumSet.noneOf(Return.class);
        List<String> statusItems = List.of();
        if (!lsub && in.accept(' ')) {
            if (!in.atom().equalsIgnoreCase("RETURN")) {
                throw new ImapSyntaxException("Expected RETURN");
            }
            in.sp();
            in.expect('(', "(");
            while (!in.accept(')')) {
                if (!returns.isEmpty()) {
                    in.sp();
                }
                Return option = Return.valueOf(option(in, "return", "SUBSCRIBED", "CHILDREN", "SPECIAL-USE",
                        "STATUS", "MYRIGHTS"));
                if (option == Return.STATUS) {
                    in.sp();
                    statusItems = StatusCommand.items(in);
                }
                returns.add(option);
            }
        }
        in.end();
        return new ListCommand(lsub, selection, reference, patterns, returns, statusItems);
    }

    private static String option(ImapReader in, String kind, String... known) {
        String word = in.atom().toUpperCase(Locale.ROOT);
        for (String k : known) {
            if (k.equals(word)) {
                return word.replace('-', '_');
            }
        }
        throw new ImapSyntaxException("Unknown LIST " + kind + " option " + word);
    }
}
