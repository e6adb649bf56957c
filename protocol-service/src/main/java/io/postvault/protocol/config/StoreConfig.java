package io.postvault.protocol.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The live mail store. */
@ConfigMapping(prefix = "postvault.store")
public interface StoreConfig {

    /** How long a POP3 maildrop lock lasts without renewal; a crashed holder's lock frees itself after this. */
    @WithDefault("2m")
    Duration maildropLease();

    /** Messages removed per transaction when an account or domain is deleted. */
    @WithDefault("500")
    int deletionBatchSize();
}
