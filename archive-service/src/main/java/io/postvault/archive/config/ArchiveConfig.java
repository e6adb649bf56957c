package io.postvault.archive.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The archive-service's own settings ({@code postvault.archive.*} in application.properties). */
@ConfigMapping(prefix = "postvault.archive")
public interface ArchiveConfig {

    /** Buckets of the object store. */
    Buckets buckets();

    /** The internal REST API. */
    Api api();

    /** Eviction on quota requests and by retention. */
    Eviction eviction();

    /** Per-domain retention: entries older than a maximum age are evicted daily. */
    Retention retention();

    /** Publication of the events this service emits. */
    Events events();

    /** The dead-letter topic and its operator endpoint. */
    DeadLetters deadLetters();

    /** protocol-service's internal live-store API: where restores append and where the backup reads live messages. */
    LiveStore liveStore();

    /** The ZIP backup of an account. */
    Backup backup();

    interface Buckets {
        /** Bucket of the live store (read only here): the source of every archived blob. */
        @WithDefault("postvault-blobs")
        String blobs();

        /** This service's bucket: one object per distinct archived blob, key = SHA-256 of the content. */
        @WithDefault("postvault-archive")
        String archive();
    }

    interface Api {
        /** Entries per page of a listing when the request gives no limit. */
        @WithDefault("50")
        int defaultPageSize();

        /** The largest page a request may ask for. */
        @WithDefault("500")
        int maxPageSize();

        /** The folder a restore puts an entry back into when the request names none. */
        @WithDefault("Restored")
        String restoreFolder();
    }

    interface Eviction {
        /** Entries read (and locked) per query while choosing the oldest ones to evict. */
        @WithDefault("500")
        int batchSize();
    }

    interface Retention {
        /** When the retention job runs (Quarkus cron, seconds first); {@code off} disables it. */
        @WithDefault("0 30 3 * * ?")
        String cron();

        /** Maximum age (since removal) of entries of domains not listed under {@code domains}; unset = kept forever. */
        Optional<Duration> defaultMaxAge();

        /** Maximum age per domain, e.g. {@code postvault.archive.retention.domains."example.com"=365d}. */
        Map<String, Duration> domains();
    }

    interface Events {
        /** How often the relay re-publishes emitted events whose publication was not confirmed. */
        @WithDefault("30s")
        String relayEvery();

        /** An unconfirmed event is re-published by the relay once it is this old. */
        @WithDefault("60s")
        Duration resendAfter();

        /** Sent events are kept this long, for re-publication to a redelivered cause, then deleted. */
        @WithDefault("14d")
        Duration keepSent();
    }

    interface DeadLetters {
        /** The dead-letter topic of this service's consumers. */
        @WithDefault("postvault.dlq.archive")
        String topic();

        /** The most dead letters one listing returns (the oldest first). */
        @WithDefault("500")
        int maxListed();

        /** How long a listing waits for the broker. */
        @WithDefault("10s")
        Duration readTimeout();
    }

    interface LiveStore {
        /** Base URL of protocol-service's internal REST API. */
        @WithDefault("http://127.0.0.1:8081")
        String url();

        /** How long a connection to protocol-service may take to open. */
        @WithDefault("5s")
        Duration connectTimeout();

        /**
         * How long one call may take until its answer starts (a listing page, the headers of a blob, an append of
         * the largest message).
         */
        @WithDefault("60s")
        Duration requestTimeout();

        /** Live messages asked per listing page (protocol-service allows up to 5000). */
        @WithDefault("500")
        int pageSize();
    }

    interface Backup {
        /** Deflate level of the .eml entries, 0 (stored as deflate blocks, fastest) to 9 (smallest). */
        @WithDefault("1")
        int compressionLevel();

        /** Archive entries read from the database per query while the backup streams. */
        @WithDefault("500")
        int batchSize();
    }
}
