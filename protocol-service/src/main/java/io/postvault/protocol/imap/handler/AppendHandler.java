package io.postvault.protocol.imap.handler;

import io.postvault.protocol.imap.codec.ImapReader;
import io.postvault.protocol.imap.command.AppendCommand;
import io.vertx.core.Future;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * APPEND (RFC 3501 section 6.3.11) with APPENDUID (UIDPLUS, RFC 4315). The literal was limited by the request decoder
 * ({@code NO [TOOBIG]} before a synchronizing literal is sent, APPENDLIMIT RFC 7889); the message goes to the store
 * through a spool file.
 */
public final class AppendHandler implements CommandHandler {

    private final Path spool;

    public AppendHandler(Path spool) {
        this.spool = spool;
    }

    @Override
    public Future<String> handle(ImapContext ctx, String tag, String name, boolean uid, ImapReader in) {
        AppendCommand command = AppendCommand.parse(in);
        return ctx.blocking(() -> {
            Path file = Files.createTempFile(spool, "append", ".eml");
            try {
                Files.write(file, command.message());
                return ctx.messages().append(ctx.account(), command.name(), command.flags(), command.internalDate(),
                        file);
            } finally {
                Files.deleteIfExists(file);
            }
        }).compose(appended -> ctx.sync(true).map(v -> "OK [APPENDUID " + appended.uidValidity() + " "
                + appended.uid() + "] APPEND completed"));
    }
}
