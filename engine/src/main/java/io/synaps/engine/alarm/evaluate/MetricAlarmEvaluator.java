package io.synaps.engine.alarm.evaluate;

import io.synaps.model.alarm.AlarmState;
import io.synaps.model.alarm.MetricAlarm;

import java.util.List;

/**
 * MetricAlarmEvaluator decides a metric alarm's state from the datapoints of its evaluation
 * range, with AWS's rules (reference 2.8): M out of N, TreatMissingData, the premature-alarm
 * rule, low-sample-count percentiles, and StateReason / StateReasonData texts. Pure and
 * thread-safe (stateless).
 */
public final class MetricAlarmEvaluator {
    private MetricAlarmEvaluator() {
    }

    /** How many periods an evaluation reads (the evaluation range), at least EvaluationPeriods. */
    public static int evaluationRange(MetricAlarm alarm) {
        throw new UnsupportedOperationException("written by the evaluator task");
    }

    /**
     * Where the evaluation range of an evaluation at {@code nowMillis} ends (exclusive, epoch
     * milliseconds): the minute for periods of 60 s and more, the period for 10/20/30 s.
     */
    public static long rangeEnd(MetricAlarm alarm, long nowMillis) {
        throw new UnsupportedOperationException("written by the evaluator task");
    }

    /**
     * Evaluates the alarm. {@code window} holds the datapoints of the range
     * [rangeEndMillis - range x period, rangeEndMillis) in any order, periods without data absent;
     * {@code queryDateMillis} is the evaluation's clock time (StateReasonData's queryDate);
     * {@code current} is the alarm's state now (it decides the wording of some reasons).
     */
    public static Evaluation evaluate(MetricAlarm alarm, AlarmState current, List<Datapoint> window,
                                      long rangeEndMillis, long queryDateMillis) {
        throw new UnsupportedOperationException("written by the evaluator task");
    }
}
