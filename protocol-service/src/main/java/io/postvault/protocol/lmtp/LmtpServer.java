package io.postvault.protocol.lmtp;

import io.postvault.protocol.net.PlainAndTlsListeners;
import io.postvault.protocol.store.MailDelivery;
import io.postvault.protocol.store.Recipients;
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

/** The LMTP server: one plain port without TLS (the local MTA delivers), started and stopped with the application. */
@ApplicationScoped
public class LmtpServer {

    private final Vertx vertx;
    private final LmtpConfig config;
    private final Recipients recipients;
    private final MailDelivery delivery;
    private final Path spoolDir;
    private final PlainAndTlsListeners listener;

    @Inject
    public LmtpServer(Vertx vertx, LmtpConfig config, Recipients recipients, MailDelivery delivery) {
        this.vertx = vertx;
        this.config = config;
        this.recipients = recipients;
        this.delivery = delivery;
        this.spoolDir = config.spoolDir().orElse(Path.of(System.getProperty("java.io.tmpdir"), "postvault-spool"));
        this.listener = new PlainAndTlsListeners(vertx, null, PlainAndTlsListeners.Binding.plainOnly("LMTP",
                config.host(), config.port(), config.maxLineLength(), config.idleTimeout()),
                (connection, implicitTls) -> new LmtpSession(connection, this));
    }

    void onStart(@Observes StartupEvent event) {
        if (config.enabled()) {
            PlainAndTlsListeners.await(start());
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        PlainAndTlsListeners.await(stop());
    }

    /** Binds the port. */
    public Future<Integer> start() {
        try {
            Files.createDirectories(spoolDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the LMTP spool folder " + spoolDir, e);
        }
        return listener.start().map(v -> listener.port());
    }

    /** Closes the port; open connections are closed too. */
    public Future<Void> stop() {
        return listener.stop();
    }

    /** The bound port (the actual one when configured as 0), or -1 when not listening. */
    public int port() {
        return listener.port();
    }

    LmtpConfig config() {
        return config;
    }

    Recipients recipients() {
        return recipients;
    }

    MailDelivery delivery() {
        return delivery;
    }

    Path spoolDir() {
        return spoolDir;
    }

    /** Runs store code on a worker thread; the result comes back on the caller's event loop. */
    <T> Future<T> blocking(Callable<T> task) {
        return vertx.executeBlocking(task, false);
    }

}
