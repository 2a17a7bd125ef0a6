package io.synaps.store.rocksdb;

import io.synaps.store.metric.MetricStore;
import io.synaps.store.metric.MetricStoreContract;

import java.nio.file.Path;
import java.time.Clock;

/**
 * RocksDbMetricStoreSmallCacheTest runs the metric store contract with a 16-entry series cache,
 * so that rows are evicted and re-read from the series column family all the time.
 */
class RocksDbMetricStoreSmallCacheTest extends MetricStoreContract {
    @Override
    protected MetricStore open(Path dir, Clock clock) {
        return RocksDbStorage.open(dir, clock, new RocksDbStorageConfig(8L << 20, 8L << 20, 16)).metricStore();
    }
}
