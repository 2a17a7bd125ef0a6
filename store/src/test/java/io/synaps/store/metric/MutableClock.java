package io.synaps.store.metric;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** MutableClock is a test clock that stays where it is set (UTC). Thread-safe. */
public final class MutableClock extends Clock {
    private volatile Instant now;

    public MutableClock(Instant start) {
        this.now = start;
    }

    public void set(Instant instant) {
        now = instant;
    }

    public void setEpochSecond(long epochSeconds) {
        now = Instant.ofEpochSecond(epochSeconds);
    }

    public void advance(Duration by) {
        now = now.plus(by);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (!zone.equals(ZoneOffset.UTC)) {
            throw new UnsupportedOperationException("MutableClock is UTC only");
        }
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
