package io.synaps.store.alarm;

import io.synaps.model.alarm.AlarmHistoryItem;

import java.util.List;

/** HistoryPage is one page of alarm history; {@code nextToken} is null on the last page. Immutable. */
public record HistoryPage(List<AlarmHistoryItem> items, String nextToken) {
    public HistoryPage {
        items = List.copyOf(items);
    }
}
