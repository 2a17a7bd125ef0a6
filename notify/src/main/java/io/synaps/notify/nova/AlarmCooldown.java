package io.synaps.notify.nova;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * AlarmCooldown keeps one Nova action per alarm per cool-down window: a delivery reserves its
 * alarm before calling Nova, keeps the reservation when Nova accepted (the window starts then)
 * and gives it back otherwise. Times are epoch milliseconds from the caller's clock. In memory:
 * a restart forgets the windows. Thread-safe.
 */
final class AlarmCooldown {

    /** Entry is an alarm's last (or running) action: its delivery key, start time and whether it is still running. */
    record Entry(String deliveryKey, long startedMillis, boolean running) {
    }

    /** Decision is the answer to a reservation: granted (with the entry to commit or release) or why not. */
    record Decision(Kind kind, Entry entry, Entry previous) {
        enum Kind { GRANTED, ALREADY_DONE, RUNNING, COOLING_DOWN }
    }

    private final long cooldownMillis;
    private final Map<String, Entry> byAlarm = new ConcurrentHashMap<>();
    private final AtomicInteger sincePrune = new AtomicInteger();

    AlarmCooldown(Duration cooldown) {
        this.cooldownMillis = cooldown.toMillis();
    }

    long cooldownMillis() {
        return cooldownMillis;
    }

    /** Reserves {@code alarmKey} for {@code deliveryKey} at {@code nowMillis}, unless another action holds it. */
    Decision reserve(String alarmKey, String deliveryKey, long nowMillis) {
        if (sincePrune.incrementAndGet() >= 4096) {
            sincePrune.set(0);
            byAlarm.values().removeIf(e -> !e.running() && nowMillis - e.startedMillis() >= cooldownMillis);
        }
        Decision[] out = new Decision[1];
        byAlarm.compute(alarmKey, (k, old) -> {
            if (old != null && old.deliveryKey().equals(deliveryKey) && !old.running()) {
                out[0] = new Decision(Decision.Kind.ALREADY_DONE, old, old);
                return old;
            }
            if (old != null && old.running()) {
                out[0] = new Decision(Decision.Kind.RUNNING, old, old);
                return old;
            }
            if (old != null && nowMillis - old.startedMillis() < cooldownMillis) {
                out[0] = new Decision(Decision.Kind.COOLING_DOWN, old, old);
                return old;
            }
            Entry mine = new Entry(deliveryKey, nowMillis, true);
            out[0] = new Decision(Decision.Kind.GRANTED, mine, old);
            return mine;
        });
        return out[0];
    }

    /** Nova accepted: the window of {@code granted} starts at its reservation time. */
    void commit(String alarmKey, Decision granted) {
        Entry done = new Entry(granted.entry().deliveryKey(), granted.entry().startedMillis(), false);
        byAlarm.computeIfPresent(alarmKey, (k, cur) -> cur == granted.entry() ? done : cur);
    }

    /** Nothing happened: the alarm goes back to what it was before {@code granted}. */
    void release(String alarmKey, Decision granted) {
        byAlarm.computeIfPresent(alarmKey, (k, cur) -> cur == granted.entry() ? granted.previous() : cur);
    }
}
