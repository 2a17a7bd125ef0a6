package io.synaps.store.metric;

import io.synaps.model.MetricId;
import io.synaps.model.StandardUnit;
import io.synaps.stats.Aggregate;

/**
 * BucketWrite asks the store to merge {@code aggregate} into the bucket of (account, metric, unit,
 * tier) starting at {@code bucketStartSeconds} (epoch seconds, aligned to the tier).
 */
public record BucketWrite(String accountId, MetricId metric, StandardUnit unit, Tier tier,
                          long bucketStartSeconds, Aggregate aggregate) {
}
