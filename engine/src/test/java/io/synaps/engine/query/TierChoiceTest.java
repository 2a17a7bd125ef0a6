package io.synaps.engine.query;

import io.synaps.store.metric.Tier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class TierChoiceTest {
    private static final long NOW = 2_000_000_000L;

    @ParameterizedTest(name = "start {0} s ago, period {1} -> {2}")
    @CsvSource(nullValues = "none", value = {
            "0,        1,    SECOND",
            "600,      10,   SECOND",
            "10800,    30,   SECOND",
            "10801,    30,   none",
            "600,      60,   MINUTE",
            "600,      90,   SECOND",
            "600,      3600, MINUTE",
            "20000,    120,  MINUTE",
            "1296000,  60,   MINUTE",
            "1296001,  60,   none",
            "1296001,  300,  FIVE_MINUTES",
            "1296001,  600,  FIVE_MINUTES",
            "5443200,  900,  FIVE_MINUTES",
            "5443201,  900,  none",
            "5443201,  7200, HOUR",
            "39312000, 3600, HOUR",
            "39312001, 3600, none",
            "600,      0,    none",
            "-3600,    60,   MINUTE"})
    void picksTheFinestTierThatHoldsTheStartAndFitsThePeriod(long age, int period, Tier expected) {
        assertThat(TierChoice.forRead(NOW - age, period, NOW)).isEqualTo(expected);
    }
}
