package io.postvault.protocol.pop3;

import io.postvault.protocol.net.DotStuffer;
import io.postvault.protocol.net.Frame;
import io.postvault.protocol.net.FrameHandler;
import io.postvault.protocol.net.ProtocolConnection;
import io.postvault.protocol.store.LoginResult;
import io.postvault.protocol.store.Mailbox;
import io.postvault.protocol.store.Maildrops.MaildropLock;
import io.postvault.protocol.store.Pop3Message;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jboss.logging.Logger;

/**
 * One POP3 connection: AUTHORIZATION (USER/PASS, AUTH PLAIN, STLS), TRANSACTION and UPDATE states (RFC 1939), CAPA
 * and response codes (RFC 2449, 3206). Store calls run on worker threads; message bytes are streamed with
 * back-pressure.
 */
final class Pop3Session implements FrameHandler {

    private static final Logger LOG = Logger.getLogger(Pop3Session.class);
    private static final int READ_CHUNK = 64 * 1024;

    private final ProtocolConnection connection;
    private final Pop3Server server;
    private final Pop3Config config;
    private final boolean implicitTls;
    private String user;
    private int failedLogins;
    private boolean awaitingSaslResponse;
    private Mailbox mailbox;
    private MaildropLock lock;
    private MaildropView view;
    private long renewTimer = -1;

    Pop3Session(ProtocolConnection connection, Pop3Server server, boolean implicitTls) {
        this.connection = connection;
        this.server = server;
        this.config = server.config();
        this.implicitTls = implicitTls;
    }

    @Override
    public void start() {
        reply("+OK " + config.hostname() + " PostVault POP3 ready");
    }

    @Override
    public String idleTimeoutReply() {
        return "-ERR Disconnected for inactivity";
    }

    @Override
    public Future<Void> handle(Frame frame) {
        if (!(frame instanceof Frame.Line line)) {
            awaitingSaslResponse = false;
            return reply("-ERR Line too long");
        }
        if (awaitingSaslResponse) {
            awaitingSaslResponse = false;
            return saslResponse(line.text());
        }
        Pop3Command command = Pop3Command.parse(line.text());
        return switch (command.keyword()) {
            case "CAPA" -> capa();
            case "QUIT" -> quit();
            case "NOOP" -> view == null ? wrongState() : reply("+OK");
            case "STLS" -> stls();
            case "USER" -> user(command);
            case "PASS" -> pass(command);
            case "AUTH" -> auth(command);
            case "STAT" -> view == null ? wrongState() : reply("+OK " + view.count() + " " + view.size());
            case "LIST" -> listing(command, false);
            case "UIDL" -> listing(command, true);
            case "RETR" -> retrieve(command, false);
            case "TOP" -> retrieve(command, true);
            case "DELE" -> dele(command);
            case "RSET" -> rset();
            default -> reply("-ERR Unknown command");
        };
    }

    // --- AUTHORIZATION ---------------------------------------------------------------------------------------

    private Future<Void> capa() {
        StringBuilder capa = new StringBuilder("+OK Capability list follows\r\nTOP\r\nUIDL\r\nUSER\r\nSASL PLAIN\r\n")
                .append("RESP-CODES\r\nAUTH-RESP-CODE\r\nPIPELINING\r\n");
        if (stlsAvailable()) {
            capa.append("STLS\r\n");
        }
        return reply(capa.append("IMPLEMENTATION PostVault\r\n.").toString());
    }

    private boolean stlsAvailable() {
        return !implicitTls && !connection.secure() && view == null;
    }

    private Future<Void> stls() {
        if (!stlsAvailable()) {
            return reply(connection.secure() ? "-ERR TLS already active" : "-ERR STLS not available in this state");
        }
        connection.writeLine("+OK Begin TLS negotiation");
        user = null;
        return connection.upgradeToTls().recover(e -> {
            LOG.debugf("TLS handshake failed: %s", e.toString());
            connection.close();
            return Future.succeededFuture();
        });
    }

    private boolean authAllowed() {
        return connection.secure() || (config.allowPlaintextOnLoopback() && connection.loopback());
    }

    private Future<Void> user(Pop3Command command) {
        if (view != null) {
            return wrongState();
        }
        if (!authAllowed()) {
            return reply("-ERR [AUTH] TLS required: use STLS or the TLS port");
        }
        if (command.arguments().size() != 1) {
            return reply("-ERR Syntax: USER name");
        }
        user = command.arguments().get(0);
        return reply("+OK");
    }

