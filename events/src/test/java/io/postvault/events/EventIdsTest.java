package io.postvault.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventIdsTest {

    @Test
    void idsAreVersion7AndOrderedByTime() {
        UUID earlier = EventIds.at(1_700_000_000_000L);
        UUID later = EventIds.at(1_700_000_000_001L);

        assertThat(earlier.version()).isEqualTo(7);
        assertThat(earlier.variant()).isEqualTo(2);
        assertThat(earlier.getMostSignificantBits() >>> 16).isEqualTo(1_700_000_000_000L);
        assertThat(earlier.compareTo(later)).isNegative();
        assertThat(EventIds.next()).isNotEqualTo(EventIds.next());
    }
}
