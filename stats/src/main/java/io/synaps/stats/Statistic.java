package io.synaps.stats;

/**
 * Statistic is one CloudWatch statistic, parsed from its AWS text (reference 4.6) and computed
 * over an {@link Aggregate}; implementations are immutable and thread-safe.
 *
 * <p>Basic statistics (SampleCount, Sum, Average, Minimum, Maximum) are exact. Extended ones
 * (percentiles, trimmed/winsorized means, trimmed counts and sums, percentile ranks) are computed
 * from the aggregate's DDSketch and are within its 1% relative accuracy per value, except where
 * the aggregate holds a single distinct value, which they use exactly. Every statistic is NaN
 * on an empty aggregate, and every extended one is NaN where percentiles are unavailable.
 */
public sealed interface Statistic permits BasicStatistic, Percentile, TrimmedStatistic, PercentileRank {

    /** The statistic's text exactly as it was given (for labels and echoing back). */
    String text();

    /** True for everything but the five basic statistics. */
    boolean isExtended();

    /** The statistic's value over {@code aggregate}, in the metric's unit (percent for PR); NaN when there is none. */
    double compute(Aggregate aggregate);

    /** A basic statistic (exact case), or null for anything else. */
    static Statistic parseBasic(String text) {
        return text == null ? null : BasicStatistic.byText(text);
    }

    /** An extended statistic (pNN, tmNN, TM(a%:b%), IQM, WM, TC, TS, PR forms), or null when invalid. */
    static Statistic parseExtended(String text) {
        return text == null ? null : StatisticSyntax.parseExtended(text);
    }

    /** A basic or extended statistic, as GetMetricData's Stat takes; null when invalid. */
    static Statistic parse(String text) {
        Statistic basic = parseBasic(text);
        return basic != null ? basic : parseExtended(text);
    }
}
