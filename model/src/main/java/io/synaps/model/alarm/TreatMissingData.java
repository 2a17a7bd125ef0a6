package io.synaps.model.alarm;

/** TreatMissingData is how a metric alarm treats periods without data (reference 2.8); default MISSING. */
public enum TreatMissingData {
    MISSING("missing"), IGNORE("ignore"), BREACHING("breaching"), NOT_BREACHING("notBreaching");

    private final String wireName;

    TreatMissingData(String wireName) {
        this.wireName = wireName;
    }

    /** The wire value, e.g. {@code notBreaching}. */
    public String wireName() {
        return wireName;
    }

    /** The mode of that wire value, or null. */
    public static TreatMissingData parse(String wireName) {
        for (TreatMissingData t : values()) {
            if (t.wireName.equals(wireName)) {
                return t;
            }
        }
        return null;
    }
}
