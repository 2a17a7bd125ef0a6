package io.synaps.engine.partition;

import io.synaps.model.Dimension;
import io.synaps.model.MetricId;

/**
 * SeriesPartitioner maps an account's metric to its journal partition with a hash that is fixed
 * by this class (FNV-1a over the UTF-16 chars of account, namespace, name and the sorted
 * dimensions, then a 64-bit finalizer), so the mapping survives restarts, JVM versions and
 * nodes. Stateless and thread-safe.
 */
public final class SeriesPartitioner {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private SeriesPartitioner() {
    }

    /** The partition in [0, partitions) of the series. */
    public static int partitionOf(String accountId, MetricId metric, int partitions) {
        long h = FNV_OFFSET;
        h = mix(h, accountId);
        h = mix(h, metric.namespace());
        h = mix(h, metric.metricName());
        for (Dimension d : metric.dimensions()) {
            h = mix(h, d.name());
            h = mix(h, d.value());
        }
        // murmur3 fmix64, so the low bits depend on every input char
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int) Long.remainderUnsigned(h, partitions);
    }

    private static long mix(long h, String s) {
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * FNV_PRIME;
        }
        // a separator, so ("ab","c") and ("a","bc") differ
        return (h ^ 0xFFFF) * FNV_PRIME;
    }
}
