package io.synaps.engine.partition;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * SeriesBudget counts each account's active series (plus reservations of requests in flight)
 * against the per-account limit. Thread-safe (one atomic counter per account).
 */
public final class SeriesBudget {
    private final long limit;
    private final ConcurrentHashMap<String, AtomicLong> active = new ConcurrentHashMap<>();

    public SeriesBudget(long limit) {
        this.limit = limit;
    }

    /** The per-account limit. */
    public long limit() {
        return limit;
    }

    /** Reserves {@code n} new series for the account if the limit allows it, all or nothing. */
    public boolean tryReserve(String accountId, long n) {
        AtomicLong counter = counter(accountId);
        while (true) {
            long current = counter.get();
            if (current + n > limit) {
                return false;
            }
            if (counter.compareAndSet(current, current + n)) {
                return true;
            }
        }
    }

    /** Adds {@code delta} (may be negative) without checking the limit: replays, evictions, reconciling reservations. */
    public void adjust(String accountId, long delta) {
        if (delta != 0) {
            counter(accountId).addAndGet(delta);
        }
    }

    /** Active series plus outstanding reservations of the account. */
    public long count(String accountId) {
        AtomicLong c = active.get(accountId);
        return c == null ? 0 : c.get();
    }

    private AtomicLong counter(String accountId) {
        return active.computeIfAbsent(accountId, k -> new AtomicLong());
    }
}
