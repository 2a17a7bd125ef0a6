package io.synaps.engine.alarm.evaluate;

import io.synaps.model.StandardUnit;
import io.synaps.model.alarm.AlarmState;
import io.synaps.model.alarm.ComparisonOperator;
import io.synaps.model.alarm.MetricAlarm;
import io.synaps.model.alarm.TreatMissingData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;

import static io.synaps.engine.alarm.evaluate.TestAlarms.alarm;
import static io.synaps.engine.alarm.evaluate.TestAlarms.window;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetricAlarmEvaluatorTest {
    private static final long END = millis("2026-03-02T12:00:00Z");

    private static long millis(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    private static Evaluation evaluate(TestAlarms a, AlarmState current, String row) {
        return MetricAlarmEvaluator.evaluate(a.build(), current, window(row, END, 60, 10, 90), END, END + 1_500);
    }

    // ---- the evaluation range and its end

    @ParameterizedTest(name = "N = {0}, Period {1} s reads {2} periods")
    @CsvSource({"1, 60, 3", "2, 60, 4", "3, 60, 5", "5, 60, 7", "6, 60, 8", "9, 60, 12", "30, 60, 40",
            "100, 3600, 133", "160, 3600, 168", "7, 86400, 7", "1, 10, 3"})
    void evaluationRangeIsNPlusAThirdAtLeastTwoWithinSevenDays(int n, int period, int expected) {
        assertThat(MetricAlarmEvaluator.evaluationRange(alarm().periods(n).period(period).build()))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "Period {0} s at {1} ends the range at {2}")
    @CsvSource({
            "60,  2026-03-02T12:00:59.999Z, 2026-03-02T12:00:00Z",
            "60,  2026-03-02T12:01:00Z,     2026-03-02T12:01:00Z",
            "300, 2026-03-02T18:59:06.419Z, 2026-03-02T18:59:00Z",
            "3600, 2026-03-02T18:59:06Z,    2026-03-02T18:59:00Z",
            "10,  2026-03-02T12:00:19.999Z, 2026-03-02T12:00:10Z",
            "20,  2026-03-02T12:00:59Z,     2026-03-02T12:00:40Z",
            "30,  2026-03-02T12:00:59Z,     2026-03-02T12:00:30Z"})
    void rangeEndsAtTheMinuteOrAtTheHighResolutionPeriod(int period, String now, String end) {
        assertThat(MetricAlarmEvaluator.rangeEnd(alarm().period(period).build(), millis(now))).isEqualTo(millis(end));
    }

    // ---- reason texts and StateReasonData pinned to AWS's recordings

    @Test
    void reproducesTheRecordedThresholdCrossedReasonAndData() {
        MetricAlarm a = alarm().period(10).threshold(ComparisonOperator.GreaterThanThreshold, 21).build();
        long now = millis("2024-01-03T11:36:10.500Z");
        List<Datapoint> w = List.of(new Datapoint(millis("2024-01-03T11:36:00Z"), 21.5, 2));

        Evaluation e = MetricAlarmEvaluator.evaluate(a, AlarmState.INSUFFICIENT_DATA, w,
                MetricAlarmEvaluator.rangeEnd(a, now), now);

        assertThat(e.state()).isEqualTo(AlarmState.ALARM);
        assertThat(e.reason())
                .isEqualTo("Threshold Crossed: 1 datapoint [21.5 (03/01/24 11:36:00)] was greater than the threshold (21.0).");
        assertThat(e.reasonData()).isEqualTo("{\"version\":\"1.0\",\"queryDate\":\"2024-01-03T11:36:10.500+0000\","
                + "\"startDate\":\"2024-01-03T11:36:00.000+0000\",\"statistic\":\"Average\",\"period\":10,"
                + "\"recentDatapoints\":[21.5],\"threshold\":21.0,\"evaluatedDatapoints\":[{\"timestamp\":"
                + "\"2024-01-03T11:36:00.000+0000\",\"sampleCount\":2.0,\"value\":21.5}]}");
    }

    @Test
    void reproducesTheRecordedBreachingWithNoDataReasonAndData() {
        MetricAlarm a = alarm().period(10).periods(2).missing(TreatMissingData.BREACHING)
                .threshold(ComparisonOperator.GreaterThanThreshold, 30).build();
        long now = millis("2024-01-03T11:36:10.500Z");

        Evaluation e = MetricAlarmEvaluator.evaluate(a, AlarmState.INSUFFICIENT_DATA, List.of(),
                MetricAlarmEvaluator.rangeEnd(a, now), now);

        assertThat(e.state()).isEqualTo(AlarmState.ALARM);
        assertThat(e.reason()).isEqualTo("Threshold Crossed: no datapoints were received for 2 periods and 2 missing "
                + "datapoints were treated as [Breaching].");
        assertThat(e.reasonData()).isEqualTo("{\"version\":\"1.0\",\"queryDate\":\"2024-01-03T11:36:10.500+0000\","
                + "\"statistic\":\"Average\",\"period\":10,\"recentDatapoints\":[],\"threshold\":30.0,"
                + "\"evaluatedDatapoints\":[{\"timestamp\":\"2024-01-03T11:36:00.000+0000\"},"
                + "{\"timestamp\":\"2024-01-03T11:35:50.000+0000\"}]}");
    }

    @Test
    void reproducesTheCliExampleOfAnOkTransition() {
        // aws-cli describe-alarms.rst: 2 of 2 at 300 s evaluated at 18:59:06.419, the 18:54 bucket not yet there.
        MetricAlarm a = alarm().period(300).periods(2).threshold(ComparisonOperator.GreaterThanThreshold, 70).build();
        long now = millis("2014-04-09T18:59:06.419Z");
        List<Datapoint> w = List.of(new Datapoint(millis("2014-04-09T18:44:00Z"), 38.958, 5),
                new Datapoint(millis("2014-04-09T18:49:00Z"), 40.292, 5));

        Evaluation e = MetricAlarmEvaluator.evaluate(a, AlarmState.ALARM, w, MetricAlarmEvaluator.rangeEnd(a, now), now);

        assertThat(e.state()).isEqualTo(AlarmState.OK);
        assertThat(e.reason()).isEqualTo("Threshold Crossed: 2 datapoints were not greater than the threshold (70.0). "
                + "The most recent datapoints: [38.958, 40.292].");
        assertThat(e.reasonData()).startsWith("{\"version\":\"1.0\",\"queryDate\":\"2014-04-09T18:59:06.419+0000\","
                + "\"startDate\":\"2014-04-09T18:44:00.000+0000\",\"statistic\":\"Average\",\"period\":300,"
                + "\"recentDatapoints\":[38.958,40.292],\"threshold\":70.0,\"evaluatedDatapoints\":["
                + "{\"timestamp\":\"2014-04-09T18:49:00.000+0000\",\"sampleCount\":5.0,\"value\":40.292},"
                + "{\"timestamp\":\"2014-04-09T18:44:00.000+0000\",\"sampleCount\":5.0,\"value\":38.958}]}");
    }

    @Test
    void okToAlarmListsEveryEvaluatedDatapointNewestFirstWithTheMinimum() {
        Evaluation e = MetricAlarmEvaluator.evaluate(alarm().of(2, 3).build(), AlarmState.OK,
                List.of(new Datapoint(END - 180_000, 10, 1), new Datapoint(END - 120_000, 90, 1),
                        new Datapoint(END - 60_000, 95, 1)), END, END);

        assertThat(e.state()).isEqualTo(AlarmState.ALARM);
        assertThat(e.reason()).isEqualTo("Threshold Crossed: 2 out of the last 3 datapoints [95.0 (02/03/26 11:59:00), "
                + "90.0 (02/03/26 11:58:00), 10.0 (02/03/26 11:57:00)] were greater than the threshold (50.0) "
                + "(minimum 2 datapoints for OK -> ALARM transition).");
    }

    @Test
    void okToAlarmWithOneBreachingDatapointSaysWas() {
        Evaluation e = evaluate(alarm().of(1, 2), AlarmState.OK, "- - - 0 X");

        assertThat(e.reason()).isEqualTo("Threshold Crossed: 1 out of the last 2 datapoints [90.0 (02/03/26 11:59:00), "
                + "10.0 (02/03/26 11:58:00)] was greater than the threshold (50.0) "
                + "(minimum 1 datapoint for OK -> ALARM transition).");
    }

    @Test
    void insufficientDataToOkListsTheGoodDatapointsNewestFirst() {
        Evaluation e = evaluate(alarm().periods(2), AlarmState.INSUFFICIENT_DATA, "- - 0 - 0");

        assertThat(e.state()).isEqualTo(AlarmState.OK);
        assertThat(e.reason()).isEqualTo("Threshold Crossed: 2 datapoints [10.0 (02/03/26 11:59:00), "
                + "10.0 (02/03/26 11:57:00)] were not greater than the threshold (50.0).");
        assertThat(e.reasonData()).contains("\"startDate\":\"2026-03-02T11:57:00.000+0000\"");
    }

    @Test
    void missingDataEverywhereIsInsufficientDataWithUnknownDatapoints() {
        Evaluation e = evaluate(alarm().periods(3), AlarmState.OK, "- - - - -");

        assertThat(e.state()).isEqualTo(AlarmState.INSUFFICIENT_DATA);
        assertThat(e.reason()).isEqualTo("Insufficient Data: 3 datapoints were unknown.");
        assertThat(e.reasonData()).isEqualTo("{\"version\":\"1.0\",\"queryDate\":\"2026-03-02T12:00:01.500+0000\","
                + "\"statistic\":\"Average\",\"period\":60,\"recentDatapoints\":[],\"threshold\":50.0,"
                + "\"evaluatedDatapoints\":[{\"timestamp\":\"2026-03-02T11:59:00.000+0000\"},"
                + "{\"timestamp\":\"2026-03-02T11:58:00.000+0000\"},{\"timestamp\":\"2026-03-02T11:57:00.000+0000\"}]}");
        assertThat(evaluate(alarm().periods(1), AlarmState.OK, "- - -").reason())
                .isEqualTo("Insufficient Data: 1 datapoint was unknown.");
    }

    @Test
    void notBreachingWithNoDataIsOkWithNonBreachingText() {
        Evaluation e = evaluate(alarm().periods(1).missing(TreatMissingData.NOT_BREACHING), AlarmState.ALARM, "- - -");

        assertThat(e.state()).isEqualTo(AlarmState.OK);
        assertThat(e.reason()).isEqualTo("Threshold Crossed: no datapoints were received for 1 period and 1 missing "
                + "datapoint was treated as [NonBreaching].");
    }

    @Test
    void filledBreachingPeriodsAreNamedAfterTheRealOnesAndListedAsTimestamps() {
        Evaluation e = evaluate(alarm().periods(3).missing(TreatMissingData.BREACHING), AlarmState.INSUFFICIENT_DATA,
                "- - X - -");

        assertThat(e.state()).isEqualTo(AlarmState.ALARM);
        assertThat(e.reason()).isEqualTo("Threshold Crossed: 1 datapoint [90.0 (02/03/26 11:57:00)] was greater than "
                + "the threshold (50.0) and 2 missing datapoints were treated as [Breaching].");
        assertThat(e.reasonData()).endsWith("\"recentDatapoints\":[90.0],\"threshold\":50.0,\"evaluatedDatapoints\":["
                + "{\"timestamp\":\"2026-03-02T11:59:00.000+0000\"},{\"timestamp\":\"2026-03-02T11:58:00.000+0000\"},"
                + "{\"timestamp\":\"2026-03-02T11:57:00.000+0000\",\"sampleCount\":1.0,\"value\":90.0}]}");
        assertThat(e.reasonData()).contains("\"startDate\":\"2026-03-02T11:57:00.000+0000\"");
    }

    @Test
    void alarmOnlyFromFilledPeriodsSaysSo() {
        Evaluation e = evaluate(alarm().of(2, 3).missing(TreatMissingData.BREACHING), AlarmState.INSUFFICIENT_DATA,
                "- - - - 0");

        assertThat(e.state()).isEqualTo(AlarmState.ALARM);
        assertThat(e.reason()).isEqualTo("Threshold Crossed: 2 missing datapoints were treated as [Breaching] and "
                + "1 datapoint [10.0 (02/03/26 11:59:00)] was not greater than the threshold (50.0).");
    }

    @Test
    void okWithFilledBreachingPeriodsNamesThemToo() {
        Evaluation e = evaluate(alarm().periods(3).missing(TreatMissingData.BREACHING), AlarmState.ALARM, "0 - - - -");

        assertThat(e.state()).isEqualTo(AlarmState.OK);
        assertThat(e.reason()).isEqualTo("Threshold Crossed: 1 datapoint was not greater than the threshold (50.0) and "
                + "2 missing datapoints were treated as [Breaching]. The most recent datapoints: [10.0].");
    }

    @Test
    void okWithOnlyBreachingDatapointsSaysTooFewForAlarm() {
        Evaluation fromAlarm = evaluate(alarm().periods(3).missing(TreatMissingData.NOT_BREACHING), AlarmState.ALARM,
                "- - X - -");
        Evaluation fresh = evaluate(alarm().periods(3), AlarmState.INSUFFICIENT_DATA, "- - - - X");

        assertThat(fromAlarm.state()).isEqualTo(AlarmState.OK);
        assertThat(fromAlarm.reason()).isEqualTo("Threshold Crossed: 1 datapoint was greater than the threshold (50.0), "
                + "fewer than the 3 needed for ALARM and 2 missing datapoints were treated as [NonBreaching]. "
                + "The most recent datapoints: [90.0].");
        assertThat(fresh.state()).isEqualTo(AlarmState.OK);
        assertThat(fresh.reason()).isEqualTo("Threshold Crossed: 1 datapoint [90.0 (02/03/26 11:59:00)] was greater "
                + "than the threshold (50.0), fewer than the 3 needed for ALARM.");
    }

    @Test
    void withMoreRealDatapointsThanNTheNewestNAreEvaluated() {
        Evaluation e = evaluate(alarm().periods(3), AlarmState.INSUFFICIENT_DATA, "0 X X - X");

        assertThat(e.state()).isEqualTo(AlarmState.ALARM);
        assertThat(e.reason()).isEqualTo("Threshold Crossed: 3 datapoints [90.0 (02/03/26 11:59:00), "
                + "90.0 (02/03/26 11:57:00), 90.0 (02/03/26 11:56:00)] were greater than the threshold (50.0).");
        assertThat(e.reasonData()).contains("\"startDate\":\"2026-03-02T11:56:00.000+0000\"",
                "\"recentDatapoints\":[90.0,90.0,90.0]");
        assertThat(e.reasonData()).doesNotContain("11:55:00");
    }

    // ---- the premature-alarm rule

    @Test
    void prematureAlarmNeedsTheBreachToBeMPeriodsOld() {
        assertThat(evaluate(alarm().periods(3), AlarmState.OK, "- - X - -").state()).isEqualTo(AlarmState.ALARM);
        assertThat(evaluate(alarm().periods(3), AlarmState.OK, "- - - X -").state()).isEqualTo(AlarmState.OK);
        assertThat(evaluate(alarm().periods(3), AlarmState.OK, "- - - - X").state()).isEqualTo(AlarmState.OK);
        assertThat(evaluate(alarm().periods(3).missing(TreatMissingData.IGNORE), AlarmState.OK, "- - - - X").state())
                .isEqualTo(AlarmState.OK);
        assertThat(evaluate(alarm().of(2, 3), AlarmState.OK, "- - - X -").state()).isEqualTo(AlarmState.ALARM);
        assertThat(evaluate(alarm().of(2, 3), AlarmState.OK, "- - - - X").state()).isEqualTo(AlarmState.OK);
    }

    @Test
    void prematureAlarmDoesNotFireWhenAGoodDatapointFollowsTheBreach() {
        assertThat(evaluate(alarm().periods(4), AlarmState.OK, "- - X - 0 -").state()).isEqualTo(AlarmState.OK);
        assertThat(evaluate(alarm().periods(4), AlarmState.OK, "- - X X - -").state()).isEqualTo(AlarmState.ALARM);
    }

    @Test
    void prematureAlarmOnlyLooksAtTheNewestNPeriods() {
        // The breach at 11:56 lies outside the newest 3 periods: nothing to alarm on yet.
        assertThat(evaluate(alarm().periods(3), AlarmState.OK, "- X - - -").state()).isEqualTo(AlarmState.OK);
    }

    @Test
    void prematureAlarmReasonIsTheThresholdText() {
        Evaluation fresh = evaluate(alarm().periods(3), AlarmState.INSUFFICIENT_DATA, "- - X - -");
        Evaluation fromOk = evaluate(alarm().periods(3), AlarmState.OK, "- - X - -");

        assertThat(fresh.reason()).isEqualTo("Threshold Crossed: 1 datapoint [90.0 (02/03/26 11:57:00)] was greater "
                + "than the threshold (50.0).");
        assertThat(fromOk.reason()).isEqualTo("Threshold Crossed: 1 out of the last 1 datapoints [90.0 (02/03/26 "
                + "11:57:00)] was greater than the threshold (50.0) (minimum 3 datapoints for OK -> ALARM transition).");
        assertThat(fresh.reasonData()).endsWith("\"evaluatedDatapoints\":[{\"timestamp\":\"2026-03-02T11:57:00.000+0000\","
                + "\"sampleCount\":1.0,\"value\":90.0}]}");
    }

    @Test
    void prematureAlarmWithIgnoreKeepsTheStateAndSaysWhy() {
        Evaluation e = evaluate(alarm().periods(3).missing(TreatMissingData.IGNORE), AlarmState.OK, "- - X - -");

        assertThat(e.retains()).isTrue();
        assertThat(e.reason()).isEqualTo("TreatMissingData ignore: 1 datapoint [90.0 (02/03/26 11:57:00)] was greater "
                + "than the threshold (50.0) but only 1 of the 3 datapoints needed for ALARM were received; the "
                + "current state is kept.");
    }

    @Test
    void ignoreWithNoDataKeepsTheStateAndDynamoDbSaysItIsDynamoDb() {
        assertThat(evaluate(alarm().periods(2).missing(TreatMissingData.IGNORE), AlarmState.ALARM, "- - - -").reason())
                .isEqualTo("TreatMissingData ignore: no datapoints were received for 2 periods; the current state is kept.");
        Evaluation dynamo = evaluate(alarm().namespace("AWS/DynamoDB").periods(2).missing(TreatMissingData.BREACHING),
                AlarmState.ALARM, "- - - -");
        assertThat(dynamo.retains()).isTrue();
        assertThat(dynamo.reason()).isEqualTo("Missing data is ignored for AWS/DynamoDB: no datapoints were received "
                + "for 2 periods; the current state is kept.");
    }

    // ---- M out of N

    @Test
    void goesToAlarmWhenThreeOfFiveBreach() {
        TestAlarms a = alarm().of(3, 5);
        assertThat(evaluate(a, AlarmState.OK, "- - X 0 X 0 X").state()).isEqualTo(AlarmState.ALARM);
        assertThat(evaluate(a, AlarmState.OK, "- - X 0 0 0 X").state()).isEqualTo(AlarmState.OK);
        assertThat(evaluate(a, AlarmState.OK, "X X 0 0 0 0 X").state()).isEqualTo(AlarmState.OK);
        assertThat(evaluate(a, AlarmState.OK, "X X X 0 0 - -").state()).isEqualTo(AlarmState.ALARM);
    }

    @Test
    void goesToAlarmAfterThreeBreachingPeriods() {
        TestAlarms a = alarm().periods(3);
        assertThat(evaluate(a, AlarmState.OK, "0 0 0 X X").state()).isEqualTo(AlarmState.OK);
        assertThat(evaluate(a, AlarmState.OK, "0 0 X X X").state()).isEqualTo(AlarmState.ALARM);
        assertThat(evaluate(a, AlarmState.ALARM, "0 X X X 0").state()).isEqualTo(AlarmState.OK);
    }

    // ---- comparison operators

    @ParameterizedTest(name = "{0}: 49 -> {1}, 50 -> {2}, 51 -> {3}")
    @CsvSource({
            "GreaterThanOrEqualToThreshold, OK,    ALARM, ALARM, greater than or equal to",
            "GreaterThanThreshold,          OK,    OK,    ALARM, greater than",
            "LessThanThreshold,             ALARM, OK,    OK,    less than",
            "LessThanOrEqualToThreshold,    ALARM, ALARM, OK,    less than or equal to"})
    void comparesWithEveryStaticOperator(ComparisonOperator op, AlarmState below, AlarmState equal, AlarmState above,
                                         String phrase) {
        MetricAlarm a = alarm().threshold(op, 50).build();
        double[] values = {49, 50, 51};
        AlarmState[] expected = {below, equal, above};
        for (int i = 0; i < 3; i++) {
            Evaluation e = MetricAlarmEvaluator.evaluate(a, AlarmState.INSUFFICIENT_DATA,
                    List.of(new Datapoint(END - 60_000, values[i], 1)), END, END);
            assertThat(e.state()).as("value %s", values[i]).isEqualTo(expected[i]);
            assertThat(e.reason()).contains(phrase + " the threshold (50.0)");
        }
    }

    // ---- low sample counts on percentiles

    @ParameterizedTest(name = "{0} with {1} samples: retained {2}")
    @CsvSource({"p99, 999, true", "p99, 1000, false", "p50, 19, true", "p50, 20, false", "p10, 99, true",
            "p10, 100, false", "p90, 99, true", "p90, 100, false"})
    void ignoreKeepsTheStateWhenAPercentileHasTooFewSamples(String p, double samples, boolean retained) {
        MetricAlarm a = alarm().extendedStatistic(p).lowSampleCount("ignore").build();
        Evaluation e = MetricAlarmEvaluator.evaluate(a, AlarmState.OK,
                List.of(new Datapoint(END - 60_000, 90, samples)), END, END);

        assertThat(e.retains()).as(e.reason()).isEqualTo(retained);
        if (!retained) {
            assertThat(e.state()).isEqualTo(AlarmState.ALARM);
        }
    }

    @Test
    void lowSampleCountReasonNamesTheDatapointAndTheMinimum() {
        MetricAlarm a = alarm().extendedStatistic("p99").lowSampleCount("ignore").build();
        Evaluation e = MetricAlarmEvaluator.evaluate(a, AlarmState.OK,
                List.of(new Datapoint(END - 60_000, 90, 12)), END, END);

        assertThat(e.reason()).isEqualTo("EvaluateLowSampleCountPercentile ignore: the datapoint [90.0 (02/03/26 "
                + "11:59:00)] has 12.0 samples, fewer than the 1000 that p99 needs; the current state is kept.");
    }

    @Test
    void lowSampleCountsAreEvaluatedByDefaultAndOnlyMatterForPercentiles() {
        List<Datapoint> few = List.of(new Datapoint(END - 60_000, 90, 1));
        assertThat(MetricAlarmEvaluator.evaluate(alarm().extendedStatistic("p99").build(), AlarmState.OK, few, END, END)
                .state()).isEqualTo(AlarmState.ALARM);
        assertThat(MetricAlarmEvaluator.evaluate(alarm().extendedStatistic("p99").lowSampleCount("evaluate").build(),
                AlarmState.OK, few, END, END).state()).isEqualTo(AlarmState.ALARM);
        assertThat(MetricAlarmEvaluator.evaluate(alarm().extendedStatistic("tm90").lowSampleCount("ignore").build(),
                AlarmState.OK, few, END, END).state()).isEqualTo(AlarmState.ALARM);
    }

    @Test
    void lowSampleCountOnlyLooksAtEvaluatedDatapoints() {
        MetricAlarm a = alarm().extendedStatistic("p50").lowSampleCount("ignore").build();
        // The 1-sample datapoint is older than the newest N = 1 real one, so it is not evaluated.
        Evaluation e = MetricAlarmEvaluator.evaluate(a, AlarmState.OK,
                List.of(new Datapoint(END - 180_000, 90, 1), new Datapoint(END - 60_000, 90, 50)), END, END);

        assertThat(e.state()).isEqualTo(AlarmState.ALARM);
    }

    // ---- StateReasonData members

    @Test
    void reasonDataCarriesTheUnitAndTheExtendedStatisticUnderStatistic() {
        MetricAlarm a = alarm().extendedStatistic("p99.5").unit(StandardUnit.MILLISECONDS).build();
        Evaluation e = MetricAlarmEvaluator.evaluate(a, AlarmState.OK, List.of(new Datapoint(END - 60_000, 51, 3)),
                END, END);

        assertThat(e.reasonData()).isEqualTo("{\"version\":\"1.0\",\"queryDate\":\"2026-03-02T12:00:00.000+0000\","
                + "\"startDate\":\"2026-03-02T11:59:00.000+0000\",\"unit\":\"Milliseconds\",\"statistic\":\"p99.5\","
                + "\"period\":60,\"recentDatapoints\":[51.0],\"threshold\":50.0,\"evaluatedDatapoints\":["
                + "{\"timestamp\":\"2026-03-02T11:59:00.000+0000\",\"sampleCount\":3.0,\"value\":51.0}]}");
    }

    // ---- the window contract

    @Test
    void datapointsOutsideTheRangeAndNaNValuesAreIgnored() {
        List<Datapoint> w = List.of(new Datapoint(END, 90, 1), new Datapoint(END + 60_000, 90, 1),
                new Datapoint(END - 4 * 60_000, 90, 1), new Datapoint(END - 60_000, Double.NaN, 1));

        Evaluation e = MetricAlarmEvaluator.evaluate(alarm().build(), AlarmState.OK, w, END, END);

        assertThat(e.state()).isEqualTo(AlarmState.INSUFFICIENT_DATA);
    }

    @Test
    void refusesDatapointsThatDoNotStartAPeriodOrShareOne() {
        MetricAlarm a = alarm().build();
        assertThatThrownBy(() -> MetricAlarmEvaluator.evaluate(a, AlarmState.OK,
                List.of(new Datapoint(END - 30_000, 90, 1)), END, END))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not start a period");
        assertThatThrownBy(() -> MetricAlarmEvaluator.evaluate(a, AlarmState.OK,
                List.of(new Datapoint(END - 60_000, 90, 1), new Datapoint(END - 60_000, 10, 1)), END, END))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two datapoints");
    }

    @Test
    void aNullCurrentStateReadsAsInsufficientData() {
        Evaluation e = evaluate(alarm(), null, "- - X");

        assertThat(e.reason()).isEqualTo("Threshold Crossed: 1 datapoint [90.0 (02/03/26 11:59:00)] was greater than "
                + "the threshold (50.0).");
    }
}
