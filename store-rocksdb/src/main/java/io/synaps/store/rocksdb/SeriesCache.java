package io.synaps.store.rocksdb;

import io.synaps.model.MetricId;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SeriesCache is a bounded least-recently-used heap cache of series rows (id, last-seen seconds,
 * first bucket start seconds), so hot series skip the series column family. Only the store's
 * single writer fills it, which keeps it from ever holding a row older than the stored one.
 * Thread-safe.
 */
final class SeriesCache {

    /** Identifies a series row: an interned account number and a metric. */
    record Ref(int account, MetricId metric) {
    }

    /**
     * Row is the value of a series row: {@code firstBucket} is Long.MAX_VALUE until a bucket was
     * written, so a scan knows where the data of the series can start and end.
     */
    record Row(long id, long lastSeen, long firstBucket) {
        static final int LENGTH = 24;

        /** This row widened to also cover buckets from {@code first} to {@code last}. */
        Row cover(long first, long last) {
            return new Row(id, Math.max(lastSeen, last), Math.min(firstBucket, first));
        }

        byte[] encode() {
            byte[] b = new byte[LENGTH];
            BucketKeys.putLong(b, 0, id);
            BucketKeys.putLong(b, 8, lastSeen);
            BucketKeys.putLong(b, 16, firstBucket);
            return b;
        }

        static Row decode(byte[] b) {
            if (b.length != LENGTH) {
                throw new IllegalArgumentException("series row of " + b.length + " bytes");
            }
            return new Row(BucketKeys.getLong(b, 0), BucketKeys.getLong(b, 8), BucketKeys.getLong(b, 16));
        }
    }

    private final LinkedHashMap<Ref, Row> rows;

    SeriesCache(int capacity) {
        this.rows = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Ref, Row> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized Row get(Ref ref) {
        return rows.get(ref);
    }

    synchronized void put(Ref ref, Row row) {
        rows.put(ref, row);
    }

    synchronized void remove(Ref ref) {
        rows.remove(ref);
    }
}
