package io.postvault.quota.warning;

import static org.assertj.core.api.Assertions.assertThat;

import io.postvault.quota.warning.WarningPolicy.Transition;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WarningPolicyTest {

    @ParameterizedTest(name = "quota {0}, occupied {1}, warned {2} -> {3}")
    @CsvSource(nullValues = "none", value = {
            "1000, 900,  false, NONE",    // at 90 %: not past it yet
            "1000, 901,  false, WARN",
            "1000, 1200, false, WARN",    // over the quota at once (a plan lowered)
            "1000, 950,  true,  NONE",    // warned for this crossing already
            "1000, 851,  true,  NONE",    // below 90 % but above the re-arm level: hovering does not warn again
            "1000, 850,  true,  REARM",
            "1000, 0,    true,  REARM",
            "1000, 850,  false, NONE",
            "0,    0,    false, NONE",    // an empty domain with a zero quota is not past anything
            "0,    1,    false, WARN",
            "none, 5000, false, NONE",    // no plan known yet
            "none, 5000, true,  REARM",   // the domain was deleted
            "10737418240000, 9663676416001, false, WARN", // 10 TB: no overflow
    })
    void decides(Long quota, long occupied, boolean warned, Transition expected) {
        assertThat(WarningPolicy.decide(quota, occupied, warned, 90, 85)).isEqualTo(expected);
    }
}
