package io.synaps.stats;

/**
 * PercentileRank is {@code PR(n:m)}: the percentage (0..100) of samples whose value v satisfies
 * n &lt; v &lt;= m ({@link Bounds#absolute}; an omitted end is unbounded). Computed from the
 * DDSketch bins: samples equal to a bound are always judged right, only samples sharing the
 * bound's bin (within about 2% of it) may be counted on the wrong side; exactly 100 when the
 * bounds hold the Minimum and Maximum. Immutable and thread-safe.
 */
public record PercentileRank(Bounds bounds, String text) implements Statistic {

    public PercentileRank {
        if (bounds.percent()) {
            throw new IllegalArgumentException("PR takes absolute bounds");
        }
    }

    @Override
    public boolean isExtended() {
        return true;
    }

    @Override
    public double compute(Aggregate aggregate) {
        Aggregate.WeightedValues samples = aggregate.weightedValues();
        if (samples == null) {
            return Double.NaN;
        }
        if (bounds.keepsAll(aggregate)) {
            return 100;
        }
        double inside = 0;
        double total = 0;
        for (int i = 0; i < samples.size(); i++) {
            total += samples.weights()[i];
            if (samples.within(i, bounds.lower(), bounds.upper())) {
                inside += samples.weights()[i];
            }
        }
        return 100 * inside / total;
    }

    @Override
    public String toString() {
        return text;
    }
}
