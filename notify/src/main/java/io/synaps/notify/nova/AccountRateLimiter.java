package io.synaps.notify.nova;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * AccountRateLimiter is a token bucket per account: {@code perMinute} tokens of capacity,
 * refilled continuously at {@code perMinute} per 60 s; each Nova action takes one. Times are
 * epoch milliseconds from the caller's clock (a clock going back refills nothing). Thread-safe.
 */
final class AccountRateLimiter {
    /** One token in bucket units: refill is exactly {@code perMinute} units per millisecond, no rounding. */
    private static final long TOKEN = 60_000L;

    private final int perMinute;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        long units;
        long lastMillis;

        Bucket(long units, long lastMillis) {
            this.units = units;
            this.lastMillis = lastMillis;
        }
    }

    AccountRateLimiter(int perMinute) {
        if (perMinute < 1) {
            throw new IllegalArgumentException("perMinute must be at least 1");
        }
        this.perMinute = perMinute;
    }

    int perMinute() {
        return perMinute;
    }

    /** Takes a token for {@code account}: 0 when granted, else the milliseconds until one is available. */
    long tryAcquire(String account, long nowMillis) {
        long capacity = perMinute * TOKEN;
        Bucket b = buckets.computeIfAbsent(account, a -> new Bucket(capacity, nowMillis));
        synchronized (b) {
            long elapsed = nowMillis - b.lastMillis;
            if (elapsed > 0) {
                // Saturating: a long idle account must not overflow.
                long refill = elapsed > capacity / perMinute ? capacity : elapsed * perMinute;
                b.units = Math.min(capacity, b.units + refill);
                b.lastMillis = nowMillis;
            }
            if (b.units >= TOKEN) {
                b.units -= TOKEN;
                return 0;
            }
            return (TOKEN - b.units + perMinute - 1) / perMinute;
        }
    }
}
