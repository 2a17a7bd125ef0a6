package io.synaps.store.alarm;

import io.synaps.model.alarm.AlarmType;
import io.synaps.model.alarm.HistoryItemType;

import java.util.Objects;
import java.util.Set;

/**
 * HistoryQuery selects DescribeAlarmHistory items: {@code alarmName} (exact, null: all),
 * {@code types} (alarm types to include, never empty), {@code itemType} (null: all),
 * timestamps in [{@code startMillis}, {@code endMillis}] (inclusive, epoch milliseconds),
 * {@code newestFirst} (ScanBy TimestampDescending), {@code nextToken} (null for the first page)
 * and {@code limit} (1..100). Immutable.
 */
public record HistoryQuery(String alarmName, Set<AlarmType> types, HistoryItemType itemType, long startMillis,
                           long endMillis, boolean newestFirst, String nextToken, int limit) {

    public HistoryQuery {
        types = Set.copyOf(Objects.requireNonNull(types, "types"));
        if (types.isEmpty()) {
            throw new IllegalArgumentException("types must not be empty");
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive");
        }
    }
}
