package io.postvault.protocol.pop3;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** Counts failed logins per client address over a sliding window; thread-safe (several event loops share it). */
public final class LoginThrottle {

    private final int maxFailures;
    private final long windowNanos;
    private final LongSupplier clock;
    private final Map<String, Deque<Long>> failures = new ConcurrentHashMap<>();

    public LoginThrottle(int maxFailures, Duration window) {
        this(maxFailures, window, System::nanoTime);
    }

    LoginThrottle(int maxFailures, Duration window, LongSupplier clock) {
        this.maxFailures = maxFailures;
        this.windowNanos = window.toNanos();
        this.clock = clock;
    }

    /** True when the address has used up its failed logins: refuse without checking the credentials. */
    public boolean blocked(String address) {
        Deque<Long> times = failures.get(address);
        if (times == null) {
            return false;
        }
        synchronized (times) {
            expire(times);
            if (times.isEmpty()) {
                failures.remove(address, times);
            }
            return times.size() >= maxFailures;
        }
    }

    /** Records a failed login. */
    public void failed(String address) {
        Deque<Long> times = failures.computeIfAbsent(address, a -> new ArrayDeque<>());
        synchronized (times) {
            expire(times);
            times.addLast(clock.getAsLong());
        }
    }

    private void expire(Deque<Long> times) {
        long now = clock.getAsLong();
        while (!times.isEmpty() && now - times.peekFirst() >= windowNanos) {
            times.removeFirst();
        }
    }
}
