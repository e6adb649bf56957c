package io.postvault.gateway.auth;

import io.postvault.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rate limits of POST /api/v1/auth/login in a sliding window: every attempt counts against the client IP (one client
 * trying many addresses), failed attempts count against the address (many clients guessing one password). Per
 * gateway replica, in memory: a restart forgets, which only gives an attacker one more window.
 */
@ApplicationScoped
public class LoginLimiter {

    /** Above this many tracked keys, idle ones are swept out so that random addresses cannot fill the memory. */
    static final int SWEEP_ABOVE = 10_000;

    private final Clock clock;
    private final GatewayConfig.Login config;
    private final Map<String, Deque<Instant>> attemptsByIp = new ConcurrentHashMap<>();
    private final Map<String, Deque<Instant>> failuresByAddress = new ConcurrentHashMap<>();

    @Inject
    LoginLimiter(GatewayConfig config) {
        this(config.auth().login(), Clock.systemUTC());
    }

    LoginLimiter(GatewayConfig.Login config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** Counts an attempt of this IP for this address; the wait before the next is allowed when over a limit. */
    public Optional<Duration> attempt(String ip, String address) {
        Instant now = clock.instant();
        Optional<Duration> addressWait = wait(failuresByAddress, address, config.maxFailuresPerAddress(), now);
        if (addressWait.isPresent()) {
            return addressWait;
        }
        Optional<Duration> ipWait = wait(attemptsByIp, ip, config.maxAttemptsPerIp(), now);
        if (ipWait.isEmpty()) {
            record(attemptsByIp, ip, now);
        }
        return ipWait;
    }

    /** The password was wrong: counts against the address. */
    public void failed(String address) {
        record(failuresByAddress, address, clock.instant());
    }

    private Optional<Duration> wait(Map<String, Deque<Instant>> counts, String key, int max, Instant now) {
        Deque<Instant> times = counts.get(key);
        if (times == null) {
            return Optional.empty();
        }
        synchronized (times) {
            expire(times, now);
            if (times.size() < max) {
                return Optional.empty();
            }
            return Optional.of(Duration.between(now, times.peekFirst().plus(config.window())));
        }
    }

    private void record(Map<String, Deque<Instant>> counts, String key, Instant now) {
        if (counts.size() > SWEEP_ABOVE) {
            counts.values().removeIf(times -> {
                synchronized (times) {
                    expire(times, now);
                    return times.isEmpty();
                }
            });
        }
        Deque<Instant> times = counts.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            times.addLast(now);
        }
    }

    private void expire(Deque<Instant> times, Instant now) {
        Instant oldest = now.minus(config.window());
        while (!times.isEmpty() && !times.peekFirst().isAfter(oldest)) {
            times.pollFirst();
        }
    }
}