    private Future<Void> pass(Pop3Command command) {
        if (view != null) {
            return wrongState();
        }
        if (!authAllowed()) {
            return reply("-ERR [AUTH] TLS required: use STLS or the TLS port");
        }
        if (user == null) {
            return reply("-ERR USER first");
        }
        if (command.arguments().isEmpty()) {
            return reply("-ERR Syntax: PASS password");
        }
        String name = user;
        user = null;
        return login(name, command.arguments().get(0));
    }

    private Future<Void> auth(Pop3Command command) {
        if (view != null) {
            return wrongState();
        }
        if (command.arguments().isEmpty()) {
            return reply("+OK\r\nPLAIN\r\n.");
        }
        if (!command.arguments().get(0).equalsIgnoreCase("PLAIN")) {
            return reply("-ERR Unsupported authentication mechanism");
        }
        if (!authAllowed()) {
            return reply("-ERR [AUTH] TLS required: use STLS or the TLS port");
        }
        if (command.arguments().size() == 1) {
            awaitingSaslResponse = true;
            return reply("+ ");
        }
        return saslResponse(command.arguments().get(1));
    }

    private Future<Void> saslResponse(String response) {
        if (response.equals("*")) {
            return reply("-ERR Authentication cancelled");
        }
        String[] parts;
        try {
            parts = new String(Base64.getDecoder().decode(response.equals("=") ? "" : response),
                    StandardCharsets.UTF_8).split("\0", -1);
        } catch (IllegalArgumentException e) {
            return reply("-ERR Invalid base64 data");
        }
        if (parts.length != 3 || parts[1].isEmpty()) {
            return loginFailed();
        }
        if (!parts[0].isEmpty() && !parts[0].equalsIgnoreCase(parts[1])) {
            // a user's credentials aimed at another mailbox, such as a shared account: never over POP3
            return reply("-ERR [AUTH] Logging in to another account's maildrop is not supported; shared accounts are"
                    + " reachable over IMAP only");
        }
        return login(parts[1], parts[2]);
    }

    private record LoginOutcome(String reply, Mailbox mailbox, MaildropLock lock, List<Pop3Message> messages,
            boolean badCredentials) {
    }

    private Future<Void> login(String name, String password) {
        String ip = connection.remoteIp();
        if (server.throttle().blocked(ip)) {
            return reply("-ERR [AUTH] Too many failed logins from your address, try again later");
        }
        return server.blocking(() -> {
            LoginResult result = server.authenticator().login(name, password);
            if (result instanceof LoginResult.BadCredentials) {
                return new LoginOutcome(null, null, null, null, true);
            }
            if (result instanceof LoginResult.SharedAccount shared) {
                return new LoginOutcome("-ERR [AUTH] " + shared.address()
                        + " is a shared account, reachable over IMAP only", null, null, null, false);
            }
            Mailbox account = ((LoginResult.Success) result).mailbox();
            Optional<MaildropLock> taken = server.maildrops().lock(account);
            if (taken.isEmpty()) {
                return new LoginOutcome("-ERR [IN-USE] Maildrop is locked by another POP3 session", null, null, null,
                        false);
            }
            try {
                List<Pop3Message> messages = server.maildrops().list(account);
                return new LoginOutcome(null, account, taken.get(), messages, false);
            } catch (RuntimeException e) {
                taken.get().close();
                throw e;
            }
        }).recover(e -> {
            LOG.warnf(e, "POP3 login of %s failed", name);
            return Future.succeededFuture(new LoginOutcome("-ERR [SYS/TEMP] Temporary server failure, try again later",
                    null, null, null, false));
        }).compose(outcome -> {
            if (outcome.badCredentials()) {
                server.throttle().failed(ip);
                return loginFailed();
            }
            if (outcome.reply() != null) {
                return reply(outcome.reply());
            }
            if (connection.isClosed()) {
                release(outcome.lock());
                return Future.succeededFuture();
            }
            mailbox = outcome.mailbox();
            lock = outcome.lock();
            view = new MaildropView(outcome.messages());
            renewTimer = connection.vertx().setPeriodic(config.lockRenewInterval().toMillis(), id -> renew());
            return reply("+OK Logged in, " + view.count() + " messages (" + view.size() + " octets)");
        });
    }

    private Future<Void> loginFailed() {
        failedLogins++;
        reply("-ERR [AUTH] Invalid user name or password");
        if (failedLogins >= config.maxFailedLogins()) {
            reply("-ERR Too many failed logins, closing connection");
            connection.close();
        }
        return Future.succeededFuture();
    }

