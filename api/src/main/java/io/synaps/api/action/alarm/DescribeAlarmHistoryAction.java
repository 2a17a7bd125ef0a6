package io.synaps.api.action.alarm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.api.action.RequestContext;
import io.synaps.api.action.SyncAction;
import io.synaps.api.protocol.Members;
import io.synaps.engine.alarm.AlarmService;
import io.synaps.model.AwsError;
import io.synaps.model.alarm.AlarmHistoryItem;
import io.synaps.model.alarm.AlarmType;
import io.synaps.model.alarm.HistoryItemType;
import io.synaps.store.alarm.HistoryPage;
import io.synaps.store.alarm.HistoryQuery;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * DescribeAlarmHistoryAction answers DescribeAlarmHistory from the stored history (items outlive
 * their alarms): AlarmName, AlarmTypes (MetricAlarm when absent), HistoryItemType, StartDate /
 * EndDate (inclusive), ScanBy (TimestampDescending when absent), MaxRecords (1..100, default 100)
 * and the store's NextToken. Thread-safe.
 */
public final class DescribeAlarmHistoryAction implements SyncAction {
    static final int DEFAULT_MAX_RECORDS = 100;
    static final List<String> ITEM_TYPES = List.of("ConfigurationUpdate", "StateUpdate", "Action",
            "AlarmContributorStateUpdate", "AlarmContributorAction");
    static final List<String> SCAN_BY = List.of("TimestampDescending", "TimestampAscending");
    static final int CONTRIBUTOR_ID_MAX = 16;

    private final AlarmService alarms;

    public DescribeAlarmHistoryAction(AlarmService alarms) {
        this.alarms = Objects.requireNonNull(alarms, "alarms");
    }

    @Override
    public String name() {
        return "DescribeAlarmHistory";
    }

    @Override
    public ObjectNode answer(RequestContext context, Members in) {
        String alarmName = AlarmInput.optionalName(in, "AlarmName");
        String contributor = in.string("AlarmContributorId");
        if (contributor != null && !contributor.isEmpty()) {
            AlarmInput.maxLength(contributor, in.pathOf("AlarmContributorId"), CONTRIBUTOR_ID_MAX);
        } else {
            contributor = null;
        }
        Set<AlarmType> types = AlarmInput.alarmTypes(in);
        String itemText = AlarmInput.enumValue(in, "HistoryItemType", ITEM_TYPES, ITEM_TYPES);
        Instant start = in.timestamp("StartDate");
        Instant end = in.timestamp("EndDate");
        if (start != null && end != null && start.isAfter(end)) {
            throw AwsError.invalidParameterValue("The parameter EndDate must be greater than StartDate.");
        }
        int max = AlarmInput.maxRecords(in, DEFAULT_MAX_RECORDS);
        String scanBy = AlarmInput.enumValue(in, "ScanBy", SCAN_BY, SCAN_BY);
        String nextToken = in.string("NextToken");
        if (nextToken != null && nextToken.isEmpty()) {
            nextToken = null;
        }

        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode items = out.putArray("AlarmHistoryItems");
        HistoryItemType itemType = itemText == null ? null : HistoryItemType.parse(itemText);
        // Contributor items (multi-time-series alarms) and log alarms never exist here.
        if (contributor != null || types.isEmpty() || (itemText != null && itemType == null)) {
            return out;
        }
        HistoryQuery query = new HistoryQuery(alarmName, types, itemType,
                start == null ? 0 : start.toEpochMilli(),
                end == null ? Long.MAX_VALUE : end.toEpochMilli(),
                !"TimestampAscending".equals(scanBy), nextToken, max);
        HistoryPage page = alarms.history(context.accountId(), query);
        for (AlarmHistoryItem item : page.items()) {
            ObjectNode o = items.addObject();
            o.put("AlarmName", item.alarmName());
            o.put("AlarmType", item.alarmType().name());
            o.set("Timestamp", AlarmOutput.timestamp(item.timestampMillis()));
            o.put("HistoryItemType", item.type().name());
            o.put("HistorySummary", item.summary());
            o.put("HistoryData", item.data());
        }
        if (page.nextToken() != null) {
            out.put("NextToken", page.nextToken());
        }
        return out;
    }

}
