package io.postvault.protocol.imap.command;

import io.postvault.protocol.imap.codec.ImapReader;
import io.postvault.protocol.imap.codec.ModifiedUtf7;

/** mailbox = "INBOX" / astring (RFC 3501 section 9): modified UTF-7 decoded, INBOX in any case made "INBOX". */
public final class MailboxName {

    private MailboxName() {
    }

    public static String read(ImapReader in) {
        return canonical(ModifiedUtf7.decode(in.astring()));
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
