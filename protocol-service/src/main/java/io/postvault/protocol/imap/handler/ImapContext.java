package io.postvault.protocol.imap.handler;

import io.postvault.protocol.imap.ImapConfig;
import io.postvault.protocol.imap.session.SelectedFolder;
import io.postvault.protocol.store.ImapFolders;
import io.postvault.protocol.store.ImapMessages;
import io.postvault.protocol.store.Mailbox;
import io.postvault.protocol.store.SharedMailboxes;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.concurrent.Callable;

/**
 * What a command handler sees of its session: the store ports, the account, the selected folder, the extensions the
 * client enabled, and the output. Handlers never touch the socket or the framing.
 */
public interface ImapContext {

    ImapConfig config();

    ImapFolders folders();

    /** The messages as the logged-in user sees them ({@link ImapMessages#viewedBy}). */
    ImapMessages messages();

    /** The shared accounts the user reaches, and their access control lists. */
    SharedMailboxes shared();

    /** The logged-in account (null before login). */
    Mailbox account();

    /** The selected folder, or null in the authenticated state. */
    SelectedFolder selected();

    /** Makes {@code folder} the selected one (the session starts watching it for changes). */
    void select(SelectedFolder folder);

    /** Leaves the selected state (CLOSE, UNSELECT, a failed SELECT, DELETE of the selected folder). */
    void unselect();

    /** The extensions turned on by ENABLE or by their first use (RFC 5161, RFC 7162 section 3.1). */
    Extensions enabled();

    /** Writes one response line; CRLF is appended. */
    void write(String line);

    /** Writes raw bytes; the future completes when the socket can take more. */
    Future<Void> write(Buffer bytes);

    /** Runs blocking store work on a worker thread. */
    <T> Future<T> blocking(Callable<T> task);

    /**
     * Reports what others changed in the selected folder (EXISTS, FETCH FLAGS, and EXPUNGE/VANISHED only when
     * {@code allowExpunge}: RFC 3501 section 7.4.1).
     */
    Future<Void> sync(boolean allowExpunge);

    /** The file holding the current request's spooled literal (see ImapRequestDecoder), or null. */
    java.nio.file.Path spooledLiteral();

    /** Says {@code * BYE text} and closes the connection. */
    void bye(String text);

    /** The capability list for the current state. */
    String capabilities();
}
