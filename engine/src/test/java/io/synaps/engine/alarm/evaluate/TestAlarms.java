package io.synaps.engine.alarm.evaluate;

import io.synaps.model.MetricId;
import io.synaps.model.StandardUnit;
import io.synaps.model.alarm.AlarmActions;
import io.synaps.model.alarm.AlarmArn;
import io.synaps.model.alarm.AlarmStatus;
import io.synaps.model.alarm.ComparisonOperator;
import io.synaps.model.alarm.MetricAlarm;
import io.synaps.model.alarm.TreatMissingData;

import java.util.ArrayList;
import java.util.List;

/**
 * TestAlarms builds metric alarms and windows for evaluator tests: a fluent copy-on-write
 * builder with the defaults of a minimal PutMetricAlarm (Average, 60 s, 1 of 1, greater than
 * 50.0). Immutable.
 */
record TestAlarms(MetricId metric, String statistic, String extendedStatistic, StandardUnit unit, int period,
                  int evaluationPeriods, Integer datapointsToAlarm, double threshold, ComparisonOperator comparison,
                  TreatMissingData treatMissingData, String lowSampleCount) {
    static final String ACCOUNT = "123456789012";
    static final String REGION = "us-east-1";

    static TestAlarms alarm() {
        return new TestAlarms(MetricId.of("App", "Cpu"), "Average", null, null, 60, 1, null, 50.0,
                ComparisonOperator.GreaterThanThreshold, null, null);
    }

    TestAlarms namespace(String ns) {
        return new TestAlarms(MetricId.of(ns, metric.metricName()), statistic, extendedStatistic, unit, period,
                evaluationPeriods, datapointsToAlarm, threshold, comparison, treatMissingData, lowSampleCount);
    }

    TestAlarms statistic(String s) {
        return new TestAlarms(metric, s, null, unit, period, evaluationPeriods, datapointsToAlarm, threshold,
                comparison, treatMissingData, lowSampleCount);
    }

    TestAlarms extendedStatistic(String s) {
        return new TestAlarms(metric, null, s, unit, period, evaluationPeriods, datapointsToAlarm, threshold,
                comparison, treatMissingData, lowSampleCount);
    }

    TestAlarms unit(StandardUnit u) {
        return new TestAlarms(metric, statistic, extendedStatistic, u, period, evaluationPeriods, datapointsToAlarm,
                threshold, comparison, treatMissingData, lowSampleCount);
    }

    TestAlarms period(int p) {
        return new TestAlarms(metric, statistic, extendedStatistic, unit, p, evaluationPeriods, datapointsToAlarm,
                threshold, comparison, treatMissingData, lowSampleCount);
    }

    TestAlarms of(int m, int n) {
        return new TestAlarms(metric, statistic, extendedStatistic, unit, period, n, m, threshold, comparison,
                treatMissingData, lowSampleCount);
    }

    TestAlarms periods(int n) {
        return new TestAlarms(metric, statistic, extendedStatistic, unit, period, n, null, threshold, comparison,
                treatMissingData, lowSampleCount);
    }

    TestAlarms threshold(ComparisonOperator c, double t) {
        return new TestAlarms(metric, statistic, extendedStatistic, unit, period, evaluationPeriods,
                datapointsToAlarm, t, c, treatMissingData, lowSampleCount);
    }

    TestAlarms missing(TreatMissingData t) {
        return new TestAlarms(metric, statistic, extendedStatistic, unit, period, evaluationPeriods,
                datapointsToAlarm, threshold, comparison, t, lowSampleCount);
    }

    TestAlarms lowSampleCount(String option) {
        return new TestAlarms(metric, statistic, extendedStatistic, unit, period, evaluationPeriods,
                datapointsToAlarm, threshold, comparison, treatMissingData, option);
    }

    MetricAlarm build() {
        return build("alarm", AlarmStatus.initial(0L));
    }

    MetricAlarm build(String name, AlarmStatus status) {
        return new MetricAlarm(ACCOUNT, name, AlarmArn.of(REGION, ACCOUNT, name), null, AlarmActions.none(),
                metric, statistic, extendedStatistic, unit, period, evaluationPeriods, datapointsToAlarm, threshold,
                comparison, treatMissingData, lowSampleCount, 0L, status);
    }

    /**
     * The window a row such as {@code 0 - X - X} describes (oldest left, newest right, the newest
     * period ending at {@code rangeEnd}): {@code 0} = {@code ok}, {@code X} = {@code bad}, {@code -} = missing.
     */
    static List<Datapoint> window(String row, long rangeEnd, int periodSeconds, double ok, double bad) {
        String[] cells = row.trim().split("\\s+");
        List<Datapoint> out = new ArrayList<>();
        for (int i = 0; i < cells.length; i++) {
            long start = rangeEnd - (long) (cells.length - i) * periodSeconds * 1000;
            switch (cells[i]) {
                case "0" -> out.add(new Datapoint(start, ok, 1));
                case "X" -> out.add(new Datapoint(start, bad, 1));
                case "-" -> {
                }
                default -> throw new IllegalArgumentException("cell " + cells[i]);
            }
        }
        return out;
    }
}
