package io.synaps.store.rocksdb;

import io.synaps.model.Dimension;
import io.synaps.model.MetricId;
import io.synaps.model.StandardUnit;
import io.synaps.stats.Aggregate;
import io.synaps.store.dashboard.Dashboard;
import io.synaps.store.metric.BucketWrite;
import io.synaps.store.metric.MetricFilter;
import io.synaps.store.metric.MutableClock;
import io.synaps.store.metric.Tier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksIterator;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RocksDbStorageTest {
    private static final long T0 = 1_767_225_600L;
    private static final String ACCOUNT = "123456789012";
    private static final MetricId CPU = MetricId.of("AWS/EC2", "CPUUtilization", new Dimension("InstanceId", "i-1"));
    private static final MetricFilter ALL = new MetricFilter(null, null, null, 0);

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(Instant.ofEpochSecond(T0));

    @Test
    void metricsAndDashboardsShareOneDatabaseAndSurviveReopen() {
        try (RocksDbStorage storage = RocksDbStorage.open(dir, clock)) {
            storage.metricStore().merge(List.of(write(Tier.MINUTE, T0, 5)), Map.of(2, 99L));
            storage.dashboardStore().put(ACCOUNT, new Dashboard("Ops", "{}", 1L));
        }
        try (RocksDbStorage storage = RocksDbStorage.open(dir, clock)) {
            assertThat(storage.metricStore().checkpoint(2)).isEqualTo(99);
            assertThat(storage.metricStore().list(ACCOUNT, ALL, null, 10).metrics()).containsExactly(CPU);
            assertThat(count(storage, Tier.MINUTE)).isEqualTo(1);
            assertThat(storage.dashboardStore().get(ACCOUNT, "Ops")).isPresent();
            assertThat(storage.directory()).isEqualTo(dir);
        }
    }

    @Test
    void callsAfterCloseAreRejectedAndCloseIsIdempotent() {
        RocksDbStorage storage = RocksDbStorage.open(dir, clock);
        storage.close();
        storage.close();
        storage.metricStore().close();

        assertThatThrownBy(() -> storage.metricStore().checkpoint(0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> storage.metricStore().scan(ACCOUNT, CPU, null, Tier.MINUTE, 0, 1, (u, s, a) -> { }))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> storage.dashboardStore().get(ACCOUNT, "Ops")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closingTheMetricStoreClosesTheStorage() {
        RocksDbStorage storage = RocksDbStorage.open(dir, clock);
        storage.metricStore().close();

        assertThatThrownBy(() -> storage.dashboardStore().list(ACCOUNT, null)).isInstanceOf(IllegalStateException.class);
        RocksDbStorage.open(dir, clock).close();
    }

    @Test
    void aDirectoryCanBeOpenedOnlyOnceAtATime() {
        try (RocksDbStorage storage = RocksDbStorage.open(dir, clock)) {
            assertThat(storage.metricStore()).isNotNull();
            assertThatThrownBy(() -> RocksDbStorage.open(dir, clock)).isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("lock");
        }
    }

    @Test
    void retentionRemovesExpiredSlabsFromDiskAndHidesTheRest() {
        long now = T0 + 40 * 86_400L + 10 * 3600; // the cutoff falls inside a day-long slab
        long cutoff = now - Tier.MINUTE.retentionSeconds();
        try (RocksDbStorage storage = RocksDbStorage.open(dir, clock)) {
            List<BucketWrite> writes = new ArrayList<>();
            // one bucket every 6 hours over 20 days up to now
            for (long t = now - 20 * 86_400L; t < now; t += 6 * 3600) {
                writes.add(write(Tier.MINUTE, Tier.MINUTE.bucketStart(t), 1));
            }
            storage.metricStore().merge(writes, Map.of());
            long slabStart = Math.floorDiv(cutoff, 86_400L) * 86_400L;
            long onDiskAfter = writes.stream().filter(w -> w.bucketStartSeconds() >= slabStart).count();
            long visibleAfter = writes.stream().filter(w -> w.bucketStartSeconds() >= cutoff).count();
            assertThat(onDiskAfter).isGreaterThan(visibleAfter); // the boundary slab is partly expired

            storage.metricStore().enforceRetention(now);

            assertThat(count(storage, Tier.MINUTE)).isEqualTo(onDiskAfter);
            List<Long> starts = new ArrayList<>();
            storage.metricStore().scan(ACCOUNT, CPU, null, Tier.MINUTE, 0, now + 1, (u, s, a) -> starts.add(s));
            assertThat(starts).hasSize((int) visibleAfter).allMatch(s -> s >= cutoff);
        }
    }

    @Test
    void mergesIntoAlreadyExpiredBucketsAreDropped() {
        long now = T0 + 40 * 86_400L;
        try (RocksDbStorage storage = RocksDbStorage.open(dir, clock)) {
            storage.metricStore().enforceRetention(now);
            long expired = Tier.MINUTE.bucketStart(now - Tier.MINUTE.retentionSeconds() - 60);
            storage.metricStore().merge(List.of(write(Tier.MINUTE, expired, 1), write(Tier.HOUR, Tier.HOUR.bucketStart(expired), 1)),
                    Map.of(0, 5L));

            assertThat(count(storage, Tier.MINUTE)).isZero();
            assertThat(count(storage, Tier.HOUR)).isEqualTo(1);
            assertThat(storage.metricStore().checkpoint(0)).isEqualTo(5);
        }
        try (RocksDbStorage storage = RocksDbStorage.open(dir, clock)) {
            long expired = Tier.MINUTE.bucketStart(now - Tier.MINUTE.retentionSeconds() - 3600);
            storage.metricStore().merge(List.of(write(Tier.MINUTE, expired, 1)), Map.of());
            assertThat(count(storage, Tier.MINUTE)).as("the retention watermark survives reopen").isZero();
        }
    }

    @Test
    void mergesSpanningSeveralMultiGetChunksAddUp() {
        try (RocksDbStorage storage = RocksDbStorage.open(dir, clock)) {
            List<BucketWrite> writes = new ArrayList<>();
            for (int i = 0; i < 5000; i++) {
                MetricId metric = MetricId.of("N", "m" + (i % 2500));
                long start = T0 + 60L * (i / 2500);
                Aggregate a = Aggregate.empty();
                a.add(i, 1);
                writes.add(new BucketWrite(ACCOUNT, metric, StandardUnit.COUNT, Tier.MINUTE, start, a));
                writes.add(new BucketWrite(ACCOUNT, metric, StandardUnit.COUNT, Tier.MINUTE, start, a));
            }
            storage.metricStore().merge(writes, Map.of());
            storage.metricStore().merge(writes, Map.of());

            assertThat(count(storage, Tier.MINUTE)).isEqualTo(5000);
            for (int m : new int[]{0, 1234, 2499}) {
                List<Double> counts = new ArrayList<>();
                List<Double> sums = new ArrayList<>();
                storage.metricStore().scan(ACCOUNT, MetricId.of("N", "m" + m), StandardUnit.COUNT, Tier.MINUTE,
                        T0, T0 + 120, (u, s, a) -> {
                            counts.add(a.sampleCount());
                            sums.add(a.sum());
                        });
                assertThat(counts).containsExactly(4.0, 4.0);
                assertThat(sums).containsExactly(4.0 * m, 4.0 * (m + 2500));
            }
        }
    }

    private static BucketWrite write(Tier tier, long start, double value) {
        Aggregate a = Aggregate.empty();
        a.add(value, 1);
        return new BucketWrite(ACCOUNT, CPU, StandardUnit.PERCENT, tier, start, a);
    }

    private static long count(RocksDbStorage storage, Tier tier) {
        long n = 0;
        try (RocksIterator it = storage.db().newIterator(storage.buckets(tier))) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                n++;
            }
        }
        return n;
    }
}
