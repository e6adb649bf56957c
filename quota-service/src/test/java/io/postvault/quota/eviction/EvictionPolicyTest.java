package io.postvault.quota.eviction;

import static org.assertj.core.api.Assertions.assertThat;

import io.postvault.events.data.QuotaScope;
import io.postvault.quota.ledger.LedgerRow;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EvictionPolicyTest {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    private static final Duration RE_REQUEST = Duration.ofMinutes(15);

    @Test
    void withinQuotaNothing() {
        assertThat(decide(row(1000L, 600, 400, null, 0, 0, null))).isEqualTo(new EvictionPolicy.Decision(false, 0));
    }

    @Test
    void overQuotaRequestsTheBytesOverAtMostTheArchives() {
        assertThat(decide(row(1000L, 700, 400, null, 0, 0, null)).bytesToFree()).isEqualTo(100);
        assertThat(decide(row(1000L, 1100, 50, null, 0, 0, null)).bytesToFree()).isEqualTo(50);
        assertThat(decide(row(1000L, 1100, 0, null, 0, 0, null)).bytesToFree()).isZero();
    }

    @Test
    void anOpenEpisodeAsksNothingMore() {
        assertThat(decide(row(1000L, 900, 400, UUID.randomUUID(), 100, 0, NOW.minusSeconds(60))))
                .isEqualTo(new EvictionPolicy.Decision(false, 0));
    }

    @Test
    void episodeClosesWhenAnsweredAndRequestsAgainIfStillOver() {
        assertThat(decide(row(1000L, 900, 200, UUID.randomUUID(), 100, 100, NOW.minusSeconds(60))))
                .isEqualTo(new EvictionPolicy.Decision(true, 100));
        assertThat(decide(row(1000L, 700, 200, UUID.randomUUID(), 100, 100, NOW.minusSeconds(60))))
                .isEqualTo(new EvictionPolicy.Decision(true, 0));
    }

    @Test
    void episodeClosesWithinQuotaOrWhenTheRequestIsStale() {
        assertThat(decide(row(1000L, 500, 200, UUID.randomUUID(), 100, 0, NOW.minusSeconds(60))))
                .isEqualTo(new EvictionPolicy.Decision(true, 0));
        assertThat(decide(row(1000L, 900, 200, UUID.randomUUID(), 100, 0, NOW.minus(RE_REQUEST))))
                .isEqualTo(new EvictionPolicy.Decision(true, 100));
    }

    @Test
    void withoutQuotaNothingAndAnOpenEpisodeCloses() {
        assertThat(decide(row(null, 5000, 5000, null, 0, 0, null))).isEqualTo(new EvictionPolicy.Decision(false, 0));
        assertThat(decide(row(null, 5000, 5000, UUID.randomUUID(), 10, 0, NOW)))
                .isEqualTo(new EvictionPolicy.Decision(true, 0));
    }

    private static EvictionPolicy.Decision decide(LedgerRow row) {
        return EvictionPolicy.decide(row, NOW, RE_REQUEST);
    }

    private static LedgerRow row(Long quota, long occupied, long archives, UUID request, long requested, long freed,
            Instant requestedAt) {
        return new LedgerRow(QuotaScope.DOMAIN, "d.test", "d.test", null, quota, occupied, 1, archives, 1, false,
                request, requested, freed, requestedAt, NOW);
    }
}
