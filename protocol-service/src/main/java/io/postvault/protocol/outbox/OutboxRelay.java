package io.postvault.protocol.outbox;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Publishes the outbox to Kafka: rows in id order, a batch at a time; once the broker has acknowledged every record of
 * the batch (acks=all, idempotent producer) the rows are deleted. A crash in between publishes them again
 * (at-least-once; consumers deduplicate by event id), never loses them.
 *
 * <p>One relay is active across all replicas: the one holding a session-level PostgreSQL advisory lock on its own
 * dedicated connection. The others stand by, trying the lock every poll interval; when the active relay stops or its
 * connection dies the lock is released and one of them takes over. The relay wakes up on {@code NOTIFY
 * postvault_outbox} (sent by a trigger when an outbox insert commits) or after the poll interval at the latest.
 */
public final class OutboxRelay implements AutoCloseable {

    /** The notification channel of the outbox trigger. */
    static final String CHANNEL = "postvault_outbox";
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int LINGER_MS = 5;

    private final String jdbcUrl;
    private final Properties dbProperties;
    private final Map<String, Object> producerConfig;
    private final Duration pollInterval;
    private final Duration retryBackoff;
    private final Duration linger;
    private final int batchSize;
    private final long lockKey;
    private final String name;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong lockAttempts = new AtomicLong();

    private volatile boolean running;
    private volatile boolean active;
    private Thread thread;
    private Connection connection;
    private KafkaProducer<String, byte[]> producer;

    public OutboxRelay(String name, String jdbcUrl, Properties dbProperties, String kafkaBootstrap,
            OutboxConfig config) {
        this.name = name;
        this.jdbcUrl = jdbcUrl;
        this.dbProperties = dbProperties;
        this.pollInterval = config.pollInterval();
        this.retryBackoff = config.retryBackoff();
        this.linger = config.linger();
        this.batchSize = config.batchSize();
        this.lockKey = config.lockKey();
        int sendTimeout = (int) Math.min(Integer.MAX_VALUE, config.sendTimeout().toMillis());
        int requestTimeout = Math.max(500, sendTimeout / 2);
        this.producerConfig = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap,
                ProducerConfig.CLIENT_ID_CONFIG, name,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5,
                ProducerConfig.LINGER_MS_CONFIG, LINGER_MS,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, sendTimeout,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, requestTimeout,
                // Kafka requires delivery.timeout.ms >= linger.ms + request.timeout.ms.
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Math.max(sendTimeout, requestTimeout + LINGER_MS));
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Stops relaying and releases the lock (another replica takes over). The current round is finished first (its rows
     * acknowledged and deleted), so a clean hand-over publishes nothing twice.
     */
    @Override
    public void close() {
        Thread current;
        synchronized (this) {
            running = false;
            current = thread;
            thread = null;
        }
        if (current != null) {
            try {
                current.join(pollInterval.toMillis() + 30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether this relay holds the lock and is the one publishing. */
    public boolean isActive() {
        return active;
    }

    /** Records this relay has published (acknowledged by the broker) since it started. */
    public long publishedCount() {
        return published.get();
    }

    /** How many times this relay has tried to take the relay lock (it stands by while another replica holds it). */
    public long lockAttempts() {
        return lockAttempts.get();
    }

    private void run() {
        while (running) {
            try {
                connect();
                if (!active) {
                    active = tryLock();
                    if (active) {
                        LOG.infof("%s: active (holds the outbox relay lock)", name);
                    } else {
                        awaitNotification();
                        continue;
                    }
                }
                if (relayBatch() < batchSize) {
                    awaitNotification();
                }
            } catch (Exception e) {
                if (running) {
                    LOG.warnf("%s: relay round failed, retrying in %s: %s", name, retryBackoff, e.toString());
                }
                disconnect();
                pause(retryBackoff);
            }
        }
        disconnect();
    }

    private void connect() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = DriverManager.getConnection(jdbcUrl, dbProperties);
            connection.setAutoCommit(true);
            try (Statement listen = connection.createStatement()) {
                listen.execute("LISTEN " + CHANNEL);
            }
        }
    }

    private boolean tryLock() throws SQLException {
        lockAttempts.incrementAndGet();
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            lock.setLong(1, lockKey);
            try (ResultSet rs = lock.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Publishes one batch and deletes it once acknowledged; returns the number of rows. */
    private int relayBatch() throws SQLException, InterruptedException {
        List<Long> ids = new ArrayList<>(batchSize);
        List<Future<RecordMetadata>> acks = new ArrayList<>(batchSize);
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id, topic, event_key, payload FROM outbox ORDER BY id LIMIT ?")) {
            select.setInt(1, batchSize);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    Future<RecordMetadata> ack = producer().send(
                            new ProducerRecord<>(rs.getString(2), rs.getString(3), rs.getBytes(4)));
                    ids.add(rs.getLong(1));
                    acks.add(ack);
                    if (failed(ack)) {
                        break; // no broker metadata within the send timeout: the rest would wait as long
                    }
                }
            }
        }
        if (ids.isEmpty()) {
            return 0;
        }
        producer().flush();
        for (Future<RecordMetadata> ack : acks) {
            try {
                ack.get();
            } catch (ExecutionException e) {
                // Nothing of this batch is deleted; a fresh producer resends it from the first row.
                closeProducer();
                throw new IllegalStateException("broker did not acknowledge: " + e.getCause(), e.getCause());
            }
        }
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM outbox WHERE id = ANY (?)")) {
            Array array = connection.createArrayOf("bigint", ids.toArray());
            delete.setArray(1, array);
            delete.executeUpdate();
        }
        published.addAndGet(ids.size());
        return ids.size();
    }

    private static boolean failed(Future<RecordMetadata> ack) throws InterruptedException {
        if (!ack.isDone()) {
            return false;
        }
        try {
            ack.get();
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }

    private void awaitNotification() throws SQLException {
        PGConnection pg = connection.unwrap(PGConnection.class);
        PGNotification[] notifications = pg.getNotifications((int) Math.max(1, pollInterval.toMillis()));
        if (notifications == null) {
            return; // timed out: look anyway
        }
        if (!linger.isZero()) {
            pause(linger); // woken by a commit: let the commits of the next moments join this round
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    private void closeProducer() {
        if (producer != null) {
            try {
                producer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.debugf("%s: closing producer: %s", name, e);
            }
            producer = null;
        }
    }

    private void disconnect() {
        if (active) {
            LOG.infof("%s: no longer active", name);
        }
        active = false;
        closeProducer();
        if (connection != null) {
            try {
                connection.close(); // ends the session: the advisory lock is released with it
            } catch (SQLException e) {
                LOG.debugf("%s: closing connection: %s", name, e);
            }
            connection = null;
        }
    }

    private void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
