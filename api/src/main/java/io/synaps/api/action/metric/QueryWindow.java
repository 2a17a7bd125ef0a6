package io.synaps.api.action.metric;

import io.synaps.api.protocol.Members;
import io.synaps.model.AwsError;

import java.time.Duration;
import java.time.Instant;

/**
 * QueryWindow is the [start, end) range and period of a metric read, with StartTime rounded as
 * AWS rounds it: data younger than 15 days to the minute, 15 to 63 days to five minutes, older
 * to the hour; a period of 1, 5, 10, 20 or 30 seconds rounds to a multiple of that period.
 * Bucket starts are {@code startSeconds + k * periodSeconds}; EndTime is exclusive. Immutable.
 *
 * @param startSeconds  rounded start, epoch seconds, inclusive
 * @param endSeconds    end, epoch seconds, exclusive (a fractional end second is included)
 * @param periodSeconds bucket length in seconds
 */
public record QueryWindow(long startSeconds, long endSeconds, int periodSeconds) {
    private static final Duration MINUTE_DATA = Duration.ofDays(15);
    private static final Duration FIVE_MINUTE_DATA = Duration.ofDays(63);

    /** The window for a validated period and StartTime < EndTime, as of {@code now}. */
    public static QueryWindow of(Instant start, Instant end, int periodSeconds, Instant now) {
        long s = start.getEpochSecond();
        long rounded;
        if (periodSeconds < 60) {
            rounded = Math.floorDiv(s, periodSeconds) * periodSeconds;
        } else {
            Duration age = Duration.between(start, now);
            int unit = age.compareTo(MINUTE_DATA) < 0 ? 60 : age.compareTo(FIVE_MINUTE_DATA) <= 0 ? 300 : 3600;
            rounded = Math.floorDiv(s, unit) * unit;
        }
        long e = end.getEpochSecond() + (end.getNano() > 0 ? 1 : 0);
        return new QueryWindow(rounded, e, periodSeconds);
    }

    /** True for a period CloudWatch accepts: 1, 5, 10, 20, 30 or a positive multiple of 60 seconds. */
    public static boolean isValidPeriod(int period) {
        return period == 1 || period == 5 || period == 10 || period == 20 || period == 30
                || (period > 0 && period % 60 == 0);
    }

    /**
     * Checks a Period: at least 1 (a schema constraint, ValidationError) and one of 1, 5, 10, 20,
     * 30 or a multiple of 60 (InvalidParameterValue).
     */
    public static int checkPeriod(int period, String path) {
        if (period < 1) {
            throw Members.constraint(Integer.toString(period), path, "Member must have value greater than or equal to 1");
        }
        if (!isValidPeriod(period)) {
            throw AwsError.invalidParameterValue("The parameter " + path
                    + " must be 1, 5, 10, 20, 30, or a multiple of 60.");
        }
        return period;
    }
}
