package io.synaps.engine.alarm.rule;

import io.synaps.model.alarm.AlarmState;

import java.util.Set;
import java.util.function.Function;

/**
 * AlarmRule is a parsed composite-alarm rule (reference 2.10): ALARM(x), OK(x),
 * INSUFFICIENT_DATA(x), TRUE, FALSE, AND, OR, NOT and parentheses, where x is an alarm name or
 * ARN, quoted or not. Immutable and thread-safe.
 */
public final class AlarmRule {
    private AlarmRule() {
    }

    /**
     * Parses the rule text; ARNs of the caller's region and account are reduced to names.
     *
     * @throws io.synaps.model.AwsError ValidationError / InvalidParameterValue for a rule that does
     *         not parse, is longer than 10,240 characters, has more than 100 children or 500
     *         elements, or names an ARN of another account or region
     */
    public static AlarmRule parse(String text, String region, String accountId) {
        throw new UnsupportedOperationException("written by the evaluator task");
    }

    /** The alarm names the rule references. */
    public Set<String> children() {
        throw new UnsupportedOperationException("written by the evaluator task");
    }

    /** Whether the rule holds when each child is in the state {@code stateOf} gives (null: INSUFFICIENT_DATA). */
    public boolean evaluate(Function<String, AlarmState> stateOf) {
        throw new UnsupportedOperationException("written by the evaluator task");
    }
}
