package io.synaps.engine.query;

import io.synaps.model.StandardUnit;
import io.synaps.stats.Aggregate;

/**
 * UnitSeries is one unit's period buckets of a metric: {@code bucketStarts[i]} (epoch seconds,
 * ascending) holds {@code aggregates[i]}. The aggregates are the caller's to keep.
 */
public record UnitSeries(StandardUnit unit, long[] bucketStarts, Aggregate[] aggregates) {
}
