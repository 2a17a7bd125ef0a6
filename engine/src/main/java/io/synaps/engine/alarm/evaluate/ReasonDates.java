package io.synaps.engine.alarm.evaluate;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * ReasonDates formats epoch milliseconds the way AWS writes them in alarm state reasons (UTC):
 * {@code 03/01/24 11:36:00} inside StateReason, {@code 2014-04-09T18:59:06.419+0000} inside
 * StateReasonData and {@code Sunday 30 October, 2022 20:47:35} in composite reasons.
 * Stateless and thread-safe.
 */
public final class ReasonDates {
    private static final DateTimeFormatter REASON =
            DateTimeFormatter.ofPattern("dd/MM/yy HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATA =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'+0000'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter COMPOSITE =
            DateTimeFormatter.ofPattern("EEEE dd MMMM, yyyy HH:mm:ss", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private ReasonDates() {
    }

    /** Day/month/two-digit year and time, as in {@code [21.5 (03/01/24 11:36:00)]}. */
    public static String reason(long epochMillis) {
        return REASON.format(Instant.ofEpochMilli(epochMillis));
    }

    /** ISO-8601 with milliseconds and {@code +0000}, as StateReasonData's dates. */
    public static String data(long epochMillis) {
        return DATA.format(Instant.ofEpochMilli(epochMillis));
    }

    /** Weekday, day, month name, year and time, as composite reasons write them (without the trailing UTC). */
    public static String composite(long epochMillis) {
        return COMPOSITE.format(Instant.ofEpochMilli(epochMillis));
    }
}
