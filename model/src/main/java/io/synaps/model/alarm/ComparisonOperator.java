package io.synaps.model.alarm;

/**
 * ComparisonOperator is PutMetricAlarm's ComparisonOperator; the enum name is the wire name.
 * The three band operators belong to anomaly-detection alarms (ThresholdMetricId), which need
 * metric math.
 */
public enum ComparisonOperator {
    GreaterThanOrEqualToThreshold("greater than or equal to"),
    GreaterThanThreshold("greater than"),
    LessThanThreshold("less than"),
    LessThanOrEqualToThreshold("less than or equal to"),
    LessThanLowerOrGreaterThanUpperThreshold("outside the band"),
    LessThanLowerThreshold("less than the lower band"),
    GreaterThanUpperThreshold("greater than the upper band");

    private final String phrase;

    ComparisonOperator(String phrase) {
        this.phrase = phrase;
    }

    /** The words StateReason uses, e.g. {@code greater than or equal to}. */
    public String phrase() {
        return phrase;
    }

    /** Whether this is one of the anomaly-detection band operators. */
    public boolean isBand() {
        return ordinal() >= LessThanLowerOrGreaterThanUpperThreshold.ordinal();
    }

    /**
     * Whether {@code value} breaches {@code threshold} under a static-threshold operator.
     *
     * @throws IllegalStateException for the band operators
     */
    public boolean breaches(double value, double threshold) {
        return switch (this) {
            case GreaterThanOrEqualToThreshold -> value >= threshold;
            case GreaterThanThreshold -> value > threshold;
            case LessThanThreshold -> value < threshold;
            case LessThanOrEqualToThreshold -> value <= threshold;
            default -> throw new IllegalStateException(name() + " compares against a band, not a threshold");
        };
    }

    /** The operator of that wire name, or null. */
    public static ComparisonOperator parse(String wireName) {
        for (ComparisonOperator c : values()) {
            if (c.name().equals(wireName)) {
                return c;
            }
        }
        return null;
    }
}
