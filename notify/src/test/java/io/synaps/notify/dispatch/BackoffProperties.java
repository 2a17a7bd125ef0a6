package io.synaps.notify.dispatch;

import io.synaps.store.alarm.AlarmStore;
import io.synaps.store.metric.MutableClock;
import io.synaps.store.rocksdb.RocksDbStorage;
import io.synaps.store.rocksdb.RocksDbStorageConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** Seeded properties of the retry delays: full jitter under an exponential, capped ceiling. */
class BackoffProperties {
    @TempDir
    Path dir;

    @Test
    void delaysStayUnderTheCappedExponentialCeilingAndSpreadOverIt() {
        long seed = System.nanoTime();
        System.out.println("BackoffProperties seed " + seed);
        SplittableRandom random = new SplittableRandom(seed);
        MutableClock clock = new MutableClock(Instant.EPOCH);
        try (RocksDbStorage storage = RocksDbStorage.open(dir, clock, new RocksDbStorageConfig(1 << 20, 8 << 20, 16))) {
            AlarmStore alarms = storage.alarmStore();
            for (int round = 0; round < 20; round++) {
                long base = 1 + random.nextLong(5_000);
                long cap = base + random.nextLong(600_000);
                DispatcherConfig config = DispatcherConfig.defaults("us-east-1", "http://x")
                        .withRetries(Duration.ofMillis(base), Duration.ofMillis(cap), 10, Duration.ofHours(1));
                Dispatcher d = new Dispatcher(config, alarms, storage.topicStore(), storage.outboxStore(), List.of(),
                        clock, new SplittableRandom(random.nextLong()));
                for (int attempts = 1; attempts <= 70; attempts++) {
                    long ceiling = attempts - 1 >= 62 ? cap : Math.min(cap, base * (1L << Math.min(attempts - 1, 40)));
                    long max = 0;
                    double sum = 0;
                    int n = 400;
                    for (int i = 0; i < n; i++) {
                        long delay = d.backoff(attempts);
                        assertThat(delay).as("seed %d base %d cap %d attempt %d", seed, base, cap, attempts)
                                .isBetween(0L, ceiling);
                        max = Math.max(max, delay);
                        sum += delay;
                    }
                    if (ceiling >= 100) {
                        // uniform on [0, ceiling]: the largest of 400 draws is near the top, the mean near the middle
                        assertThat(max).as("seed %d", seed).isGreaterThan(ceiling * 9 / 10);
                        assertThat(sum / n / ceiling).as("seed %d", seed).isBetween(0.40, 0.60);
                    }
                }
            }
        }
    }
}
