package io.synaps.stats;

/**
 * Bounds is the range of a trimmed statistic or percentile rank: either percentages of the
 * samples by rank ({@code percent}, 0..100, both ends of the rank range inclusive) or absolute
 * values in the metric's unit (lower exclusive, upper inclusive). An omitted percentage end is
 * 0 or 100, an omitted absolute end is -Infinity or +Infinity. Immutable and thread-safe.
 */
public record Bounds(double lower, double upper, boolean percent) {

    public Bounds {
        if (Double.isNaN(lower) || Double.isNaN(upper) || lower > upper) {
            throw new IllegalArgumentException("invalid bounds " + lower + ":" + upper);
        }
        if (percent && (lower < 0 || upper > 100)) {
            throw new IllegalArgumentException("percent bounds must be within 0..100: " + lower + ":" + upper);
        }
    }

    /** Percentage bounds, e.g. {@code TM(10%:90%)} is {@code percentOf(10, 90)}. */
    public static Bounds percentOf(double lower, double upper) {
        return new Bounds(lower, upper, true);
    }

    /** Absolute bounds, lower exclusive and upper inclusive. */
    public static Bounds absolute(double lower, double upper) {
        return new Bounds(lower, upper, false);
    }

    /** True when these bounds keep every sample of {@code a}, so exact sums apply. */
    boolean keepsAll(Aggregate a) {
        return percent ? lower == 0 && upper == 100 : lower < a.minimum() && a.maximum() <= upper;
    }
}
