package io.synaps.api.protocol;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * WireTimestamps formats output timestamps the way AWS does: Query as ISO-8601 UTC with
 * milliseconds only when non-zero ({@code 2025-10-06T14:45:00Z}, {@code 2025-10-06T14:45:00.123Z}),
 * JSON and CBOR as epoch seconds ({@code 1765977780.0}). Sub-millisecond digits are dropped.
 * Stateless; thread-safe.
 */
final class WireTimestamps {
    private WireTimestamps() {
    }

    static String iso(Instant t) {
        LocalDateTime d = LocalDateTime.ofEpochSecond(t.getEpochSecond(), 0, ZoneOffset.UTC);
        StringBuilder sb = new StringBuilder(24);
        int year = d.getYear();
        if (year < 0 || year > 9999) {
            sb.append(year);
        } else {
            pad(sb, year, 4);
        }
        sb.append('-');
        pad(sb, d.getMonthValue(), 2);
        sb.append('-');
        pad(sb, d.getDayOfMonth(), 2);
        sb.append('T');
        pad(sb, d.getHour(), 2);
        sb.append(':');
        pad(sb, d.getMinute(), 2);
        sb.append(':');
        pad(sb, d.getSecond(), 2);
        int millis = t.getNano() / 1_000_000;
        if (millis != 0) {
            sb.append('.');
            pad(sb, millis, 3);
        }
        return sb.append('Z').toString();
    }

    /** Epoch seconds as decimal text with at least one fraction digit: {@code 1765977780.0}, {@code 1765977780.123}. */
    static String epochSecondsText(Instant t) {
        BigDecimal seconds = BigDecimal.valueOf(toMillis(t), 3).stripTrailingZeros();
        if (seconds.scale() < 1) {
            seconds = seconds.setScale(1);
        }
        return seconds.toPlainString();
    }

    /** Epoch seconds as a double (CBOR tag 1 payload). */
    static double epochSeconds(Instant t) {
        return toMillis(t) / 1000.0;
    }

    private static long toMillis(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1000L), t.getNano() / 1_000_000);
    }

    private static void pad(StringBuilder sb, int v, int width) {
        String s = Integer.toString(v);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        sb.append(s);
    }
}
