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

    /** Login sessions and their rate limits. */
    Auth auth();

    /** How the gateway calls the internal services: timeouts, retries of reads, circuit breakers. */
    Upstream upstream();

    /** Calls to an internal service. */
    interface Upstream {

        /** Longest wait for a TCP connection to an internal service. */
        @WithDefault("2s")
        Duration connectTimeout();

        /** Longest wait for an internal service's answer (for a streamed body: for its headers). */
        @WithDefault("15s")
        Duration readTimeout();

        /** Retries of a read (GET) that failed in transport or with 502/503/504; writes are never retried. */
        @WithDefault("2")
        int maxRetries();

        /** Pause between two tries of a read. */
        @WithDefault("100ms")
        Duration retryDelay();

        /** Calls in the rolling window of each service's circuit breaker. */
        @WithDefault("20")
        int breakerWindow();

        /** Share of failed calls in the window that opens the breaker (0-1). */
        @WithDefault("0.5")
        double breakerFailureRatio();

        /** How long an open breaker answers 503 at once before it lets a trial call through. */
        @WithDefault("10s")
        Duration breakerDelay();
    }

    /** Logins (POST /api/v1/auth/login). */
    interface Auth {

        /** How long the token of a login stays valid. */
        @WithDefault("1h")
        Duration sessionTtl();

        /** Rate limits of logins. */
        Login login();
    }

    /** Rate limits of logins, in a sliding window. */
    interface Login {

        /** The window in which attempts and failures are counted. */
        @WithDefault("15m")
        Duration window();

        /** Failed logins of one address in the window before its logins are refused with 429. */
        @WithDefault("5")
        int maxFailuresPerAddress();

        /** Login attempts (failed or not) from one client IP in the window before its logins are refused with 429. */
        @WithDefault("50")
        int maxAttemptsPerIp();
    }
}
