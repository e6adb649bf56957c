package io.postvault.protocol.outbox;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Properties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Runs this replica's {@link OutboxRelay} from start-up to shutdown (when {@code postvault.outbox.enabled}). */
@ApplicationScoped
public class OutboxRelayService {

    private final OutboxConfig config;
    private final String jdbcUrl;
    private final String username;
    private final String password;
    private final String schema;
    private final String kafkaBootstrap;
    private OutboxRelay relay;

    OutboxRelayService(OutboxConfig config,
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") String jdbcUrl,
            @ConfigProperty(name = "quarkus.datasource.username") String username,
            @ConfigProperty(name = "quarkus.datasource.password") String password,
            @ConfigProperty(name = "quarkus.flyway.schemas", defaultValue = "protocol") String schema,
            @ConfigProperty(name = "kafka.bootstrap.servers") String kafkaBootstrap) {
        this.config = config;
        this.jdbcUrl = jdbcUrl;
        this.username = username;
        this.password = password;
        this.schema = schema;
        this.kafkaBootstrap = kafkaBootstrap;
    }

    void onStart(@Observes StartupEvent event) {
        if (config.enabled()) {
            start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /** A relay on its own connection, as every replica runs one (also used by tests to play a second replica). */
    public OutboxRelay newRelay(String name) {
        Properties properties = new Properties();
        properties.setProperty("user", username);
        properties.setProperty("password", password);
        properties.setProperty("currentSchema", schema);
        properties.setProperty("ApplicationName", name);
        return new OutboxRelay(name, jdbcUrl, properties, kafkaBootstrap, config);
    }

    public synchronized void start() {
        if (relay == null) {
            relay = newRelay("protocol-outbox-relay");
            relay.start();
        }
    }

    public synchronized void stop() {
        if (relay != null) {
            relay.close();
            relay = null;
        }
    }

    /** This replica's relay, or null when stopped. */
    public synchronized OutboxRelay relay() {
        return relay;
    }
}
