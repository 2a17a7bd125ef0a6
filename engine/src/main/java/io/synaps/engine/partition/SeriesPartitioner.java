package io.synaps.engine.partition;

import io.synaps.model.Dimension;
import io.synaps.model.MetricId;

/**
 * SeriesPartitioner maps an account's metric to its journal partition with a hash that is fixed
 * by this class, so the mapping survives restarts, JVM versions and nodes: it combines the
 * {@link String#hashCode()} of account, namespace, name and the sorted dimensions' names and
 * values (an algorithm the Java Language Specification fixes, and which each String caches)
 * by multiply-add, then applies murmur3's 64-bit finalizer. Stateless and thread-safe.
 */
public final class SeriesPartitioner {
    private static final long SEED = 0xcbf29ce484222325L;
    /** An odd 64-bit constant (2^64 / golden ratio), so each step spreads the previous state over all bits. */
    private static final long MULTIPLIER = 0x9E3779B97F4A7C15L;

    private SeriesPartitioner() {
    }

    /** The partition in [0, partitions) of the series. */
    public static int partitionOf(String accountId, MetricId metric, int partitions) {
        long h = SEED;
        h = mix(h, accountId);
        h = mix(h, metric.namespace());
        h = mix(h, metric.metricName());
        for (Dimension d : metric.dimensions()) {
            h = mix(h, d.name());
            h = mix(h, d.value());
        }
        // murmur3 fmix64, so the low bits depend on every input
        h = finish(h);
        return (int) Long.remainderUnsigned(h, partitions);
    }

    /** The partition in [0, partitions) of an alarm that is not tied to one series (composite alarms), by name. */
    public static int partitionOf(String accountId, String alarmName, int partitions) {
        long h = SEED;
        h = mix(h, accountId);
        h = mix(h, alarmName);
        h = finish(h);
        return (int) Long.remainderUnsigned(h, partitions);
    }

    private static long finish(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /** Positional (the state is multiplied before each string), so ("ab","c") and ("a","bc") differ. */
    private static long mix(long h, String s) {
        return (h + (s.hashCode() & 0xFFFFFFFFL)) * MULTIPLIER;
    }
}
