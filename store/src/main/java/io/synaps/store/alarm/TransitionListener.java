package io.synaps.store.alarm;

import io.synaps.model.alarm.AlarmTransition;

/**
 * TransitionListener receives each alarm state change once, after the change and its history
 * item are durable in the {@link AlarmStore}; the actions side (notify) implements it.
 * Called from the engine's evaluation threads: implementations must be thread-safe, must not
 * block (hand the work off), and must not throw.
 */
@FunctionalInterface
public interface TransitionListener {

    void onTransition(AlarmTransition transition);

    /** Ignores every transition (no actions side wired). */
    TransitionListener NONE = t -> { };
}
