package io.synaps.api.auth.session;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random failures, successes and clock steps over a few names and addresses, under a virtual
 * clock, against a plain model: 5 free failures, then 1 s doubling to 15 min; success clears the
 * name; a count is forgotten 15 min after its last failure or lock-out. Also: a lock never exceeds
 * 15 min, and it only shrinks while nothing happens.
 */
class SignInThrottleProperties {
    private static final Duration MAX = Duration.ofMinutes(15);

    private static final class Count {
        int failures;
        Instant last;
        Instant lockedUntil = Instant.MIN;
    }

    @Test
    void lockOutsFollowTheRules() {
        long seed = Long.getLong("synaps.seed", System.nanoTime());
        System.out.println("SignInThrottleProperties seed=" + seed);
        Random random = new Random(seed);
        for (int run = 0; run < 100; run++) {
            SteppingClock clock = new SteppingClock(Instant.parse("2026-01-01T00:00:00Z"));
            SignInThrottle throttle = new SignInThrottle(clock);
            Map<String, Count> model = new HashMap<>();
            for (int step = 0; step < 400; step++) {
                String user = "u" + random.nextInt(3);
                String address = "a" + random.nextInt(3);
                Instant now = clock.instant();
                Duration expected = max(lock(model, "u:" + user, now), lock(model, "a:" + address, now));
                Optional<Duration> actual = throttle.retryAfter(user, address);
                assertThat(actual.orElse(Duration.ZERO)).as("seed %d run %d step %d", seed, run, step).isEqualTo(expected);
                assertThat(actual.orElse(Duration.ZERO)).isLessThanOrEqualTo(MAX);
                int op = random.nextInt(10);
                if (op < 6) {
                    if (actual.isEmpty()) { // the server only checks (and counts) when not locked
                        throttle.failed(user, address);
                        fail(model, "u:" + user, now);
                        fail(model, "a:" + address, now);
                    }
                } else if (op < 7) {
                    if (actual.isEmpty()) {
                        throttle.succeeded(user, address);
                        model.remove("u:" + user);
                    }
                } else {
                    Duration step1 = random.nextInt(5) == 0 ? Duration.ofSeconds(random.nextInt(1800))
                            : Duration.ofMillis(random.nextInt(5000));
                    Duration before = throttle.retryAfter(user, address).orElse(Duration.ZERO);
                    clock.advance(step1);
                    Duration after = throttle.retryAfter(user, address).orElse(Duration.ZERO);
                    assertThat(after).as("seed %d run %d step %d: waiting never lengthens a lock", seed, run, step)
                            .isLessThanOrEqualTo(before);
                }
            }
        }
    }

    private static Duration lock(Map<String, Count> model, String key, Instant now) {
        Count c = model.get(key);
        if (c == null) {
            return Duration.ZERO;
        }
        Instant last = c.lockedUntil.isAfter(c.last) ? c.lockedUntil : c.last;
        if (!now.isBefore(last.plus(MAX))) {
            model.remove(key);
            return Duration.ZERO;
        }
        return now.isBefore(c.lockedUntil) ? Duration.between(now, c.lockedUntil) : Duration.ZERO;
    }

    private static void fail(Map<String, Count> model, String key, Instant now) {
        lock(model, key, now); // forget first, as the throttle does
        Count c = model.computeIfAbsent(key, k -> new Count());
        c.failures++;
        c.last = now;
        if (c.failures >= 5) {
            long seconds = c.failures - 5 >= 20 ? MAX.toSeconds() : Math.min(MAX.toSeconds(), 1L << (c.failures - 5));
            c.lockedUntil = now.plusSeconds(seconds);
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
