package io.synaps.stats;

/**
 * BasicStatistic is one of CloudWatch's five exact statistics; values are in the metric's unit
 * (SampleCount in samples). Immutable and thread-safe.
 */
public enum BasicStatistic implements Statistic {
    SAMPLE_COUNT("SampleCount"),
    SUM("Sum"),
    AVERAGE("Average"),
    MINIMUM("Minimum"),
    MAXIMUM("Maximum");

    private final String text;

    BasicStatistic(String text) {
        this.text = text;
    }

    /** The statistic whose AWS name is exactly {@code text}, or null. */
    static BasicStatistic byText(String text) {
        for (BasicStatistic s : values()) {
            if (s.text.equals(text)) {
                return s;
            }
        }
        return null;
    }

    @Override
    public String text() {
        return text;
    }

    @Override
    public boolean isExtended() {
        return false;
    }

    @Override
    public double compute(Aggregate aggregate) {
        if (aggregate.isEmpty()) {
            return Double.NaN;
        }
        return switch (this) {
            case SAMPLE_COUNT -> aggregate.sampleCount();
            case SUM -> aggregate.sum();
            case AVERAGE -> aggregate.average();
            case MINIMUM -> aggregate.minimum();
            case MAXIMUM -> aggregate.maximum();
        };
    }

    @Override
    public String toString() {
        return text;
    }
}
