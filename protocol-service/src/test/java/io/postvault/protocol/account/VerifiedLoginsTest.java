package io.postvault.protocol.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class VerifiedLoginsTest {

    private static final String HASH = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA";
    private final AtomicLong now = new AtomicLong(1_000);
    private final VerifiedLogins logins = new VerifiedLogins(100, 3, now::get);

    @Test
    void remembersOnlyTheVerifiedPasswordForTheSameStoredHash() {
        logins.remember(HASH, "correct-horse");

        assertThat(logins.verifiedRecently(HASH, "correct-horse")).isTrue();
        assertThat(logins.verifiedRecently(HASH, "correct-horsE")).isFalse();
        assertThat(logins.verifiedRecently(HASH, "")).isFalse();
        assertThat(logins.verifiedRecently(HASH.replace("aGFzaA", "bmV3"), "correct-horse"))
                .as("after a password change the stored hash differs").isFalse();
    }

    @Test
    void forgetsAfterTheTimeToLive() {
        logins.remember(HASH, "correct-horse");

        now.addAndGet(99);
        assertThat(logins.verifiedRecently(HASH, "correct-horse")).isTrue();
        now.addAndGet(1);
        assertThat(logins.verifiedRecently(HASH, "correct-horse")).isFalse();
    }

    @Test
    void keepsAtMostMaxEntriesDroppingTheLeastRecentlyUsed() {
        logins.remember(HASH, "one");
        logins.remember(HASH, "two");
        logins.remember(HASH, "three");
        assertThat(logins.verifiedRecently(HASH, "one")).isTrue(); // now the most recently used

        logins.remember(HASH, "four");

        assertThat(logins.verifiedRecently(HASH, "two")).isFalse();
        assertThat(logins.verifiedRecently(HASH, "one")).isTrue();
        assertThat(logins.verifiedRecently(HASH, "three")).isTrue();
        assertThat(logins.verifiedRecently(HASH, "four")).isTrue();
    }

    @Test
    void aZeroTimeToLiveTurnsItOff() {
        VerifiedLogins off = new VerifiedLogins(0, 3, now::get);
        off.remember(HASH, "correct-horse");

        assertThat(off.verifiedRecently(HASH, "correct-horse")).isFalse();
    }
}
