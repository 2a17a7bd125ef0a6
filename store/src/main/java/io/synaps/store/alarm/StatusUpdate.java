package io.synaps.store.alarm;

import io.synaps.model.alarm.AlarmHistoryItem;
import io.synaps.model.alarm.AlarmStatus;

import java.util.Objects;

/**
 * StatusUpdate is a conditional write of an alarm's state (see {@link AlarmStore#updateStatus}).
 * {@code suppressedBy} / {@code suppressedReason} apply to composite alarms only (null: not
 * suppressed) and are ignored for metric alarms; {@code history} may be null. Immutable.
 */
public record StatusUpdate(String accountId, String name, long expectedConfigurationUpdatedMillis,
                           AlarmStatus status, String suppressedBy, String suppressedReason,
                           AlarmHistoryItem history) {

    public StatusUpdate {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
    }
}
