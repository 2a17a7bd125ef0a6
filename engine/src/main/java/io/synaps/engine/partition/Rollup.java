package io.synaps.engine.partition;

import io.synaps.model.StandardUnit;
import io.synaps.stats.Aggregate;
import io.synaps.store.metric.BucketWrite;
import io.synaps.store.metric.Tier;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rollup turns a batch of open buckets into store writes: each 1-second bucket goes to the
 * SECOND, MINUTE, FIVE_MINUTES and HOUR tiers, each 60-second bucket to MINUTE and coarser,
 * buckets landing in the same tier bucket combined first. Tier buckets already past their
 * tier's retention are skipped. Stateless and thread-safe; never modifies the batch, whose
 * aggregates readers may be copying at the same time.
 */
final class Rollup {
    private static final Tier[] TIERS = Tier.values();

    private Rollup() {
    }

    /** The writes for the batch, as of {@code nowSeconds}. */
    static List<BucketWrite> writes(Map<Series, OpenBuckets> batch, long nowSeconds) {
        Map<WriteKey, Combined> combined = new HashMap<>();
        for (Map.Entry<Series, OpenBuckets> e : batch.entrySet()) {
            Series series = e.getKey();
            OpenBuckets buckets = e.getValue();
            for (int i = 0; i < buckets.size(); i++) {
                long key = buckets.keyAt(i);
                long start = OpenBuckets.startOf(key);
                StandardUnit unit = OpenBuckets.unitOf(key);
                Aggregate aggregate = buckets.aggregateAt(i);
                if (aggregate.isEmpty()) {
                    continue;
                }
                int firstTier = OpenBuckets.resolutionOf(key) == 1 ? 0 : 1;
                for (int t = firstTier; t < TIERS.length; t++) {
                    Tier tier = TIERS[t];
                    long tierStart = tier.bucketStart(start);
                    if (tierStart + tier.seconds() + tier.retentionSeconds() <= nowSeconds) {
                        continue;
                    }
                    WriteKey wk = new WriteKey(series, unit, tier, tierStart);
                    Combined c = combined.get(wk);
                    if (c == null) {
                        combined.put(wk, new Combined(aggregate));
                    } else {
                        c.add(aggregate);
                    }
                }
            }
        }
        List<BucketWrite> writes = new ArrayList<>(combined.size());
        for (Map.Entry<WriteKey, Combined> e : combined.entrySet()) {
            WriteKey k = e.getKey();
            writes.add(new BucketWrite(k.series.accountId, k.series.metric, k.unit, k.tier, k.start,
                    e.getValue().aggregate));
        }
        return writes;
    }

    private record WriteKey(Series series, StandardUnit unit, Tier tier, long start) {
    }

    /** Combined shares the batch's aggregate until a second one arrives, then merges into a copy. */
    private static final class Combined {
        Aggregate aggregate;
        boolean owned;

        Combined(Aggregate first) {
            this.aggregate = first;
        }

        void add(Aggregate other) {
            if (!owned) {
                aggregate = aggregate.copy();
                owned = true;
            }
            aggregate.merge(other);
        }
    }
}
