package io.postvault.protocol.imap.handler;

import io.postvault.protocol.imap.codec.ImapReader;
import io.postvault.protocol.imap.command.IdCommand;
import io.vertx.core.Future;

/** CAPABILITY, NOOP, CHECK (RFC 3501 sections 6.1.1-2, 6.4.1), ID (RFC 2971) and NAMESPACE (RFC 2342). */
public final class BasicHandlers {

    private BasicHandlers() {
    }

    public static Future<String> capability(ImapContext ctx, String tag, String name, boolean uid, ImapReader in) {
        in.end();
        ctx.write("* CAPABILITY " + ctx.capabilities());
        return CommandHandler.ok("CAPABILITY completed");
    }

    /** NOOP and CHECK: a chance to report changes (there is nothing to checkpoint: every change is committed). */
    public static Future<String> noop(ImapContext ctx, String tag, String name, boolean uid, ImapReader in) {
        in.end();
        return ctx.sync(true).map(v -> "OK " + name + " completed");
    }

    public static Future<String> id(ImapContext ctx, String tag, String name, boolean uid, ImapReader in) {
        IdCommand.parse(in);
        ctx.write("* ID (\"name\" \"PostVault\" \"vendor\" \"PostVault\")");
        return CommandHandler.ok("ID completed");
    }

    /** The personal namespace without prefix, no other users' namespace, the shared one ({@link Namespaces}). */
    public static Future<String> namespace(ImapContext ctx, String tag, String name, boolean uid, ImapReader in) {
        in.end();
        ctx.write("* NAMESPACE ((\"\" \"/\")) NIL ((\"" + Namespaces.PREFIX + "\" \"/\"))");
        return CommandHandler.ok("NAMESPACE completed");
    }
}
