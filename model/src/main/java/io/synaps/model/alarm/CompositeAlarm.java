package io.synaps.model.alarm;

import java.util.Objects;

/**
 * CompositeAlarm is a PutCompositeAlarm alarm: {@code rule} is the AlarmRule text verbatim.
 * Action suppression: {@code actionsSuppressor} (an alarm name or ARN, or null) with
 * {@code suppressorWaitPeriod} and {@code suppressorExtensionPeriod} in seconds (null when
 * unset); {@code actionsSuppressedBy} ({@code WaitPeriod}, {@code ExtensionPeriod},
 * {@code Alarm} or null) and {@code actionsSuppressedReason} are the evaluator's output fields.
 * Immutable.
 */
public record CompositeAlarm(String accountId, String name, String arn, String description, AlarmActions actions,
                             String rule, String actionsSuppressor, Integer suppressorWaitPeriod,
                             Integer suppressorExtensionPeriod, long configurationUpdatedMillis, AlarmStatus status,
                             String actionsSuppressedBy, String actionsSuppressedReason) implements Alarm {

    public CompositeAlarm {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(actions, "actions");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(status, "status");
    }

    @Override
    public AlarmType type() {
        return AlarmType.CompositeAlarm;
    }

    @Override
    public CompositeAlarm withStatus(AlarmStatus s) {
        return new CompositeAlarm(accountId, name, arn, description, actions, rule, actionsSuppressor,
                suppressorWaitPeriod, suppressorExtensionPeriod, configurationUpdatedMillis, s, actionsSuppressedBy,
                actionsSuppressedReason);
    }

    @Override
    public CompositeAlarm withActions(AlarmActions a) {
        return new CompositeAlarm(accountId, name, arn, description, a, rule, actionsSuppressor,
                suppressorWaitPeriod, suppressorExtensionPeriod, configurationUpdatedMillis, status,
                actionsSuppressedBy, actionsSuppressedReason);
    }

    /** A copy with the suppression output fields set (both null: not suppressed). */
    public CompositeAlarm withSuppression(String suppressedBy, String suppressedReason) {
        return new CompositeAlarm(accountId, name, arn, description, actions, rule, actionsSuppressor,
                suppressorWaitPeriod, suppressorExtensionPeriod, configurationUpdatedMillis, status, suppressedBy,
                suppressedReason);
    }
}
