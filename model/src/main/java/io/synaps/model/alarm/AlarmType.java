package io.synaps.model.alarm;

/** AlarmType is the DescribeAlarms / DescribeAlarmHistory AlarmTypes value; the enum name is the wire name. */
public enum AlarmType {
    MetricAlarm, CompositeAlarm;

    /** The type of that wire name, or null. */
    public static AlarmType parse(String wireName) {
        for (AlarmType t : values()) {
            if (t.name().equals(wireName)) {
                return t;
            }
        }
        return null;
    }
}
