package io.postvault.protocol.submission;

import io.postvault.protocol.lmtp.LmtpCommand;
import io.postvault.protocol.lmtp.LmtpSyntaxException;
import io.postvault.protocol.net.Frame;
import io.postvault.protocol.net.FrameHandler;
import io.postvault.protocol.net.ProtocolConnection;
import io.postvault.protocol.store.LoginResult;
import io.postvault.protocol.store.Mailbox;
import io.postvault.protocol.store.SpooledMessage;
import io.postvault.protocol.submission.relay.SubmissionRelay;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * One submission connection (RFC 6409): greeting, EHLO, STARTTLS (RFC 3207), AUTH PLAIN/LOGIN (RFC 4954, only over
 * TLS), the mail transaction with DATA or BDAT (RFC 3030), and the hand-over to the durable queue and the smarthost.
 * Store calls and the relay run off the event loop; pipelined commands are answered in order because
 * {@link ProtocolConnection} hands over one frame at a time.
 */
final class SubmissionSession implements FrameHandler {

    private static final Logger LOG = Logger.getLogger(SubmissionSession.class);
    private static final Set<String> NOT_IMPLEMENTED = Set.of("HELP", "EXPN", "ETRN", "TURN", "ATRN", "SEND", "SOML",
            "SAML");

    private enum SaslStep { NONE, PLAIN, LOGIN_USER, LOGIN_PASSWORD }

    private final ProtocolConnection connection;
    private final SubmissionServer server;
    private final SubmissionConfig config;
    private final boolean implicitTls;
    private String helo;
    private Mailbox account;
    private int failedLogins;
    private SaslStep sasl = SaslStep.NONE;
    private String loginUser;
    private LmtpCommand.MailFrom mail;
    private final List<String> recipients = new ArrayList<>();
    private MessageSpool spool;
    /** Set while BDAT chunks are coming: the reply that ends them instead of storing (an error, or too large). */
    private String bdatError;
    private boolean bdatLast;
    private boolean inBdat;
    private boolean storing;

    SubmissionSession(ProtocolConnection connection, SubmissionServer server, boolean implicitTls) {
        this.connection = connection;
        this.server = server;
        this.config = server.config();
        this.implicitTls = implicitTls;
    }

    @Override
    public void start() {
        reply("220 " + config.hostname() + " ESMTP PostVault submission ready");
    }

    @Override
    public String idleTimeoutReply() {
        return "421 4.4.2 " + config.hostname() + " Idle timeout, closing connection";
    }

    @Override
    public Future<Void> handle(Frame frame) {
        if (frame instanceof Frame.Line line) {
            if (sasl != SaslStep.NONE) {
                return saslResponse(line.text());
            }
            return command(line.text());
        } else if (frame instanceof Frame.BodyChunk chunk) {
            return spool == null || bdatError != null ? Future.succeededFuture() : spool.write(chunk.bytes());
        } else if (frame instanceof Frame.BodyEnd end) {
            return inBdat ? endOfChunk(end) : endOfData(end);
        }
        sasl = SaslStep.NONE;
        return reply("500 5.5.2 Line too long");
    }

    // --- commands ------------------------------------------------------------------------------------------------

    private Future<Void> command(String line) {
        SubmissionCommand command;
        try {
            command = SubmissionCommandParser.parse(line);
        } catch (LmtpSyntaxException e) {
            return reply(e.reply());
        }
        if (command instanceof SubmissionCommand.Hello c) {
            return hello(c);
        } else if (command instanceof SubmissionCommand.StartTls) {
            return startTls();
        } else if (command instanceof SubmissionCommand.Auth c) {
            return auth(c);
        } else if (command instanceof SubmissionCommand.Bdat c) {
            return bdat(c);
        }
        LmtpCommand shared = ((SubmissionCommand.Shared) command).command();
        if (shared instanceof LmtpCommand.MailFrom c) {
            return mail(c);
        } else if (shared instanceof LmtpCommand.RcptTo c) {
            return rcpt(c);
        } else if (shared instanceof LmtpCommand.Data) {
            return data();
        } else if (shared instanceof LmtpCommand.Rset) {
            resetTransaction();
            return reply("250 2.0.0 OK");
        } else if (shared instanceof LmtpCommand.Noop) {
            return reply("250 2.0.0 OK");
        } else if (shared instanceof LmtpCommand.Vrfy) {
            return reply("252 2.5.0 Cannot VRFY user, but will accept message and attempt delivery");
        } else if (shared instanceof LmtpCommand.Quit) {
            reply("221 2.0.0 " + config.hostname() + " closing connection");
            connection.close();
            return Future.succeededFuture();
        } else if (shared instanceof LmtpCommand.Unknown u && NOT_IMPLEMENTED.contains(u.verb())) {
            return reply("502 5.5.1 " + u.verb() + " not implemented");
        }
        return reply("500 5.5.2 Unknown command");
    }

