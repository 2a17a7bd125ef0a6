package io.synaps.stats;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * StatisticSyntax parses extended statistic text (reference 4.6); stateless and thread-safe.
 *
 * <p>Numbers have at most 10 decimals and no leading zeros in percentages; percentages are
 * 0..100. Lower-case short forms take one percentage ({@code tm90} is {@code TM(:90%)});
 * upper-case forms take a parenthesised range whose two ends are both percentages or both
 * absolute values, with lower &lt;= upper. PR takes absolute values only.
 */
final class StatisticSyntax {
    private static final String PERCENT = "(?:100(?:\\.0{1,10})?|[1-9]?[0-9](?:\\.[0-9]{1,10})?)";
    private static final String ABSOLUTE = "[0-9]+(?:\\.[0-9]{1,10})?";
    private static final String END = "(?:(" + PERCENT + ")%|(" + ABSOLUTE + "))?";

    private static final Pattern SHORT = Pattern.compile("(p|tm|wm|tc|ts)(" + PERCENT + ")");
    private static final Pattern RANGE = Pattern.compile("(TM|WM|TC|TS|PR)\\(" + END + ":" + END + "\\)");

    private StatisticSyntax() {
    }

    static Statistic parseExtended(String text) {
        if (text.equals("IQM")) {
            return new TrimmedStatistic(TrimmedStatistic.Kind.TRIMMED_MEAN, Bounds.percentOf(25, 75), text);
        }
        Matcher m = SHORT.matcher(text);
        if (m.matches()) {
            double number = Double.parseDouble(m.group(2));
            String prefix = m.group(1);
            if (prefix.equals("p")) {
                return new Percentile(number, text);
            }
            return new TrimmedStatistic(kindOf(prefix), Bounds.percentOf(0, number), text);
        }
        m = RANGE.matcher(text);
        if (m.matches()) {
            return range(m, text);
        }
        return null;
    }

    private static Statistic range(Matcher m, String text) {
        String prefix = m.group(1);
        String lowPercent = m.group(2);
        String lowAbsolute = m.group(3);
        String highPercent = m.group(4);
        String highAbsolute = m.group(5);
        boolean anyPercent = lowPercent != null || highPercent != null;
        boolean anyAbsolute = lowAbsolute != null || highAbsolute != null;
        if (!anyPercent && !anyAbsolute) {
            return null;
        }
        if (anyPercent && anyAbsolute) {
            return null;
        }
        Bounds bounds;
        if (anyPercent) {
            if (prefix.equals("PR")) {
                return null;
            }
            double low = lowPercent == null ? 0 : Double.parseDouble(lowPercent);
            double high = highPercent == null ? 100 : Double.parseDouble(highPercent);
            if (low > high) {
                return null;
            }
            bounds = Bounds.percentOf(low, high);
        } else {
            double low = lowAbsolute == null ? Double.NEGATIVE_INFINITY : Double.parseDouble(lowAbsolute);
            double high = highAbsolute == null ? Double.POSITIVE_INFINITY : Double.parseDouble(highAbsolute);
            if (low > high) {
                return null;
            }
            bounds = Bounds.absolute(low, high);
        }
        if (prefix.equals("PR")) {
            return new PercentileRank(bounds, text);
        }
        return new TrimmedStatistic(kindOf(prefix), bounds, text);
    }

    private static TrimmedStatistic.Kind kindOf(String prefix) {
        for (TrimmedStatistic.Kind kind : TrimmedStatistic.Kind.values()) {
            if (kind.rangePrefix.equals(prefix) || kind.shortPrefix.equals(prefix)) {
                return kind;
            }
        }
        throw new IllegalStateException("no trimmed statistic for " + prefix);
    }
}
