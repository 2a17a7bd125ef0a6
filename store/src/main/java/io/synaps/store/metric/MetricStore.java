package io.synaps.store.metric;

import io.synaps.model.MetricId;
import io.synaps.model.StandardUnit;
import io.synaps.stats.Aggregate;

import java.util.Collection;
import java.util.Map;

/**
 * MetricStore keeps per-period aggregates of every series, per tier, plus the index of metrics
 * that ListMetrics reads. Buckets are merged, never overwritten, so late data and replays of
 * partial flushes add up. Rollups are the writer's job: the engine writes each closed bucket to
 * its own tier and every coarser one. Thread-safe.
 */
public interface MetricStore extends AutoCloseable {

    /**
     * Merges every write into its bucket, refreshes the index entries of the written metrics
     * (last-seen = the newest bucket written), and records the journal checkpoints (partition ->
     * next offset to replay), all atomically and durably: after a crash either all of it is there
     * or none of it.
     */
    void merge(Collection<BucketWrite> writes, Map<Integer, Long> checkpoints);

    /** The journal offset from which a partition must be replayed (0 when nothing was checkpointed). */
    long checkpoint(int partition);

    /**
     * Makes metrics visible to {@link #list} at once (before their buckets are flushed), with
     * last-seen {@code lastSeenSeconds} (epoch seconds). Idempotent.
     */
    void index(String accountId, Collection<MetricId> metrics, long lastSeenSeconds);

    /**
     * Calls {@code consumer} for each stored bucket of the metric in tier {@code tier} whose start
     * is in [fromSeconds, toSeconds), ascending by start, for {@code unit} only or every unit when
     * it is null. The aggregates passed are the consumer's to keep.
     */
    void scan(String accountId, MetricId metric, StandardUnit unit, Tier tier,
              long fromSeconds, long toSeconds, BucketConsumer consumer);

    /**
     * One page of the account's metrics that match the filter (see {@link MetricFilter}), in a
     * stable order. Metrics not seen for two weeks are not listed.
     *
     * @throws io.synaps.model.AwsError InvalidNextToken for a token this store did not issue
     */
    MetricPage list(String accountId, MetricFilter filter, String nextToken, int pageSize);

    /** Deletes buckets older than their tier's retention and index entries idle for 455 days, as of {@code nowSeconds}. */
    void enforceRetention(long nowSeconds);

    @Override
    void close();

    /** BucketConsumer receives scanned buckets. */
    @FunctionalInterface
    interface BucketConsumer {
        void accept(StandardUnit unit, long bucketStartSeconds, Aggregate aggregate);
    }
}
