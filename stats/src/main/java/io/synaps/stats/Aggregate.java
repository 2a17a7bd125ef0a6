package io.synaps.stats;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.mapping.IndexMapping;
import com.datadoghq.sketch.ddsketch.mapping.LogarithmicMapping;
import io.synaps.model.StatisticSet;

import java.nio.ByteBuffer;

/**
 * Aggregate is the summary of the samples of one series in one period bucket: SampleCount, Sum,
 * Minimum, Maximum and a mergeable relative-error quantile sketch (DDSketch) for percentiles
 * and trimmed statistics. Merging is exact for count/sum/min/max and lossless for the sketch,
 * so rollups and any query period are merges of stored buckets.
 *
 * <p>Values are in the metric's own unit; counts are sample counts and may be fractional.
 *
 * <p>Accuracy: the sketch is a DDSketch with a logarithmic index mapping of relative accuracy
 * {@value #RELATIVE_ACCURACY} (1%): {@link #quantile} returns a value within 1% (relative) of the
 * exact lower quantile of the samples (the sample of rank {@code q * (n - 1)} in ascending order,
 * DDSketch's definition). Quantile 0 and 1 return the exact Minimum and Maximum, and every
 * estimate is clamped into [Minimum, Maximum]. A bucket whose samples all have one value keeps no
 * sketch at all and answers every quantile with that value exactly.
 *
 * <p>Percentile availability follows AWS: a statistic set feeds the sketch only when
 * {@code Minimum == Maximum} and {@code Sum == Minimum * SampleCount} (relative tolerance 1e-9,
 * which covers {@code SampleCount == 1 && Minimum == Maximum == Sum}); any other statistic set
 * makes percentiles unavailable for this bucket and for every aggregate it is merged into.
 * Likewise, AWS says percentiles are unavailable when any value is negative, so a negative value
 * (or a statistic set with a negative Minimum) makes them unavailable; SampleCount, Sum, Minimum,
 * Maximum and Average stay exact in every case. An unavailable aggregate drops its sketch.
 *
 * <p>Not thread-safe: one owner mutates it; hand out {@link #copy()} to readers.
 */
public final class Aggregate {
    /** Relative accuracy of every quantile estimate (1%). */
    public static final double RELATIVE_ACCURACY = 0.01;

    /** Shared by all sketches; the encoding's version byte stands for this mapping. */
    static final IndexMapping MAPPING = new LogarithmicMapping(RELATIVE_ACCURACY);

    private static final double SET_SUM_TOLERANCE = 1e-9;

    private double count;
    private double sum;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private boolean percentilesAvailable = true;
    /** Null while all samples share one value (min == max) or once percentiles are unavailable. */
    private DDSketch sketch;

    private Aggregate() {
    }

    /** Rebuilds an aggregate from decoded parts; the caller guarantees the invariants. */
    static Aggregate of(double count, double sum, double min, double max, boolean available, DDSketch sketch) {
        Aggregate a = new Aggregate();
        a.count = count;
        a.sum = sum;
        a.min = min;
        a.max = max;
        a.percentilesAvailable = available;
        a.sketch = sketch;
        return a;
    }

    /** An aggregate with no samples. */
    public static Aggregate empty() {
        return new Aggregate();
    }

