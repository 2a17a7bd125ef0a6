package io.synaps.bench.alarm;

import io.synaps.bench.alarm.MinuteFigures.Kind;
import io.synaps.model.alarm.AlarmState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the alarm load program's whole code path on a small fleet and checks its counts add up. */
class AlarmLoadTest {

    @Test
    void smallRunMatchesTheModelInEveryMinuteAndSurvivesARestart(@TempDir Path dir) {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        AlarmLoadReport report = AlarmLoad.run(new PrintStream(text, true, StandardCharsets.UTF_8),
                "--alarms", "500", "--flip-period", "10", "--dimensions", "3", "--batch", "100",
                "--create-concurrency", "8", "--full-minutes", "2", "--paced-minutes", "1", "--minute-seconds", "0.5",
                "--open-minutes", "2", "--idle-ticks", "2", "--no-heap", "--dir", dir.toString());
        String printed = text.toString(StandardCharsets.UTF_8);

        assertThat(report.created()).isEqualTo(500);
        assertThat(report.createFailures()).isZero();
        assertThat(report.foreignTransitions()).isZero();
        // warm-up 1, 2; full speed 3, 4; paced 5; open 6, 7; two idle ticks; the cold tick
        assertThat(report.minutes()).extracting(MinuteFigures::kind).containsExactly(
                Kind.CLOSED_FULL_SPEED, Kind.CLOSED_FULL_SPEED, Kind.CLOSED_FULL_SPEED, Kind.CLOSED_FULL_SPEED,
                Kind.CLOSED_PACED, Kind.OPEN, Kind.OPEN, Kind.IDLE, Kind.IDLE, Kind.COLD);
        for (MinuteFigures m : report.minutes()) {
            if (m.expectedTransitions() >= 0) {
                assertThat(m.transitions()).as("transitions in %s", m).isEqualTo(m.expectedTransitions());
            }
            if (m.stateMismatches() >= 0) {
                assertThat(m.stateMismatches()).as("states off the model in %s", m).isZero();
            }
        }
        // A flip period of 10 minutes: each alarm transitions twice per 10 minutes, so some do every minute.
        assertThat(report.measured(Kind.CLOSED_FULL_SPEED)).allSatisfy(m -> {
            assertThat(m.expectedTransitions()).isPositive();
            assertThat(m.tickTransitions()).as("the tick before the data changes nothing").isZero();
            assertThat(m.latencyMicros().getTotalCount()).as("one latency per transitioning alarm")
                    .isEqualTo(m.transitions());
        });
        assertThat(report.measured(Kind.OPEN)).allSatisfy(m ->
                assertThat(m.tickTransitions()).as("open-minute data changes states only at the tick")
                        .isEqualTo(m.transitions()).isPositive());
        assertThat(report.measured(Kind.IDLE)).allSatisfy(m -> assertThat(m.transitions()).isZero());
        assertThat(report.measured(Kind.COLD)).singleElement().satisfies(m -> {
            assertThat(m.transitions()).isZero();
            assertThat(m.stateMismatches()).isZero();
        });
        assertThat(report.latency(Kind.CLOSED_PACED).getTotalCount()).isPositive();
        assertThat(report.healthy()).isTrue();
        assertThat(printed).contains("model check:").contains("RESULT alarms=500 ");
    }

    @Test
    void theModelFlipsEachAlarmTwicePerPeriod() {
        AlarmFleet fleet = new AlarmFleet(1_000, 20, 0);
        int transitions = 0;
        for (int k = 3; k < 23; k++) {
            transitions += fleet.expectedTransitions(k);
        }
        assertThat(transitions).isEqualTo(2 * 1_000);
        for (int i = 0; i < 50; i++) {
            int breaching = 0;
            for (int k = 0; k < 20; k++) {
                breaching += fleet.breaches(i, k) ? 1 : 0;
            }
            assertThat(breaching).isEqualTo(10);
            // the value breaches exactly when the schedule says so
            for (int k = 0; k < 20; k++) {
                assertThat(fleet.comparison(i).breaches(fleet.value(i, k), fleet.threshold(i)))
                        .isEqualTo(fleet.breaches(i, k));
            }
        }
        assertThat(AlarmFleet.indexOf(AlarmFleet.name(4321))).isEqualTo(4321);
        assertThat(AlarmFleet.indexOf("other")).isEqualTo(-1);
        assertThat(fleet.expectedState(0, 5)).isIn(AlarmState.ALARM, AlarmState.OK);
    }
}
