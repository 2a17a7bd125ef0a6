package io.synaps.store.metric;

/**
 * Tier is one storage resolution with AWS's retention: 1-second buckets for high-resolution data
 * kept 3 hours, 1-minute kept 15 days, 5-minute kept 63 days, 1-hour kept 455 days.
 */
public enum Tier {
    SECOND(1, 3 * 3600L),
    MINUTE(60, 15 * 86400L),
    FIVE_MINUTES(300, 63 * 86400L),
    HOUR(3600, 455 * 86400L);

    private final int seconds;
    private final long retentionSeconds;

    Tier(int seconds, long retentionSeconds) {
        this.seconds = seconds;
        this.retentionSeconds = retentionSeconds;
    }

    /** Bucket length in seconds. */
    public int seconds() {
        return seconds;
    }

    /** How long buckets of this tier are kept, in seconds. */
    public long retentionSeconds() {
        return retentionSeconds;
    }

    /** The bucket start (epoch seconds) containing {@code epochSeconds}. */
    public long bucketStart(long epochSeconds) {
        return Math.floorDiv(epochSeconds, seconds) * seconds;
    }
}
