package io.postvault.protocol.imap.command;

import io.postvault.protocol.imap.codec.ImapReader;
import io.postvault.protocol.imap.codec.ModifiedUtf7;

/**
 * mailbox = "INBOX" / astring (RFC 3501 section 9): modified UTF-7 decoded (UTF-8 as it is once IMAP4rev2 is enabled,
 * RFC 9051 section 5.1), INBOX in any case made "INBOX".
 */
public final class MailboxName {

    private MailboxName() {
    }

    public static String read(ImapReader in) {
        return canonical(decode(in, in.astring()));
    }

    /** A mailbox name or pattern as sent: modified UTF-7 decoded in an IMAP4rev1 session, as it is in IMAP4rev2. */
    static String decode(ImapReader in, String wire) {
        return in.imap4rev2() ? wire : ModifiedUtf7.decode(wire);
    }

    static String canonical(String name) {
        if (name.equalsIgnoreCase("INBOX")) {
            return "INBOX";
        }
        if (name.regionMatches(true, 0, "INBOX/", 0, 6)) {
            return "INBOX" + name.substring(5);
        }
        return name;
    }

    /** " mailbox" to the end of the command: DELETE, SUBSCRIBE, UNSUBSCRIBE, GETQUOTAROOT. */
    public static String only(ImapReader in) {
        in.sp();
        String name = read(in);
        in.end();
        return name;
    }
}
