package io.synaps.engine.alarm;

import io.synaps.model.MetricDatum;
import io.synaps.model.MetricId;
import io.synaps.model.StandardUnit;
import io.synaps.model.alarm.AlarmTransition;
import io.synaps.model.alarm.ComparisonOperator;
import io.synaps.model.alarm.MetricAlarm;
import io.synaps.model.alarm.TreatMissingData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * AlarmEngineProperties checks, on random alarms and random data, that a back-test over stored
 * data gives exactly the transitions (times, states, reasons, reason data) the live engine made
 * while the same data arrived minute by minute. Seeded: the seed is printed; rerun with -Dseed=.
 */
class AlarmEngineProperties {
    private static final long T0 = Instant.parse("2026-01-05T10:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000;
    private static final int MINUTES = 60;
    private static final int ROUNDS = 8;
    private static final String[] STATISTICS = {"Average", "Maximum", "Minimum", "Sum", "SampleCount"};
    private static final ComparisonOperator[] OPERATORS = {ComparisonOperator.GreaterThanThreshold,
            ComparisonOperator.GreaterThanOrEqualToThreshold, ComparisonOperator.LessThanThreshold,
            ComparisonOperator.LessThanOrEqualToThreshold};

    @TempDir
    Path dir;

    @Test
    void backtestsReproduceTheLiveEnginesTransitions() {
        long seed = Long.getLong("seed", System.nanoTime());
        System.out.println("AlarmEngineProperties seed=" + seed);
        Random random = new Random(seed);
        int compared = 0;
        for (int round = 0; round < ROUNDS; round++) {
            VirtualClock clock = new VirtualClock(Instant.ofEpochMilli(T0));
            try (AlarmFixture f = new AlarmFixture(dir.resolve("round" + round), clock)) {
                MetricAlarm alarm = randomAlarm(random, "Alarm" + round);
                String description = "seed " + seed + " round " + round + ": " + alarm;
                f.alarms.putMetricAlarm(alarm, Map.of()).join();
                for (int m = 1; m <= MINUTES; m++) {
                    clock.set(T0 + m * MINUTE);
                    List<MetricDatum> data = randomMinute(random, alarm.metric(), T0 + (m - 1) * MINUTE);
                    if (!data.isEmpty()) {
                        f.put(data.toArray(MetricDatum[]::new));
                        f.alarms.awaitIdle();
                    }
                    f.alarms.tick();
                }
                List<String> live = new ArrayList<>();
                for (AlarmTransition t : f.transitionsOf(alarm.name())) {
                    live.add(t.timestampMillis() + " " + t.previous().value() + " -> " + t.alarm().status().value()
                            + " | " + t.alarm().status().reason() + " | " + t.alarm().status().reasonData());
                }
                BacktestResult replay = f.alarms.backtest(alarm, T0, T0 + MINUTES * MINUTE + 1);
                List<String> replayed = new ArrayList<>();
                for (BacktestResult.Transition t : replay.transitions()) {
                    replayed.add(t.timestampMillis() + " " + t.from() + " -> " + t.to() + " | " + t.reason() + " | "
                            + t.reasonData());
                }
                assertThat(replay.evaluations()).isEqualTo(MINUTES + 1);
                assertThat(replayed).as(description).isEqualTo(live);
                assertThat(replay.finalState()).as(description).isEqualTo(f.status(alarm.name()).value());
                compared += live.size();
            }
        }
        assertThat(compared).as("transitions compared over all rounds").isGreaterThan(ROUNDS);
    }

    private static MetricAlarm randomAlarm(Random random, String name) {
        int period = new int[]{60, 60, 120, 300}[random.nextInt(4)];
        int n = 1 + random.nextInt(4);
        int m = 1 + random.nextInt(n);
        TreatMissingData[] modes = TreatMissingData.values();
        TreatMissingData mode = random.nextInt(5) == 0 ? null : modes[random.nextInt(modes.length)];
        AlarmFixture.MetricAlarmBuilder b = AlarmFixture.metricAlarm(name, MetricId.of("App", "Random"))
                .period(period).of(m, n).missing(mode)
                .threshold(OPERATORS[random.nextInt(OPERATORS.length)], 40 + random.nextInt(20));
        if (random.nextInt(5) == 0) {
            b.extendedStatistic("p90").lowSampleCount(random.nextBoolean() ? "ignore" : null);
        } else {
            b.statistic(STATISTICS[random.nextInt(STATISTICS.length)]);
        }
        return b.build();
    }

    /** Data of the minute starting at {@code minuteStart}: nothing (a gap) or one to three datums. */
    private static List<MetricDatum> randomMinute(Random random, MetricId metric, long minuteStart) {
        List<MetricDatum> out = new ArrayList<>();
        if (random.nextInt(10) < 4) {
            return out;
        }
        int datums = 1 + random.nextInt(3);
        for (int i = 0; i < datums; i++) {
            double[] values = new double[1 + random.nextInt(4)];
            for (int v = 0; v < values.length; v++) {
                values[v] = random.nextInt(100);
            }
            double[] counts = new double[values.length];
            Arrays.fill(counts, 1);
            out.add(new MetricDatum(metric, minuteStart + random.nextInt(60_000), StandardUnit.NONE, 60, values,
                    counts, null));
        }
        return out;
    }
}
