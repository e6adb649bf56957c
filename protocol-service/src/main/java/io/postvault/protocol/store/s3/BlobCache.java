package io.postvault.protocol.store.s3;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.postvault.protocol.config.BlobCacheConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Optional;

/**
 * The bytes of small blobs, in memory, in front of the object store: a POP3 RETR or IMAP FETCH BODY[] of a message
 * held here costs no S3 GET and no worker thread. Filled when a blob is stored ({@link BlobStore} remembers what it was
 * given) and when it is read from the object store; bounded by a total of bytes, the least recently used (weighted by
 * size) evicted first (Caffeine's W-TinyLFU, which also keeps one-off reads from pushing out the messages read often).
 *
 * <p>It never serves bytes that are not the blob's: a blob id is the SHA-256 of the content and a blob never changes,
 * so an entry is either exactly the blob or absent. Entries are trusted, not hashed again: they come from the spool
 * file whose hash the writer computed (that very file, private to its request and unchanged since), or from the
 * object store, which the streaming reads trust just the same. An entry for a blob the collector deletes is dropped
 * ({@link #forget}); one left over (a read racing the delete) is harmless, because a reader reaches a blob only
 * through a live message row, and a new row for that content stores the object again, with the same bytes.
 *
 * <p>Memory only, no disk tier: the messages read again soon are the ones just delivered (POP3 clients download new
 * mail, IMAP clients fetch it), small, and few enough for tens of MiB; a disk tier would trade an S3 GET (a loopback or
 * in-cluster HTTP request) for a file read plus the page cache's second copy, on a pod's ephemeral disk that is lost
 * at every restart anyway. Each replica has its own cache; content addressing needs no coherence between them.
 */
@ApplicationScoped
public class BlobCache {

    /** Estimated bytes an entry takes beyond its content: the key string, the array header, the cache's node. */
    static final int ENTRY_OVERHEAD = 200;

    private final Cache<String, byte[]> entries; // null when disabled
    private final long maxBlobSize;

    @Inject
    BlobCache(BlobCacheConfig config, MeterRegistry meters) {
        this(config.maxBytes().asLongValue(), config.maxBlobSize().asLongValue());
        if (entries != null) {
            CaffeineCacheMetrics.monitor(meters, entries, "postvault.blob-cache");
        }
    }

    /** A cache of at most {@code maxBytes} (0: disabled) holding blobs of at most {@code maxBlobSize} octets. */
    public BlobCache(long maxBytes, long maxBlobSize) {
        this.maxBlobSize = maxBytes <= 0 ? -1 : Math.min(maxBlobSize, Math.min(maxBytes, Integer.MAX_VALUE / 2));
        this.entries = maxBytes <= 0 ? null : Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String blobId, byte[] bytes) -> bytes.length + ENTRY_OVERHEAD)
                // evictions run in the thread that added (a worker): no hop to a pool, the cap holds when put returns
                .executor(Runnable::run)
                .recordStats()
                .build();
    }

    /** Whether a blob of {@code size} octets is kept (false for every size when disabled). */
    public boolean keeps(long size) {
        return size >= 0 && size <= maxBlobSize;
    }

    /**
     * The blob's bytes when they are held here, as a stream of the caller's own. Never blocks: the event loop may call
     * it and read the stream.
     */
    public Optional<InputStream> open(String blobId) {
        byte[] bytes = entries == null ? null : entries.getIfPresent(blobId);
        return bytes == null ? Optional.empty() : Optional.of(new ByteArrayInputStream(bytes));
    }

    /** Keeps the blob's bytes if they are small enough; the caller hands the array over and never changes it. */
    void remember(String blobId, byte[] bytes) {
        if (keeps(bytes.length)) {
            entries.put(blobId, bytes);
        }
    }

    /** Drops a blob (deleted from the object store). */
    void forget(String blobId) {
        if (entries != null) {
            entries.invalidate(blobId);
        }
    }

    /** Bytes held now, with {@link #ENTRY_OVERHEAD} per entry (0 when disabled). */
    long weight() {
        if (entries == null) {
            return 0;
        }
        entries.cleanUp();
        return entries.policy().eviction().orElseThrow().weightedSize().orElse(0);
    }
}
