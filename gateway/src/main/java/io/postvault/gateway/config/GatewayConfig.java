package io.postvault.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/** The gateway: who may call it as platform administrator, and where the internal services are. */
@ConfigMapping(prefix = "postvault.gateway")
public interface GatewayConfig {

    /** Bootstrap platform-admin bearer token (from POSTVAULT_ADMIN_TOKEN). */
    String adminToken();

    /** Base URL of each internal service by name, e.g. {@code protocol-service=http://127.0.0.1:8081}. */
    Map<String, URI> services();

    /** How long the gateway waits for an internal service's health answer. */
    @WithDefault("2s")
    Duration healthTimeout();
}
