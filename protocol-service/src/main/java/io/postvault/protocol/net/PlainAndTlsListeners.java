package io.postvault.protocol.net;

import io.postvault.protocol.tls.ServerTls;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import java.time.Duration;

/**
 * The two listeners of a mail protocol: the plain port, upgraded by STARTTLS/STLS, and the implicit-TLS port (RFC 8314).
 * Each accepted socket becomes a {@link ProtocolConnection} driving the session the factory makes.
 */
public final class PlainAndTlsListeners {

    /** Makes the session of one connection; {@code implicitTls} tells which of the two ports it came in on. */
    public interface SessionFactory {
        FrameHandler create(ProtocolConnection connection, boolean implicitTls);
    }

    private final Vertx vertx;
    private final ServerTls tls;
    private final String host;
    private final int maxLineLength;
    private final Duration idleTimeout;
    private NetServer plain;
    private NetServer secure;

    public PlainAndTlsListeners(Vertx vertx, ServerTls tls, String host, int maxLineLength, Duration idleTimeout) {
        this.vertx = vertx;
        this.tls = tls;
        this.host = host;
        this.maxLineLength = maxLineLength;
        this.idleTimeout = idleTimeout;
    }

    /** Binds both ports (0 picks a free one). */
    public Future<Void> start(int port, int tlsPort, SessionFactory sessions) {
        plain = listen(false, port, sessions);
        secure = listen(true, tlsPort, sessions);
        return Future.all(plain.listen(), secure.listen()).mapEmpty();
    }

    private NetServer listen(boolean implicitTls, int port, SessionFactory sessions) {
        NetServer server = vertx.createNetServer(tls.serverOptions(implicitTls).setHost(host).setPort(port));
        server.connectHandler(socket -> new ProtocolConnection(vertx, socket, maxLineLength, idleTimeout)
                .start(connection -> sessions.create(connection, implicitTls)));
        return server;
    }

    /** Closes both ports and their connections. */
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
