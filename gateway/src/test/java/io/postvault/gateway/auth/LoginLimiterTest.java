package io.postvault.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.postvault.gateway.config.GatewayConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The sliding windows of the login rate limits, on a clock the test moves. */
class LoginLimiterTest {

    static final Duration WINDOW = Duration.ofMinutes(15);

    /** A clock the test sets. */
    static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-11-27T10:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private final TestClock clock = new TestClock();
    private final LoginLimiter limiter = new LoginLimiter(new GatewayConfig.Login() {
        @Override
        public Duration window() {
            return WINDOW;
        }

        @Override
        public int maxFailuresPerAddress() {
            return 3;
        }

        @Override
        public int maxAttemptsPerIp() {
            return 5;
        }
    }, clock);

    @Test
    void failuresOfAnAddressWaitUntilTheOldestLeavesTheWindow() {
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.attempt("192.0.2." + i, "alice@example.com")).isEmpty();
            limiter.failed("alice@example.com");
            clock.now = clock.now.plusSeconds(60);
        }
        // three failures at 10:00, 10:01, 10:02; now 10:03: the first leaves the window at 10:15
        assertThat(limiter.attempt("192.0.2.9", "alice@example.com")).contains(Duration.ofMinutes(12));
        assertThat(limiter.attempt("192.0.2.9", "bob@example.com")).isEmpty();
        clock.now = Instant.parse("2026-11-27T10:15:00Z");
        assertThat(limiter.attempt("192.0.2.9", "alice@example.com")).isEmpty();
    }

    @Test
    void successfulLoginsDoNotCountAgainstTheAddress() {
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.attempt("192.0.2." + i, "alice@example.com")).isEmpty();
        }
    }

    @Test
    void everyAttemptOfAnIpCountsAndRefusedOnesDoNotExtendTheWait() {
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.attempt("192.0.2.1", "user" + i + "@example.com")).isEmpty();
        }
        assertThat(limiter.attempt("192.0.2.1", "next@example.com")).contains(WINDOW);
        clock.now = clock.now.plus(Duration.ofMinutes(5));
        assertThat(limiter.attempt("192.0.2.1", "next@example.com")).contains(Duration.ofMinutes(10));
        assertThat(limiter.attempt("192.0.2.2", "next@example.com")).isEmpty();
        clock.now = clock.now.plus(Duration.ofMinutes(10));
        assertThat(limiter.attempt("192.0.2.1", "next@example.com")).isEmpty();
    }
}
