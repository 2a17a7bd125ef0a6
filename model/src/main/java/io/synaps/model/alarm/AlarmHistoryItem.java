package io.synaps.model.alarm;

import java.util.Objects;

/**
 * AlarmHistoryItem is one DescribeAlarmHistory entry: {@code summary} is HistorySummary,
 * {@code data} is the HistoryData JSON text (reference 2.9), {@code timestampMillis} epoch
 * milliseconds. Items outlive their alarm. Immutable.
 */
public record AlarmHistoryItem(String accountId, String alarmName, AlarmType alarmType, HistoryItemType type,
                               long timestampMillis, String summary, String data) {

    public AlarmHistoryItem {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(alarmName, "alarmName");
        Objects.requireNonNull(alarmType, "alarmType");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(data, "data");
    }
}
