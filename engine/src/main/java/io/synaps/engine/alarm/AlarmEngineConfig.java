package io.synaps.engine.alarm;

import java.time.Duration;
import java.util.Objects;

/**
 * AlarmEngineConfig holds the alarm engine's settings. Immutable and thread-safe.
 *
 * @param region                   the region alarm ARNs name (composite rules may reference children by ARN)
 * @param schedulerInterval        how often the scheduler thread runs the tick (1 s); zero: no scheduler
 *                                 thread, the owner (a test) calls {@link AlarmEngine#tick()} itself
 * @param historyRetention         history items older than this are pruned, hourly (30 days)
 * @param maxBacktestEvaluations   the most evaluations one back-test may run (100,000)
 */
public record AlarmEngineConfig(String region, Duration schedulerInterval, Duration historyRetention,
                                int maxBacktestEvaluations) {

    public AlarmEngineConfig {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(schedulerInterval, "schedulerInterval");
        Objects.requireNonNull(historyRetention, "historyRetention");
        if (schedulerInterval.isNegative()) {
            throw new IllegalArgumentException("schedulerInterval must not be negative, was " + schedulerInterval);
        }
        if (historyRetention.isNegative() || historyRetention.isZero()) {
            throw new IllegalArgumentException("historyRetention must be positive, was " + historyRetention);
        }
        if (maxBacktestEvaluations < 1) {
            throw new IllegalArgumentException("maxBacktestEvaluations must be at least 1, was "
                    + maxBacktestEvaluations);
        }
    }

    /** Scheduler every second, 30 days of history, back-tests up to 100,000 evaluations. */
    public static AlarmEngineConfig defaults(String region) {
        return new AlarmEngineConfig(region, Duration.ofSeconds(1), Duration.ofDays(30), 100_000);
    }

    public AlarmEngineConfig withSchedulerInterval(Duration d) {
        return new AlarmEngineConfig(region, d, historyRetention, maxBacktestEvaluations);
    }

    public AlarmEngineConfig withHistoryRetention(Duration d) {
        return new AlarmEngineConfig(region, schedulerInterval, d, maxBacktestEvaluations);
    }

    public AlarmEngineConfig withMaxBacktestEvaluations(int n) {
        return new AlarmEngineConfig(region, schedulerInterval, historyRetention, n);
    }
}
