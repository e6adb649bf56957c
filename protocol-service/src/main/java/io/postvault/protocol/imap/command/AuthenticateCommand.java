package io.postvault.protocol.imap.command;

import io.postvault.protocol.imap.codec.ImapReader;

/** AUTHENTICATE mechanism [SP initial-response] (RFC 3501 section 6.2.2, SASL-IR RFC 4959); initial may be null. */
public record AuthenticateCommand(String mechanism, String initial) {

    public static AuthenticateCommand parse(ImapReader in) {
        in.sp();
        String mechanism = in.atom();
        String initial = null;
        if (in.accept(' ')) {
            initial = in.astringAtom();
        }
        in.end();
        return new AuthenticateCommand(mechanism, initial);
    }
}
