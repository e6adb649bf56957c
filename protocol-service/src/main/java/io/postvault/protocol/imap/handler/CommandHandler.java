package io.postvault.protocol.imap.handler;

import io.postvault.protocol.imap.codec.ImapReader;
import io.vertx.core.Future;

/**
 * Parses and runs one command. The future carries the tagged response text after the tag ("OK ...", "NO [...] ...")
 * or null when the handler wrote it itself; a failure becomes a response in the session's single error path.
 */
@FunctionalInterface
public interface CommandHandler {

    /**
     * @param name the command name, upper case (several commands may share a handler)
     * @param uid  true for the UID form (UID FETCH, UID STORE, ...)
     * @param in   positioned after the command name (and after the sub-command of UID)
     */
    Future<String> handle(ImapContext ctx, String tag, String name, boolean uid, ImapReader in);

    static Future<String> ok(String text) {
        return Future.succeededFuture("OK " + text);
    }
}
