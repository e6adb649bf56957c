package io.postvault.protocol.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The outbox relay: how it wakes up, how much it sends at once, and how replicas elect the one active relay. */
@ConfigMapping(prefix = "postvault.outbox")
public interface OutboxConfig {

    /** Whether this replica runs a relay (standing by while another replica holds the relay lock). */
    @WithDefault("true")
    boolean enabled();

    /** Longest wait between two looks at the outbox; commits wake the relay sooner (LISTEN/NOTIFY). */
    @WithDefault("500ms")
    Duration pollInterval();

    /**
     * How long the relay waits, once woken by a commit, before it reads the outbox: the events committed meanwhile go
     * in the same round (one Kafka request, one delete) instead of a round each. 0: read at once.
     */
    @WithDefault("10ms")
    Duration linger();

    /** Most rows published, acknowledged and deleted per round. */
    @WithDefault("500")
    int batchSize();

    /** The PostgreSQL advisory lock (bigint) the active relay holds; the same on every replica. */
    @WithDefault("7305316548101")
    long lockKey();

    /** Longest a batch waits for the broker (metadata and acknowledgements) before the relay gives up and retries. */
    @WithDefault("30s")
    Duration sendTimeout();

    /** Pause after a failure (database or broker unreachable) before the relay tries again. */
    @WithDefault("2s")
    Duration retryBackoff();
}
