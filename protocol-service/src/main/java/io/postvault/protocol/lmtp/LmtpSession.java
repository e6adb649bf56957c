package io.postvault.protocol.lmtp;

import io.postvault.protocol.net.Frame;
import io.postvault.protocol.net.FrameHandler;
import io.postvault.protocol.net.ProtocolConnection;
import io.postvault.protocol.store.DeliveryOutcome;
import io.postvault.protocol.store.Mailbox;
import io.postvault.protocol.store.Recipients;
import io.postvault.protocol.store.SpooledMessage;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * One LMTP connection (RFC 2033): the command state machine, RCPT checks and the DATA transaction. Store calls run on
 * worker threads; everything else on the connection's event loop. Pipelined commands are answered in order because
 * {@link ProtocolConnection} hands over one frame at a time.
 */
final class LmtpSession implements FrameHandler {

    private static final Logger LOG = Logger.getLogger(LmtpSession.class);

    private record Accepted(String address, Mailbox mailbox) {
    }

    private final ProtocolConnection connection;
    private final LmtpServer server;
    private final LmtpConfig config;
    private String lhlo;
    private LmtpCommand.MailFrom mail;
    private final List<Accepted> recipients = new ArrayList<>();
    private AsyncFile spool;
    private Path spoolPath;
    private long headerSize;
    private boolean spoolFailed;
    private boolean delivering;

    LmtpSession(ProtocolConnection connection, LmtpServer server) {
        this.connection = connection;
        this.server = server;
        this.config = server.config();
    }

    @Override
    public void start() {
        reply("220 " + config.hostname() + " PostVault LMTP ready");
    }

    @Override
    public String idleTimeoutReply() {
        return "421 4.4.2 " + config.hostname() + " Idle timeout, closing connection";
    }

    @Override
    public Future<Void> handle(Frame frame) {
        if (frame instanceof Frame.Line line) {
            return command(line.text());
        } else if (frame instanceof Frame.BodyChunk chunk) {
            return spoolChunk(chunk.bytes());
        } else if (frame instanceof Frame.BodyEnd end) {
            return endOfData(end);
        }
        return reply("500 5.5.2 Line too long");
    }

    private Future<Void> command(String line) {
        LmtpCommand command;
        try {
            command = LmtpCommandParser.parse(line);
        } catch (LmtpSyntaxException e) {
            return reply(e.reply());
        }
        if (command instanceof LmtpCommand.Lhlo c) {
            return lhlo(c);
        } else if (command instanceof LmtpCommand.SmtpGreeting c) {
            return reply("500 5.5.1 " + c.verb() + " is not LMTP: use LHLO");
        } else if (command instanceof LmtpCommand.MailFrom c) {
            return mail(c);
        } else if (command instanceof LmtpCommand.RcptTo c) {
            return rcpt(c);
        } else if (command instanceof LmtpCommand.Data) {
            return data();
        } else if (command instanceof LmtpCommand.Rset) {
            resetTransaction();
            return reply("250 2.0.0 OK");
        } else if (command instanceof LmtpCommand.Noop) {
            return reply("250 2.0.0 OK");
        } else if (command instanceof LmtpCommand.Vrfy) {
            return reply("252 2.5.0 Cannot VRFY user, but will accept message and attempt delivery");
        } else if (command instanceof LmtpCommand.Quit) {
            reply("221 2.0.0 " + config.hostname() + " closing connection");
            connection.close();
            return Future.succeededFuture();
        }
        return reply("500 5.5.2 Unknown command");
    }

    private Future<Void> lhlo(LmtpCommand.Lhlo command) {
        lhlo = command.domain();
        resetTransaction();
        return reply("250-" + config.hostname() + "\r\n250-PIPELINING\r\n250-ENHANCEDSTATUSCODES\r\n250-8BITMIME\r\n"
                + "250-SMTPUTF8\r\n250 SIZE " + config.maxMessageSize());
    }

    private Future<Void> mail(LmtpCommand.MailFrom command) {
        if (lhlo == null) {
            return reply("503 5.5.1 Send LHLO first");
        }
        if (mail != null) {
            return reply("503 5.5.1 Sender already given");
        }
        if (command.size() > config.maxMessageSize()) {
            return reply("552 5.3.4 Message size exceeds fixed maximum message size");
        }
        mail = command;
        return reply("250 2.1.0 OK");
    }

    private Future<Void> rcpt(LmtpCommand.RcptTo command) {
        if (mail == null) {
            return reply("503 5.5.1 Send MAIL FROM first");
        }
        if (recipients.size() >= config.maxRecipients()) {
            return reply("452 4.5.3 Too many recipients");
        }
        long size = Math.max(mail.size(), 0);
        return server.blocking(() -> {
            Optional<Recipients.Recipient> found = server.recipients().findWithRoom(command.forwardPath(), size);
            if (found.isEmpty()) {
                return "550 5.1.1 <" + command.forwardPath() + "> User doesn't exist";
            }
            if (!found.get().fits()) {
                return "452 4.2.2 <" + command.forwardPath() + "> Mailbox is full";
            }
            recipientFound(command.forwardPath(), found.get().mailbox());
            return "250 2.1.5 OK";
        }).recover(e -> {
            LOG.warnf(e, "recipient lookup failed for %s", command.forwardPath());
            return Future.succeededFuture("451 4.3.0 Temporary failure, try again later");
        }).compose(this::reply);
    }

