package io.postvault.protocol.submission;

import io.postvault.protocol.net.PlainAndTlsListeners;
import io.postvault.protocol.pop3.LoginThrottle;
import io.postvault.protocol.store.Authenticator;
import io.postvault.protocol.submission.relay.SubmissionRelay;
import io.postvault.protocol.tls.ServerTls;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** The submission servers: the plain port (STARTTLS) and the implicit-TLS port, started and stopped with the application. */
@ApplicationScoped
public class SubmissionServer {

    private final Vertx vertx;
    private final SubmissionConfig config;
    private final Authenticator authenticator;
    private final SubmissionQueue queue;
    private final SubmissionRelay relay;
    private final SentCopies sentCopies;
    private final LoginThrottle throttle;
    private final Path spoolDir;
    private final PlainAndTlsListeners listeners;

    @Inject
    public SubmissionServer(Vertx vertx, SubmissionConfig config, ServerTls tls, Authenticator authenticator,
            SubmissionQueue queue, SubmissionRelay relay, SentCopies sentCopies) {
        this.vertx = vertx;
        this.config = config;
        this.authenticator = authenticator;
        this.queue = queue;
        this.relay = relay;
        this.sentCopies = sentCopies;
        this.throttle = new LoginThrottle(config.maxFailedLoginsPerAddress(), config.failedLoginWindow());
        this.spoolDir = config.spoolDir().orElse(Path.of(System.getProperty("java.io.tmpdir"), "postvault-spool"));
        this.listeners = new PlainAndTlsListeners(vertx, tls, new PlainAndTlsListeners.Binding("SMTP submission",
                "STARTTLS", config.host(), config.port(), config.tlsPort(), config.maxLineLength(),
                config.idleTimeout()),
                (connection, implicitTls) -> new SubmissionSession(connection, this, implicitTls));
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
        try {
            Files.createDirectories(spoolDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the submission spool folder " + spoolDir, e);
        }
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

    SubmissionConfig config() {
        return config;
    }

    Authenticator authenticator() {
        return authenticator;
    }

    SubmissionQueue queue() {
        return queue;
    }

    SubmissionRelay relay() {
        return relay;
    }

    SentCopies sentCopies() {
        return sentCopies;
    }

    LoginThrottle throttle() {
        return throttle;
    }

    Path spoolDir() {
        return spoolDir;
    }

    /** Runs store code on a worker thread; the result comes back on the caller's event loop. */
    <T> Future<T> blocking(Callable<T> task) {
        return vertx.executeBlocking(task, false);
    }
}
