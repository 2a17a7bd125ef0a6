package io.synaps.engine.alarm.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.synaps.model.alarm.AlarmState;
import io.synaps.model.alarm.ComparisonOperator;
import io.synaps.model.alarm.MetricAlarm;
import io.synaps.model.alarm.TreatMissingData;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random alarms over random windows: the decision ignores points outside the range and the
 * window's order, {@code state} agrees with {@code evaluate}, breaching / notBreaching never give INSUFFICIENT_DATA or keep the state,
 * INSUFFICIENT_DATA needs an empty range, TreatMissingData does not matter with N real points,
 * more breaching points never turn ALARM into OK where the rules are monotonic, and
 * StateReasonData is well-formed JSON consistent with the decision.
 */
class MetricAlarmEvaluatorProperties {
    private static final int[] PERIODS = {10, 20, 30, 60, 120, 300, 3600};
    private static final ComparisonOperator[] OPERATORS = {ComparisonOperator.GreaterThanOrEqualToThreshold,
            ComparisonOperator.GreaterThanThreshold, ComparisonOperator.LessThanThreshold,
            ComparisonOperator.LessThanOrEqualToThreshold};
    private static final TreatMissingData[] MODES = {null, TreatMissingData.MISSING, TreatMissingData.IGNORE,
            TreatMissingData.BREACHING, TreatMissingData.NOT_BREACHING};
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void decisionsFollowTheRulesOnRandomWindows() throws Exception {
        long seed = Long.getLong("seed", System.nanoTime());
        System.out.println("MetricAlarmEvaluatorProperties seed=" + seed + " (rerun with -Dseed=" + seed + ")");
        Random random = new Random(seed);
        long base = Instant.parse("2026-05-01T10:00:00Z").toEpochMilli();

        for (int iteration = 0; iteration < 3_000; iteration++) {
            int n = 1 + random.nextInt(8);
            int m = 1 + random.nextInt(n);
            int period = PERIODS[random.nextInt(PERIODS.length)];
            TreatMissingData mode = MODES[random.nextInt(MODES.length)];
            TestAlarms spec = TestAlarms.alarm().period(period).of(m, n).missing(mode)
                    .threshold(OPERATORS[random.nextInt(OPERATORS.length)], 50);
            if (random.nextInt(10) == 0) {
                spec = spec.namespace("AWS/DynamoDB");
            }
            MetricAlarm alarm = spec.build();
            long now = base + random.nextInt(86_400_000);
            long end = MetricAlarmEvaluator.rangeEnd(alarm, now);
            int range = MetricAlarmEvaluator.evaluationRange(alarm);
            long p = period * 1000L;
            double missingShare = random.nextDouble();

            List<Datapoint> window = new ArrayList<>();
            for (int i = 0; i < range; i++) {
                if (random.nextDouble() >= missingShare) {
                    window.add(new Datapoint(end - (range - i) * p, random.nextInt(101), 1 + random.nextInt(5)));
                }
            }
            List<Datapoint> noisy = new ArrayList<>(window);
            for (int k = random.nextInt(4); k > 0; k--) {
                long t = random.nextBoolean() ? end + random.nextInt(5) * p : end - (range + 1 + random.nextInt(5)) * p;
                noisy.add(new Datapoint(t, random.nextInt(101), 1));
            }
            Collections.shuffle(noisy, random);
            AlarmState current = AlarmState.values()[random.nextInt(3)];
            String context = "iteration " + iteration + ": " + alarm + " window " + window;

            Evaluation e = MetricAlarmEvaluator.evaluate(alarm, current, window, end, now);
            Evaluation withNoise = MetricAlarmEvaluator.evaluate(alarm, current, noisy, end, now);
            assertThat(withNoise).as(context).isEqualTo(e);
            assertThat(MetricAlarmEvaluator.state(alarm, noisy, end)).as(context).isEqualTo(e.state());

            TreatMissingData effective = MetricAlarmEvaluator.mode(alarm);
            if (effective == TreatMissingData.BREACHING || effective == TreatMissingData.NOT_BREACHING) {
                assertThat(e.retains()).as(context).isFalse();
                assertThat(e.state()).as(context).isNotEqualTo(AlarmState.INSUFFICIENT_DATA);
            }
            if (e.state() == AlarmState.INSUFFICIENT_DATA) {
                assertThat(window).as(context).isEmpty();
                assertThat(effective).as(context).isEqualTo(TreatMissingData.MISSING);
            }
            if (window.size() >= n) {
                for (TreatMissingData other : MODES) {
                    Evaluation e2 = MetricAlarmEvaluator.evaluate(spec.missing(other).build(), current, window, end, now);
                    assertThat(e2.state()).as(context + " with " + other).isEqualTo(e.state());
                }
            }
            if (e.state() == AlarmState.ALARM && (window.size() >= n || effective == TreatMissingData.BREACHING
                    || effective == TreatMissingData.NOT_BREACHING)) {
                List<Datapoint> worse = new ArrayList<>();
                for (Datapoint d : window) {
                    boolean flip = random.nextBoolean() && !MetricAlarmEvaluator.breaches(alarm, d);
                    worse.add(flip ? new Datapoint(d.timestampMillis(), breachingValue(alarm), d.sampleCount()) : d);
                }
                assertThat(MetricAlarmEvaluator.evaluate(alarm, current, worse, end, now).state()).as(context)
                        .isEqualTo(AlarmState.ALARM);
            }
            if (!e.retains()) {
                checkReasonData(alarm, e, window, end, now, context);
            }
        }
    }

    private static double breachingValue(MetricAlarm alarm) {
        return switch (alarm.comparison()) {
            case GreaterThanOrEqualToThreshold, GreaterThanThreshold -> 1_000;
            default -> -1_000;
        };
    }

    private static void checkReasonData(MetricAlarm alarm, Evaluation e, List<Datapoint> window, long end, long now,
                                        String context) throws Exception {
        JsonNode data = JSON.readTree(e.reasonData());
        List<String> keys = new ArrayList<>();
        data.fieldNames().forEachRemaining(keys::add);
        List<String> expectedKeys = new ArrayList<>(List.of("version", "queryDate", "startDate", "statistic", "period",
                "recentDatapoints", "threshold", "evaluatedDatapoints"));
        if (data.get("recentDatapoints").isEmpty()) {
            expectedKeys.remove("startDate");
        }
        assertThat(keys).as(context).isEqualTo(expectedKeys);
        assertThat(data.get("queryDate").asText()).isEqualTo(ReasonDates.data(now));

        JsonNode evaluated = data.get("evaluatedDatapoints");
        int n = alarm.evaluationPeriods();
        assertThat(evaluated.size()).as(context).isBetween(1, n);
        int real = 0;
        String previous = null;
        for (Iterator<JsonNode> it = evaluated.elements(); it.hasNext(); ) {
            JsonNode d = it.next();
            String ts = d.get("timestamp").asText();
            if (previous != null) {
                assertThat(ts).as(context + " newest first").isLessThan(previous);
            }
            previous = ts;
            if (d.has("value")) {
                real++;
            }
        }
        assertThat(data.get("recentDatapoints").size()).as(context).isEqualTo(real);
        assertThat(window.size() >= n ? n : window.size()).as(context).isEqualTo(real);
    }
}
