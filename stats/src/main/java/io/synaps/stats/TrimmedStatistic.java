package io.synaps.stats;

/**
 * TrimmedStatistic is a trimmed mean (TM, tm, IQM), winsorized mean (WM, wm), trimmed count
 * (TC, tc) or trimmed sum (TS, ts) over the samples within {@link Bounds}; means and sums are in
 * the metric's unit, counts in samples. Immutable and thread-safe.
 *
 * <p>Percentage bounds trim by rank, treating the samples as mass laid out in ascending order:
 * {@code TM(10%:90%)} over N samples keeps the mass between positions 0.1 N and 0.9 N, and a
 * sample straddling a cut counts with the fraction that lies inside (so tc99 of 10 samples is
 * 9.9; TM always equals TS / TC). Absolute bounds keep values v with lower &lt; v &lt;= upper.
 * A winsorized mean replaces the trimmed-off samples by the first and last kept value (for
 * absolute bounds: by the bound itself) instead of dropping them.
 *
 * <p>Accuracy: values come from DDSketch bins (each within 1% of the samples it stands for), so
 * means and sums are within about 1% relative for non-negative data. Against an absolute bound,
 * samples equal to the bound always land on the right side; only samples sharing the bound's
 * sketch bin (within about 2% of it) may land on the wrong side. When the bounds keep every sample, the exact
 * Sum, SampleCount and Average are used. TM is NaN when no sample lies within the bounds; TC and
 * TS are then 0.
 */
public record TrimmedStatistic(Kind kind, Bounds bounds, String text) implements Statistic {

    /** Which trimmed statistic: its upper-case (ranges) and lower-case (one number) prefixes. */
    public enum Kind {
        TRIMMED_MEAN("TM", "tm"),
        WINSORIZED_MEAN("WM", "wm"),
        TRIMMED_COUNT("TC", "tc"),
        TRIMMED_SUM("TS", "ts");

        final String rangePrefix;
        final String shortPrefix;

        Kind(String rangePrefix, String shortPrefix) {
            this.rangePrefix = rangePrefix;
            this.shortPrefix = shortPrefix;
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
            return switch (kind) {
                case TRIMMED_MEAN, WINSORIZED_MEAN -> aggregate.average();
                case TRIMMED_COUNT -> aggregate.sampleCount();
                case TRIMMED_SUM -> aggregate.sum();
            };
        }
        double result = bounds.percent() ? byRank(samples) : byValue(samples);
        boolean mean = kind == Kind.TRIMMED_MEAN || kind == Kind.WINSORIZED_MEAN;
        if (mean && !Double.isNaN(result) && aggregate.minimum() == aggregate.maximum()) {
            return aggregate.minimum(); // one distinct value: avoid (k * v) / k rounding
        }
        return result;
    }

    private double byRank(Aggregate.WeightedValues samples) {
        double[] values = samples.values();
        double[] weights = samples.weights();
        double total = samples.total();
        double low = bounds.lower() / 100 * total;
        double high = bounds.upper() / 100 * total;
        double keptMass = 0;
        double keptSum = 0;
        double firstKept = Double.NaN;
        double lastKept = Double.NaN;
        double before = 0;
        for (int i = 0; i < samples.size(); i++) {
            double after = before + weights[i];
            double kept = Math.min(after, high) - Math.max(before, low);
            if (kept > 0) {
                keptMass += kept;
                keptSum += kept * values[i];
            }
            if (Double.isNaN(firstKept) && after > low) {
                firstKept = values[i];
            }
            if (before < high) {
                lastKept = values[i];
            }
            before = after;
        }
        return switch (kind) {
            case TRIMMED_MEAN -> keptMass > 0 ? keptSum / keptMass : Double.NaN;
            case TRIMMED_COUNT -> keptMass;
            case TRIMMED_SUM -> keptSum;
            case WINSORIZED_MEAN -> {
                // With an empty range (a == b) both edges are the value at that rank.
                double lowEdge = Double.isNaN(firstKept) ? values[samples.size() - 1] : firstKept;
                double highEdge = Double.isNaN(lastKept) ? values[0] : lastKept;
                if (keptMass == 0) {
                    highEdge = lowEdge;
                }
                yield (keptSum + low * lowEdge + (total - high) * highEdge) / total;
            }
        };
    }

    private double byValue(Aggregate.WeightedValues samples) {
        double[] values = samples.values();
        double[] weights = samples.weights();
        double keptMass = 0;
        double keptSum = 0;
        double total = 0;
        double winsorizedSum = 0;
        for (int i = 0; i < samples.size(); i++) {
            double v = values[i];
            double w = weights[i];
            total += w;
            if (samples.within(i, bounds.lower(), bounds.upper())) {
                keptMass += w;
                keptSum += w * v;
                winsorizedSum += w * v;
            } else if (samples.atMost(i, bounds.lower())) {
                winsorizedSum += w * bounds.lower();
            } else {
                winsorizedSum += w * bounds.upper();
            }
        }
        return switch (kind) {
            case TRIMMED_MEAN -> keptMass > 0 ? keptSum / keptMass : Double.NaN;
            case TRIMMED_COUNT -> keptMass;
            case TRIMMED_SUM -> keptSum;
            case WINSORIZED_MEAN -> winsorizedSum / total;
        };
    }

    @Override
    public String toString() {
        return text;
    }
}
