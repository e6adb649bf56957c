package io.postvault.search.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The search index: where it lives, how often it commits and refreshes, and the limits of extraction and the API. */
@ConfigMapping(prefix = "postvault.search")
public interface SearchConfig {

    /**
     * The name of this replica (Env: POSTVAULT_SEARCH_REPLICA; on Kubernetes the StatefulSet pod's name). Each replica
     * keeps a whole index of its own: it reads every event in its own consumer group (named after it) and records the
     * events it applied under its name, so replicas never split the events nor skip what another applied.
     */
    @WithDefault("search-service-0")
    String replica();

    /** Folder of the Lucene index (a derived view: deleting it loses nothing). Env: POSTVAULT_SEARCH_INDEX_DIR. */
    @WithDefault("data/search-index")
    String indexDir();

    /** Index commits and refreshes. */
    Index index();

    /** Text extraction from the blobs. */
    Extraction extraction();

    /** The search API. */
    Api api();

    /** Buckets read (never written) by this service. */
    Buckets buckets();

    /** The owning services a reindex reads every message from. */
    Sources sources();

    interface Index {
        /** How often pending changes are committed (their records acknowledged to Kafka after the commit). */
        @WithDefault("1s")
        Duration commitEvery();

        /** Pending changes that trigger a commit before {@code commit-every} elapses. */
        @WithDefault("1000")
        int commitBatchSize();

        /**
         * How often searchers are refreshed to see the latest changes at most: a change is searchable after this delay
         * at the latest (near-real-time; a refresh that finds no change costs nothing).
         */
        @WithDefault("250ms")
        Duration refreshEvery();

        /** Memory buffer of the index writer, in MiB. */
        @WithDefault("64")
        double ramBufferMb();
    }

    interface Extraction {
        /** Bytes of a blob read at most; a longer message is indexed from its beginning. */
        @WithDefault("26214400")
        long maxBlobBytes();

        /** Characters of body text indexed (and stored for snippets) at most per message. */
        @WithDefault("1000000")
        int maxTextChars();
    }

    interface Api {
        /** Hits per page when the request gives no limit. */
        @WithDefault("20")
        int defaultPageSize();

        /** The largest page a request may ask for. */
        @WithDefault("200")
        int maxPageSize();

        /** Snippets per hit and field (subject, body) at most. */
        @WithDefault("2")
        int snippetsPerField();
    }

    interface Buckets {
        /** protocol-service's bucket of live blobs. */
        @WithDefault("postvault-blobs")
        String blobs();

        /** archive-service's bucket of archived blobs. */
        @WithDefault("postvault-archive")
        String archive();
    }

    interface Sources {
        /** protocol-service's internal REST API: accounts, live messages and their bytes. */
        @WithDefault("http://127.0.0.1:8081")
        String protocolUrl();

        /** archive-service's internal REST API: archive entries and their bytes. */
        @WithDefault("http://127.0.0.1:8082")
        String archiveUrl();

        /** How long one request to a source may take. */
        @WithDefault("30s")
        Duration timeout();

        /** Messages asked per page of a listing (archive-service answers 500 at most). */
        @WithDefault("500")
        int pageSize();

        /** Messages fetched and parsed at once during a reindex. */
        @WithDefault("2")
        int parallelism();
    }
}