    private boolean authOffered() {
        return connection.secure() || (config.allowPlaintextOnLoopback() && connection.loopback());
    }

    private Future<Void> hello(SubmissionCommand.Hello command) {
        helo = command.domain();
        resetTransaction();
        if (!command.extended()) {
            return reply("250 " + config.hostname());
        }
        List<String> lines = new ArrayList<>(List.of(config.hostname(), "PIPELINING", "SIZE " + config.maxMessageSize(),
                "8BITMIME", "SMTPUTF8", "ENHANCEDSTATUSCODES", "CHUNKING"));
        if (!connection.secure()) {
            lines.add("STARTTLS");
        }
        if (authOffered() && account == null) {
            lines.add("AUTH PLAIN LOGIN");
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            out.append(i == lines.size() - 1 ? "250 " : "250-").append(lines.get(i));
            if (i < lines.size() - 1) {
                out.append("\r\n");
            }
        }
        return reply(out.toString());
    }

    private Future<Void> startTls() {
        if (connection.secure()) {
            return reply("503 5.5.1 TLS already active");
        }
        if (mail != null) {
            return reply("503 5.5.1 STARTTLS not allowed during a mail transaction");
        }
        connection.writeLine("220 2.0.0 Ready to start TLS");
        // RFC 3207 4.2: forget everything learnt before TLS
        helo = null;
        account = null;
        resetTransaction();
        return connection.upgradeToTls().recover(e -> {
            LOG.debugf("TLS handshake failed: %s", e.toString());
            connection.close();
            return Future.succeededFuture();
        });
    }

    // --- AUTH (RFC 4954) -------------------------------------------------------------------------------------------

    private Future<Void> auth(SubmissionCommand.Auth command) {
        if (helo == null) {
            return reply("503 5.5.1 Send EHLO first");
        }
        if (account != null) {
            return reply("503 5.5.1 Already authenticated");
        }
        if (mail != null) {
            return reply("503 5.5.1 AUTH not allowed during a mail transaction");
        }
        if (!authOffered()) {
            return reply("538 5.7.11 Encryption required: use STARTTLS or the TLS port");
        }
        String response = command.initialResponse();
        switch (command.mechanism()) {
            case "PLAIN" -> {
                if (response == null) {
                    sasl = SaslStep.PLAIN;
                    return reply("334 ");
                }
                return plain(response);
            }
            case "LOGIN" -> {
                if (response == null) {
                    sasl = SaslStep.LOGIN_USER;
                    return reply("334 " + base64("Username:"));
                }
                return loginUser(response);
            }
            default -> {
                return reply("504 5.5.4 Unrecognized authentication mechanism");
            }
        }
    }

    private Future<Void> saslResponse(String response) {
        SaslStep step = sasl;
        sasl = SaslStep.NONE;
        if (response.equals("*")) {
            loginUser = null;
            return reply("501 5.0.0 Authentication cancelled");
        }
        return switch (step) {
            case PLAIN -> plain(response);
            case LOGIN_USER -> loginUser(response);
            default -> {
                String user = loginUser;
                loginUser = null;
                String password = decode(response);
                yield password == null ? badBase64() : login(user, password);
            }
        };
    }

    private Future<Void> loginUser(String response) {
        String user = decode(response);
        if (user == null) {
            return badBase64();
        }
        loginUser = user;
        sasl = SaslStep.LOGIN_PASSWORD;
        return reply("334 " + base64("Password:"));
    }

    private Future<Void> plain(String response) {
        String decoded = decode(response);
        if (decoded == null) {
            return badBase64();
        }
        String[] parts = decoded.split("\0", -1);
        if (parts.length != 3 || parts[1].isEmpty() || (!parts[0].isEmpty() && !parts[0].equalsIgnoreCase(parts[1]))) {
            return loginFailed(); // malformed, or asks to act as someone else (authorization identity)
        }
        return login(parts[1], parts[2]);
    }

