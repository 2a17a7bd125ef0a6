package io.synaps.api.auth.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * SignInThrottle limits password guessing, counted separately per user name and per client
 * address: the first {@code freeFailures} failures (default 5) cost nothing; each further failure
 * locks the name (or address) for {@code firstLockout} (1 s), doubling per failure up to
 * {@code maxLockout} (15 min). While locked, attempts are refused without checking the password.
 * A successful sign-in clears the user name's count (not the address's, so one valid account
 * does not reset a spray across others). A count is forgotten {@code maxLockout} after its last
 * failure or lock-out, whichever ends later; at most {@code maxTracked} names and addresses are
 * tracked (the least recently seen go first). Time comes from the injected clock. Thread-safe.
 */
public final class SignInThrottle {
    /** Failures allowed before the first lock-out. */
    public static final int FREE_FAILURES = 5;
    public static final Duration FIRST_LOCKOUT = Duration.ofSeconds(1);
    public static final Duration MAX_LOCKOUT = Duration.ofMinutes(15);

    private final Clock clock;
    private final int freeFailures;
    private final Duration firstLockout;
    private final Duration maxLockout;
    private final int maxTracked;
    private final LinkedHashMap<String, Count> counts = new LinkedHashMap<>(64, 0.75f, true);

    private static final class Count {
        int failures;
        Instant lastFailure;
        Instant lockedUntil = Instant.MIN;
    }

    /** The defaults: 5 free failures, 1 s doubling to 15 min, 100,000 tracked names and addresses. */
    public SignInThrottle(Clock clock) {
        this(clock, FREE_FAILURES, FIRST_LOCKOUT, MAX_LOCKOUT, 100_000);
    }

    public SignInThrottle(Clock clock, int freeFailures, Duration firstLockout, Duration maxLockout, int maxTracked) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (freeFailures < 1 || maxTracked < 2 || firstLockout.isNegative() || firstLockout.isZero()
                || maxLockout.compareTo(firstLockout) < 0) {
            throw new IllegalArgumentException("bad throttle settings");
        }
        this.freeFailures = freeFailures;
        this.firstLockout = firstLockout;
        this.maxLockout = maxLockout;
        this.maxTracked = maxTracked;
    }

    /**
     * How long until {@code user} from {@code address} may try again, or empty when an attempt
     * may go ahead now. The longer of the two lock-outs.
     */
    public synchronized Optional<Duration> retryAfter(String user, String address) {
        Instant now = clock.instant();
        Duration wait = Duration.ZERO;
        for (String key : new String[]{userKey(user), addressKey(address)}) {
            Count c = live(key, now);
            if (c != null && now.isBefore(c.lockedUntil)) {
                Duration d = Duration.between(now, c.lockedUntil);
                if (d.compareTo(wait) > 0) {
                    wait = d;
                }
            }
        }
        return wait.isZero() ? Optional.empty() : Optional.of(wait);
    }

    /** Records a failed attempt (wrong password, unknown user) for both the name and the address. */
    public synchronized void failed(String user, String address) {
        Instant now = clock.instant();
        fail(userKey(user), now);
        fail(addressKey(address), now);
        if (counts.size() > maxTracked) {
            sweep(now);
            Iterator<String> eldest = counts.keySet().iterator();
            while (counts.size() > maxTracked && eldest.hasNext()) {
                eldest.next();
                eldest.remove();
            }
        }
    }

    /** Records a successful sign-in: the user name's count starts again from zero. */
    public synchronized void succeeded(String user, String address) {
        counts.remove(userKey(user));
    }

    /** Names and addresses currently tracked (for tests and metrics). */
    public synchronized int tracked() {
        sweep(clock.instant());
        return counts.size();
    }

    /** The lock-out after the {@code failures}-th consecutive failure (zero while still free). */
    public Duration lockoutAfter(int failures) {
        if (failures < freeFailures) {
            return Duration.ZERO;
        }
        int doublings = failures - freeFailures;
        if (doublings >= 40) {
            return maxLockout;
        }
        Duration d = firstLockout.multipliedBy(1L << doublings);
        return d.compareTo(maxLockout) > 0 ? maxLockout : d;
    }

    private void fail(String key, Instant now) {
        Count c = live(key, now);
        if (c == null) {
            c = new Count();
            counts.put(key, c);
        }
        c.failures++;
        c.lastFailure = now;
        Duration lock = lockoutAfter(c.failures);
        if (!lock.isZero()) {
            c.lockedUntil = now.plus(lock);
        }
    }

    /** The count of a key, or null when absent or old enough to forget. */
    private Count live(String key, Instant now) {
        Count c = counts.get(key);
        if (c != null && forgotten(c, now)) {
            counts.remove(key);
            return null;
        }
        return c;
    }

    private boolean forgotten(Count c, Instant now) {
        Instant last = c.lockedUntil.isAfter(c.lastFailure) ? c.lockedUntil : c.lastFailure;
        return !now.isBefore(last.plus(maxLockout));
    }

    private void sweep(Instant now) {
        counts.values().removeIf(c -> forgotten(c, now));
    }

    private static String userKey(String user) {
        return "u:" + user;
    }

    private static String addressKey(String address) {
        return "a:" + address;
    }
}
