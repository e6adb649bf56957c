package io.postvault.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatenciesTest {

    @Test
    void percentilesUseTheNearestRank() {
        Latencies one = new Latencies();
        Latencies other = new Latencies();
        for (int i = 1; i <= 60; i++) {
            one.record(i * 1_000_000L);
        }
        for (int i = 61; i <= 2000; i++) {
            other.record(i * 1_000_000L);
        }
        Latencies all = new Latencies();
        all.addAll(other);
        all.addAll(one);

        assertThat(all.count()).isEqualTo(2000);
        assertThat(all.percentileMillis(50)).isEqualTo(1000.0);
        assertThat(all.percentileMillis(99)).isEqualTo(1980.0);
        assertThat(all.percentileMillis(100)).isEqualTo(2000.0);
        assertThat(new Latencies().percentileMillis(50)).isZero();
    }
}
