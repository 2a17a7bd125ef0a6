package io.synaps.server;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * ShiftableClock is the system clock plus an offset a test can move forward, so a real node
 * (whose engine needs time to pass) can also be made to skip an hour (session expiry). Thread-safe.
 */
final class ShiftableClock extends Clock {
    private volatile Duration offset = Duration.ZERO;

    void shift(Duration d) {
        offset = offset.plus(d);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }
}
