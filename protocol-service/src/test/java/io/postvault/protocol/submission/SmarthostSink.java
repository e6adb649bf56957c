package io.postvault.protocol.submission;

import io.postvault.protocol.fake.TestConfigs;
import io.postvault.protocol.net.Frame;
import io.postvault.protocol.net.FrameHandler;
import io.postvault.protocol.net.ProtocolConnection;
import io.postvault.protocol.tls.ServerTls;
import io.postvault.protocol.tls.TlsConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The test smarthost: a small SMTP server (built on the service's own framing) that offers STARTTLS, takes every
 * message and keeps its envelope and exact bytes. Recipients whose local part starts with {@code refuse-} get
 * {@code 550 5.1.1}, with {@code later-} {@code 451 4.2.1}. {@link #stop} and {@link #start} on the same port act out a
 * smarthost that is down, then back.
 */
public final class SmarthostSink implements AutoCloseable {

    /** One message as the smarthost received it. */
    public record Received(String from, List<String> recipients, byte[] bytes, boolean tls, String mailParameters) {
    }

    private final Vertx vertx = Vertx.vertx();
    private final ServerTls tls = new ServerTls(TestConfigs.of(TlsConfig.class, Map.of()));
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private NetServer server;
    private int port;

    /** Listens on {@code port} (0: a free one, remembered for the next start). */
    public synchronized SmarthostSink start(int port) {
        server = vertx.createNetServer(tls.serverOptions(false).setHost("127.0.0.1").setPort(port));
        server.connectHandler(socket -> new ProtocolConnection(vertx, socket, 4096, Duration.ofMinutes(1))
                .start(connection -> new Session(connection)));
        this.port = server.listen().toCompletionStage().toCompletableFuture().join().actualPort();
        return this;
    }

    /** Listens again on the port of the first start. */
    public SmarthostSink start() {
        return start(port);
    }

    /** Closes the port and every connection: clients get "connection refused". */
    public synchronized void stop() {
        if (server != null) {
            server.close().toCompletionStage().toCompletableFuture().join();
            server = null;
        }
    }

    public int port() {
        return port;
    }

    /** Every message received so far, in order. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    /** The messages sent to any recipient in {@code domain}. */
    public List<Received> receivedFor(String domain) {
        return received.stream().filter(r -> r.recipients().stream().anyMatch(a -> a.endsWith("@" + domain))).toList();
    }

    @Override
    public void close() {
        stop();
        vertx.close();
    }

    private final class Session implements FrameHandler {
        private final ProtocolConnection connection;
        private String from;
        private String parameters;
        private final List<String> to = new ArrayList<>();
        private Buffer data;

        Session(ProtocolConnection connection) {
            this.connection = connection;
        }

        @Override
        public void start() {
            connection.writeLine("220 sink.test ESMTP test smarthost");
        }

        @Override
        public String idleTimeoutReply() {
            return "421 4.4.2 idle";
        }

        @Override
        public void closed() {
        }

        @Override
        public Future<Void> handle(Frame frame) {
            if (frame instanceof Frame.BodyChunk chunk) {
                data.appendBuffer(chunk.bytes());
                return Future.succeededFuture();
            }
            if (frame instanceof Frame.BodyEnd) {
                received.add(new Received(from, List.copyOf(to), data.getBytes(), connection.secure(), parameters));
                from = null;
                to.clear();
                return reply("250 2.0.0 Ok: queued by sink");
            }
            String line = ((Frame.Line) frame).text();
            String upper = line.toUpperCase(Locale.ROOT);
            if (upper.startsWith("EHLO")) {
                return reply("250-sink.test\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250-PIPELINING\r\n"
                        + (connection.secure() ? "" : "250-STARTTLS\r\n") + "250 ENHANCEDSTATUSCODES");
            } else if (upper.equals("STARTTLS")) {
                connection.writeLine("220 2.0.0 go ahead");
                return connection.upgradeToTls();
            } else if (upper.startsWith("MAIL FROM:")) {
                int close = line.indexOf('>');
                from = line.substring(line.indexOf('<') + 1, close);
                parameters = line.substring(close + 1).trim();
                return reply("250 2.1.0 Ok");
            } else if (upper.startsWith("RCPT TO:")) {
                String address = line.substring(line.indexOf('<') + 1, line.indexOf('>'));
                if (address.startsWith("refuse-")) {
                    return reply("550 5.1.1 <" + address + "> no such user");
                }
                if (address.startsWith("later-")) {
                    return reply("451 4.2.1 <" + address + "> try later");
                }
                to.add(address);
                return reply("250 2.1.5 Ok");
            } else if (upper.equals("DATA")) {
                if (to.isEmpty()) {
                    return reply("554 5.5.1 no valid recipients");
                }
                data = Buffer.buffer();
                connection.decoder().startDotBody(Long.MAX_VALUE);
                return reply("354 go ahead");
            } else if (upper.equals("RSET") || upper.equals("NOOP")) {
                from = null;
                to.clear();
                return reply("250 2.0.0 Ok");
            } else if (upper.equals("QUIT")) {
                reply("221 2.0.0 bye");
                connection.close();
                return Future.succeededFuture();
            }
            return reply("502 5.5.2 not here");
        }

        private Future<Void> reply(String text) {
            connection.writeLine(text);
            return Future.succeededFuture();
        }
    }
}
