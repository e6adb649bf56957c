package io.postvault.protocol.lmtp;

import io.postvault.protocol.net.ProtocolConnection;
import io.postvault.protocol.store.MailDelivery;
import io.postvault.protocol.store.QuotaLimits;
import io.postvault.protocol.store.Recipients;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jboss.logging.Logger;

/** The LMTP server: a Vert.x {@link NetServer} started with the application, stopped on shutdown. */
@ApplicationScoped
public class LmtpServer {

    private static final Logger LOG = Logger.getLogger(LmtpServer.class);

    private final Vertx vertx;
    private final LmtpConfig config;
    private final Recipients recipients;
    private final QuotaLimits quota;
    private final MailDelivery delivery;
    private final Path spoolDir;
    private NetServer server;

    @Inject
    public LmtpServer(Vertx vertx, LmtpConfig config, Recipients recipients, QuotaLimits quota, MailDelivery delivery) {
        this.vertx = vertx;
        this.config = config;
        this.recipients = recipients;
        this.quota = quota;
        this.delivery = delivery;
        this.spoolDir = config.spoolDir().orElse(Path.of(System.getProperty("java.io.tmpdir"), "postvault-spool"));
    }

    void onStart(@Observes StartupEvent event) {
        if (config.enabled()) {
            start().toCompletionStage().toCompletableFuture().join();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stop().toCompletionStage().toCompletableFuture().join();
    }

    /** Binds the port. */
    public Future<Integer> start() {
        try {
            Files.createDirectories(spoolDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the LMTP spool folder " + spoolDir, e);
        }
        server = vertx.createNetServer(new NetServerOptions().setHost(config.host()).setPort(config.port()));
        server.connectHandler(socket -> new ProtocolConnection(vertx, socket, config.maxLineLength(),
                config.idleTimeout()).start(connection -> new LmtpSession(connection, this)));
        return server.listen().map(bound -> {
            LOG.infof("LMTP listening on %s:%d", config.host(), bound.actualPort());
            return bound.actualPort();
        });
    }

    /** Closes the port; open connections are closed too. */
    public Future<Void> stop() {
        NetServer running = server;
        server = null;
        return running == null ? Future.succeededFuture() : running.close();
    }

    /** The bound port (the actual one when configured as 0), or -1 when not listening. */
    public int port() {
        return server == null ? -1 : server.actualPort();
    }

    LmtpConfig config() {
        return config;
    }

    Recipients recipients() {
        return recipients;
    }

    QuotaLimits quota() {
        return quota;
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
