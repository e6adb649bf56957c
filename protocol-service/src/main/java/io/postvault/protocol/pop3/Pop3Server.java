package io.postvault.protocol.pop3;

import io.postvault.protocol.net.PlainAndTlsListeners;
import io.postvault.protocol.store.Authenticator;
import io.postvault.protocol.store.Maildrops;
import io.postvault.protocol.tls.ServerTls;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.Callable;
import org.jboss.logging.Logger;

/** The POP3 servers: the plain port (with STLS) and the implicit-TLS port, started and stopped with the application. */
@ApplicationScoped
public class Pop3Server {

    private static final Logger LOG = Logger.getLogger(Pop3Server.class);

    private final Vertx vertx;
    private final Pop3Config config;
    private final ServerTls tls;
    private final Authenticator authenticator;
    private final Maildrops maildrops;
    private final LoginThrottle throttle;
    private PlainAndTlsListeners listeners;

    @Inject
    public Pop3Server(Vertx vertx, Pop3Config config, ServerTls tls, Authenticator authenticator, Maildrops maildrops) {
        this.vertx = vertx;
        this.config = config;
        this.tls = tls;
        this.authenticator = authenticator;
        this.maildrops = maildrops;
        this.throttle = new LoginThrottle(config.maxFailedLoginsPerAddress(), config.failedLoginWindow());
    }

    void onStart(@Observes StartupEvent event) {
        if (config.enabled()) {
            start().toCompletionStage().toCompletableFuture().join();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stop().toCompletionStage().toCompletableFuture().join();
    }

    /** Binds both ports. */
    public Future<Void> start() {
        listeners = new PlainAndTlsListeners(vertx, tls, config.host(), config.maxLineLength(), config.idleTimeout());
        return listeners.start(config.port(), config.tlsPort(),
                (connection, implicitTls) -> new Pop3Session(connection, this, implicitTls)).map(v -> {
                    LOG.infof("POP3 listening on %s:%d (STLS) and %d (TLS)", config.host(), listeners.port(),
                            listeners.tlsPort());
                    return null;
                });
    }

    /** Closes both ports and their connections. */
    public Future<Void> stop() {
        return listeners == null ? Future.succeededFuture() : listeners.stop();
    }

    /** The bound plain port, or -1. */
    public int port() {
        return listeners == null ? -1 : listeners.port();
    }

    /** The bound implicit-TLS port, or -1. */
    public int tlsPort() {
        return listeners == null ? -1 : listeners.tlsPort();
    }

    Pop3Config config() {
        return config;
    }

    Authenticator authenticator() {
        return authenticator;
    }

    Maildrops maildrops() {
        return maildrops;
    }

    LoginThrottle throttle() {
        return throttle;
    }

    <T> Future<T> blocking(Callable<T> task) {
        return vertx.executeBlocking(task, false);
    }
}
