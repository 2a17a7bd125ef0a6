package io.synaps.notify.dispatch;

import java.time.Duration;
import java.util.Objects;

/**
 * DispatcherConfig tunes the {@link Dispatcher}: {@code workers} delivery threads;
 * retries wait a random time in [0, min(maxBackoff, baseBackoff * 2^(attempt-1))] (exponential
 * backoff with full jitter); a delivery dies (dead letter) after {@code maxAttempts} attempts or
 * once it is {@code maxAge} old, whichever comes first; {@code region} is the region code of
 * this node (used when an alarm ARN names none); {@code publicUrl} is the base of the
 * SubscribeURL / UnsubscribeURL links (the Synaps endpoint as subscribers reach it) and
 * {@code dashboardUrl} the base of alarm links ({@code <dashboardUrl>/#/alarms/<name>}).
 * Immutable.
 */
public record DispatcherConfig(int workers, Duration baseBackoff, Duration maxBackoff, int maxAttempts,
                               Duration maxAge, String region, String publicUrl, String dashboardUrl) {

    public DispatcherConfig {
        Objects.requireNonNull(baseBackoff, "baseBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(maxAge, "maxAge");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(publicUrl, "publicUrl");
        Objects.requireNonNull(dashboardUrl, "dashboardUrl");
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (baseBackoff.isNegative() || baseBackoff.isZero() || maxBackoff.compareTo(baseBackoff) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < baseBackoff <= maxBackoff");
        }
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxAge must be positive");
        }
        publicUrl = trimSlash(publicUrl);
        dashboardUrl = trimSlash(dashboardUrl);
    }

    /**
     * The design's defaults: 8 workers, backoff 1 s to 5 min, 10 attempts or 24 h, dashboard at
     * {@code <publicUrl>/ui}.
     */
    public static DispatcherConfig defaults(String region, String publicUrl) {
        return new DispatcherConfig(8, Duration.ofSeconds(1), Duration.ofMinutes(5), 10, Duration.ofHours(24),
                region, publicUrl, trimSlash(publicUrl) + "/ui");
    }

    public DispatcherConfig withWorkers(int n) {
        return new DispatcherConfig(n, baseBackoff, maxBackoff, maxAttempts, maxAge, region, publicUrl, dashboardUrl);
    }

    public DispatcherConfig withRetries(Duration base, Duration max, int attempts, Duration age) {
        return new DispatcherConfig(workers, base, max, attempts, age, region, publicUrl, dashboardUrl);
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