    private synchronized void recipientFound(String address, Mailbox mailbox) {
        // runs on a worker thread; the list is read on the event loop only after the reply future completed
        recipients.add(new Accepted(address, mailbox));
    }

    private Future<Void> data() {
        if (mail == null) {
            return reply("503 5.5.1 Send MAIL FROM first");
        }
        synchronized (this) {
            if (recipients.isEmpty()) {
                return reply("503 5.5.1 No valid recipients");
            }
        }
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        String headers = TraceHeaders.render(mail.reversePath(),
                recipients.stream().map(Accepted::address).toList(), lhlo, connection.remoteHost(),
                connection.remoteIp(), config.hostname(), id, ZonedDateTime.now());
        Buffer headerBytes = Buffer.buffer(headers.getBytes(StandardCharsets.UTF_8));
        spoolFailed = false;
        // a new file of a unique name, private to the server's user: one trip to the blocking pool (a temporary file
        // and an open would take two)
        Path path = server.spoolDir().resolve("lmtp-" + UUID.randomUUID() + ".eml");
        OpenOptions newPrivateFile = new OpenOptions().setCreateNew(true).setWrite(true).setPerms("rw-------");
        return connection.vertx().fileSystem().open(path.toString(), newPrivateFile)
                .compose(file -> {
                    spoolPath = path;
                    spool = file;
                    headerSize = headerBytes.length();
                    file.write(headerBytes);
                    connection.decoder().startDotBody(config.maxMessageSize());
                    return reply("354 Start mail input; end with <CRLF>.<CRLF>");
                })
                .recover(e -> {
                    LOG.error("cannot open a spool file", e);
                    deleteSpool();
                    return reply("451 4.3.0 Temporary failure, try again later");
                });
    }

    private Future<Void> spoolChunk(Buffer bytes) {
        if (spool == null || spoolFailed) {
            return Future.succeededFuture();
        }
        spool.write(bytes).onFailure(e -> spoolFailed = true);
        if (!spool.writeQueueFull()) {
            return Future.succeededFuture();
        }
        Promise<Void> drained = Promise.promise();
        spool.drainHandler(v -> drained.tryComplete());
        return drained.future();
    }

    private Future<Void> endOfData(Frame.BodyEnd end) {
        AsyncFile file = spool;
        spool = null;
        delivering = true;
        List<Accepted> accepted = List.copyOf(recipients);
        String sender = mail.reversePath();
        // closed, not flushed: close waits for the pending writes, and the worker reads the file through the page
        // cache; an fsync would only slow the delivery down, since the spool file is deleted once the message is stored
        // (durably: PostgreSQL and S3) and nothing is acknowledged before that
        return (file == null ? Future.<Void>failedFuture("no spool") : file.close())
                .compose(v -> {
                    if (end.tooLarge()) {
                        return Future.succeededFuture(perRecipient(accepted,
                                "552 5.3.4 Message size exceeds fixed maximum message size"));
                    }
                    if (spoolFailed) {
                        return Future.failedFuture("spool write failed");
                    }
                    SpooledMessage message = new SpooledMessage(spoolPath, headerSize + end.size());
                    List<Mailbox> mailboxes = List.copyOf(new LinkedHashSet<>(
                            accepted.stream().map(Accepted::mailbox).toList()));
                    return server.blocking(() -> server.delivery().deliver(message, sender, mailboxes))
                            .map(outcomes -> deliveryReplies(accepted, outcomes));
                })
                .recover(e -> {
                    LOG.warn("delivery failed", e);
                    return Future.succeededFuture(perRecipient(accepted, "451 4.3.0 Temporary failure, try again later"));
                })
                .compose(replies -> {
                    delivering = false;
                    deleteSpool();
                    resetTransaction();
                    return reply(String.join("\r\n", replies));
                });
    }

    private static List<String> deliveryReplies(List<Accepted> accepted, Map<Mailbox, DeliveryOutcome> outcomes) {
        List<String> replies = new ArrayList<>(accepted.size());
        for (Accepted rcpt : accepted) {
            DeliveryOutcome outcome = outcomes == null ? null : outcomes.get(rcpt.mailbox());
            replies.add(outcome == null ? "451 4.3.0 <" + rcpt.address() + "> Temporary failure, try again later"
                    : switch (outcome) {
                        case DELIVERED -> "250 2.0.0 <" + rcpt.address() + "> Delivered";
                        case OVER_QUOTA -> "452 4.2.2 <" + rcpt.address() + "> Mailbox is full";
                        case TEMPORARY_FAILURE -> "451 4.3.0 <" + rcpt.address() + "> Temporary failure, try again later";
                    });
        }
        return replies;
    }

    private static List<String> perRecipient(List<Accepted> accepted, String reply) {
        return accepted.stream().map(a -> reply).toList();
    }

    private void resetTransaction() {
        mail = null;
        synchronized (this) {
            recipients.clear();
        }
    }

    private void deleteSpool() {
        Path path = spoolPath;
        spoolPath = null;
        if (path != null) {
            connection.vertx().fileSystem().delete(path.toString())
                    .onFailure(e -> LOG.warnf("cannot delete spool file %s: %s", path, e.toString()));
        }
    }

    private Future<Void> reply(String text) {
        connection.writeLine(text);
        return Future.succeededFuture();
    }

    @Override
    public void closed() {
        if (delivering) {
            return; // endOfData deletes the spool file once the store is done with it
        }
        if (spool != null) {
            AsyncFile file = spool;
            spool = null;
            file.close().onComplete(ar -> deleteSpool());
        } else {
            deleteSpool();
        }
    }

}
