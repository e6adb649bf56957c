package io.postvault.protocol.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The in-memory cache of small message blobs in front of the object store ({@code store.s3.BlobCache}). */
@ConfigMapping(prefix = "postvault.blob-cache")
public interface BlobCacheConfig {

    /** Most bytes held, all entries together (0 disables the cache: every read goes to the object store). */
    @WithDefault("64M")
    MemorySize maxBytes();

    /** Largest blob kept; larger ones are always streamed from the object store. */
    @WithDefault("256K")
    MemorySize maxBlobSize();
}
