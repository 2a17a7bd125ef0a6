package io.synaps.stats;

import io.synaps.model.StatisticSet;

import java.nio.ByteBuffer;

/**
 * Aggregate is the summary of the samples of one series in one period bucket: SampleCount, Sum,
 * Minimum, Maximum and a mergeable relative-error quantile sketch (DDSketch) for percentiles
 * and trimmed statistics. Merging is exact for count/sum/min/max and lossless for the sketch,
 * so rollups and any query period are merges of stored buckets.
 *
 * <p>Not thread-safe: one owner mutates it; hand out {@link #copy()} to readers.
 */
public final class Aggregate {
    // API fixed here; implementation owned by the stats module.

    /** An aggregate with no samples. */
    public static Aggregate empty() { throw new UnsupportedOperationException("stats: not yet"); }

    /** Adds {@code count} samples (count > 0, may be fractional) of {@code value}. */
    public void add(double value, double count) { throw new UnsupportedOperationException(); }

    /** Adds a pre-aggregated statistic set; the sketch learns it only where AWS allows percentiles from sets. */
    public void add(StatisticSet set) { throw new UnsupportedOperationException(); }

    /** Merges {@code other} into this aggregate; {@code other} is not changed. */
    public void merge(Aggregate other) { throw new UnsupportedOperationException(); }

    public boolean isEmpty() { throw new UnsupportedOperationException(); }
    public double sampleCount() { throw new UnsupportedOperationException(); }
    public double sum() { throw new UnsupportedOperationException(); }
    public double minimum() { throw new UnsupportedOperationException(); }
    public double maximum() { throw new UnsupportedOperationException(); }

    /** Sum / SampleCount. */
    public double average() { throw new UnsupportedOperationException(); }

    /** False once any sample arrived in a form that makes percentiles unavailable (AWS rules). */
    public boolean percentilesAvailable() { throw new UnsupportedOperationException(); }

    /** The value at quantile q in [0, 1], within the sketch's relative accuracy; NaN when unavailable. */
    public double quantile(double q) { throw new UnsupportedOperationException(); }

    /** A deep copy. */
    public Aggregate copy() { throw new UnsupportedOperationException(); }

    /** Serialized size in bytes of {@link #encode}. */
    public int encodedSize() { throw new UnsupportedOperationException(); }

    /** Writes a compact, versioned binary form at the buffer's position. */
    public void encode(ByteBuffer out) { throw new UnsupportedOperationException(); }

    /** Reads what {@link #encode} wrote. */
    public static Aggregate decode(ByteBuffer in) { throw new UnsupportedOperationException(); }
}
