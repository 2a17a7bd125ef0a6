package io.synaps.model.alarm;

import java.util.Objects;

/**
 * AlarmTransition is one state change of an alarm as the actions side receives it:
 * {@code alarm} is the alarm after the change (its status is the new state), {@code previous}
 * the status before. {@code timestampMillis} equals the new status's updatedMillis and, with the
 * alarm's account and name, identifies the transition (the idempotency key of its deliveries).
 * {@code actionsSuppressed} is true when a composite alarm's actions suppressor holds the actions
 * back. Immutable.
 */
public record AlarmTransition(Alarm alarm, AlarmStatus previous, long timestampMillis, boolean actionsSuppressed) {

    public AlarmTransition {
        Objects.requireNonNull(alarm, "alarm");
        Objects.requireNonNull(previous, "previous");
    }

    /** Whether the transition's actions should run: actions enabled and not suppressed. */
    public boolean actionsDue() {
        return alarm.actions().enabled() && !actionsSuppressed;
    }

    /** {@code account/name/timestamp}: stable across restarts, unique per transition. */
    public String key() {
        return alarm.accountId() + "/" + alarm.name() + "/" + timestampMillis;
    }
}
