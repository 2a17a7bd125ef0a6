package io.synaps.model.alarm;

/** AlarmState is an alarm's StateValue as CloudWatch names it. */
public enum AlarmState {
    OK, ALARM, INSUFFICIENT_DATA;

    /** The state of that wire name, or null when the name is not one of the three. */
    public static AlarmState parse(String wireName) {
        for (AlarmState s : values()) {
            if (s.name().equals(wireName)) {
                return s;
            }
        }
        return null;
    }
}
