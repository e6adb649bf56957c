package io.postvault.protocol.imap.command;

import io.postvault.protocol.imap.codec.ImapReader;
import io.postvault.protocol.imap.codec.ImapSyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * STATUS mailbox SP "(" status-att *(SP status-att) ")" (RFC 3501 section 6.3.10; SIZE RFC 8438, HIGHESTMODSEQ
 * RFC 7162, APPENDLIMIT RFC 7889, MAILBOXID RFC 8474). IMAP4rev2 (RFC 9051 section 6.3.11) adds DELETED and drops RECENT.
 */
public record StatusCommand(String name, List<String> items) {

    public static final Set<String> ITEMS =
            Set.of("MESSAGES", "RECENT", "UIDNEXT", "UIDVALIDITY", "UNSEEN", "SIZE", "HIGHESTMODSEQ", "APPENDLIMIT",
                    "MAILBOXID");
    public static final Set<String> REV2_ITEMS =
            Set.of("MESSAGES", "DELETED", "UIDNEXT", "UIDVALIDITY", "UNSEEN", "SIZE", "HIGHESTMODSEQ", "APPENDLIMIT",
                    "MAILBOXID");

    public static StatusCommand parse(ImapReader in) {
        in.sp();
        String name = MailboxName.read(in);
        in.sp();
        List<String> items = items(in);
        in.end();
        return new StatusCommand(name, items);
    }

    /** "(" status-att *(SP status-att) ")", upper case (also the STATUS return option of LIST, RFC 5819). */
    public static List<String> items(ImapReader in) {
        List<String> items = new ArrayList<>();
        in.expect('(', "(");
        do {
            String item = in.atom().toUpperCase(Locale.ROOT);
            if (!(in.imap4rev2() ? REV2_ITEMS : ITEMS).contains(item)) {
                throw new ImapSyntaxException("Unknown status item " + item);
            }
            items.add(item);
        } while (in.accept(' '));
        in.expect(')', ")");
        return items;
    }
}