    /** Adds {@code count} samples (count > 0, may be fractional) of {@code value}. */
    public void add(double value, double count) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("value must be finite: " + value);
        }
        if (!(count > 0) || !Double.isFinite(count)) {
            throw new IllegalArgumentException("count must be positive and finite: " + count);
        }
        value += 0.0; // -0.0 becomes 0.0, so equal values encode identically
        double previousCount = this.count;
        double previousValue = this.min;
        accumulate(count, value * count, value, value);
        if (percentilesAvailable) {
            if (value < 0 || !trackable(value)) {
                dropPercentiles();
            } else {
                learn(value, count, previousCount, previousValue);
            }
        }
    }

    /** Adds a pre-aggregated statistic set; the sketch learns it only where AWS allows percentiles from sets. */
    public void add(StatisticSet set) {
        double n = set.sampleCount();
        double setMin = set.minimum() + 0.0;
        double setMax = set.maximum() + 0.0;
        double setSum = set.sum();
        if (!(n > 0) || !Double.isFinite(n)) {
            throw new IllegalArgumentException("SampleCount must be positive and finite: " + n);
        }
        if (!Double.isFinite(setMin) || !Double.isFinite(setMax) || !Double.isFinite(setSum) || setMin > setMax) {
            throw new IllegalArgumentException("invalid statistic set: " + set);
        }
        double previousCount = this.count;
        double previousValue = this.min;
        accumulate(n, setSum, setMin, setMax);
        if (!percentilesAvailable) {
            return;
        }
        if (setMin == setMax && sameSum(setSum, setMin * n) && setMin >= 0 && trackable(setMin)) {
            learn(setMin, n, previousCount, previousValue);
        } else {
            dropPercentiles();
        }
    }

    /** Merges {@code other} into this aggregate; {@code other} is not changed. */
    public void merge(Aggregate other) {
        if (other.isEmpty()) {
            return;
        }
        if (isEmpty()) {
            count = other.count;
            sum = other.sum;
            min = other.min;
            max = other.max;
            percentilesAvailable = other.percentilesAvailable;
            sketch = other.sketch == null ? null : other.sketch.copy();
            return;
        }
        if (!percentilesAvailable || !other.percentilesAvailable) {
            dropPercentiles();
        } else if (sketch != null && other.sketch != null) {
            sketch.mergeWith(other.sketch);
        } else if (sketch != null) {
            sketch.accept(other.min, other.count);
        } else if (other.sketch != null) {
            DDSketch merged = other.sketch.copy();
            merged.accept(min, count);
            sketch = merged;
        } else if (min != other.min) {
            sketch = newSketch();
            sketch.accept(min, count);
            sketch.accept(other.min, other.count);
        }
        accumulate(other.count, other.sum, other.min, other.max);
    }

    public boolean isEmpty() {
        return count == 0;
    }

    /** Number of samples (possibly fractional); 0 when empty. */
    public double sampleCount() {
        return count;
    }

    /** Sum of the samples; 0 when empty. */
    public double sum() {
        return sum;
    }

    /** Smallest sample; NaN when empty. */
    public double minimum() {
        return isEmpty() ? Double.NaN : min;
    }

    /** Largest sample; NaN when empty. */
    public double maximum() {
        return isEmpty() ? Double.NaN : max;
    }

    /** Sum / SampleCount; NaN when empty. */
    public double average() {
        return isEmpty() ? Double.NaN : sum / count;
    }

    /** False once any sample arrived in a form that makes percentiles unavailable (AWS rules). */
    public boolean percentilesAvailable() {
        return percentilesAvailable;
    }

    /** The value at quantile q in [0, 1], within the sketch's relative accuracy; NaN when unavailable. */
    public double quantile(double q) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("quantile must be in [0, 1]: " + q);
        }
        if (isEmpty() || !percentilesAvailable) {
            return Double.NaN;
        }
        if (sketch == null || q == 0) {
            return min;
        }
        if (q == 1) {
            return max;
        }
        return clamp(sketch.getValueAtQuantile(q));
    }

    /** A deep copy. */
    public Aggregate copy() {
        return of(count, sum, min, max, percentilesAvailable, sketch == null ? null : sketch.copy());
    }

    /** Serialized size in bytes of {@link #encode}. */
    public int encodedSize() {
        AggregateCodec.SizeSink sink = new AggregateCodec.SizeSink();
        AggregateCodec.write(this, sink);
        return sink.size();
    }

    /** Writes a compact, versioned binary form at the buffer's position (independent of the buffer's byte order). */
    public void encode(ByteBuffer out) {
        AggregateCodec.write(this, new AggregateCodec.BufferSink(out));
    }

    /** Reads what {@link #encode} wrote; throws IllegalArgumentException for malformed input. */
    public static Aggregate decode(ByteBuffer in) {
        return AggregateCodec.read(in);
    }

    /** The sketch, or null while the samples share one value or percentiles are unavailable. */
    DDSketch sketch() {
        return sketch;
    }

    /**
     * The samples as ascending (value, weight) pairs: the exact value when all samples share one,
     * otherwise each sketch bin's representative value clamped into [Minimum, Maximum]; null when
     * empty or percentiles are unavailable.
     */
    WeightedValues weightedValues() {
        if (isEmpty() || !percentilesAvailable) {
            return null;
        }
        if (sketch == null) {
            return new WeightedValues(new double[] {min}, new double[] {count}, null, 1, min, max);
        }
        SortedArrayStore store = (SortedArrayStore) sketch.getPositiveValueStore();
        double zeros = zeroCount(sketch);
        int n = store.binCount() + (zeros > 0 ? 1 : 0);
        double[] values = new double[n];
        double[] weights = new double[n];
        int[] indexes = new int[n];
        int k = 0;
        if (zeros > 0) {
            values[k] = 0.0;
            indexes[k] = Integer.MIN_VALUE;
            weights[k++] = zeros;
        }
        for (int i = 0; i < store.binCount(); i++) {
            values[k] = clamp(MAPPING.value(store.indexAt(i)));
            indexes[k] = store.indexAt(i);
            weights[k++] = store.countAt(i);
        }
        return new WeightedValues(values, weights, indexes, n, min, max);
    }

    /** Count of values the sketch holds as zero; DDSketch keeps it private, negatives never enter. */
    static double zeroCount(DDSketch sketch) {
        double zeros = sketch.getCount() - sketch.getPositiveValueStore().getTotalCount();
        return zeros > 0 ? zeros : 0;
    }

    static DDSketch newSketch() {
        return new DDSketch(MAPPING, () -> NoNegativesStore.INSTANCE, SortedArrayStore::new);
    }

    private void accumulate(double n, double s, double lo, double hi) {
        count += n;
        sum += s;
        min = Math.min(min, lo);
        max = Math.max(max, hi);
    }

    /** Teaches a non-negative value to the sketch, creating it when a second distinct value arrives. */
    private void learn(double value, double n, double previousCount, double previousValue) {
        if (sketch != null) {
            sketch.accept(value, n);
        } else if (previousCount > 0 && value != previousValue) {
            sketch = newSketch();
            sketch.accept(previousValue, previousCount);
            sketch.accept(value, n);
        }
    }

    private void dropPercentiles() {
        percentilesAvailable = false;
        sketch = null;
    }

    private double clamp(double v) {
        return Math.max(min, Math.min(max, v));
    }

    private static boolean trackable(double value) {
        return value <= MAPPING.maxIndexableValue();
    }

    private static boolean sameSum(double sum, double expected) {
        return sum == expected || Math.abs(sum - expected) <= SET_SUM_TOLERANCE * Math.abs(expected);
    }

    /**
     * Ascending values with their weights (sample counts); {@code size} entries are valid.
     * {@code indexes} holds each entry's sketch bin index ({@code Integer.MIN_VALUE} for zero),
     * or is null when the values are exact.
     */
    record WeightedValues(double[] values, double[] weights, int[] indexes, int size, double min, double max) {
        double total() {
            double t = 0;
            for (int i = 0; i < size; i++) {
                t += weights[i];
            }
            return t;
        }

        /**
         * Whether entry i's samples are at most {@code bound}. Exact for exact values, zero, and
         * bounds outside [min, max]; otherwise decided by bin, so samples equal to the bound are
         * always at most it and only samples sharing its bin (within 2%) can be misjudged.
         */
        boolean atMost(int i, double bound) {
            if (bound >= max) {
                return true;
            }
            if (bound < min) {
                return false;
            }
            if (indexes == null || indexes[i] == Integer.MIN_VALUE) {
                return values[i] <= bound;
            }
            if (bound <= MAPPING.minIndexableValue()) {
                return false;
            }
            return indexes[i] <= MAPPING.index(bound);
        }

        /** Whether entry i's samples lie within {@code (lower, upper]}. */
        boolean within(int i, double lower, double upper) {
            return !atMost(i, lower) && atMost(i, upper);
        }
    }

    @Override
    public String toString() {
        return "Aggregate[count=" + count + ", sum=" + sum + ", min=" + minimum() + ", max=" + maximum()
                + ", percentiles=" + (percentilesAvailable ? (sketch == null ? "single" : "sketch") : "unavailable") + "]";
    }
}
