package io.postvault.protocol.imap.handler;

import io.postvault.protocol.imap.codec.ImapReader;
import io.postvault.protocol.imap.command.AppendCommand;
import io.postvault.protocol.mime.BinaryToBase64;
import io.postvault.protocol.store.ImapMessages;
import io.vertx.core.Future;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * APPEND (RFC 3501 section 6.3.11) with APPENDUID (UIDPLUS, RFC 4315). The literal was limited by the request decoder
 * ({@code NO [TOOBIG]} before a synchronizing literal is sent, APPENDLIMIT RFC 7889). A large message arrives
 * already written to the session's spool file as it streamed in; a small one is written to a spool file here. A
 * literal8 message has its binary parts stored in base64 ({@link BinaryToBase64}; a large one is read into memory
 * for that: only clients of the BINARY extension send literal8).
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
        FolderUpdates.Pending updates = FolderUpdates.pending(ctx);
        if (command.message() == null && !command.binary()) {
            return ctx.blocking(() -> {
                Target target = target(ctx, command);
                return new Done(ctx.messages().append(target.owner(), target.folder(),
                        StoreRights.allowed(target.rights(), command.flags()), command.internalDate(), spooled),
                        updates == null ? null : updates.read());
            }).map(done -> completed(ctx, done));
        }
        return ctx.blocking(() -> {
            Target target = target(ctx, command);
            Path file = Files.createTempFile(spool, "append", ".eml");
            ImapMessages.Appended appended;
            try {
                Files.write(file, message(command, spooled));
                appended = ctx.messages().append(target.owner(), target.folder(),
                        StoreRights.allowed(target.rights(), command.flags()), command.internalDate(), file);
            } finally {
                Files.deleteIfExists(file);
            }
            return new Done(appended, updates == null ? null : updates.read());
        }).map(done -> completed(ctx, done));
    }

    /**
     * The octets to store: a literal8 message with its binary parts in base64 (as Dovecot stores them), so that every
     * BODY section of it can be sent in a literal; BINARY[part] decodes them back.
     */
    private static byte[] message(AppendCommand command, Path spooled) throws java.io.IOException {
        byte[] message = command.message() != null ? command.message() : Files.readAllBytes(spooled);
        return command.binary() ? BinaryToBase64.convert(message) : message;
    }

    /** The appended message, and what changed in the selected folder (null: none selected), read in one worker task. */
    private record Done(ImapMessages.Appended appended, FolderUpdates.Read updates) {
    }

    /** The target folder; APPEND needs the i right, its flags are kept only where the user may set them. */
    private static Target target(ImapContext ctx, AppendCommand command) {
        return Namespaces.resolve(ctx, command.name()).require('i', "add messages");
    }

    private static String completed(ImapContext ctx, Done done) {
        if (done.updates() != null) {
            done.updates().apply(ctx, true);
        }
        return "OK [APPENDUID " + done.appended().uidValidity() + " " + done.appended().uid() + "] APPEND completed";
    }
}
