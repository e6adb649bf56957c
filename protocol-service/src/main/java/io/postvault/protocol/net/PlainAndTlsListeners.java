package io.postvault.protocol.net;

import io.postvault.protocol.tls.ServerTls;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * The listeners of a mail protocol server: the plain port, upgraded by STARTTLS/STLS, and the implicit-TLS port
 * (RFC 8314); or a single plain port without TLS (LMTP, from the local MTA). Each accepted socket becomes a
 * {@link ProtocolConnection} driving the session the factory makes. The servers (IMAP, POP3, submission, LMTP) own one
 * each and bind it with the application.
 */
public final class PlainAndTlsListeners {

    private static final Logger LOG = Logger.getLogger(PlainAndTlsListeners.class);

    /** Makes the session of one connection; {@code implicitTls} tells which of the two ports it came in on. */
    public interface SessionFactory {
        FrameHandler create(ProtocolConnection connection, boolean implicitTls);
    }

    /**
     * Where and how to listen. Ports 0 pick free ones.
     *
     * @param protocol the name in the log line ("IMAP")
     * @param upgrade  the plain port's upgrade command in the log line ("STARTTLS", "STLS"); null for a plain port only
     */
    public record Binding(String protocol, String upgrade, String host, int port, int tlsPort, int maxLineLength,
                          Duration idleTimeout) {

        /** A single plain port without TLS. */
        public static Binding plainOnly(String protocol, String host, int port, int maxLineLength,
                Duration idleTimeout) {
            return new Binding(protocol, null, host, port, -1, maxLineLength, idleTimeout);
        }
    }

    private final Vertx vertx;
    private final ServerTls tls;
    private final Binding binding;
    private final SessionFactory sessions;
    private NetServer plain;
    private NetServer secure;

    /** @param tls null with a {@link Binding#plainOnly} binding */
    public PlainAndTlsListeners(Vertx vertx, ServerTls tls, Binding binding, SessionFactory sessions) {
        this.vertx = vertx;
        this.tls = tls;
        this.binding = binding;
        this.sessions = sessions;
    }

    /** Waits for a start or a stop: the application's start-up fails when a port cannot be bound. */
    public static void await(Future<?> future) {
        future.toCompletionStage().toCompletableFuture().join();
    }

    /** Binds the port(s). */
    public Future<Void> start() {
        if (binding.upgrade() == null) {
            plain = listen(new NetServerOptions(), false, binding.port());
            return plain.listen().map(bound -> {
                LOG.infof("%s listening on %s:%d", binding.protocol(), binding.host(), bound.actualPort());
                return null;
            });
        }
        plain = listen(tls.serverOptions(false), false, binding.port());
        secure = listen(tls.serverOptions(true), true, binding.tlsPort());
        return Future.all(plain.listen(), secure.listen()).map(v -> {
            LOG.infof("%s listening on %s:%d (%s) and %d (TLS)", binding.protocol(), binding.host(), port(),
                    binding.upgrade(), tlsPort());
            return null;
        });
    }

    private NetServer listen(NetServerOptions options, boolean implicitTls, int port) {
        NetServer server = vertx.createNetServer(options.setHost(binding.host()).setPort(port));
        server.connectHandler(socket -> new ProtocolConnection(vertx, socket, binding.maxLineLength(),
                binding.idleTimeout()).start(connection -> sessions.create(connection, implicitTls)));
        return server;
    }

    /** Closes the port(s) and their connections. */
    public Future<Void> stop() {
        Future<Void> a = plain == null ? Future.succeededFuture() : plain.close();
        Future<Void> b = secure == null ? Future.succeededFuture() : secure.close();
        plain = null;
        secure = null;
        return Future.all(a, b).mapEmpty();
    }

    /** The bound plain port, or -1. */
    public int port() {
        return plain == null ? -1 : plain.actualPort();
    }

    /** The bound implicit-TLS port, or -1. */
    public int tlsPort() {
        return secure == null ? -1 : secure.actualPort();
    }
}
