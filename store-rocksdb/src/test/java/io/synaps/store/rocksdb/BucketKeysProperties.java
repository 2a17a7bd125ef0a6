package io.synaps.store.rocksdb;

import io.synaps.store.metric.Tier;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class BucketKeysProperties {

    private record Bucket(long series, long start, byte unit, byte[] key) {
    }

    @Test
    void keysOfOneSlabSortBySeriesThenStartThenUnitAndSlabsSortByTime() {
        long seed = System.nanoTime();
        System.out.println("BucketKeysProperties seed=" + seed);
        Random random = new Random(seed);
        for (Tier tier : Tier.values()) {
            List<Bucket> buckets = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                long series = random.nextInt(5) == 0 ? random.nextLong() >>> 1 : random.nextInt(50);
                long start = tier.bucketStart(random.nextLong() % 5_000_000_000L);
                byte unit = (byte) random.nextInt(27);
                buckets.add(new Bucket(series, start, unit, BucketKeys.key(tier, series, start, unit)));
            }
            Comparator<Bucket> expected = Comparator.<Bucket>comparingLong(b -> BucketKeys.slab(tier, b.start()))
                    .thenComparingLong(Bucket::series)
                    .thenComparingLong(Bucket::start)
                    .thenComparingInt(Bucket::unit);
            List<Bucket> byKey = new ArrayList<>(buckets);
            byKey.sort((a, b) -> Arrays.compareUnsigned(a.key(), b.key()));
            List<Bucket> byTuple = new ArrayList<>(buckets);
            byTuple.sort(expected);
            assertThat(byKey).as("tier %s seed %d", tier, seed).containsExactlyElementsOf(byTuple);
            for (Bucket b : buckets) {
                assertThat(b.key()).hasSize(BucketKeys.LENGTH);
                assertThat(BucketKeys.bucketStart(tier, b.key())).as("seed %d", seed).isEqualTo(b.start());
                assertThat(BucketKeys.unitCode(b.key())).isEqualTo(b.unit());
                long slab = BucketKeys.slab(tier, b.start());
                assertThat(Arrays.compareUnsigned(BucketKeys.slabBound(slab), b.key())).isNegative();
                assertThat(Arrays.compareUnsigned(BucketKeys.slabBound(slab + 1), b.key())).isPositive();
                assertThat(BucketKeys.samePrefix(b.key(), BucketKeys.seekKey(tier, slab, b.series(), b.start()))).isTrue();
            }
        }
    }
}
