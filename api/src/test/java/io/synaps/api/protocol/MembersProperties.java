package io.synaps.api.protocol;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Random;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hand-written fast paths of {@link Members} agree with the slow, obviously right ones they
 * shortcut: the number regexes, BigDecimal epoch-second rounding and the ISO-8601 formatter.
 */
class MembersProperties {
    private static final Pattern DECIMAL =
            Pattern.compile("[+-]?(NaN|Infinity|(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?)");
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,19}");
    private static final String NUMBER_CHARS = "0123456789+-.eE NaIfinty٣x";

    private static Random seeded(String name) {
        long seed = Long.getLong("synaps.seed", System.nanoTime());
        System.out.println("MembersProperties." + name + " seed=" + seed);
        return new Random(seed);
    }

    @Test
    void numberScannersMatchTheRegexesTheyReplace() {
        Random random = seeded("numberScanners");
        String[] fixed = {"", "+", "-", ".", "1.", ".5", "1.5e3", "1e", "1e+", "e5", "+NaN", "-Infinity", "NaNx",
            "Infinityy", "1.2.3", "00", "1234567890123456789", "12345678901234567890", "-1234567890123456789", "1E-7"};
        for (String s : fixed) {
            assertThat(Members.isDecimal(s)).as(s).isEqualTo(DECIMAL.matcher(s).matches());
            assertThat(Members.isInteger(s)).as(s).isEqualTo(INTEGER.matcher(s).matches());
        }
        for (int run = 0; run < 200_000; run++) {
            int len = random.nextInt(run % 2 == 0 ? 6 : 22);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < len; i++) {
                sb.append(NUMBER_CHARS.charAt(random.nextInt(run % 3 == 0 ? NUMBER_CHARS.length() : 14)));
            }
            String s = sb.toString();
            assertThat(Members.isDecimal(s)).as(s).isEqualTo(DECIMAL.matcher(s).matches());
            assertThat(Members.isInteger(s)).as(s).isEqualTo(INTEGER.matcher(s).matches());
        }
    }

    @Test
    void epochSecondDoublesRoundToTheSameMillisecondAsTheirDecimalText() {
        Random random = seeded("epochMillis");
        for (int run = 0; run < 200_000; run++) {
            double seconds = switch (run % 5) {
                case 0 -> (random.nextLong() % 4_000_000_000_000L) / 1000.0;
                case 1 -> random.nextDouble() * 2e9;
                case 2 -> Math.scalb(random.nextDouble(), 30 + random.nextInt(14)) * (random.nextBoolean() ? 1 : -1);
                case 3 -> (random.nextLong() % 4_000_000_000_000_000L) / 1e6;
                default -> Double.longBitsToDouble(random.nextLong());
            };
            if (!Double.isFinite(seconds)) {
                continue;
            }
            long fast = Members.epochMillis(seconds);
            if (fast == Long.MIN_VALUE) {
                continue;
            }
            long slow = Members.epochSeconds(BigDecimal.valueOf(seconds)).toEpochMilli();
            assertThat(fast).as("%s", seconds).isEqualTo(slow);
        }
        assertThat(Members.epochMillis(1_768_046_340.25)).isEqualTo(1_768_046_340_250L);
        assertThat(Members.epochMillis(0x1p41)).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void utcIsoTimestampsParseAsTheFormatterParsesThem() {
        Random random = seeded("isoUtc");
        int fastHits = 0;
        for (int run = 0; run < 100_000; run++) {
            String t = isoText(random);
            Instant fast = Members.isoUtc(t);
            Instant slow;
            try {
                slow = Members.iso(t);
            } catch (DateTimeException e) {
                slow = null;
            }
            if (fast != null) {
                fastHits++;
                assertThat(fast).as(t).isEqualTo(slow);
            }
            ObjectNode in = JsonNodeFactory.instance.objectNode().put("T", t);
            if (slow != null) {
                assertThat(Members.root(in).timestamp("T")).as(t).isEqualTo(slow);
            }
        }
        assertThat(fastHits).isGreaterThan(10_000);
    }

    /** Mostly well-formed UTC timestamps, with out-of-range fields and stray characters mixed in. */
    private static String isoText(Random random) {
        int year = random.nextInt(10) == 0 ? random.nextInt(10_000) : 1990 + random.nextInt(60);
        int month = 1 + random.nextInt(random.nextInt(20) == 0 ? 14 : 12);
        int day = 1 + random.nextInt(random.nextInt(4) == 0 ? 32 : 28);
        int hour = random.nextInt(random.nextInt(20) == 0 ? 26 : 24);
        int minute = random.nextInt(random.nextInt(20) == 0 ? 62 : 60);
        int second = random.nextInt(random.nextInt(20) == 0 ? 62 : 60);
        StringBuilder sb = new StringBuilder(String.format("%04d-%02d-%02dT%02d:%02d:%02d", year, month, day,
                hour, minute, second));
        int fraction = random.nextInt(12) - 1;
        if (fraction >= 0) {
            sb.append('.');
            for (int i = 0; i < fraction; i++) {
                sb.append((char) ('0' + random.nextInt(10)));
            }
        }
        sb.append(switch (random.nextInt(12)) {
            case 0 -> "z";
            case 1 -> "+00:00";
            case 2 -> "";
            case 3 -> "Zx";
            default -> "Z";
        });
        if (random.nextInt(30) == 0) {
            sb.setCharAt(random.nextInt(sb.length()), "T:-.Zx5".charAt(random.nextInt(7)));
        }
        return sb.toString();
    }
}
