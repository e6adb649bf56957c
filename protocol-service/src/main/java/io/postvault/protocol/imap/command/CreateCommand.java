package io.postvault.protocol.imap.command;

import io.postvault.protocol.imap.codec.ImapReader;
import io.postvault.protocol.imap.codec.ImapSyntaxException;
import java.util.List;

/**
 * CREATE mailbox [SP "(" "USE" SP "(" use-attr ... ")" ")"] (RFC 3501 section 6.3.3, CREATE-SPECIAL-USE RFC 6154);
 * a trailing "/" is dropped.
 */
public record CreateCommand(String name, List<String> uses) {

    public static CreateCommand parse(ImapReader in) {
        in.sp();
        String name = MailboxName.read(in);
        List<String> uses = List.of();
        if (in.accept(' ')) {
            in.expect('(', "(");
            if (!in.atom().equalsIgnoreCase("USE")) {
                throw new ImapSyntaxException("Expected USE");
            }
            in.sp();
            uses = in.flagList();
            in.expect(')', ")");
        }
        in.end();
        return new CreateCommand(name.endsWith("/") ? name.substring(0, name.length() - 1) : name, uses);
    }
}
