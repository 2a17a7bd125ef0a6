package io.synaps.model.alarm;

/** HistoryItemType is DescribeAlarmHistory's HistoryItemType; the enum name is the wire name. */
public enum HistoryItemType {
    ConfigurationUpdate, StateUpdate, Action;

    /** The type of that wire name, or null (AlarmContributor* types are valid on the wire but never stored here). */
    public static HistoryItemType parse(String wireName) {
        for (HistoryItemType t : values()) {
            if (t.name().equals(wireName)) {
                return t;
            }
        }
        return null;
    }
}