    private void renew() {
        MaildropLock held = lock;
        if (held == null) {
            return;
        }
        server.blocking(held::renew).onComplete(ar -> {
            if (ar.failed() || !ar.result()) {
                LOG.warnf("POP3 session of %s lost its maildrop lock", mailbox.address());
                connection.writeLine("-ERR [IN-USE] Maildrop lock lost, closing connection");
                connection.close();
            }
        });
    }

    // --- TRANSACTION -----------------------------------------------------------------------------------------

    private Future<Void> listing(Pop3Command command, boolean uidl) {
        if (view == null) {
            return wrongState();
        }
        if (!command.arguments().isEmpty()) {
            Optional<Pop3Message> message = message(command, 0);
            if (message.isEmpty()) {
                return reply("-ERR No such message");
            }
            return reply("+OK " + command.arguments().get(0) + " " + (uidl ? message.get().uidl() : message.get().size()));
        }
        StringBuilder out = new StringBuilder(uidl ? "+OK Unique-ID listing follows\r\n"
                : "+OK " + view.count() + " messages (" + view.size() + " octets)\r\n");
        for (int n = 1; n <= view.last(); n++) {
            int number = n;
            view.get(n).ifPresent(m -> out.append(number).append(' ').append(uidl ? m.uidl() : m.size()).append("\r\n"));
        }
        return reply(out.append('.').toString());
    }

    private Optional<Pop3Message> message(Pop3Command command, int argument) {
        long n = command.number(argument);
        return n < 1 || n > Integer.MAX_VALUE ? Optional.empty() : view.get((int) n);
    }

    private Future<Void> dele(Pop3Command command) {
        if (view == null) {
            return wrongState();
        }
        long n = command.number(0);
        if (n < 1 || n > view.last() || !view.delete((int) n)) {
            return reply("-ERR No such message");
        }
        return reply("+OK Marked to be deleted");
    }

    private Future<Void> rset() {
        if (view == null) {
            return wrongState();
        }
        view.reset();
        return reply("+OK " + view.count() + " messages (" + view.size() + " octets)");
    }

    private Future<Void> retrieve(Pop3Command command, boolean top) {
        if (view == null) {
            return wrongState();
        }
        if (command.arguments().size() != (top ? 2 : 1)) {
            return reply(top ? "-ERR Syntax: TOP message lines" : "-ERR Syntax: RETR message");
        }
        Optional<Pop3Message> message = message(command, 0);
        if (message.isEmpty()) {
            return reply("-ERR No such message");
        }
        long lines = top ? command.number(1) : -1;
        if (top && lines < 0) {
            return reply("-ERR Invalid number of lines");
        }
        // A message held in memory (the blob cache) is sent at once, on the event loop, with no worker hop. Otherwise
        // one worker hop opens the message and reads its first chunk; a message that fits in it (most do) is also
        // closed in that hop, so it costs a single hop; a larger one streams on, a chunk per hop, with back-pressure.
        Optional<InputStream> held = server.maildrops().openInMemory(message.get());
        Future<Opened> opening = held.isPresent() ? now(() -> first(new MessageStream(held.get(), null)))
                : server.blocking(() -> first(new MessageStream(server.maildrops().open(message.get()), server)));
        return opening.compose(opened -> {
            Buffer head = Buffer.buffer(opened.first().length + 64) // the stuffed chunk grows it a little
                    .appendString(top ? "+OK\r\n" : "+OK " + message.get().size() + " octets\r\n");
            Promise<Void> done = Promise.promise();
            MessageStream stream = opened.stream();
            pump(stream, head, opened.first(), new DotStuffer(lines), done);
            // the next command waits until the socket can take more: pipelined RETRs of held messages are answered
            // without any hop, so this is their back-pressure
            return done.future().eventually(stream::close).compose(v -> connection.drained());
        }, e -> {
            LOG.warnf(e, "cannot open message %s", message.get().messageId());
            return reply("-ERR [SYS/TEMP] Cannot read the message, try again later");
        }).recover(e -> {
            LOG.warnf(e, "RETR of message %s failed while streaming", message.get().messageId());
            connection.close(); // the response is cut: the client must not take it as complete
            return Future.succeededFuture();
        });
    }

    /** The stream with its first chunk read; closed when that fails. */
    private static Opened first(MessageStream stream) throws IOException {
        try {
            return new Opened(stream, stream.read());
        } catch (IOException | RuntimeException e) {
            stream.closeNow();
            throw e;
        }
    }

