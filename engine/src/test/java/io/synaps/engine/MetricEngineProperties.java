package io.synaps.engine;

import io.synaps.engine.query.TierChoice;
import io.synaps.engine.query.UnitSeries;
import io.synaps.model.Dimension;
import io.synaps.model.MetricDatum;
import io.synaps.model.MetricId;
import io.synaps.model.StandardUnit;
import io.synaps.model.StatisticSet;
import io.synaps.store.metric.Tier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random puts interleaved with flushes, crashes and clean restarts must read back exactly what a
 * direct aggregation of the acknowledged datums gives, for every period and unit.
 */
class MetricEngineProperties {
    private static final long BASE = Instant.parse("2026-05-01T10:00:00Z").getEpochSecond();
    private static final String[] ACCOUNTS = {"111111111111", "222222222222"};
    private static final MetricId[] METRICS = {
            MetricId.of("App", "Cpu"),
            MetricId.of("App", "Cpu", new Dimension("Host", "a")),
            MetricId.of("App", "Cpu", new Dimension("Host", "b")),
            MetricId.of("App", "Latency", new Dimension("Host", "a"), new Dimension("Path", "/")),
            MetricId.of("Other", "Cpu")};
    private static final StandardUnit[] UNITS = {StandardUnit.COUNT, StandardUnit.NONE, StandardUnit.SECONDS};
    private static final int[] PERIODS = {1, 10, 30, 60, 120, 300, 900};

    @TempDir
    Path dir;

    private record Sent(String account, MetricDatum datum) {
    }

    /** Expected aggregate of one period bucket; integer inputs keep sums exact. */
    private static final class Expected {
        double count;
        double sum;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
    }

    @Test
    void readsEqualDirectAggregationAcrossFlushesAndRestarts() {
        long seed = Long.getLong("seed", System.nanoTime());
        System.out.println("MetricEngineProperties seed=" + seed + " (rerun with -Dseed=" + seed + ")");
        Random random = new Random(seed);
        MutableClock clock = new MutableClock(Instant.ofEpochSecond(BASE + 900));
        List<Sent> sent = new ArrayList<>();
        try (EngineFixture f = new EngineFixture(dir, clock)) {
            for (int step = 0; step < 80; step++) {
                int action = random.nextInt(100);
                if (action < 75) {
                    String account = ACCOUNTS[random.nextInt(ACCOUNTS.length)];
                    List<MetricDatum> request = new ArrayList<>();
                    int n = 1 + random.nextInt(25);
                    for (int i = 0; i < n; i++) {
                        request.add(randomDatum(random));
                    }
                    f.engine.put(account, request).join();
                    request.forEach(d -> sent.add(new Sent(account, d)));
                } else if (action < 88) {
                    f.flush();
                } else if (action < 96) {
                    f.restartAfterCrash();
                } else {
                    f.restartCleanly();
                }
                if (step % 20 == 19) {
                    checkAll(f, sent, clock.seconds());
                }
            }
            f.restartAfterCrash();
            checkAll(f, sent, clock.seconds());
        }
    }

    private static MetricDatum randomDatum(Random r) {
        MetricId metric = METRICS[r.nextInt(METRICS.length)];
        long millis = (BASE + r.nextInt(900)) * 1000 + r.nextInt(1000);
        StandardUnit unit = UNITS[r.nextInt(UNITS.length)];
        int resolution = r.nextBoolean() ? 1 : 60;
        int values = r.nextInt(4);
        double[] v = new double[values];
        double[] c = new double[values];
        for (int i = 0; i < values; i++) {
            v[i] = r.nextInt(201) - 50;
            c[i] = 1 + r.nextInt(3);
        }
        StatisticSet set = null;
        if (values == 0 || r.nextInt(4) == 0) {
            int count = 1 + r.nextInt(5);
            int min = r.nextInt(50);
            int max = min + r.nextInt(50);
            set = new StatisticSet(count, (double) min * count + (max - min), min, max);
        }
        return new MetricDatum(metric, millis, unit, resolution, v, c, set);
    }

    private static void checkAll(EngineFixture f, List<Sent> sent, long now) {
        for (String account : ACCOUNTS) {
            for (MetricId metric : METRICS) {
                for (int period : PERIODS) {
                    long start = BASE - BASE % 60;
                    long end = BASE + 900;
                    Tier tier = TierChoice.forRead(start, period, now);
                    Map<StandardUnit, TreeMap<Long, Expected>> expected = expect(sent, account, metric, tier, start, end, period);
                    List<UnitSeries> actual = f.read(account, metric, null, start, end, period);
                    String what = account + " " + metric + " period " + period;
                    assertThat(actual).as(what).extracting(UnitSeries::unit)
                            .containsExactlyElementsOf(expected.keySet().stream()
                                    .sorted((a, b) -> a.wireName().compareTo(b.wireName())).toList());
                    for (UnitSeries s : actual) {
                        TreeMap<Long, Expected> e = expected.get(s.unit());
                        assertThat(s.bucketStarts()).as(what + " " + s.unit())
                                .containsExactly(e.keySet().stream().mapToLong(Long::longValue).toArray());
                        for (int i = 0; i < s.bucketStarts().length; i++) {
                            Expected x = e.get(s.bucketStarts()[i]);
                            String at = what + " " + s.unit() + " @" + s.bucketStarts()[i];
                            assertThat(s.aggregates()[i].sampleCount()).as(at + " count").isEqualTo(x.count);
                            assertThat(s.aggregates()[i].sum()).as(at + " sum").isEqualTo(x.sum);
                            assertThat(s.aggregates()[i].minimum()).as(at + " min").isEqualTo(x.min);
                            assertThat(s.aggregates()[i].maximum()).as(at + " max").isEqualTo(x.max);
                        }
                    }
                }
            }
        }
    }

    private static Map<StandardUnit, TreeMap<Long, Expected>> expect(List<Sent> sent, String account, MetricId metric,
                                                                    Tier tier, long start, long end, int period) {
        Map<StandardUnit, TreeMap<Long, Expected>> out = new TreeMap<>();
        if (tier == null) {
            return out;
        }
        for (Sent s : sent) {
            MetricDatum d = s.datum;
            if (!s.account.equals(account) || !d.metric().equals(metric)) {
                continue;
            }
            int res = d.storageResolution();
            if (tier == Tier.SECOND && res != 1) {
                continue;
            }
            long bucket = Math.floorDiv(d.timestampMillis(), res * 1000L) * res;
            long tierStart = tier.bucketStart(bucket);
            if (tierStart < start || tierStart >= end) {
                continue;
            }
            long p = start + Math.floorDiv(tierStart - start, period) * (long) period;
            Expected x = out.computeIfAbsent(d.unit(), u -> new TreeMap<>()).computeIfAbsent(p, k -> new Expected());
            for (int i = 0; i < d.values().length; i++) {
                x.count += d.counts()[i];
                x.sum += d.values()[i] * d.counts()[i];
                x.min = Math.min(x.min, d.values()[i]);
                x.max = Math.max(x.max, d.values()[i]);
            }
            StatisticSet set = d.statisticValues();
            if (set != null) {
                x.count += set.sampleCount();
                x.sum += set.sum();
                x.min = Math.min(x.min, set.minimum());
                x.max = Math.max(x.max, set.maximum());
            }
        }
        return out;
    }
}
