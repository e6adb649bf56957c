package io.postvault.protocol.imap;

import io.postvault.protocol.net.ProtocolConnection;
import io.postvault.protocol.pop3.LoginThrottle;
import io.postvault.protocol.store.Authenticator;
import io.postvault.protocol.store.FolderChanges;
import io.postvault.protocol.store.ImapFolders;
import io.postvault.protocol.store.ImapMessages;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.postvault.protocol.tls.ServerTls;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
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
    final LoginThrottle throttle;
    final Path spool;
    private NetServer plain;
    private NetServer secure;

    public ImapServer(Vertx vertx, ImapConfig config, ServerTls tls, Authenticator authenticator, ImapFolders folders,
            ImapMessages messages, FolderChanges changes) {
        this.vertx = vertx;
        this.config = config;
        this.tls = tls;
        this.authenticator = authenticator;
        this.folders = folders;
        this.messages = messages;
        this.changes = changes;
        this.throttle = new LoginThrottle(config.maxFailedLoginsPerAddress(), config.failedLoginWindow());
        this.spool = Path.of(config.spoolDir().orElse(System.getProperty("java.io.tmpdir") + "/postvault-spool"));
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

    public Future<Void> start() {
        plain = listen(false, config.port());
        secure = listen(true, config.tlsPort());
        return Future.all(plain.listen(), secure.listen()).map(v -> {
            LOG.infof("IMAP listening on %s:%d (STARTTLS) and %d (TLS)", config.host(), plain.actualPort(),
                    secure.actualPort());
            return null;
        });
    }

    private NetServer listen(boolean implicitTls, int port) {
        NetServer server = vertx.createNetServer(tls.serverOptions(implicitTls).setHost(config.host()).setPort(port));
        server.connectHandler(socket -> new ProtocolConnection(vertx, socket, config.maxLineLength(),
                config.idleTimeout()).start(connection -> new ImapSession(connection, this, implicitTls)));
        return server;
    }

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

    <T> Future<T> blocking(Callable<T> task) {
        return vertx.executeBlocking(task, false);
    }
}