    private Future<Void> badBase64() {
        return reply("501 5.5.2 Invalid base64 data");
    }

    private static String decode(String base64) {
        try {
            return new String(Base64.getDecoder().decode(base64.equals("=") ? "" : base64), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private Future<Void> login(String user, String password) {
        String ip = connection.remoteIp();
        if (server.throttle().blocked(ip)) {
            return reply("454 4.7.0 Too many failed logins from your address, try again later");
        }
        return server.blocking(() -> server.authenticator().login(user, password)).compose(result -> {
            if (result instanceof LoginResult.Success success) {
                account = success.mailbox();
                return reply("235 2.7.0 Authentication successful");
            }
            server.throttle().failed(ip);
            return loginFailed();
        }, e -> {
            LOG.warnf(e, "submission login of %s failed", user);
            return reply("454 4.7.0 Temporary authentication failure, try again later");
        });
    }

    private Future<Void> loginFailed() {
        failedLogins++;
        reply("535 5.7.8 Authentication credentials invalid");
        if (failedLogins >= config.maxFailedLogins()) {
            reply("421 4.7.0 Too many failed logins, closing connection");
            connection.close();
        }
        return Future.succeededFuture();
    }

    // --- the mail transaction ----------------------------------------------------------------------------------

    private Future<Void> mail(LmtpCommand.MailFrom command) {
        if (helo == null) {
            return reply("503 5.5.1 Send EHLO first");
        }
        if (account == null) {
            return reply("530 5.7.0 Authentication required");
        }
        if (mail != null) {
            return reply("503 5.5.1 Sender already given");
        }
        if (!command.reversePath().toLowerCase(Locale.ROOT).equals(account.address())) {
            return reply("553 5.7.1 <" + command.reversePath() + "> Sender address not owned by " + account.address());
        }
        if (command.size() > config.maxMessageSize()) {
            return reply("552 5.3.4 Message size exceeds fixed maximum message size");
        }
        Mailbox sender = account;
        Instant hourAgo = Instant.now().minus(Duration.ofHours(1));
        return server.blocking(() -> server.queue().submittedSince(sender.accountId(), hourAgo)).compose(count -> {
            if (count >= config.maxMessagesPerHour()) {
                return reply("451 4.7.1 Too many messages sent in the last hour, try again later");
            }
            mail = command;
            return reply("250 2.1.0 OK");
        }, e -> {
            LOG.warnf(e, "submission rate check for %s failed", sender.address());
            return reply("451 4.3.0 Temporary failure, try again later");
        });
    }

    private Future<Void> rcpt(LmtpCommand.RcptTo command) {
        if (mail == null) {
            return reply("503 5.5.1 Send MAIL FROM first");
        }
        if (recipients.size() >= config.maxRecipients()) {
            return reply("452 4.5.3 Too many recipients");
        }
        recipients.add(command.forwardPath());
        return reply("250 2.1.5 OK");
    }

    private Future<Void> data() {
        if (inBdat) {
            return reply("503 5.5.1 DATA not allowed after BDAT");
        }
        String refusal = transactionRefusal();
        if (refusal != null) {
            return reply(refusal);
        }
        return openSpool().compose(v -> {
            connection.decoder().startDotBody(config.maxMessageSize());
            return reply("354 Start mail input; end with <CRLF>.<CRLF>");
        }, e -> {
            LOG.error("cannot open a spool file", e);
            return reply("451 4.3.0 Temporary failure, try again later");
        });
    }

    /** Why DATA or BDAT cannot start now, or null. */
    private String transactionRefusal() {
        if (mail == null) {
            return "503 5.5.1 Send MAIL FROM first";
        }
        if (recipients.isEmpty()) {
            return "503 5.5.1 No valid recipients";
        }
        return null;
    }

    private Future<Void> openSpool() {
        boolean tls = connection.secure();
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        String client = helo;
        spool = new MessageSpool(connection.vertx(), scan -> AddedHeaders.render(scan, client, connection.remoteHost(),
                connection.remoteIp(), config.hostname(), tls, id, ZonedDateTime.now()));
        return spool.open(server.spoolDir());
    }

    private Future<Void> endOfData(Frame.BodyEnd end) {
        if (end.tooLarge()) {
            return discardMessage("552 5.3.4 Message size exceeds fixed maximum message size");
        }
        return store();
    }

    /** BDAT (RFC 3030): the chunk's octets are read whatever happens, then answered. */
    private Future<Void> bdat(SubmissionCommand.Bdat command) {
        if (!inBdat) {
            String refusal = transactionRefusal();
            inBdat = true;
            bdatError = refusal;
            if (refusal == null) {
                return openSpool().compose(v -> startChunk(command), e -> {
                    LOG.error("cannot open a spool file", e);
                    bdatError = "451 4.3.0 Temporary failure, try again later";
                    return startChunk(command);
                });
            }
        }
        return startChunk(command);
    }

    private Future<Void> startChunk(SubmissionCommand.Bdat command) {
        bdatLast = command.last();
        if (bdatError == null && spool.size() + command.size() > config.maxMessageSize()) {
            bdatError = "552 5.3.4 Message size exceeds fixed maximum message size";
        }
        connection.decoder().startLiteral(command.size());
        return Future.succeededFuture();
    }

    private Future<Void> endOfChunk(Frame.BodyEnd end) {
        if (bdatError != null) {
            String error = bdatError;
            // the transaction is over: RFC 3030 2 (a failed BDAT ends it, later chunks are refused the same way)
            return discardMessage(error);
        }
        if (!bdatLast) {
            return reply("250 2.0.0 " + end.size() + " octets received");
        }
        return store();
    }

    private Future<Void> discardMessage(String reply) {
        if (spool != null) {
            spool.delete();
            spool = null;
        }
        resetTransaction();
        return reply(reply);
    }

    /** The message is complete: enqueue it durably, then give the smarthost its first chance. */
    private Future<Void> store() {
        MessageSpool done = spool;
        spool = null;
        Mailbox sender = account;
        String envelopeFrom = mail.reversePath();
        List<String> to = List.copyOf(recipients);
        storing = true;
        return done.finish().compose(message -> {
            if (message.size() > config.maxMessageSize()) {
                return Future.succeededFuture("552 5.3.4 Message size exceeds fixed maximum message size");
            }
            Instant firstDue = Instant.now().plus(config.relay().syncWait());
            return server.blocking(() -> server.queue().enqueue(sender, message, envelopeFrom, to, firstDue))
                    .compose(queued -> Future.fromCompletionStage(server.relay().firstAttempt(queued),
                            connection.vertx().getOrCreateContext())
                            .otherwise(e -> new SubmissionRelay.Outcome(SubmissionRelay.FirstAttempt.QUEUED, e.toString()))
                            .compose(outcome -> copyToSent(sender, message, queued, outcome))
                            .map(outcome -> acceptedReply(queued.id(), outcome)));
        }).otherwise(e -> {
            LOG.warnf(e, "submission from %s could not be stored", sender.address());
            return "451 4.3.0 Temporary failure, try again later";
        }).compose(text -> {
            storing = false;
            done.delete();
            resetTransaction();
            return reply(text);
        });
    }

    /** The optional copy in \Sent, for a message that was sent (or will be): last, its failure changes nothing. */
    private Future<SubmissionRelay.Outcome> copyToSent(Mailbox sender, SpooledMessage message, QueuedMessage queued,
            SubmissionRelay.Outcome outcome) {
        if (outcome.state() == SubmissionRelay.FirstAttempt.REFUSED) {
            return Future.succeededFuture(outcome);
        }
        return server.blocking(() -> server.sentCopies().copyIfWanted(sender, message.file(), queued.eventId()))
                .otherwise(false).map(copied -> outcome);
    }

    private static String acceptedReply(long id, SubmissionRelay.Outcome outcome) {
        return switch (outcome.state()) {
            case RELAYED -> "250 2.0.0 OK: relayed, queue id " + id;
            case QUEUED -> "250 2.0.0 OK: queued as " + id + ", the smarthost will be tried again";
            case REFUSED -> "554 5.0.0 The smarthost refused the message: " + oneLine(outcome.reply());
        };
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("[\\r\\n]+", " ").trim();
    }

    private void resetTransaction() {
        mail = null;
        recipients.clear();
        inBdat = false;
        bdatError = null;
        bdatLast = false;
    }

    private Future<Void> reply(String text) {
        connection.writeLine(text);
        return Future.succeededFuture();
    }

    @Override
    public void closed() {
        if (!storing && spool != null) {
            spool.delete();
            spool = null;
        }
    }
}
