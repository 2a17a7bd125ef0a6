package io.synaps.engine;

import io.synaps.model.MetricId;
import io.synaps.model.StandardUnit;
import io.synaps.store.metric.BucketWrite;
import io.synaps.store.metric.MetricFilter;
import io.synaps.store.metric.MetricPage;
import io.synaps.store.metric.MetricStore;
import io.synaps.store.metric.Tier;

import java.io.UncheckedIOException;
import java.io.IOException;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** FaultyMetricStore delegates to a real store and fails merges, as a full disk would, while told to. Thread-safe. */
final class FaultyMetricStore implements MetricStore {
    private final MetricStore delegate;
    volatile boolean failMerges;
    final AtomicInteger merges = new AtomicInteger();

    FaultyMetricStore(MetricStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public void merge(Collection<BucketWrite> writes, Map<Integer, Long> checkpoints) {
        if (failMerges) {
            throw new UncheckedIOException(new IOException("No space left on device"));
        }
        delegate.merge(writes, checkpoints);
        merges.incrementAndGet();
    }

    @Override
    public long checkpoint(int partition) {
        return delegate.checkpoint(partition);
    }

    @Override
    public void index(String accountId, Collection<MetricId> metrics, long lastSeenSeconds) {
        delegate.index(accountId, metrics, lastSeenSeconds);
    }

    @Override
    public void scan(String accountId, MetricId metric, StandardUnit unit, Tier tier, long fromSeconds, long toSeconds,
                     BucketConsumer consumer) {
        delegate.scan(accountId, metric, unit, tier, fromSeconds, toSeconds, consumer);
    }

    @Override
    public MetricPage list(String accountId, MetricFilter filter, String nextToken, int pageSize) {
        return delegate.list(accountId, filter, nextToken, pageSize);
    }

    @Override
    public void enforceRetention(long nowSeconds) {
        delegate.enforceRetention(nowSeconds);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
