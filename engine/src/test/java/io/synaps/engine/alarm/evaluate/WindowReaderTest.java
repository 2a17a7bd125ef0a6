package io.synaps.engine.alarm.evaluate;

import io.synaps.engine.EngineConfig;
import io.synaps.engine.MetricEngine;
import io.synaps.journal.SegmentJournal;
import io.synaps.journal.SegmentJournalConfig;
import io.synaps.model.MetricDatum;
import io.synaps.model.MetricId;
import io.synaps.model.StandardUnit;
import io.synaps.model.StatisticSet;
import io.synaps.model.alarm.AlarmState;
import io.synaps.model.alarm.MetricAlarm;
import io.synaps.store.rocksdb.RocksDbStorage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static io.synaps.engine.alarm.evaluate.TestAlarms.ACCOUNT;
import static io.synaps.engine.alarm.evaluate.TestAlarms.alarm;
import static org.assertj.core.api.Assertions.assertThat;

/** WindowReader against a real MetricEngine on a SegmentJournal and RocksDB. */
class WindowReaderTest {
    private static final Instant NOW = Instant.parse("2026-03-02T12:00:30Z");
    private static final long NOON = Instant.parse("2026-03-02T12:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000;
    private static final MetricId CPU = MetricId.of("App", "Cpu");

    @TempDir
    Path dir;

    private SegmentJournal journal;
    private RocksDbStorage storage;
    private MetricEngine engine;

    @BeforeEach
    void start() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        journal = SegmentJournal.open(SegmentJournalConfig.of(dir.resolve("journal"), 2));
        storage = RocksDbStorage.open(dir.resolve("store"), clock);
        engine = new MetricEngine(journal, storage.metricStore(),
                EngineConfig.defaults(2).withFlushInterval(Duration.ofHours(1)), clock);
        engine.start();
    }

    @AfterEach
    void stop() {
        engine.close();
        journal.close();
        storage.close();
    }

    private void put(MetricDatum... data) {
        engine.put(ACCOUNT, List.of(data)).join();
    }

    private static MetricDatum value(long millis, StandardUnit unit, double v) {
        return MetricDatum.ofValue(CPU, millis, unit, v);
    }

    @Test
    void readsTheStatisticPerPeriodOldestFirstWithSampleCounts() {
        put(value(NOON - 3 * MINUTE + 5_000, StandardUnit.PERCENT, 10),
                value(NOON - 3 * MINUTE + 40_000, StandardUnit.PERCENT, 30),
                value(NOON - MINUTE + 1_000, StandardUnit.PERCENT, 70));

        List<Datapoint> w = WindowReader.read(engine, alarm().build(), NOON - 5 * MINUTE, NOON);

        assertThat(w).containsExactly(new Datapoint(NOON - 3 * MINUTE, 20, 2), new Datapoint(NOON - MINUTE, 70, 1));
    }

    @Test
    void alignsPeriodsAtTheStartOfTheRange() {
        // 300 s periods starting at 11:44 (AWS aligns to the evaluation time, not to 5-minute marks).
        long start = NOON - 16 * MINUTE;
        put(value(start + 4 * MINUTE, StandardUnit.NONE, 1), value(start + 5 * MINUTE, StandardUnit.NONE, 5),
                value(start + 9 * MINUTE, StandardUnit.NONE, 7));

        List<Datapoint> w = WindowReader.read(engine, alarm().period(300).statistic("Sum").build(), start,
                start + 15 * MINUTE);

        assertThat(w).containsExactly(new Datapoint(start, 1, 1), new Datapoint(start + 5 * MINUTE, 12, 2));
    }

