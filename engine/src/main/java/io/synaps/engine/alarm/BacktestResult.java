package io.synaps.engine.alarm;

import io.synaps.model.alarm.AlarmState;

import java.util.List;

/**
 * BacktestResult is what an alarm definition would have done over a past time range: its state
 * changes in time order, how many evaluations ran, and the state at the end. Immutable.
 */
public record BacktestResult(List<Transition> transitions, int evaluations, AlarmState finalState) {

    public BacktestResult {
        transitions = List.copyOf(transitions);
    }

    /** Transition is one would-be state change at {@code timestampMillis} (the evaluation time). */
    public record Transition(long timestampMillis, AlarmState from, AlarmState to, String reason, String reasonData) {
    }
}
