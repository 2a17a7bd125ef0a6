package io.synaps.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * EngineConfig holds the metric engine's settings. Immutable and thread-safe.
 *
 * @param partitions                 the journal's partition count (the engine checks it matches)
 * @param flushInterval              how often each partition hands its open buckets to the store
 * @param flushBatchSeries           a partition flushes early once this many series have open buckets,
 *                                   which keeps store merges (and reads waiting on them) short
 * @param maxActiveSeriesPerAccount  active metrics (namespace, name, dimensions) an account may have
 *                                   in memory; a PutMetricData that would pass it is refused
 * @param seriesIdleEviction         a metric without data for this long leaves the active set
 * @param indexRefresh               at most this often a busy metric's ListMetrics last-seen is refreshed
 * @param retentionInterval          how often expired buckets are deleted from the store
 * @param readTimeout                how long a read waits for a partition's open buckets before failing
 */
public record EngineConfig(int partitions, Duration flushInterval, int flushBatchSeries, long maxActiveSeriesPerAccount,
                           Duration seriesIdleEviction, Duration indexRefresh, Duration retentionInterval,
                           Duration readTimeout) {

    /** Default active-series limit per account. */
    public static final long DEFAULT_MAX_ACTIVE_SERIES = 1_000_000L;

    public EngineConfig {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
        }
        if (flushBatchSeries < 1) {
            throw new IllegalArgumentException("flushBatchSeries must be at least 1, was " + flushBatchSeries);
        }
        if (maxActiveSeriesPerAccount < 1) {
            throw new IllegalArgumentException("maxActiveSeriesPerAccount must be at least 1, was "
                    + maxActiveSeriesPerAccount);
        }
        requirePositive(flushInterval, "flushInterval");
        requirePositive(seriesIdleEviction, "seriesIdleEviction");
        requirePositive(indexRefresh, "indexRefresh");
        requirePositive(retentionInterval, "retentionInterval");
        requirePositive(readTimeout, "readTimeout");
    }

    /** Default flush interval: about once per 1-minute bucket, so each bucket is merged into the store about twice. */
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(60);

    /**
     * Default early-flush threshold per partition: about 160 MB of open buckets at the ~640 bytes an
     * active series with its open bucket takes, so early flushes only guard memory under bursts.
     */
    public static final int DEFAULT_FLUSH_BATCH_SERIES = 250_000;

    /**
     * Defaults: flush every 60 s or at 250,000 series with open buckets per partition, 1,000,000
     * active series per account, evict after 1 h idle.
     */
    public static EngineConfig defaults(int partitions) {
        return new EngineConfig(partitions, DEFAULT_FLUSH_INTERVAL, DEFAULT_FLUSH_BATCH_SERIES, DEFAULT_MAX_ACTIVE_SERIES,
                Duration.ofHours(1), Duration.ofHours(1), Duration.ofHours(1), Duration.ofSeconds(30));
    }

    public EngineConfig withFlushInterval(Duration d) {
        return new EngineConfig(partitions, d, flushBatchSeries, maxActiveSeriesPerAccount, seriesIdleEviction, indexRefresh,
                retentionInterval, readTimeout);
    }

    public EngineConfig withFlushBatchSeries(int n) {
        return new EngineConfig(partitions, flushInterval, n, maxActiveSeriesPerAccount, seriesIdleEviction,
                indexRefresh, retentionInterval, readTimeout);
    }

    public EngineConfig withMaxActiveSeriesPerAccount(long n) {
        return new EngineConfig(partitions, flushInterval, flushBatchSeries, n, seriesIdleEviction, indexRefresh,
                retentionInterval, readTimeout);
    }

    public EngineConfig withSeriesIdleEviction(Duration d) {
        return new EngineConfig(partitions, flushInterval, flushBatchSeries, maxActiveSeriesPerAccount, d, indexRefresh,
                retentionInterval, readTimeout);
    }

    public EngineConfig withIndexRefresh(Duration d) {
        return new EngineConfig(partitions, flushInterval, flushBatchSeries, maxActiveSeriesPerAccount, seriesIdleEviction, d,
                retentionInterval, readTimeout);
    }

    public EngineConfig withRetentionInterval(Duration d) {
        return new EngineConfig(partitions, flushInterval, flushBatchSeries, maxActiveSeriesPerAccount, seriesIdleEviction,
                indexRefresh, d, readTimeout);
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }
}
