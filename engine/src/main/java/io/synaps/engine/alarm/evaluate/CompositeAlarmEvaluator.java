package io.synaps.engine.alarm.evaluate;

import io.synaps.engine.alarm.rule.AlarmRule;
import io.synaps.model.alarm.Alarm;
import io.synaps.model.alarm.CompositeAlarm;

import java.util.function.Function;

/**
 * CompositeAlarmEvaluator decides a composite alarm's state from its rule and its children's
 * current states (reference 2.10): ALARM when the rule is true, OK when false, with
 * StateReasonData {@code {"triggeringAlarms":[...]}}; a child that does not exist counts as
 * INSUFFICIENT_DATA. Pure and thread-safe (stateless).
 */
public final class CompositeAlarmEvaluator {
    private CompositeAlarmEvaluator() {
    }

    /** Evaluates at {@code nowMillis}; {@code children} maps a child name to the alarm or null. */
    public static Evaluation evaluate(CompositeAlarm alarm, AlarmRule rule, Function<String, Alarm> children,
                                      long nowMillis) {
        throw new UnsupportedOperationException("written by the evaluator task");
    }
}
