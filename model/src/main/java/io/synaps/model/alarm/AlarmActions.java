package io.synaps.model.alarm;

import java.util.List;
import java.util.Objects;

/**
 * AlarmActions is an alarm's ActionsEnabled flag and its action ARNs per state (each list at
 * most 5 ARNs, validated by the API). Immutable.
 */
public record AlarmActions(boolean enabled, List<String> alarm, List<String> ok, List<String> insufficientData) {

    public AlarmActions {
        alarm = List.copyOf(Objects.requireNonNull(alarm, "alarm"));
        ok = List.copyOf(Objects.requireNonNull(ok, "ok"));
        insufficientData = List.copyOf(Objects.requireNonNull(insufficientData, "insufficientData"));
    }

    /** Enabled with no actions (PutMetricAlarm's defaults). */
    public static AlarmActions none() {
        return new AlarmActions(true, List.of(), List.of(), List.of());
    }

    /** The ARNs that run when the alarm enters {@code state}. */
    public List<String> forState(AlarmState state) {
        return switch (state) {
            case ALARM -> alarm;
            case OK -> ok;
            case INSUFFICIENT_DATA -> insufficientData;
        };
    }

    public AlarmActions withEnabled(boolean on) {
        return new AlarmActions(on, alarm, ok, insufficientData);
    }
}
