package io.synaps.bench.alarm;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * VirtualClock is a UTC clock (epoch milliseconds) that only moves when the load program sets
 * it, so a simulated minute costs no minute of wall time. Thread-safe.
 */
public final class VirtualClock extends Clock {
    private final AtomicLong millis;

    public VirtualClock(long epochMillis) {
        this.millis = new AtomicLong(epochMillis);
    }

    public void set(long epochMillis) {
        millis.set(epochMillis);
    }

    @Override
    public long millis() {
        return millis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("VirtualClock is UTC only");
    }
}
