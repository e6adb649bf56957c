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

/** The IMAP servers: the plain port (STARTTLS) and the implicit-TLS port, started and stopped with the application. */
@ApplicationScoped
public class ImapServer {

    private final Vertx vertx;
    final ImapConfig config;
    final Authenticator authenticator;
    final ImapFolders folders;
    final ImapMessages messages;
    final FolderChanges changes;
    final SharedMailboxes shared;
    final LoginThrottle throttle;
    final NearlyFullDomains nearlyFull;
    final Path spool;
    final Handlers handlers;
    private final PlainAndTlsListeners listeners;

    public ImapServer(Vertx vertx, ImapConfig config, ServerTls tls, Authenticator authenticator, ImapFolders folders,
            ImapMessages messages, FolderChanges changes, NearlyFullDomains nearlyFull, SharedMailboxes shared) {
        this.vertx = vertx;
        this.config = config;
        this.authenticator = authenticator;
        this.folders = folders;
        this.messages = messages;
        this.changes = changes;
        this.nearlyFull = nearlyFull;
        this.shared = shared;
        this.throttle = new LoginThrottle(config.maxFailedLoginsPerAddress(), config.failedLoginWindow());
        this.spool = Path.of(config.spoolDir().orElse(System.getProperty("java.io.tmpdir") + "/postvault-spool"));
        this.handlers = new Handlers(spool);
        this.listeners = new PlainAndTlsListeners(vertx, tls, new PlainAndTlsListeners.Binding("IMAP", "STARTTLS",
                config.host(), config.port(), config.tlsPort(), config.maxLineLength(), config.idleTimeout()),
                (connection, implicitTls) -> new ImapSession(connection, this, implicitTls));
    }

    void onStart(@Observes StartupEvent event) {
        if (config.enabled()) {
            try {
                Files.createDirectories(spool);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
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

    /** The folder where APPEND literals are spooled. */
    public Path spool() {
        return spool;
    }

    <T> Future<T> blocking(Callable<T> task) {
        return vertx.executeBlocking(task, false);
    }
}
