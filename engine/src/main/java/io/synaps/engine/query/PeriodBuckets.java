package io.synaps.engine.query;

import io.synaps.model.StandardUnit;
import io.synaps.stats.Aggregate;
import io.synaps.store.metric.MetricStore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * PeriodBuckets re-buckets tier buckets into query periods aligned at the query's start
 * (epoch seconds): a tier bucket belongs to the period that contains its start. It merges the
 * aggregates it is given (they must be the caller's to give away). Not thread-safe.
 */
public final class PeriodBuckets implements MetricStore.BucketConsumer {
    private final long startSeconds;
    private final long endSeconds;
    private final int periodSeconds;
    private final Map<StandardUnit, TreeMap<Long, Aggregate>> byUnit = new EnumMap<>(StandardUnit.class);

    public PeriodBuckets(long startSeconds, long endSeconds, int periodSeconds) {
        if (periodSeconds <= 0) {
            throw new IllegalArgumentException("period must be positive, was " + periodSeconds);
        }
        this.startSeconds = startSeconds;
        this.endSeconds = endSeconds;
        this.periodSeconds = periodSeconds;
    }

    @Override
    public void accept(StandardUnit unit, long bucketStartSeconds, Aggregate aggregate) {
        if (bucketStartSeconds < startSeconds || bucketStartSeconds >= endSeconds || aggregate.isEmpty()) {
            return;
        }
        long period = startSeconds + Math.floorDiv(bucketStartSeconds - startSeconds, periodSeconds) * periodSeconds;
        TreeMap<Long, Aggregate> buckets = byUnit.computeIfAbsent(unit, u -> new TreeMap<>());
        Aggregate existing = buckets.get(period);
        if (existing == null) {
            buckets.put(period, aggregate);
        } else {
            existing.merge(aggregate);
        }
    }

    /** One series per unit that has data, sorted by the unit's wire name; bucket starts ascending. */
    public List<UnitSeries> toSeries() {
        List<UnitSeries> out = new ArrayList<>(byUnit.size());
        for (Map.Entry<StandardUnit, TreeMap<Long, Aggregate>> e : byUnit.entrySet()) {
            TreeMap<Long, Aggregate> buckets = e.getValue();
            long[] starts = new long[buckets.size()];
            Aggregate[] aggregates = new Aggregate[buckets.size()];
            int i = 0;
            for (Map.Entry<Long, Aggregate> b : buckets.entrySet()) {
                starts[i] = b.getKey();
                aggregates[i] = b.getValue();
                i++;
            }
            out.add(new UnitSeries(e.getKey(), starts, aggregates));
        }
        out.sort(Comparator.comparing(s -> s.unit().wireName()));
        return out;
    }
}
