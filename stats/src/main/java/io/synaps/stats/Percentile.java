package io.synaps.stats;

/**
 * Percentile is the statistic {@code pNN} / {@code pNN.NN}: the sample value at {@code percent}
 * (0..100) in the metric's unit, DDSketch's lower quantile within 1% relative accuracy
 * (p0 and p100 are the exact Minimum and Maximum). Immutable and thread-safe.
 */
public record Percentile(double percent, String text) implements Statistic {

    public Percentile {
        if (!(percent >= 0 && percent <= 100)) {
            throw new IllegalArgumentException("percent must be in [0, 100]: " + percent);
        }
    }

    /** The percentile as a quantile in [0, 1]. */
    public double quantile() {
        return percent / 100;
    }

    @Override
    public boolean isExtended() {
        return true;
    }

    @Override
    public double compute(Aggregate aggregate) {
        return aggregate.quantile(quantile());
    }

    @Override
    public String toString() {
        return text;
    }
}
