package io.postvault.protocol.imap.command;

import io.postvault.protocol.imap.codec.ImapReader;

/** LOGIN userid password (RFC 3501 section 6.2.3). */
public record LoginCommand(String user, String password) {

    public static LoginCommand parse(ImapReader in) {
        in.sp();
        String user = in.astring();
        in.sp();
        String password = in.astring();
        in.end();
        return new LoginCommand(user, password);
    }
}
