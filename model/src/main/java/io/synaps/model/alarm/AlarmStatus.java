package io.synaps.model.alarm;

import java.util.Objects;

/**
 * AlarmStatus is an alarm's state fields: StateValue, StateReason, StateReasonData (a JSON
 * text or null), StateUpdatedTimestamp and StateTransitionedTimestamp (epoch milliseconds).
 * Immutable.
 */
public record AlarmStatus(AlarmState value, String reason, String reasonData, long updatedMillis,
                          long transitionedMillis) {

    /** The reason every new alarm starts with. */
    public static final String INITIAL_REASON = "Unchecked: Initial alarm creation";

    public AlarmStatus {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(reason, "reason");
    }

    /** INSUFFICIENT_DATA with "Unchecked: Initial alarm creation" at {@code nowMillis}. */
    public static AlarmStatus initial(long nowMillis) {
        return new AlarmStatus(AlarmState.INSUFFICIENT_DATA, INITIAL_REASON, null, nowMillis, nowMillis);
    }

    /**
     * The status after moving to {@code next} at {@code nowMillis}: the transitioned timestamp
     * moves only when the value changes.
     */
    public AlarmStatus moveTo(AlarmState next, String nextReason, String nextReasonData, long nowMillis) {
        long transitioned = next == value ? transitionedMillis : nowMillis;
        return new AlarmStatus(next, nextReason, nextReasonData, nowMillis, transitioned);
    }
}
