package io.postvault.protocol.account;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Recently verified logins, so that clients that log in again and again (POP3 clients polling every few minutes,
 * mbsync and Thunderbird opening several connections) do not pay the Argon2id cost every time: Dovecot's auth cache
 * in spirit. It keeps only HMAC-SHA256(random per-process key, stored hash + password) of successful checks; a failed
 * attempt is never remembered, so guessing keeps its full cost. The stored hash is part of what is remembered, so a
 * password change misses at once, on every replica.
 */
@ApplicationScoped
public class VerifiedLogins {

    private final SecretKeySpec key;
    private final long ttlNanos;
    private final LongSupplier clock;
    private final Map<String, Long> expiries;

    @Inject
    VerifiedLogins(LoginCacheConfig config) {
        this(config.ttl().toNanos(), config.maxEntries(), System::nanoTime);
    }

    VerifiedLogins(long ttlNanos, int maxEntries, LongSupplier clock) {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
        this.ttlNanos = ttlNanos;
        this.clock = clock;
        this.expiries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /** True when {@code password} was verified against {@code storedHash} within the time to live. */
    public boolean verifiedRecently(String storedHash, String password) {
        if (ttlNanos <= 0) {
            return false;
        }
        String fingerprint = fingerprint(storedHash, password);
        synchronized (expiries) {
            Long expiry = expiries.get(fingerprint);
            if (expiry == null) {
                return false;
            }
            if (clock.getAsLong() - expiry >= 0) {
                expiries.remove(fingerprint);
                return false;
            }
            return true;
        }
    }

    /** Remembers a successful check of {@code password} against {@code storedHash}. */
    public void remember(String storedHash, String password) {
        if (ttlNanos <= 0) {
            return;
        }
        String fingerprint = fingerprint(storedHash, password);
        synchronized (expiries) {
            expiries.put(fingerprint, clock.getAsLong() + ttlNanos);
        }
    }

    private String fingerprint(String storedHash, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(storedHash.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return Base64.getEncoder().encodeToString(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
