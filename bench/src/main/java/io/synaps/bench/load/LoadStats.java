package io.synaps.bench.load;

import org.HdrHistogram.Histogram;

import java.util.Map;
import java.util.TreeMap;

/**
 * LoadStats is what one worker measured: a latency histogram (microseconds, from the request's
 * intended start, so a late start under a target rate counts as latency: no coordinated omission),
 * a service-time histogram (from the actual send), and counts of successes and failures by
 * "status code". Not thread-safe: one per worker, merged with {@link #add} at the end.
 */
public final class LoadStats {
    private static final long MAX_MICROS = 600_000_000L;

    final Histogram latency = new Histogram(MAX_MICROS, 3);
    final Histogram service = new Histogram(MAX_MICROS, 3);
    final Map<String, Long> errors = new TreeMap<>();
    long ok;
    long datums;
    long wireBytes;
    long firstStartNanos = Long.MAX_VALUE;
    long lastEndNanos = Long.MIN_VALUE;

    void recordOk(long intendedNanos, long sentNanos, long endNanos, int datumCount, int bytes) {
        ok++;
        datums += datumCount;
        wireBytes += bytes;
        record(intendedNanos, sentNanos, endNanos);
    }

    void recordError(String key, long intendedNanos, long sentNanos, long endNanos) {
        errors.merge(key, 1L, Long::sum);
        record(intendedNanos, sentNanos, endNanos);
    }

    private void record(long intendedNanos, long sentNanos, long endNanos) {
        latency.recordValue(Math.min(MAX_MICROS, Math.max(0, (endNanos - intendedNanos) / 1000)));
        service.recordValue(Math.min(MAX_MICROS, Math.max(0, (endNanos - sentNanos) / 1000)));
        firstStartNanos = Math.min(firstStartNanos, intendedNanos);
        lastEndNanos = Math.max(lastEndNanos, endNanos);
    }

    void add(LoadStats other) {
        latency.add(other.latency);
        service.add(other.service);
        other.errors.forEach((k, v) -> errors.merge(k, v, Long::sum));
        ok += other.ok;
        datums += other.datums;
        wireBytes += other.wireBytes;
        firstStartNanos = Math.min(firstStartNanos, other.firstStartNanos);
        lastEndNanos = Math.max(lastEndNanos, other.lastEndNanos);
    }

    long failed() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Seconds from the first measured request's start to the last one's end. */
    double seconds() {
        return lastEndNanos > firstStartNanos ? (lastEndNanos - firstStartNanos) / 1e9 : 0;
    }
}
