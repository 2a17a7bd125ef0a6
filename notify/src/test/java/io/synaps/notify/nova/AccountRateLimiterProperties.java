package io.synaps.notify.nova;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class AccountRateLimiterProperties {

    @Test
    void neverGrantsMoreThanTheBucketPlusItsRefillAndAlwaysGrantsOneRefillAfterTheLastGrant() {
        long seed = System.nanoTime();
        System.out.println("AccountRateLimiterProperties seed " + seed);
        Random random = new Random(seed);
        for (int round = 0; round < 200; round++) {
            int perMinute = 1 + random.nextInt(30);
            AccountRateLimiter limiter = new AccountRateLimiter(perMinute);
            long start = random.nextInt(1_000_000);
            long now = start;
            int granted = 0;
            int otherGranted = 0;
            long lastGrant = Long.MIN_VALUE / 2;
            long refill = (long) Math.ceil(60_000.0 / perMinute);
            for (int i = 0; i < 500; i++) {
                now += random.nextInt(random.nextBoolean() ? 500 : 20_000);
                long wait = limiter.tryAcquire("a", now);
                if (wait == 0) {
                    granted++;
                    lastGrant = now;
                } else {
                    assertThat(now - lastGrant).as("seed %d round %d: refused a full token's refill after a grant",
                            seed, round).isLessThan(refill);
                    // The promised wait is honest: a token is there once it has passed.
                    assertThat(wait).isPositive();
                }
                if (limiter.tryAcquire("b", start) == 0) {
                    otherGranted++;
                }
                double allowed = perMinute + (now - start) * perMinute / 60_000.0;
                assertThat((double) granted).as("seed %d round %d", seed, round).isLessThanOrEqualTo(allowed);
            }
            // Accounts do not share buckets: b, frozen in time, got exactly its own capacity.
            assertThat(otherGranted).isEqualTo(perMinute);
        }
    }

    @Test
    void aTokenIsThereOnceThePromisedWaitHasPassed() {
        long seed = System.nanoTime();
        System.out.println("AccountRateLimiterProperties seed " + seed);
        Random random = new Random(seed);
        for (int round = 0; round < 500; round++) {
            AccountRateLimiter limiter = new AccountRateLimiter(1 + random.nextInt(100));
            long now = random.nextInt(1_000_000);
            long wait;
            while ((wait = limiter.tryAcquire("a", now)) == 0) {
                now += random.nextInt(100);
            }
            assertThat(limiter.tryAcquire("a", now + wait)).as("seed %d round %d", seed, round).isZero();
        }
    }
}