    /** Runs a step that never blocks here, on the calling thread. */
    private static <T> Future<T> now(Callable<T> step) {
        try {
            return Future.succeededFuture(step.call());
        } catch (Exception e) {
            return Future.failedFuture(e);
        }
    }

    private record Opened(MessageStream stream, byte[] first) {
    }

    /**
     * The bytes of a message being sent; the read that reaches the end closes the stream. A stream from the object
     * store is read and closed on worker threads ({@code worker} not null); one held in memory on the event loop.
     */
    private static final class MessageStream {
        private final InputStream in;
        private final Pop3Server worker;
        private volatile boolean ended;

        MessageStream(InputStream in, Pop3Server worker) {
            this.in = in;
            this.worker = worker;
        }

        /** The next chunk, at most READ_CHUNK octets (fewer only at the end). */
        Future<byte[]> next() {
            return worker == null ? now(this::read) : worker.blocking(this::read);
        }

        byte[] read() throws IOException {
            byte[] chunk = in.readNBytes(READ_CHUNK);
            if (chunk.length < READ_CHUNK) {
                closeNow();
            }
            return chunk;
        }

        boolean ended() {
            return ended;
        }

        /** Closes the stream unless it ended (TOP done early, closed connection, failure). */
        Future<Void> close() {
            if (ended) {
                return Future.succeededFuture();
            }
            Callable<Void> close = () -> {
                closeNow();
                return null;
            };
            return worker == null ? now(close) : worker.blocking(close);
        }

        void closeNow() throws IOException {
            if (!ended) {
                ended = true;
                in.close();
            }
        }
    }

    /**
     * Writes {@code pending} (the reply's first line, before the first chunk) and the chunk stuffed; once the socket
     * has drained, reads the next chunk. A message read in one chunk goes out in one write, with the terminating line.
     */
    private void pump(MessageStream stream, Buffer pending, byte[] chunk, DotStuffer stuffer, Promise<Void> done) {
        if (connection.isClosed()) {
            done.complete();
            return;
        }
        Buffer out = stuffer.stuff(chunk, 0, chunk.length, pending);
        if (stream.ended() || stuffer.done()) {
            connection.write(out.appendBuffer(stuffer.finish()));
            done.complete();
            return;
        }
        connection.write(out);
        connection.drained().onComplete(v -> stream.next().onComplete(ar -> {
            if (ar.failed()) {
                done.fail(ar.cause());
            } else {
                pump(stream, Buffer.buffer(), ar.result(), stuffer, done);
            }
        }));
    }

    // --- UPDATE ----------------------------------------------------------------------------------------------

    private Future<Void> quit() {
        if (view == null) {
            reply("+OK " + config.hostname() + " POP3 signing off");
            connection.close();
            return Future.succeededFuture();
        }
        List<Pop3Message> marked = view.marked();
        Mailbox account = mailbox;
        // The lock is released before the reply, not when the connection closes: a client that reconnects as soon as
        // it reads +OK must find the maildrop free. With messages to delete, the removal's commit releases it.
        MaildropLock held = lock;
        lock = null;
        stopRenewing();
        Future<Boolean> update = server.blocking(() -> {
            if (marked.isEmpty()) {
                held.close();
                return true;
            }
            try {
                return held.update(marked); // false: another session holds the maildrop now
            } catch (RuntimeException e) {
                held.close();
                throw e;
            }
        });
        return update.compose(deleted -> {
            reply(deleted ? "+OK " + config.hostname() + " POP3 signing off (" + marked.size() + " messages deleted)"
                    : "-ERR [SYS/TEMP] The maildrop lock was lost; no message was deleted");
            connection.close();
            return Future.<Void>succeededFuture();
        }, e -> {
            LOG.warnf(e, "POP3 UPDATE of %s failed", account.address());
            reply("-ERR [SYS/TEMP] Could not delete the messages, none was deleted; try again later");
            connection.close();
            return Future.succeededFuture();
        });
    }

    private Future<Void> wrongState() {
        return reply("-ERR Command not valid in this state");
    }

    private Future<Void> reply(String text) {
        connection.writeLine(text);
        return Future.succeededFuture();
    }

    @Override
    public void closed() {
        stopRenewing();
        release(lock);
        lock = null;
    }

    private void stopRenewing() {
        if (renewTimer >= 0) {
            connection.vertx().cancelTimer(renewTimer);
            renewTimer = -1;
        }
    }

    private void release(MaildropLock held) {
        if (held != null) {
            server.blocking(() -> {
                held.close();
                return null;
            }).onFailure(e -> LOG.warn("cannot release a maildrop lock", e));
        }
    }
}
