package io.postvault.protocol.store.pg;

import io.postvault.protocol.store.FolderChanges;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Folder change notifications from PostgreSQL: one dedicated connection per replica LISTENs on {@code postvault_folder}
 * (fed by the folder row trigger of V42__flag_store_cost.sql at each commit), and fans each folder id out to the
 * sessions watching it. The listener thread starts with the first watch; after a lost connection it reconnects and
 * wakes every watcher once, so nothing that happened meanwhile is missed.
 */
@ApplicationScoped
public class PgFolderChanges implements FolderChanges {

    private static final Logger LOG = Logger.getLogger(PgFolderChanges.class);
    private static final String CHANNEL = "postvault_folder";

    private final String jdbcUrl;
    private final Properties properties = new Properties();
    private final Map<Long, Set<Runnable>> watchers = new ConcurrentHashMap<>();
    private volatile boolean running;
    private Thread thread;

    PgFolderChanges(@ConfigProperty(name = "quarkus.datasource.jdbc.url") String jdbcUrl,
            @ConfigProperty(name = "quarkus.datasource.username") String username,
            @ConfigProperty(name = "quarkus.datasource.password") String password,
            @ConfigProperty(name = "quarkus.flyway.schemas", defaultValue = "protocol") String schema) {
        this.jdbcUrl = jdbcUrl;
        properties.setProperty("user", username);
        properties.setProperty("password", password);
        properties.setProperty("currentSchema", schema);
        properties.setProperty("ApplicationName", "imap-folder-changes");
    }

    @Override
    public Registration watch(long folderId, Runnable listener) {
        ensureStarted();
        watchers.computeIfAbsent(folderId, id -> ConcurrentHashMap.newKeySet()).add(listener);
        return () -> watchers.computeIfPresent(folderId, (id, set) -> {
            set.remove(listener);
            return set.isEmpty() ? null : set;
        });
    }

    private synchronized void ensureStarted() {
        if (thread == null) {
            running = true;
            thread = new Thread(this::run, "imap-folder-changes");
            thread.setDaemon(true);
            thread.start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            t.interrupt();
        }
    }

    private void run() {
        boolean reconnected = false;
        while (running) {
            try (Connection c = DriverManager.getConnection(jdbcUrl, properties)) {
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                }
                if (reconnected) {
                    watchers.values().forEach(set -> set.forEach(this::call));
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(5_000);
                    if (notifications == null) {
                        continue;
                    }
                    // each commit notifies once: a batch often names a busy folder several times, woken once here
                    Set<Long> folders = new LinkedHashSet<>();
                    for (PGNotification n : notifications) {
                        folders.add(Long.parseLong(n.getParameter()));
                    }
                    for (long folderId : folders) {
                        Set<Runnable> set = watchers.get(folderId);
                        if (set != null) {
                            set.forEach(this::call);
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.warnf("folder change listener lost its connection, reconnecting: %s", e.toString());
                reconnected = true;
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private void call(Runnable listener) {
        try {
            listener.run();
        } catch (RuntimeException e) {
            LOG.warn("folder change listener failed", e);
        }
    }
}