    @Test
    void mergesEveryUnitWhenTheAlarmHasNoUnit() {
        put(value(NOON - MINUTE, StandardUnit.PERCENT, 10), value(NOON - MINUTE + 1, StandardUnit.COUNT, 30),
                value(NOON - 2 * MINUTE, StandardUnit.COUNT, 4));

        List<Datapoint> merged = WindowReader.read(engine, alarm().statistic("Maximum").build(), NOON - 3 * MINUTE, NOON);
        List<Datapoint> percent = WindowReader.read(engine,
                alarm().statistic("Maximum").unit(StandardUnit.PERCENT).build(), NOON - 3 * MINUTE, NOON);

        assertThat(merged).containsExactly(new Datapoint(NOON - 2 * MINUTE, 4, 1), new Datapoint(NOON - MINUTE, 30, 2));
        assertThat(percent).containsExactly(new Datapoint(NOON - MINUTE, 10, 1));
    }

    @Test
    void mergedUnitsKeepPercentiles() {
        put(value(NOON - MINUTE, StandardUnit.PERCENT, 10), value(NOON - MINUTE + 1, StandardUnit.COUNT, 10));

        List<Datapoint> w = WindowReader.read(engine, alarm().extendedStatistic("p50").build(), NOON - MINUTE, NOON);

        assertThat(w).containsExactly(new Datapoint(NOON - MINUTE, 10, 2));
    }

    @Test
    void dropsPeriodsWhoseStatisticCannotBeComputed() {
        put(new MetricDatum(CPU, NOON - 2 * MINUTE, StandardUnit.NONE, 60, new double[0], new double[0],
                        new StatisticSet(4, 40, 1, 20)),
                value(NOON - MINUTE, StandardUnit.NONE, 9));

        List<Datapoint> p90 = WindowReader.read(engine, alarm().extendedStatistic("p90").build(), NOON - 3 * MINUTE, NOON);
        List<Datapoint> average = WindowReader.read(engine, alarm().build(), NOON - 3 * MINUTE, NOON);

        assertThat(p90).containsExactly(new Datapoint(NOON - MINUTE, 9, 1));
        assertThat(average).containsExactly(new Datapoint(NOON - 2 * MINUTE, 10, 4), new Datapoint(NOON - MINUTE, 9, 1));
    }

    @Test
    void readsHighResolutionPeriods() {
        long start = NOON - 30_000;
        put(new MetricDatum(CPU, start + 2_000, StandardUnit.NONE, 1, new double[]{3}, new double[]{1}, null),
                new MetricDatum(CPU, start + 25_000, StandardUnit.NONE, 1, new double[]{8}, new double[]{1}, null));

        List<Datapoint> w = WindowReader.read(engine, alarm().period(10).statistic("Sum").build(), start, NOON);

        assertThat(w).containsExactly(new Datapoint(start, 3, 1), new Datapoint(start + 20_000, 8, 1));
    }

    @Test
    void anEmptyOrInvertedRangeReadsNothing() {
        put(value(NOON - MINUTE, StandardUnit.NONE, 9));

        assertThat(WindowReader.read(engine, alarm().build(), NOON, NOON)).isEmpty();
        assertThat(WindowReader.read(engine, alarm().build(), NOON, NOON - MINUTE)).isEmpty();
    }

    @Test
    void feedsTheEvaluatorTheSameBucketsAsTheGraph() {
        put(value(NOON - 3 * MINUTE, StandardUnit.NONE, 60), value(NOON - 2 * MINUTE, StandardUnit.NONE, 70),
                value(NOON - MINUTE, StandardUnit.NONE, 80));
        engine.flush().join();
        MetricAlarm a = alarm().periods(3).build();
        long end = MetricAlarmEvaluator.rangeEnd(a, NOW.toEpochMilli());
        long start = end - MetricAlarmEvaluator.evaluationRange(a) * 60_000L;

        Evaluation e = MetricAlarmEvaluator.evaluate(a, AlarmState.INSUFFICIENT_DATA,
                WindowReader.read(engine, a, start, end), end, NOW.toEpochMilli());

        assertThat(e.state()).isEqualTo(AlarmState.ALARM);
        assertThat(e.reason()).isEqualTo("Threshold Crossed: 3 datapoints [80.0 (02/03/26 11:59:00), "
                + "70.0 (02/03/26 11:58:00), 60.0 (02/03/26 11:57:00)] were greater than the threshold (50.0).");
    }
}
