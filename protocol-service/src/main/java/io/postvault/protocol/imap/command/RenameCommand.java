package io.postvault.protocol.imap.command;

import io.postvault.protocol.imap.codec.ImapReader;

/** RENAME existing-mailbox new-mailbox (RFC 3501 section 6.3.5). */
public record RenameCommand(String from, String to) {

    public static RenameCommand parse(ImapReader in) {
        in.sp();
        String from = MailboxName.read(in);
        in.sp();
        String to = MailboxName.read(in);
        in.end();
        return new RenameCommand(from, to);
    }
}
