package io.postvault.protocol.imap.codec;

/** The command does not follow the grammar: answered with a tagged {@code BAD [CLIENTBUG]}-free BAD and the text. */
public final class ImapSyntaxException extends RuntimeException {

    public ImapSyntaxException(String message) {
        super(message, null, false, false);
    }
}
