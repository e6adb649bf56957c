package io.postvault.protocol.imap;

import io.postvault.protocol.imap.handler.Handlers;
import io.postvault.protocol.net.PlainAndTlsListeners;
import io.postvault.protocol.pop3.LoginThrottle;
import io.postvault.protocol.quota.NearlyFullDomains;
import io.postvault.protocol.store.Authenticator;
import io.postvault.protocol.store.FolderChanges;
import io.postvault.protocol.store.ImapFolders;
import io.postvault.protocol.store.ImapMessages;
import io.postvault.protocol.store.SharedMailboxes;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.postvault.protocol.tls.ServerTls;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jboss.logging.Logger;

/** The IMAP servers: the plain port (STARTTLS) and the implicit-TLS port, started and stopped with the application. */
@ApplicationScoped
public class ImapServer {

    private static final Logger LOG = Logger.getLogger(ImapServer.class);

    private final Vertx vertx;
    final ImapConfig config;
    private final ServerTls tls;
    final Authenticator authenticator;
    final ImapFolders folders;
    final ImapMessages messages;
    final FolderChanges changes;
    final SharedMailboxes shared;
    final LoginThrottle throttle;
    final NearlyFullDomains nearlyFull;
    final Path spool;
    final Handlers handlers;
    private PlainAndTlsListeners listeners;

    public ImapServer(Vertx vertx, ImapConfig config, ServerTls tls, Authenticator authenticator, ImapFolders folders,
            ImapMessages messages, FolderChanges changes, NearlyFullDomains nearlyFull, SharedMailboxes shared) {
        this.vertx = vertx;
        this.config = config;
        this.tls = tls;
        this.authenticator = authenticator;
        this.folders = folders;
        this.messages = messages;
        this.changes = changes;
        this.nearlyFull = nearlyFull;
        this.shared = shared;
        this.throttle = new LoginThrottle(config.maxFailedLoginsPerAddress(), config.failedLoginWindow());
        this.spool = Path.of(config.spoolDir().orElse(System.getProperty("java.io.tmpdir") + "/postvault-spool"));
        this.handlers = new Handlers(spool);
    }

    void onStart(@Observes StartupEvent event) {
        if (config.enabled()) {
            try {
                Files.createDirectories(spool);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
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
                (connection, implicitTls) -> new ImapSession(connection, this, implicitTls)).map(v -> {
                    LOG.infof("IMAP listening on %s:%d (STARTTLS) and %d (TLS)", config.host(), listeners.port(),
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

    /** The folder where APPEND literals are spooled. */
    public Path spool() {
        return spool;
    }

    <T> Future<T> blocking(Callable<T> task) {
        return vertx.executeBlocking(task, false);
    }
}
