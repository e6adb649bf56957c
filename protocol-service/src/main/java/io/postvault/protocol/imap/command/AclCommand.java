package io.postvault.protocol.imap.command;

import io.postvault.protocol.imap.codec.ImapReader;

/**
 * The ACL commands (RFC 4314 section 3): {@code GETACL mailbox}, {@code MYRIGHTS mailbox},
 * {@code SETACL mailbox SP identifier SP mod-rights}, {@code DELETEACL mailbox SP identifier},
 * {@code LISTRIGHTS mailbox SP identifier}. Absent parts are null.
 */
public record AclCommand(String mailbox, String identifier, String rights) {

    /** Parses the arguments of the command {@code name} (upper case). */
    public static AclCommand parse(ImapReader in, String name) {
        in.sp();
        String mailbox = MailboxName.read(in);
        String identifier = null;
        String rights = null;
        if (!name.equals("GETACL") && !name.equals("MYRIGHTS")) {
            in.sp();
            identifier = in.astring();
            if (name.equals("SETACL")) {
                in.sp();
                rights = in.astring();
            }
        }
        in.end();
        return new AclCommand(mailbox, identifier, rights);
    }
}
