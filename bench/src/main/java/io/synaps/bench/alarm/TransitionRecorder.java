package io.synaps.bench.alarm;

import io.synaps.model.alarm.AlarmState;
import io.synaps.model.alarm.AlarmTransition;
import io.synaps.store.alarm.TransitionListener;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * TransitionRecorder is the load program's {@link TransitionListener}: per alarm of an
 * {@link AlarmFleet} it keeps the {@link System#nanoTime()} of its latest transition, the
 * state it moved to and how many transitions it made; overall, the number of transitions.
 * Cheap enough to run on the shard threads. Thread-safe.
 */
public final class TransitionRecorder implements TransitionListener {
    private static final AlarmState[] STATES = AlarmState.values();

    private final AtomicLongArray lastNanos;
    private final AtomicIntegerArray state;
    private final AtomicIntegerArray perAlarm;
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong foreign = new AtomicLong();

    public TransitionRecorder(int alarms) {
        lastNanos = new AtomicLongArray(alarms);
        state = new AtomicIntegerArray(alarms);
        perAlarm = new AtomicIntegerArray(alarms);
        for (int i = 0; i < alarms; i++) {
            state.set(i, AlarmState.INSUFFICIENT_DATA.ordinal());
        }
    }

    @Override
    public void onTransition(AlarmTransition transition) {
        long now = System.nanoTime();
        int i = AlarmFleet.indexOf(transition.alarm().name());
        if (i < 0 || i >= state.length()) {
            foreign.incrementAndGet();
            return;
        }
        lastNanos.set(i, now);
        state.set(i, transition.alarm().status().value().ordinal());
        perAlarm.incrementAndGet(i);
        total.incrementAndGet();
    }

    /** Transitions recorded so far. */
    public long total() {
        return total.get();
    }

    /** Transitions of alarms that are not in the fleet (should stay 0). */
    public long foreign() {
        return foreign.get();
    }

    /** The nanoTime of alarm {@code i}'s latest transition, 0 when none. */
    public long lastNanos(int i) {
        return lastNanos.get(i);
    }

    /** The state alarm {@code i} last transitioned to (INSUFFICIENT_DATA before any transition). */
    public AlarmState state(int i) {
        return STATES[state.get(i)];
    }

    /** Transitions alarm {@code i} made so far. */
    public int transitions(int i) {
        return perAlarm.get(i);
    }
}
