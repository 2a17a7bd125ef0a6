package io.synaps.api.live;

import java.time.Duration;

/**
 * LiveFeedConfig holds the {@link LiveFeed}'s bounds: {@code bufferEvents} and {@code bufferBytes}
 * (encoded frames) kept per account for replay, whichever is reached first, {@code maxBacklog} live events a subscriber may leave unread before it is dropped,
 * {@code maxMetricsPerEvent} metrics named by one {@code metrics} event (more = overflow),
 * {@code flushInterval} between {@code metrics} events, {@code activityWindow} (one of the two
 * rotating windows of ListActiveMetrics) and {@code maxTrackedMetrics} per account per window.
 * Immutable.
 */
public record LiveFeedConfig(int bufferEvents, long bufferBytes, int maxBacklog, int maxMetricsPerEvent, Duration flushInterval,
                             Duration activityWindow, int maxTrackedMetrics) {

    public LiveFeedConfig {
        if (bufferEvents < 1 || bufferBytes < 1 || maxBacklog < 1 || maxMetricsPerEvent < 1 || maxTrackedMetrics < 1) {
            throw new IllegalArgumentException("bufferEvents, maxBacklog, maxMetricsPerEvent and maxTrackedMetrics"
                    + " must be positive");
        }
        if (flushInterval == null || flushInterval.toMillis() < 1) {
            throw new IllegalArgumentException("flushInterval must be at least 1 ms");
        }
        if (activityWindow == null || activityWindow.toSeconds() < 1) {
            throw new IllegalArgumentException("activityWindow must be at least 1 s");
        }
    }

    /**
     * 4,096 events or 8 MiB per account, backlog 1,024, 500 metrics per event, every second,
     * 10-minute windows, 100,000 metrics per account.
     */
    public static LiveFeedConfig defaults() {
        return new LiveFeedConfig(4096, 8L << 20, 1024, 500, Duration.ofSeconds(1), Duration.ofMinutes(10), 100_000);
    }

    public LiveFeedConfig withBufferEvents(int events) {
        return new LiveFeedConfig(events, bufferBytes, maxBacklog, maxMetricsPerEvent, flushInterval, activityWindow,
                maxTrackedMetrics);
    }

    public LiveFeedConfig withBufferBytes(long bytes) {
        return new LiveFeedConfig(bufferEvents, bytes, maxBacklog, maxMetricsPerEvent, flushInterval, activityWindow,
                maxTrackedMetrics);
    }

    public LiveFeedConfig withMaxBacklog(int events) {
        return new LiveFeedConfig(bufferEvents, bufferBytes, events, maxMetricsPerEvent, flushInterval, activityWindow,
                maxTrackedMetrics);
    }

    public LiveFeedConfig withMaxMetricsPerEvent(int metrics) {
        return new LiveFeedConfig(bufferEvents, bufferBytes, maxBacklog, metrics, flushInterval, activityWindow,
                maxTrackedMetrics);
    }

    public LiveFeedConfig withMaxTrackedMetrics(int metrics) {
        return new LiveFeedConfig(bufferEvents, bufferBytes, maxBacklog, maxMetricsPerEvent, flushInterval, activityWindow,
                metrics);
    }
}
