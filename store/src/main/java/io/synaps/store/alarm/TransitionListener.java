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

    /**
     * Several transitions stored by one write, in the order they happened (an alarm appears at most
     * once). Implementations may hand them over together (one durable write for all); the default
     * passes them one by one.
     */
    default void onTransitions(java.util.List<AlarmTransition> transitions) {
        for (AlarmTransition t : transitions) {
            onTransition(t);
        }
    }

    /** Ignores every transition (no actions side wired). */
    TransitionListener NONE = t -> { };

    /**
     * Hands each change to {@code first}, then to {@code second}: the durable actions side first,
     * the best-effort live feed after it, so a slow feed never delays a delivery's enqueue.
     */
    static TransitionListener both(TransitionListener first, TransitionListener second) {
        java.util.Objects.requireNonNull(first, "first");
        java.util.Objects.requireNonNull(second, "second");
        return new TransitionListener() {
            @Override
            public void onTransition(AlarmTransition transition) {
                first.onTransition(transition);
                second.onTransition(transition);
            }

            @Override
            public void onTransitions(java.util.List<AlarmTransition> transitions) {
                first.onTransitions(transitions);
                second.onTransitions(transitions);
            }
        };
    }
}
