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

/** The POP3 servers: the plain port (with STLS) and the implicit-TLS port, started and stopped with the application. */
@ApplicationScoped
public class Pop3Server {

    private final Vertx vertx;
    private final Pop3Config config;
    private final Authenticator authenticator;
    private final Maildrops maildrops;
    private final LoginThrottle throttle;
    private final PlainAndTlsListeners listeners;

    @Inject
    public Pop3Server(Vertx vertx, Pop3Config config, ServerTls tls, Authenticator authenticator, Maildrops maildrops) {
        this.vertx = vertx;
        this.config = config;
        this.authenticator = authenticator;
        this.maildrops = maildrops;
        this.throttle = new LoginThrottle(config.maxFailedLoginsPerAddress(), config.failedLoginWindow());
        this.listeners = new PlainAndTlsListeners(vertx, tls, new PlainAndTlsListeners.Binding("POP3", "STLS",
                config.host(), config.port(), config.tlsPort(), config.maxLineLength(), config.idleTimeout()),
                (connection, implicitTls) -> new Pop3Session(connection, this, implicitTls));
    }

    void onStart(@Observes StartupEvent event) {
        if (config.enabled()) {
            PlainAndTlsListeners.await(start());
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        PlainAndTlsListeners.await(stop());
    }

    /** Binds both ports. */
    public Future<Void> start() {
        return listeners.start();
    }

    /** Closes both ports and their connections. */
    public Future<Void> stop() {
        return listeners.stop();
    }

    /** The bound plain port, or -1. */
    public int port() {
        return listeners.port();
    }

    /** The bound implicit-TLS port, or -1. */
    public int tlsPort() {
        return listeners.tlsPort();
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
