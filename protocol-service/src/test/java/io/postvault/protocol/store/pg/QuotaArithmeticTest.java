package io.postvault.protocol.store.pg;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuotaArithmeticTest {

    @ParameterizedTest(name = "domain {0}/{1}, account cap {2} with {3}, message {4} -> {5}")
    @CsvSource(nullValues = "none", value = {
        "1000, 0,    none, 0,   1000, true",
        "1000, 1,    none, 0,   1000, false",
        "1000, 500,  300,  250, 50,   true",
        "1000, 500,  300,  250, 51,   false",
        "1000, 999,  none, 0,   0,    true",
        "1000, 1000, none, 0,   0,    true",
        "1000, 0,    0,    0,   1,    false",
        "1000, 0,    none, 0,   -1,   false"})
    void occupiedPlusSizeMustFitTheDomainAndTheAccountCap(long domainQuota, long domainOccupied, Long cap,
            long accountOccupied, long size, boolean fits) {
        assertThat(PgQuotaLimits.fits(domainQuota, domainOccupied, cap, accountOccupied, size)).isEqualTo(fits);
    }
}
