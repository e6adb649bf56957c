package io.postvault.protocol.imap;

import io.postvault.protocol.imap.codec.ImapReader;
import io.postvault.protocol.imap.codec.ImapRequest;
import io.postvault.protocol.imap.codec.ImapRequestDecoder;
import io.postvault.protocol.imap.codec.ImapSyntaxException;
import io.postvault.protocol.imap.command.AuthenticateCommand;
import io.postvault.protocol.imap.command.LoginCommand;
import io.postvault.protocol.imap.command.SearchParser;
import io.postvault.protocol.imap.handler.CommandHandler;
import io.postvault.protocol.imap.handler.Extensions;
import io.postvault.protocol.imap.handler.FolderUpdates;
import io.postvault.protocol.imap.handler.ImapContext;
import io.postvault.protocol.imap.session.LiteralSpool;
import io.postvault.protocol.imap.session.SelectedFolder;
import io.postvault.protocol.imap.session.SessionState;
import io.postvault.protocol.net.Frame;
import io.postvault.protocol.net.FrameHandler;
import io.postvault.protocol.net.ProtocolConnection;
import io.postvault.protocol.quota.QuotaAlert;
import io.postvault.protocol.store.ImapFolders;
import io.postvault.protocol.store.ImapMessages;
import io.postvault.protocol.store.LoginResult;
import io.postvault.protocol.store.Mailbox;
import io.postvault.protocol.store.SharedMailboxes;
import io.postvault.protocol.store.MailboxException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * One IMAP connection (RFC 3501 and the extensions in {@link #capabilities}). Requests come whole from
 * {@link ImapRequestDecoder}; the command gate of {@link SessionState} decides what may run; the command handlers
 * ({@code handler} package) do the work; errors become responses in {@link #failed} only. The session itself runs
 * what acts on the connection: LOGIN and AUTHENTICATE, STARTTLS, COMPRESS, IDLE and LOGOUT.
 */
final class ImapSession implements FrameHandler, ImapContext {

    private static final Logger LOG = Logger.getLogger(ImapSession.class);
    private static final Pattern NUL = Pattern.compile("\0");

    private final ProtocolConnection connection;
    private final ImapServer server;
    private final boolean implicitTls;
    private final ImapRequestDecoder decoder;
    private final Context context;
    private final Extensions enabled = new Extensions();
    private SessionState state = SessionState.NOT_AUTHENTICATED;
    private Mailbox account;
    private ImapMessages messages;
    private SelectedFolder selected;
    // continuations
    private String saslTag;
    private String idleTag;
    /** A report for IDLE is being read; notifications meanwhile ask for one more after it, not one each. */
    private boolean idleReporting;
    private boolean idleReportAgain;
    private int failedLogins;
    private final QuotaAlert quotaAlert;
    private final LiteralSpool spool;

    ImapSession(ProtocolConnection connection, ImapServer server, boolean implicitTls) {
        this.connection = connection;
        this.server = server;
        this.implicitTls = implicitTls;
        ImapConfig c = server.config;
        this.decoder = new ImapRequestDecoder(c.maxLiteralSize(), c.maxLiteralSize() + 16L * c.maxLineLength(),
                c.maxLiterals(), c.literalSpoolThreshold());
        this.context = Vertx.currentContext();
        this.quotaAlert = server.nearlyFull.session();
        this.spool = new LiteralSpool(connection.vertx(), server.spool);
    }

    @Override
    public void start() {
        write("* OK [CAPABILITY " + capabilities() + "] " + server.config.hostname() + " PostVault IMAP4rev1 ready");
    }

    @Override
    public String idleTimeoutReply() {
        return "* BYE Autologout; idle for too long";
    }

    @Override
    public String capabilities() {
        StringBuilder caps = new StringBuilder("IMAP4rev1 IMAP4rev2 LITERAL+ SASL-IR ID IDLE NAMESPACE UNSELECT UIDPLUS MOVE");
        caps.append(" SPECIAL-USE CREATE-SPECIAL-USE CHILDREN LIST-EXTENDED LIST-STATUS STATUS=SIZE ENABLE CONDSTORE")
                .append(" QRESYNC ESEARCH SEARCHRES SORT QUOTA QUOTA=RES-STORAGE COMPRESS=DEFLATE ACL RIGHTS=texk LIST-MYRIGHTS BINARY OBJECTID")
                .append(" APPENDLIMIT=")
                .append(server.config.maxLiteralSize());
        if (state == SessionState.NOT_AUTHENTICATED) {
            if (!implicitTls && !connection.secure()) {
                caps.append(" STARTTLS");
            }
            caps.append(authAllowed() ? " AUTH=PLAIN" : " LOGINDISABLED");
        }
        return caps.toString();
    }

    private boolean authAllowed() {
        return connection.secure() || (server.config.allowPlaintextOnLoopback() && connection.loopback());
    }

    // --- framing ---------------------------------------------------------------------------------------------

    @Override
    public Future<Void> handle(Frame frame) {
        if (saslTag != null || idleTag != null) {
            String text = frame instanceof Frame.Line line ? line.text() : "";
            return saslTag != null ? saslContinuation(text) : idleContinuation(text);
        }
        ImapRequestDecoder.Step step = decoder.feed(frame);
        if (step instanceof ImapRequestDecoder.NeedLiteral literal) {
            Future<Void> ready = literal.spooled() ? spool.open() : Future.succeededFuture();
            return ready.map(v -> {
                if (literal.synchronizing()) {
                    write("+ Ready for literal data");
                }
                connection.decoder().startLiteral(literal.size());
                return null;
            });
        }
        if (step instanceof ImapRequestDecoder.LiteralChunk chunk) {
            return spool.write(chunk.bytes()); // the next frame waits: back-pressure down to the socket
        }
        if (step instanceof ImapRequestDecoder.Rejected rejected) {
            write(rejected.tag() + " " + rejected.response());
            return spool.discard();
        }
        if (step instanceof ImapRequestDecoder.Complete complete) {
            return spool.finish().compose(v -> execute(complete.request())).eventually(spool::discard);
        }
        return Future.succeededFuture();
    }

    @Override
    public Path spooledLiteral() {
        return spool.path();
    }

    private Future<Void> execute(ImapRequest request) {
        ImapReader in = new ImapReader(request, enabled.imap4rev2());
        String tag;
        String name;
        try {
            tag = in.tag();
            in.sp();
            name = in.atom().toUpperCase(Locale.ROOT);
        } catch (ImapSyntaxException e) {
            write(request.tag() + " BAD Expected tag and command");
            return Future.succeededFuture();
        }
        if (!SessionState.known(name)) {
            write(tag + " BAD Unknown command " + name);
            return Future.succeededFuture();
        }
        if (enabled.imap4rev2() && SessionState.notInImap4rev2(name)) {
            write(tag + " BAD " + name + " is not part of IMAP4rev2");
            return Future.succeededFuture();
        }
        if (!state.allows(name)) {
            write(tag + " BAD Command " + name + " not valid in state " + state);
            return Future.succeededFuture();
        }
        boolean condstoreBefore = enabled.condstore();
        Future<String> result;
        try {
            result = dispatch(tag, name, in);
        } catch (RuntimeException e) {
            result = Future.failedFuture(e);
        }
        return result.transform(ar -> {
            if (ar.succeeded()) {
                if (!condstoreBefore && enabled.condstore()) {
                    condstoreEnabled(name);
                }
                quotaAlert.due(name, account).ifPresent(this::write);
                if (ar.result() != null) {
                    write(tag + " " + ar.result());
                }
            } else {
                failed(tag, ar.cause());
            }
            return Future.<Void>succeededFuture();
        });
    }

    /**
     * RFC 7162 section 3.1: the first CONDSTORE enabling command (FETCH or SEARCH MODSEQ, STORE UNCHANGEDSINCE, STATUS
     * HIGHESTMODSEQ, ENABLE) issued with a mailbox selected is answered with the mailbox's HIGHESTMODSEQ, as far as
     * this session has reported its changes; SELECT and EXAMINE send it anyway.
     */
    private void condstoreEnabled(String command) {
        if (selected != null && !command.equals("SELECT") && !command.equals("EXAMINE")) {
            write("* OK [HIGHESTMODSEQ " + selected.knownModseq() + "] Highest");
        }
    }

    /** The one place where errors become responses. */
    private void failed(String tag, Throwable e) {
        if (e instanceof ImapSyntaxException) {
            write(tag + " BAD " + e.getMessage());
        } else if (e instanceof MailboxException m) {
            write(tag + " NO [" + m.code().name().replace('_', '-') + "] " + m.getMessage());
        } else if (e instanceof SearchParser.BadCharset) {
            write(tag + " NO [BADCHARSET (UTF-8 US-ASCII)] Unsupported charset");
        } else {
            LOG.warnf(e, "IMAP command %s failed", tag);
            write(tag + " NO [SERVERBUG] Internal server error, try again later");
        }
    }

    private Future<String> dispatch(String tag, String name, ImapReader in) {
        switch (name) {
            case "LOGOUT":
                in.end();
                write("* BYE Logging out");
                write(tag + " OK LOGOUT completed");
                state = SessionState.LOGOUT;
                connection.close();
                return Future.succeededFuture(null);
            case "STARTTLS":
                return startTls(tag, in);
            case "LOGIN":
                return login(LoginCommand.parse(in));
            case "AUTHENTICATE":
                return authenticate(tag, AuthenticateCommand.parse(in));
            case "IDLE":
                in.end();
                return idle(tag);
            case "COMPRESS":
                return compress(tag, in);
            case "UID":
                in.sp();
                String sub = in.atom().toUpperCase(Locale.ROOT);
                CommandHandler uid = server.handlers.uid(sub);
                if (uid == null) {
                    throw new ImapSyntaxException("Unknown UID command " + sub);
                }
                return uid.handle(this, tag, sub, true, in);
            default:
                return server.handlers.command(name).handle(this, tag, name, false, in);
        }
    }

    // --- not authenticated -----------------------------------------------------------------------------------

    private Future<String> startTls(String tag, ImapReader in) {
        in.end();
        if (implicitTls || connection.secure()) {
            return Future.succeededFuture("BAD TLS already active");
        }
        write(tag + " OK Begin TLS negotiation now");
        return connection.upgradeToTls().transform(ar -> {
            if (ar.failed()) {
                LOG.debugf("TLS handshake failed: %s", ar.cause().toString());
                connection.close();
            }
            return Future.succeededFuture(null);
        });
    }

    private Future<String> login(LoginCommand command) {
        if (!authAllowed()) {
            return Future.succeededFuture("NO [PRIVACYREQUIRED] LOGIN is disabled before STARTTLS");
        }
        return login(command.user(), command.password());
    }

    private Future<String> authenticate(String tag, AuthenticateCommand command) {
        if (!command.mechanism().equalsIgnoreCase("PLAIN")) {
            return Future.succeededFuture("NO [CANNOT] Unsupported authentication mechanism");
        }
        if (!authAllowed()) {
            return Future.succeededFuture("NO [PRIVACYREQUIRED] Authentication is disabled before STARTTLS");
        }
        if (command.initial() == null) {
            saslTag = tag;
            write("+ ");
            return Future.succeededFuture(null);
        }
        return plain(command.initial());
    }

    private Future<Void> saslContinuation(String text) {
        String tag = saslTag;
        saslTag = null;
        Future<String> result = text.equals("*") ? Future.succeededFuture("BAD Authentication cancelled")
                : plain(text);
        return result.transform(ar -> {
            if (ar.succeeded()) {
                write(tag + " " + ar.result());
            } else {
                failed(tag, ar.cause());
            }
            return Future.succeededFuture();
        });
    }

    /** SASL PLAIN (RFC 4616): authzid NUL authcid NUL password; an authzid other than the authcid is refused. */
    private Future<String> plain(String response) {
        String[] parts;
        try {
            parts = NUL.split(new String(Base64.getDecoder().decode(response.equals("=") ? "" : response),
                    StandardCharsets.UTF_8), -1);
        } catch (IllegalArgumentException e) {
            return Future.succeededFuture("BAD Invalid base64 data");
        }
        if (parts.length != 3 || parts[1].isEmpty() || (!parts[0].isEmpty() && !parts[0].equals(parts[1]))) {
            return loginFailed();
        }
        return login(parts[1], parts[2]);
    }

    private Future<String> login(String user, String password) {
        String ip = connection.remoteIp();
        if (server.throttle.blocked(ip)) {
            return Future.succeededFuture("NO [UNAVAILABLE] Too many failed logins from your address, try later");
        }
        return server.blocking(() -> server.authenticator.login(user, password)).compose(result -> {
            if (result instanceof LoginResult.Success success) {
                account = success.mailbox();
                messages = server.messages.viewedBy(account);
                state = SessionState.AUTHENTICATED;
                return Future.succeededFuture("OK [CAPABILITY " + capabilities() + "] Logged in");
            }
            if (result instanceof LoginResult.SharedAccount) {
                return Future.succeededFuture("NO [AUTHENTICATIONFAILED] A shared account has no login of its own");
            }
            server.throttle.failed(ip);
            return loginFailed();
        });
    }

    private Future<String> loginFailed() {
        failedLogins++;
        if (failedLogins >= server.config.maxFailedLogins()) {
            bye("Too many failed logins");
        }
        return Future.succeededFuture("NO [AUTHENTICATIONFAILED] Invalid credentials");
    }

    // --- COMPRESS (RFC 4978) ----------------------------------------------------------------------------------

    private Future<String> compress(String tag, ImapReader in) {
        in.sp();
        String mechanism = in.atom();
        in.end();
        if (!mechanism.equalsIgnoreCase("DEFLATE")) {
            throw new ImapSyntaxException("Unknown compression mechanism " + mechanism);
        }
        if (connection.deflating()) {
            return Future.succeededFuture("NO [COMPRESSIONACTIVE] DEFLATE is already active");
        }
        write(tag + " OK DEFLATE active");
        connection.startDeflate();
        return Future.succeededFuture(null);
    }

    // --- IDLE (RFC 2177) --------------------------------------------------------------------------------------

    private Future<String> idle(String tag) {
        return sync(state == SessionState.SELECTED).map(v -> {
            idleTag = tag;
            write("+ idling");
            return null;
        });
    }

    private Future<Void> idleContinuation(String text) {
        String tag = idleTag;
        idleTag = null;
        if (!text.equalsIgnoreCase("DONE")) {
            write(tag + " BAD Expected DONE");
            return Future.succeededFuture();
        }
        write(tag + " OK IDLE terminated");
        return Future.succeededFuture();
    }

    /** A change notification: reported at once while idling, else at the next command. */
    private void changed(long folderId) {
        if (idleTag != null && selected != null && selected.folderId() == folderId) {
            idleReport();
        }
    }

    /**
     * Reports while idling, one report at a time: the notifications that come while one is read (a folder busy with
     * other sessions' commits sends dozens a second) make one more report after it, whose snapshot is newer than each
     * of their commits, so nothing is missed and no change is read (or written to the client) twice.
     */
    private void idleReport() {
        if (idleReporting) {
            idleReportAgain = true;
            return;
        }
        idleReporting = true;
        idleReportAgain = false;
        sync(true).onComplete(done -> {
            idleReporting = false;
            if (idleReportAgain && idleTag != null && selected != null) {
                idleReport();
            }
        });
    }

    // --- the handlers' view (ImapContext) ---------------------------------------------------------------------

    @Override
    public ImapConfig config() {
        return server.config;
    }

    @Override
    public ImapFolders folders() {
        return server.folders;
    }

    @Override
    public ImapMessages messages() {
        return messages;
    }

    @Override
    public SharedMailboxes shared() {
        return server.shared;
    }

    @Override
    public Mailbox account() {
        return account;
    }

    @Override
    public SelectedFolder selected() {
        return selected;
    }

    @Override
    public void select(SelectedFolder folder) {
        unselect();
        selected = folder;
        state = SessionState.SELECTED;
        long folderId = folder.folderId();
        folder.watch(server.changes.watch(folderId, () -> context.runOnContext(v -> changed(folderId))));
    }

    @Override
    public void unselect() {
        if (selected != null) {
            selected.close();
            selected = null;
        }
        if (state == SessionState.SELECTED) {
            state = SessionState.AUTHENTICATED;
        }
    }

    @Override
    public Extensions enabled() {
        return enabled;
    }

    @Override
    public Future<Void> sync(boolean allowExpunge) {
        return FolderUpdates.report(this, allowExpunge);
    }

    @Override
    public void write(String line) {
        connection.write(Buffer.buffer((line + "\r\n").getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public Future<Void> write(Buffer bytes) {
        connection.write(bytes);
        return connection.drained();
    }

    @Override
    public <T> Future<T> blocking(Callable<T> task) {
        return server.blocking(task);
    }

    @Override
    public void bye(String text) {
        write("* BYE " + text);
        connection.close();
    }

    @Override
    public void closed() {
        unselect();
        spool.discard();
    }
}
