package io.postvault.protocol.imap.handler;

import io.postvault.protocol.imap.codec.ImapReader;
import io.postvault.protocol.imap.command.AppendCommand;
import io.postvault.protocol.store.ImapMessages;
import io.vertx.core.Future;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * APPEND (RFC 3501 section 6.3.11) with APPENDUID (UIDPLUS, RFC 4315). The literal was limited by the request decoder
 * ({@code NO [TOOBIG]} before a synchronizing literal is sent, APPENDLIMIT RFC 7889). A large message arrives
 * already written to the session's spool file as it streamed in; a small one is written to a spool file here.
 */
public final class AppendHandler implements CommandHandler {

    private final Path spool;

    public AppendHandler(Path spool) {
        this.spool = spool;
    }

    @Override
    public Future<String> handle(ImapContext ctx, String tag, String name, boolean uid, ImapReader in) {
        AppendCommand command = AppendCommand.parse(in);
        Path spooled = ctx.spooledLiteral();
        if (command.message() == null) {
            return ctx.blocking(() -> {
                Target target = target(ctx, command);
                return ctx.messages().append(target.owner(), target.folder(),
                        StoreRights.allowed(target.rights(), command.flags()), command.internalDate(), spooled);
            }).compose(appended -> completed(ctx, appended));
        }
        return ctx.blocking(() -> {
            Target target = target(ctx, command);
            Path file = Files.createTempFile(spool, "append", ".eml");
            try {
                Files.write(file, command.message());
                return ctx.messages().append(target.owner(), target.folder(),
                        StoreRights.allowed(target.rights(), command.flags()), command.internalDate(), file);
            } finally {
                Files.deleteIfExists(file);
            }
        }).compose(appended -> completed(ctx, appended));
    }

    /** The target folder; APPEND needs the i right, its flags are kept only where the user may set them. */
    private static Target target(ImapContext ctx, AppendCommand command) {
        return Namespaces.resolve(ctx, command.name()).require('i', "add messages");
    }

    private static Future<String> completed(ImapContext ctx, ImapMessages.Appended appended) {
        return ctx.sync(true).map(v -> "OK [APPENDUID " + appended.uidValidity() + " " + appended.uid()
                + "] APPEND completed");
    }
}
