package io.synaps.engine.alarm.evaluate;

import io.synaps.model.alarm.AlarmState;

/**
 * Evaluation is the outcome of evaluating an alarm once: the state it should be in, or null to
 * keep the current one (TreatMissingData ignore, low sample counts), with the StateReason text
 * and StateReasonData JSON (may be null) that go with a change. Immutable.
 */
public record Evaluation(AlarmState state, String reason, String reasonData) {

    /** Keep the current state. */
    public static Evaluation retain(String why) {
        return new Evaluation(null, why, null);
    }

    public boolean retains() {
        return state == null;
    }
}
