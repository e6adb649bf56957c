package io.postvault.protocol.account;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The cache of recently verified logins ({@link VerifiedLogins}). */
@ConfigMapping(prefix = "postvault.login-cache")
public interface LoginCacheConfig {

    /** How long a verified password is accepted again without Argon2id; 0 turns the cache off. */
    @WithDefault("5m")
    Duration ttl();

    /** Most logins remembered at once (least recently used go first). */
    @WithDefault("10000")
    int maxEntries();
}
