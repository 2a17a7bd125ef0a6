package io.synaps.engine.alarm.evaluate;

import io.synaps.model.alarm.AlarmState;
import io.synaps.model.alarm.MetricAlarm;
import io.synaps.model.alarm.TreatMissingData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every row of AWS's two TreatMissingData tables (reference 2.8), each for all four modes and
 * from every current state: the evaluation range is 5 periods for N = 3, newest on the right.
 */
class MissingDataTableTest {
    private static final long RANGE_END = Instant.parse("2026-03-02T12:00:00Z").toEpochMilli();

    /** M N | data | missing | ignore | breaching | notBreaching ("retain" = keep the current state). */
    private static final String TABLE = """
            3 3 | 0 - X - X | OK                | OK     | OK    | OK
            3 3 | 0 - - - - | OK                | OK     | OK    | OK
            3 3 | - - - - - | INSUFFICIENT_DATA | retain | ALARM | OK
            3 3 | 0 X X - X | ALARM             | ALARM  | ALARM | ALARM
            3 3 | - - X - - | ALARM             | retain | ALARM | OK
            2 3 | 0 - X - X | ALARM             | ALARM  | ALARM | ALARM
            2 3 | 0 0 X 0 X | ALARM             | ALARM  | ALARM | ALARM
            2 3 | 0 - X - - | OK                | OK     | ALARM | OK
            2 3 | - - - - 0 | OK                | OK     | ALARM | OK
            2 3 | - - - X - | ALARM             | retain | ALARM | OK
            """;

    private static final TreatMissingData[] MODES = {
            TreatMissingData.MISSING, TreatMissingData.IGNORE, TreatMissingData.BREACHING,
            TreatMissingData.NOT_BREACHING};

    static Stream<Arguments> cells() {
        List<Arguments> out = new ArrayList<>();
        for (String line : TABLE.strip().split("\n")) {
            String[] parts = line.split("\\|");
            String[] mn = parts[0].trim().split("\\s+");
            for (int mode = 0; mode < MODES.length; mode++) {
                for (AlarmState current : AlarmState.values()) {
                    out.add(Arguments.of(Integer.parseInt(mn[0]), Integer.parseInt(mn[1]), parts[1].trim(),
                            MODES[mode], current, parts[2 + mode].trim()));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} of {1}: {2} with {3} from {4} -> {5}")
    @MethodSource("cells")
    void reproducesTheDocumentedOutcome(int m, int n, String data, TreatMissingData mode, AlarmState current,
                                        String expected) {
        MetricAlarm alarm = TestAlarms.alarm().of(m, n).missing(mode).build();
        assertThat(MetricAlarmEvaluator.evaluationRange(alarm)).isEqualTo(5);

        Evaluation e = MetricAlarmEvaluator.evaluate(alarm, current, TestAlarms.window(data, RANGE_END, 60, 10, 90),
                RANGE_END, RANGE_END + 5_000);

        if (expected.equals("retain")) {
            assertThat(e.retains()).as(e.reason()).isTrue();
            assertThat(e.reasonData()).isNull();
        } else {
            assertThat(e.retains()).as(e.reason()).isFalse();
            assertThat(e.state()).as(e.reason()).isEqualTo(AlarmState.valueOf(expected));
            assertThat(e.reasonData()).startsWith("{\"version\":\"1.0\"");
        }
    }

    @ParameterizedTest(name = "AWS/DynamoDB: {2} with {3} from {4} behaves as ignore")
    @MethodSource("cells")
    void dynamoDbMetricsAlwaysIgnoreMissingData(int m, int n, String data, TreatMissingData mode, AlarmState current,
                                                String ignored) {
        MetricAlarm dynamo = TestAlarms.alarm().namespace("AWS/DynamoDB").of(m, n).missing(mode).build();
        MetricAlarm ignoring = TestAlarms.alarm().of(m, n).missing(TreatMissingData.IGNORE).build();
        List<Datapoint> window = TestAlarms.window(data, RANGE_END, 60, 10, 90);

        Evaluation e = MetricAlarmEvaluator.evaluate(dynamo, current, window, RANGE_END, RANGE_END);
        Evaluation expected = MetricAlarmEvaluator.evaluate(ignoring, current, window, RANGE_END, RANGE_END);

        assertThat(e.state()).isEqualTo(expected.state());
        assertThat(e.retains()).isEqualTo(expected.retains());
    }
}
