package io.synaps.notify.dispatch;

import io.synaps.store.outbox.Delivery;

import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Lanes holds the pending deliveries in memory, one lane per order key: only a lane's head (its
 * lowest sequence) may be attempted, and only one attempt per lane runs at a time, so an OK never
 * overtakes its ALARM even while the ALARM waits for a retry. Idle lanes are kept sorted by
 * their head's next attempt time. Not thread-safe: the dispatcher guards it with its lock.
 */
final class Lanes {

    /** Lane is one order key's queue. */
    static final class Lane {
        final String orderKey;
        final TreeMap<Position, Delivery> queue = new TreeMap<>();
        boolean busy;

        Lane(String orderKey) {
            this.orderKey = orderKey;
        }

        Delivery head() {
            return queue.firstEntry().getValue();
        }

        long due() {
            return head().nextAttemptMillis();
        }
    }

    /** Position orders a lane by sequence, then key (deliveries of one transition to one target share none). */
    record Position(long sequence, String key) implements Comparable<Position> {
        static Position of(Delivery d) {
            return new Position(d.sequence(), d.key());
        }

        @Override
        public int compareTo(Position o) {
            int c = Long.compare(sequence, o.sequence);
            return c != 0 ? c : key.compareTo(o.key);
        }
    }

    private final Map<String, Lane> lanes = new HashMap<>();
    private final Set<String> keys = new HashSet<>();
    private final TreeSet<Lane> ready = new TreeSet<>(
            Comparator.comparingLong(Lane::due).thenComparing(l -> l.orderKey));

    /** Adds a delivery unless its key is already here; returns whether it was added. */
    boolean add(Delivery d) {
        if (!keys.add(d.key())) {
            return false;
        }
        Lane lane = lanes.computeIfAbsent(d.orderKey(), Lane::new);
        boolean idle = !lane.busy && !lane.queue.isEmpty();
        if (idle) {
            ready.remove(lane); // its position may change with a new head
        }
        lane.queue.put(Position.of(d), d);
        if (!lane.busy) {
            ready.add(lane);
        }
        return true;
    }

    /** Claims the idle lane whose head is due first, if due at {@code nowMillis}; null otherwise. */
    Lane claimDue(long nowMillis) {
        if (ready.isEmpty() || ready.first().due() > nowMillis) {
            return null;
        }
        Lane lane = ready.pollFirst();
        lane.busy = true;
        return lane;
    }

    /** The earliest next attempt time of an idle lane, or {@link Long#MAX_VALUE}. */
    long nextDue() {
        return ready.isEmpty() ? Long.MAX_VALUE : ready.first().due();
    }

    /**
     * Ends an attempt of {@code attempted} on a claimed lane: {@code replacement} takes its place
     * (a retry), or, when null, the delivery leaves (delivered or dead).
     */
    void release(Lane lane, Delivery attempted, Delivery replacement) {
        Position at = Position.of(attempted);
        if (replacement == null) {
            lane.queue.remove(at);
            keys.remove(attempted.key());
        } else {
            lane.queue.put(at, replacement);
        }
        lane.busy = false;
        if (lane.queue.isEmpty()) {
            lanes.remove(lane.orderKey);
        } else {
            ready.add(lane);
        }
    }

    /** How many deliveries are pending. */
    int size() {
        return keys.size();
    }

    /** Whether a delivery with that key is pending here. */
    boolean contains(String key) {
        return keys.contains(key);
    }
}
