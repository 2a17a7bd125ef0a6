package io.synaps.store.rocksdb;

import io.synaps.store.metric.MetricStore;
import io.synaps.store.metric.MetricStoreContract;

import java.nio.file.Path;
import java.time.Clock;

/** RocksDbMetricStoreTest runs the metric store contract against RocksDB. */
class RocksDbMetricStoreTest extends MetricStoreContract {
    @Override
    protected MetricStore open(Path dir, Clock clock) {
        return RocksDbStorage.open(dir, clock).metricStore();
    }
}
