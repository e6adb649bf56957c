package io.postvault.protocol.blobgc;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The blob collector: deletes live blobs no message references and whose removals the archive acknowledged. */
@ConfigMapping(prefix = "postvault.blobs")
public interface BlobGcConfig {

    /** How often the collector runs ({@code off} disables it on this replica; any number of replicas may run it). */
    @WithDefault("1m")
    String collectInterval();

    /** Most candidate blobs one collector round looks at (each in its own short transaction). */
    @WithDefault("500")
    int collectBatchSize();
}
