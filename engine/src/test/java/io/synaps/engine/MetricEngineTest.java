package io.synaps.engine;

import io.synaps.engine.query.UnitSeries;
import io.synaps.model.AwsError;
import io.synaps.model.Dimension;
import io.synaps.model.MetricDatum;
import io.synaps.model.MetricId;
import io.synaps.model.StandardUnit;
import io.synaps.model.StatisticSet;
import io.synaps.stats.Aggregate;
import io.synaps.store.metric.MetricFilter;
import io.synaps.store.metric.MetricPage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class MetricEngineTest {
    private static final String ACCOUNT = "123456789012";
    private static final Instant NOW = Instant.parse("2026-03-02T12:00:30Z");
    private static final long MINUTE = Instant.parse("2026-03-02T12:00:00Z").getEpochSecond();
    private static final MetricId CPU = MetricId.of("App", "Cpu", new Dimension("Host", "a"));

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(NOW);
    private EngineFixture fx;

    @AfterEach
    void closeFixture() {
        if (fx != null) {
            fx.close();
        }
    }

    private EngineFixture fixture() {
        fx = new EngineFixture(dir, clock);
        return fx;
    }

    private static MetricDatum value(MetricId m, long epochSecond, StandardUnit unit, double v) {
        return MetricDatum.ofValue(m, epochSecond * 1000, unit, v);
    }

    private static MetricDatum highRes(MetricId m, long epochSecond, double v) {
        return new MetricDatum(m, epochSecond * 1000, StandardUnit.COUNT, 1, new double[]{v}, new double[]{1}, null);
    }

    private static Aggregate only(List<UnitSeries> series) {
        assertThat(series).hasSize(1);
        assertThat(series.get(0).aggregates()).hasSize(1);
        return series.get(0).aggregates()[0];
    }

    @Test
    void readsDataRightAfterThePutIsAcknowledged() {
        EngineFixture f = fixture();
        f.put(ACCOUNT, value(CPU, MINUTE + 5, StandardUnit.PERCENT, 42));

        List<UnitSeries> series = f.read(ACCOUNT, CPU, null, MINUTE, MINUTE + 60, 60);

        assertThat(series).hasSize(1);
        assertThat(series.get(0).unit()).isEqualTo(StandardUnit.PERCENT);
        assertThat(series.get(0).bucketStarts()).containsExactly(MINUTE);
        assertThat(series.get(0).aggregates()[0].sum()).isEqualTo(42);
    }

    @Test
    void valuesWithCountsExpandToWeightedSamples() {
        EngineFixture f = fixture();
        f.put(ACCOUNT, new MetricDatum(CPU, MINUTE * 1000, StandardUnit.COUNT, 60,
                new double[]{1, 10}, new double[]{2, 4}, null));

        Aggregate a = only(f.read(ACCOUNT, CPU, null, MINUTE, MINUTE + 60, 60));

        assertThat(a.sampleCount()).isEqualTo(6);
        assertThat(a.sum()).isEqualTo(42);
        assertThat(a.maximum()).isEqualTo(10);
        assertThat(a.minimum()).isEqualTo(1);
    }

    @Test
    void aSingleValueAndAStatisticSetInTheSameMinuteAggregateTogether() {
        EngineFixture f = fixture();
        f.put(ACCOUNT, value(CPU, MINUTE + 1, StandardUnit.NONE, 11));
        f.put(ACCOUNT, new MetricDatum(CPU, (MINUTE + 2) * 1000, StandardUnit.NONE, 60, new double[0], new double[0],
                new StatisticSet(10, 55, 1, 10)));

        Aggregate a = only(f.read(ACCOUNT, CPU, null, MINUTE, MINUTE + 60, 60));

        assertThat(a.sum()).isEqualTo(66);
        assertThat(a.sampleCount()).isEqualTo(11);
        assertThat(a.minimum()).isEqualTo(1);
        assertThat(a.maximum()).isEqualTo(11);
        assertThat(a.average()).isEqualTo(6);
    }

    @Test
    void unitsSplitIntoSeparateSeriesSortedByWireNameAndTheUnitFilterKeepsOne() {
        EngineFixture f = fixture();
        f.put(ACCOUNT, value(CPU, MINUTE + 1, StandardUnit.SECONDS, 1),
                value(CPU, MINUTE + 2, StandardUnit.COUNT, 5),
                value(CPU, MINUTE + 3, StandardUnit.NONE, 10));

        List<UnitSeries> all = f.read(ACCOUNT, CPU, null, MINUTE, MINUTE + 60, 60);
        List<UnitSeries> seconds = f.read(ACCOUNT, CPU, StandardUnit.SECONDS, MINUTE, MINUTE + 60, 60);
        List<UnitSeries> bytes = f.read(ACCOUNT, CPU, StandardUnit.BYTES, MINUTE, MINUTE + 60, 60);

        assertThat(all).extracting(UnitSeries::unit)
                .containsExactly(StandardUnit.COUNT, StandardUnit.NONE, StandardUnit.SECONDS);
        assertThat(all).extracting(s -> s.aggregates()[0].average()).containsExactly(5.0, 10.0, 1.0);
        assertThat(seconds).extracting(UnitSeries::unit).containsExactly(StandardUnit.SECONDS);
        assertThat(bytes).isEmpty();
    }

    @Test
    void highResolutionDataHasOneSecondBucketsAndStandardDataOnlyMinutes() {
        EngineFixture f = fixture();
        MetricId hi = MetricId.of("App", "Latency");
        f.put(ACCOUNT, highRes(hi, MINUTE + 1, 0), highRes(hi, MINUTE + 3, 5), highRes(hi, MINUTE + 12, 7));
        f.put(ACCOUNT, value(CPU, MINUTE + 1, StandardUnit.COUNT, 3));

        List<UnitSeries> tenSeconds = f.read(ACCOUNT, hi, StandardUnit.COUNT, MINUTE, MINUTE + 60, 10);
        List<UnitSeries> minute = f.read(ACCOUNT, hi, null, MINUTE, MINUTE + 60, 60);
        List<UnitSeries> standardAtTen = f.read(ACCOUNT, CPU, null, MINUTE, MINUTE + 60, 10);

        assertThat(tenSeconds.get(0).bucketStarts()).containsExactly(MINUTE, MINUTE + 10);
        assertThat(tenSeconds.get(0).aggregates()[0].maximum()).isEqualTo(5);
        assertThat(tenSeconds.get(0).aggregates()[1].maximum()).isEqualTo(7);
        assertThat(only(minute).sampleCount()).isEqualTo(3);
        assertThat(standardAtTen).as("60-second data has no 10-second buckets").isEmpty();
    }

    @Test
    void flushedDataReadsTheSameAndAddsUpWithNewerOpenData() {
        EngineFixture f = fixture();
        f.put(ACCOUNT, value(CPU, MINUTE + 1, StandardUnit.COUNT, 2), value(CPU, MINUTE + 61, StandardUnit.COUNT, 3));
        List<UnitSeries> before = f.read(ACCOUNT, CPU, null, MINUTE, MINUTE + 120, 60);

        f.flush();
        List<UnitSeries> after = f.read(ACCOUNT, CPU, null, MINUTE, MINUTE + 120, 60);
        f.put(ACCOUNT, value(CPU, MINUTE + 2, StandardUnit.COUNT, 4));
        List<UnitSeries> more = f.read(ACCOUNT, CPU, null, MINUTE, MINUTE + 120, 60);

        assertThat(sums(after)).isEqualTo(sums(before)).containsExactly(2.0, 3.0);
        assertThat(sums(more)).containsExactly(6.0, 3.0);
        assertThat(more.get(0).aggregates()[0].sampleCount()).isEqualTo(2);
    }

    @Test
    void restartAfterACrashReplaysUnflushedDataExactlyOnce() {
        EngineFixture f = fixture();
        f.put(ACCOUNT, value(CPU, MINUTE + 1, StandardUnit.COUNT, 2));
        f.put(ACCOUNT, value(CPU, MINUTE + 2, StandardUnit.COUNT, 3));

        f.restartAfterCrash();
        Aggregate replayed = only(f.read(ACCOUNT, CPU, null, MINUTE, MINUTE + 60, 60));
        f.restartAfterCrash();
        Aggregate twice = only(f.read(ACCOUNT, CPU, null, MINUTE, MINUTE + 60, 60));

        assertThat(replayed.sum()).isEqualTo(5);
        assertThat(replayed.sampleCount()).isEqualTo(2);
        assertThat(twice.sum()).isEqualTo(5);
    }

    @Test
    void restartAfterAFlushCountsNothingTwice() {
        EngineFixture f = fixture();
        f.put(ACCOUNT, value(CPU, MINUTE + 1, StandardUnit.COUNT, 2));
        f.flush();
        f.put(ACCOUNT, value(CPU, MINUTE + 2, StandardUnit.COUNT, 3));

        f.restartAfterCrash();
        Aggregate afterCrash = only(f.read(ACCOUNT, CPU, null, MINUTE, MINUTE + 60, 60));
        f.flush();
        f.restartAfterCrash();
        Aggregate afterSecondFlush = only(f.read(ACCOUNT, CPU, null, MINUTE, MINUTE + 60, 60));
        f.restartCleanly();
        Aggregate afterCleanRestart = only(f.read(ACCOUNT, CPU, null, MINUTE, MINUTE + 60, 60));

        for (Aggregate a : List.of(afterCrash, afterSecondFlush, afterCleanRestart)) {
            assertThat(a.sum()).isEqualTo(5);
            assertThat(a.sampleCount()).isEqualTo(2);
        }
    }

    @Test
    void aFlushCheckpointsThePartitionAtTheEndOfItsJournal() {
        EngineFixture f = new EngineFixture(dir, clock);
        fx = f;
        f.put(ACCOUNT, value(CPU, MINUTE + 1, StandardUnit.COUNT, 2));
        int p = io.synaps.engine.partition.SeriesPartitioner.partitionOf(ACCOUNT, CPU, EngineFixture.PARTITIONS);

        f.flush();

        assertThat(f.storage.metricStore().checkpoint(p)).isEqualTo(f.journal.nextOffset(p));
    }

    @Test
    void rollupTiersEqualDirectAggregation() {
        EngineFixture f = fixture();
        MetricId hi = MetricId.of("App", "Requests", new Dimension("Stage", "prod"));
        long hour = Instant.parse("2026-03-02T11:00:00Z").getEpochSecond();
        clock.set(Instant.ofEpochSecond(hour + 3600));
        Aggregate direct = Aggregate.empty();
        List<MetricDatum> batch = new ArrayList<>();
        for (int i = 0; i < 3600; i += 7) {
            double v = (i * 31) % 97;
            batch.add(i % 2 == 0 ? highRes(hi, hour + i, v)
                    : new MetricDatum(hi, (hour + i) * 1000, StandardUnit.COUNT, 60, new double[]{v}, new double[]{1}, null));
            direct.add(v, 1);
        }
        f.engine.put(ACCOUNT, batch).join();
        f.flush();

        Aggregate minutes = merged(f.read(ACCOUNT, hi, null, hour, hour + 3600, 60));
        clock.set(Instant.ofEpochSecond(hour + 20 * 86400L));
        Aggregate fiveMinutes = merged(f.read(ACCOUNT, hi, null, hour, hour + 3600, 300));
        clock.set(Instant.ofEpochSecond(hour + 70 * 86400L));
        Aggregate hours = only(f.read(ACCOUNT, hi, null, hour, hour + 3600, 3600));

        for (Aggregate a : List.of(minutes, fiveMinutes, hours)) {
            assertThat(a.sampleCount()).isEqualTo(direct.sampleCount());
            assertThat(a.sum()).isEqualTo(direct.sum());
            assertThat(a.minimum()).isEqualTo(direct.minimum());
            assertThat(a.maximum()).isEqualTo(direct.maximum());
            assertThat(a.quantile(0.5)).isCloseTo(direct.quantile(0.5), within(1e-9));
        }
    }

    @Test
    void oldStartTimesUseCoarserTiersAndPeriodsThatDoNotFitReturnNothing() {
        EngineFixture f = fixture();
        MetricId hi = MetricId.of("App", "Latency");
        f.put(ACCOUNT, highRes(hi, MINUTE + 1, 4));
        f.flush();

        assertThat(f.read(ACCOUNT, hi, null, MINUTE, MINUTE + 60, 10)).hasSize(1);
        clock.advance(Duration.ofHours(4));
        assertThat(f.read(ACCOUNT, hi, null, MINUTE, MINUTE + 60, 10)).as("period 10 older than 3 h").isEmpty();
        assertThat(f.read(ACCOUNT, hi, null, MINUTE, MINUTE + 60, 60)).hasSize(1);
        clock.advance(Duration.ofDays(16));
        assertThat(f.read(ACCOUNT, hi, null, MINUTE, MINUTE + 60, 60)).as("period 60 older than 15 d").isEmpty();
        assertThat(f.read(ACCOUNT, hi, null, MINUTE, MINUTE + 300, 300)).hasSize(1);
        clock.advance(Duration.ofDays(50));
        assertThat(f.read(ACCOUNT, hi, null, MINUTE, MINUTE + 300, 300)).as("period 300 older than 63 d").isEmpty();
        assertThat(f.read(ACCOUNT, hi, null, MINUTE, MINUTE + 3600, 3600)).hasSize(1);
    }

    @Test
    void lateDataMergesIntoItsStoredBucket() {
        EngineFixture f = fixture();
        long old = MINUTE - 10 * 86400L;
        f.put(ACCOUNT, value(CPU, old + 5, StandardUnit.COUNT, 1));
        f.flush();
        f.put(ACCOUNT, value(CPU, old + 6, StandardUnit.COUNT, 2));
        f.flush();

        Aggregate a = only(f.read(ACCOUNT, CPU, null, old, old + 60, 60));

        assertThat(a.sum()).isEqualTo(3);
        assertThat(a.sampleCount()).isEqualTo(2);
    }

    @Test
    void seriesLimitRefusesWholeRequestsWithLimitExceededAndChangesNothing() {
        fx = new EngineFixture(dir, clock, c -> c.withMaxActiveSeriesPerAccount(3));
        EngineFixture f = fx;
        MetricId a = MetricId.of("App", "A");
        MetricId b = MetricId.of("App", "B");
        MetricId c = MetricId.of("App", "C");
        MetricId d = MetricId.of("App", "D");
        f.put(ACCOUNT, value(a, MINUTE, StandardUnit.COUNT, 1), value(b, MINUTE, StandardUnit.COUNT, 1));

        assertThatThrownBy(() -> f.put(ACCOUNT, value(a, MINUTE, StandardUnit.COUNT, 1),
                value(c, MINUTE, StandardUnit.COUNT, 1), value(d, MINUTE, StandardUnit.COUNT, 1)))
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(AwsError.class, e -> {
                    assertThat(e.code()).isEqualTo("LimitExceeded");
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("3 active metrics per account", "maxActiveSeriesPerAccount");
                });

        assertThat(f.read(ACCOUNT, a, null, MINUTE, MINUTE + 60, 60).get(0).aggregates()[0].sum()).isEqualTo(1);
        assertThat(f.read(ACCOUNT, c, null, MINUTE, MINUTE + 60, 60)).isEmpty();
        assertThat(listNames(f, ACCOUNT)).containsExactly("A", "B");
        assertThat(f.engine.activeSeries(ACCOUNT)).isEqualTo(2);
        f.put(ACCOUNT, value(a, MINUTE, StandardUnit.COUNT, 1), value(c, MINUTE, StandardUnit.COUNT, 1));
        f.put("999999999999", value(d, MINUTE, StandardUnit.COUNT, 1));
        assertThat(listNames(f, ACCOUNT)).containsExactly("A", "B", "C");
    }

    @Test
    void idleSeriesAreEvictedAndFreeTheirPlaceUnderTheLimit() {
        fx = new EngineFixture(dir, clock, c -> c.withMaxActiveSeriesPerAccount(1)
                .withSeriesIdleEviction(Duration.ofMinutes(30)));
        EngineFixture f = fx;
        MetricId a = MetricId.of("App", "A");
        MetricId b = MetricId.of("App", "B");
        f.put(ACCOUNT, value(a, MINUTE, StandardUnit.COUNT, 1));
        assertThatThrownBy(() -> f.put(ACCOUNT, value(b, MINUTE, StandardUnit.COUNT, 1)))
                .cause().isInstanceOf(AwsError.class);

        f.flush();
        clock.advance(Duration.ofMinutes(31));
        f.engine.evictIdleSeries();
        f.flush(); // queued behind the eviction on every partition

        assertThat(f.engine.activeSeries(ACCOUNT)).isZero();
        f.put(ACCOUNT, value(b, MINUTE + 1860, StandardUnit.COUNT, 1));
        assertThat(f.read(ACCOUNT, a, null, MINUTE, MINUTE + 60, 60)).hasSize(1);
    }

    @Test
    void tenantsAreIsolated() {
        EngineFixture f = fixture();
        f.put("111111111111", value(CPU, MINUTE, StandardUnit.COUNT, 1));
        f.put("222222222222", value(CPU, MINUTE, StandardUnit.COUNT, 5));
        f.flush();
        f.put("222222222222", value(CPU, MINUTE, StandardUnit.COUNT, 5));

        assertThat(only(f.read("111111111111", CPU, null, MINUTE, MINUTE + 60, 60)).sum()).isEqualTo(1);
        assertThat(only(f.read("222222222222", CPU, null, MINUTE, MINUTE + 60, 60)).sum()).isEqualTo(10);
        assertThat(f.read("333333333333", CPU, null, MINUTE, MINUTE + 60, 60)).isEmpty();
        assertThat(listNames(f, "333333333333")).isEmpty();
    }

    @Test
    void aMetricIsListedAsSoonAsItsPutIsAcknowledged() {
        EngineFixture f = fixture();
        f.put(ACCOUNT, value(CPU, MINUTE, StandardUnit.COUNT, 1),
                new MetricDatum(MetricId.of("App", "Sets"), MINUTE * 1000, StandardUnit.NONE, 60, new double[0],
                        new double[0], new StatisticSet(1, 1, 1, 1)));

        MetricPage page = f.engine.list(ACCOUNT, new MetricFilter("App", null, null, 0), null, 500);

        assertThat(page.metrics()).containsExactlyInAnyOrder(CPU, MetricId.of("App", "Sets"));
    }

    @Test
    void aBusyMetricStaysRecentlyActiveBeforeAnyFlush() {
        EngineFixture f = fixture();
        MetricId quiet = MetricId.of("App", "Quiet");
        f.put(ACCOUNT, value(CPU, MINUTE, StandardUnit.COUNT, 1), value(quiet, MINUTE, StandardUnit.COUNT, 1));
        clock.advance(Duration.ofHours(2));
        f.put(ACCOUNT, value(CPU, MINUTE + 7200, StandardUnit.COUNT, 1));

        MetricPage recent = f.engine.list(ACCOUNT, new MetricFilter(null, null, null, clock.seconds() - 3600),
                null, 500);

        assertThat(recent.metrics()).containsExactly(CPU);
    }

    @Test
    void retentionDeletesTiersPastTheirAge() {
        EngineFixture f = fixture();
        f.put(ACCOUNT, value(CPU, MINUTE, StandardUnit.COUNT, 1));
        f.flush();
        clock.advance(Duration.ofDays(16));

        f.engine.enforceRetention();

        assertThat(f.read(ACCOUNT, CPU, null, MINUTE, MINUTE + 300, 300)).as("five-minute tier kept 63 days").hasSize(1);
        clock.set(NOW);
        assertThat(f.read(ACCOUNT, CPU, null, MINUTE, MINUTE + 60, 60)).as("minute tier dropped after 15 days").isEmpty();
    }

    @Test
    void putsAndReadsAreRefusedAfterClose() {
        EngineFixture f = fixture();
        f.engine.close();

        assertThatThrownBy(() -> f.put(ACCOUNT, value(CPU, MINUTE, StandardUnit.COUNT, 1)))
                .cause().isInstanceOfSatisfying(AwsError.class, e -> assertThat(e.code()).isEqualTo("ServiceUnavailable"));
        assertThatThrownBy(() -> f.read(ACCOUNT, CPU, null, MINUTE, MINUTE + 60, 60))
                .isInstanceOfSatisfying(AwsError.class, e -> assertThat(e.code()).isEqualTo("ServiceUnavailable"));
    }

    private static List<Double> sums(List<UnitSeries> series) {
        List<Double> out = new ArrayList<>();
        for (UnitSeries s : series) {
            for (Aggregate a : s.aggregates()) {
                out.add(a.sum());
            }
        }
        return out;
    }

    private static Aggregate merged(List<UnitSeries> series) {
        Aggregate all = Aggregate.empty();
        for (UnitSeries s : series) {
            for (Aggregate a : s.aggregates()) {
                all.merge(a);
            }
        }
        return all;
    }

    private static List<String> listNames(EngineFixture f, String account) {
        return f.engine.list(account, new MetricFilter(null, null, null, 0), null, 500).metrics().stream()
                .map(MetricId::metricName).sorted().toList();
    }
}
