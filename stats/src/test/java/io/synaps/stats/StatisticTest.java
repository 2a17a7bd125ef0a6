package io.synaps.stats;

import io.synaps.model.StatisticSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

class StatisticTest {

    private static Aggregate oneToHundred() {
        Aggregate a = Aggregate.empty();
        IntStream.rangeClosed(1, 100).forEach(v -> a.add(v, 1));
        return a;
    }

    private static Aggregate of(double... values) {
        Aggregate a = Aggregate.empty();
        for (double v : values) {
            a.add(v, 1);
        }
        return a;
    }

    private static double compute(String text, Aggregate a) {
        Statistic s = Statistic.parse(text);
        assertThat(s).as(text).isNotNull();
        return s.compute(a);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SampleCount", "Sum", "Average", "Minimum", "Maximum"})
    void parsesTheFiveBasicStatisticsInExactCase(String text) {
        Statistic s = Statistic.parseBasic(text);
        assertThat(s).isInstanceOf(BasicStatistic.class);
        assertThat(s.text()).isEqualTo(text);
        assertThat(s.isExtended()).isFalse();
        assertThat(Statistic.parse(text)).isSameAs(s);
        assertThat(Statistic.parseExtended(text)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"p0", "p0.0", "p50", "p99", "p99.9", "p99.9999999999", "p100", "p100.0", "p10.5",
            "tm99", "tm0", "tm100", "tm99.5", "TM(10%:90%)", "TM(:95%)", "TM(10%:)", "TM(150:1000)", "TM(150:)",
            "TM(:1000)", "TM(0.5%:99.5%)", "TM(0.25:1.5)", "IQM", "wm98", "WM(10%:90%)", "WM(:90%)", "WM(1:5)",
            "tc90", "TC(10%:90%)", "TC(150:1000)", "ts90", "TS(80%:)", "TS(:5)", "PR(100:2000)", "PR(:300)",
            "PR(300:)", "PR(0.5:1.25)", "TM(50%:50%)", "TM(10:10)"})
    void parsesValidExtendedStatistics(String text) {
        Statistic s = Statistic.parseExtended(text);
        assertThat(s).as(text).isNotNull();
        assertThat(s.text()).isEqualTo(text);
        assertThat(s.isExtended()).isTrue();
        assertThat(Statistic.parse(text)).isEqualTo(s);
        assertThat(Statistic.parseBasic(text)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "90", "p101", "P99", "tm(1:2)", "sum", "SUM", "samplecount", "average ", " p99",
            "p", "p-1", "p99.12345678901", "p100.1", "p050", "p99.", "p.5", "p1e2", "TM()", "TM(:)", "TM(10%:90)",
            "TM(90%:10%)", "TM(1000:150)", "TM(101%:)", "TM(10 %:90%)", "TM(10%:90%) ", "TM99", "tm", "tm101",
            "tm(90)", "tm90%", "iqm", "IQM(25%:75%)", "PR(10%:90%)", "PR(:)", "pr(1:2)", "PR(1:2:3)", "WM(-1:5)",
            "TC(a:b)", "ts(10%:90%)", "TS10", "wm", "TM[10%:90%]", "TM(10%;90%)", "p99.9 ", "Pr(1:2)"})
    void rejectsInvalidStatisticText(String text) {
        assertThat(Statistic.parse(text)).as(text).isNull();
        assertThat(Statistic.parseBasic(text)).as(text).isNull();
        assertThat(Statistic.parseExtended(text)).as(text).isNull();
    }

    @Test
    void nullTextParsesToNothing() {
        assertThat(Statistic.parse(null)).isNull();
    }

    @Test
    void shortFormsAreRangesFromZeroToTheirNumber() {
        assertThat(Statistic.parse("tm90")).isEqualTo(
                new TrimmedStatistic(TrimmedStatistic.Kind.TRIMMED_MEAN, Bounds.percentOf(0, 90), "tm90"));
        assertThat(Statistic.parse("TS(80%:)")).isEqualTo(
                new TrimmedStatistic(TrimmedStatistic.Kind.TRIMMED_SUM, Bounds.percentOf(80, 100), "TS(80%:)"));
        assertThat(Statistic.parse("PR(:300)")).isEqualTo(
                new PercentileRank(Bounds.absolute(Double.NEGATIVE_INFINITY, 300), "PR(:300)"));
        assertThat(Statistic.parse("IQM")).isEqualTo(
                new TrimmedStatistic(TrimmedStatistic.Kind.TRIMMED_MEAN, Bounds.percentOf(25, 75), "IQM"));
        assertThat(((Percentile) Statistic.parse("p99.9")).quantile()).isCloseTo(0.999, within(1e-15));
    }

    @Test
    void basicStatisticsAreExactWithPlainDoubleArithmetic() {
        Aggregate a = of(0, 2, 4, 3.5, 7, 100);
        assertThat(compute("Average", a)).isEqualTo(19.416666666666668);
        assertThat(compute("Sum", a)).isEqualTo(116.5);
        assertThat(compute("SampleCount", a)).isEqualTo(6);
        assertThat(compute("Minimum", a)).isEqualTo(0);
        assertThat(compute("Maximum", a)).isEqualTo(100);
    }

    @Test
    void percentilesOfOneToHundredAreWithinOnePercent() {
        Aggregate a = oneToHundred();
        // Lower quantile: rank q * (n - 1), so p50 is the 50th value and p90 the 90th.
        assertThat(compute("p50", a)).isCloseTo(50, withinPercentage(1));
        assertThat(compute("p90", a)).isCloseTo(90, withinPercentage(1));
        assertThat(compute("p99.9", a)).isCloseTo(99, withinPercentage(1));
        assertThat(compute("p0", a)).isEqualTo(1);
        assertThat(compute("p100", a)).isEqualTo(100);
    }

    @Test
    void trimmedMeansDropSamplesByRank() {
        Aggregate a = oneToHundred();
        assertThat(compute("tm90", a)).isCloseTo(45.5, withinPercentage(1));
        assertThat(compute("TM(:90%)", a)).isEqualTo(compute("tm90", a));
        assertThat(compute("TM(10%:90%)", a)).isCloseTo(50.5, withinPercentage(1));
        assertThat(compute("IQM", a)).isCloseTo(50.5, withinPercentage(1));
        assertThat(compute("TM(90%:)", a)).isCloseTo(95.5, withinPercentage(1));
        assertThat(compute("TM(0%:100%)", a)).isEqualTo(50.5);
    }

    @Test
    void trimmedCountsAndSumsFollowTheSameRanks() {
        Aggregate a = oneToHundred();
        assertThat(compute("tc90", a)).isEqualTo(90);
        assertThat(compute("TC(10%:90%)", a)).isEqualTo(80);
        assertThat(compute("IQM", a)).isCloseTo(compute("TS(25%:75%)", a) / compute("TC(25%:75%)", a), within(1e-9));
        assertThat(compute("ts90", a)).isCloseTo(4095, withinPercentage(1));
        assertThat(compute("TS(10%:90%)", a)).isCloseTo(4040, withinPercentage(1));
        assertThat(compute("TS(:100%)", a)).isEqualTo(5050);
    }

    @Test
    void aSampleStraddlingARankCutCountsWithItsInsideFraction() {
        Aggregate a = of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(compute("tc99", a)).isCloseTo(9.9, within(1e-9));
        assertThat(compute("tc90", a)).isCloseTo(9, within(1e-9));
    }

    @Test
    void winsorizedMeansClampTheTrimmedSamplesToTheEdges() {
        Aggregate a = oneToHundred();
        // wm90: 91..100 become 90.
        assertThat(compute("wm90", a)).isCloseTo((4095 + 10 * 90) / 100.0, withinPercentage(1));
        // WM(10%:90%): 1..10 become 11, 91..100 become 90.
        assertThat(compute("WM(10%:90%)", a)).isCloseTo((4040 + 10 * 11 + 10 * 90) / 100.0, withinPercentage(1));
        // Absolute bounds clamp to the bounds themselves.
        assertThat(compute("WM(20:80)", a)).isCloseTo((20 * 20 + IntStream.rangeClosed(21, 80).sum() + 20 * 80) / 100.0,
                withinPercentage(1));
    }

    @Test
    void absoluteBoundsExcludeTheLowerAndIncludeTheUpperValue() {
        Aggregate a = of(100, 150, 200, 1000, 2000);
        assertThat(compute("TM(150:1000)", a)).isCloseTo(600, withinPercentage(1));
        assertThat(compute("TC(150:1000)", a)).isEqualTo(2);
        assertThat(compute("TS(150:1000)", a)).isCloseTo(1200, withinPercentage(1));
        assertThat(compute("TM(:150)", a)).isCloseTo(125, withinPercentage(1));
        assertThat(compute("TM(99:2000)", a)).isEqualTo(690);
        assertThat(compute("TC(5000:)", a)).isEqualTo(0);
        assertThat(compute("TS(5000:)", a)).isEqualTo(0);
        assertThat(compute("TM(5000:)", a)).isNaN();
    }

    @Test
    void percentileRankIsThePercentageWithinAbsoluteBounds() {
        Aggregate a = oneToHundred();
        assertThat(compute("PR(:20.5)", a)).isEqualTo(20);
        assertThat(compute("PR(10.5:20.5)", a)).isEqualTo(10);
        assertThat(compute("PR(:100)", a)).isEqualTo(100);
        assertThat(compute("PR(0:)", a)).isEqualTo(100);
        assertThat(compute("PR(100:)", a)).isEqualTo(0);
        Aggregate withZeros = of(0, 0, 5, 10);
        assertThat(compute("PR(0:)", withZeros)).isEqualTo(50);
        assertThat(compute("PR(:0)", withZeros)).isEqualTo(50);
    }

    @Test
    void aSingleDistinctValueAnswersEveryExtendedStatisticExactly() {
        Aggregate a = Aggregate.empty();
        a.add(0.123456789, 10);
        for (String text : new String[] {"p1", "p50", "p99.9", "tm90", "TM(10%:90%)", "IQM", "wm5", "WM(10%:90%)"}) {
            assertThat(compute(text, a)).as(text).isEqualTo(0.123456789);
        }
        assertThat(compute("TC(10%:90%)", a)).isCloseTo(8, within(1e-12));
        assertThat(compute("TS(10%:90%)", a)).isCloseTo(8 * 0.123456789, within(1e-12));
        assertThat(compute("PR(:0.123456789)", a)).isEqualTo(100);
        assertThat(compute("PR(0.123456789:)", a)).isEqualTo(0);
    }

    @Test
    void extendedStatisticsAreNanWherePercentilesAreUnavailable() {
        Aggregate a = Aggregate.empty();
        a.add(new StatisticSet(10, 55, 1, 10));
        for (String text : new String[] {"p50", "tm90", "IQM", "WM(10%:90%)", "tc90", "TS(1:5)", "PR(:5)"}) {
            assertThat(compute(text, a)).as(text).isNaN();
        }
        assertThat(compute("Sum", a)).isEqualTo(55);
        Aggregate negative = of(-1, 5, 7);
        assertThat(compute("p50", negative)).isNaN();
        assertThat(compute("Minimum", negative)).isEqualTo(-1);
    }

    @Test
    void everyStatisticIsNanOnAnEmptyAggregate() {
        for (String text : new String[] {"SampleCount", "Sum", "Average", "Minimum", "Maximum", "p50", "tm90", "tc90",
                "TS(1:5)", "PR(:5)", "WM(1:5)"}) {
            assertThat(compute(text, Aggregate.empty())).as(text).isNaN();
        }
    }

    @Test
    void percentilesUseFractionalCountsAsWeights() {
        Aggregate a = Aggregate.empty();
        a.add(10, 0.5);
        a.add(1000, 9.5);
        assertThat(compute("p10", a)).isCloseTo(1000, withinPercentage(1));
        assertThat(compute("tc50", a)).isCloseTo(5, within(1e-12));
        assertThat(compute("TM(:5%)", a)).isCloseTo(10, withinPercentage(1));
    }
}
