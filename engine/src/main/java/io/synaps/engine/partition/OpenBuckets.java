package io.synaps.engine.partition;

import io.synaps.model.StandardUnit;
import io.synaps.stats.Aggregate;

import java.util.Arrays;
import java.util.HashMap;

/**
 * OpenBuckets holds one series' not yet flushed buckets, keyed by (unit, resolution, bucket start
 * in epoch seconds). Usually one or two entries, so it is two parallel arrays searched from the
 * newest end; a hash index takes over when late or high-resolution data makes it long.
 * Not thread-safe: owned by a partition's applier thread, read-only once handed to the flusher.
 */
final class OpenBuckets {
    private static final int INDEX_THRESHOLD = 16;

    private long[] keys = new long[2];
    private Aggregate[] aggregates = new Aggregate[2];
    private int size;
    private HashMap<Long, Integer> index;

    /** Packs (unit, resolution, start) into one long: start in the high bits, then unit, then a high-resolution bit. */
    static long key(StandardUnit unit, int resolutionSeconds, long startSeconds) {
        return (startSeconds << 6) | ((long) unit.code() << 1) | (resolutionSeconds == 1 ? 1 : 0);
    }

    static long startOf(long key) {
        return key >> 6;
    }

    static StandardUnit unitOf(long key) {
        return StandardUnit.fromCode((byte) ((key >>> 1) & 0x1F));
    }

    static int resolutionOf(long key) {
        return (key & 1) != 0 ? 1 : 60;
    }

    /** The aggregate of the bucket, created empty when absent. */
    Aggregate bucket(StandardUnit unit, int resolutionSeconds, long startSeconds) {
        long k = key(unit, resolutionSeconds, startSeconds);
        int i = find(k);
        if (i >= 0) {
            return aggregates[i];
        }
        Aggregate a = Aggregate.empty();
        put(k, a);
        return a;
    }

    /** Merges {@code other}'s buckets into this one; {@code other}'s aggregates may be adopted. */
    void absorb(OpenBuckets other) {
        for (int j = 0; j < other.size; j++) {
            int i = find(other.keys[j]);
            if (i >= 0) {
                aggregates[i].merge(other.aggregates[j]);
            } else {
                put(other.keys[j], other.aggregates[j]);
            }
        }
    }

    int size() {
        return size;
    }

    long keyAt(int i) {
        return keys[i];
    }

    Aggregate aggregateAt(int i) {
        return aggregates[i];
    }

    private int find(long k) {
        if (index != null) {
            Integer i = index.get(k);
            return i == null ? -1 : i;
        }
        for (int i = size - 1; i >= 0; i--) {
            if (keys[i] == k) {
                return i;
            }
        }
        return -1;
    }

    private void put(long k, Aggregate a) {
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, size * 2);
            aggregates = Arrays.copyOf(aggregates, size * 2);
        }
        keys[size] = k;
        aggregates[size] = a;
        if (index != null) {
            index.put(k, size);
        } else if (size + 1 > INDEX_THRESHOLD) {
            index = new HashMap<>();
            for (int i = 0; i <= size; i++) {
                index.put(keys[i], i);
            }
        }
        size++;
    }
}
