package io.synaps.api.action.alarm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.api.action.RequestContext;
import io.synaps.api.action.SyncAction;
import io.synaps.api.action.metric.MetricNames;
import io.synaps.api.protocol.Members;
import io.synaps.engine.alarm.AlarmService;
import io.synaps.model.AwsError;
import io.synaps.model.MetricId;
import io.synaps.model.StandardUnit;
import io.synaps.model.alarm.Alarm;
import io.synaps.model.alarm.MetricAlarm;

import java.util.List;
import java.util.Objects;

/**
 * DescribeAlarmsForMetricAction answers DescribeAlarmsForMetric: the metric alarms on exactly the
 * given metric (namespace, name and dimension set, as a metric's identity), optionally narrowed by
 * Statistic or ExtendedStatistic, Period and Unit; unpaged, in name order. It scans the account's
 * alarms. Thread-safe.
 */
public final class DescribeAlarmsForMetricAction implements SyncAction {
    private static final int SCAN_CHUNK = 1000;

    private final AlarmService alarms;

    public DescribeAlarmsForMetricAction(AlarmService alarms) {
        this.alarms = Objects.requireNonNull(alarms, "alarms");
    }

    @Override
    public String name() {
        return "DescribeAlarmsForMetric";
    }

    @Override
    public ObjectNode answer(RequestContext context, Members in) {
        String statistic = AlarmInput.enumValue(in, "Statistic", MetricAlarmInput.STATISTICS,
                MetricAlarmInput.STATISTICS);
        Integer period = in.integer("Period");
        if (period != null) {
            AlarmInput.atLeast(period, in.pathOf("Period"), 1);
        }
        StandardUnit unit = MetricNames.unit(in, "Unit");
        MetricId metric = new MetricId(MetricNames.namespace(in, "Namespace", MetricNames.Mode.READ),
                MetricNames.metricName(in, "MetricName", MetricNames.Mode.READ),
                MetricNames.dimensions(in, "Dimensions", MetricNames.Mode.READ));
        String extended = in.string("ExtendedStatistic");
        if (extended != null && extended.isEmpty()) {
            extended = null;
        }
        if (statistic != null && extended != null) {
            throw AwsError.invalidParameterCombination("The parameters " + in.pathOf("Statistic") + " and "
                    + in.pathOf("ExtendedStatistic") + " are mutually exclusive and you have specified both.");
        }
        if (extended != null) {
            MetricAlarmInput.checkExtended(extended, in.pathOf("ExtendedStatistic"));
        }

        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode list = out.putArray("MetricAlarms");
        String cursor = null;
        while (true) {
            List<Alarm> chunk = alarms.list(context.accountId(), null, cursor, SCAN_CHUNK);
            for (Alarm a : chunk) {
                if (a instanceof MetricAlarm m && m.metric().equals(metric)
                        && (statistic == null || statistic.equals(m.statistic()))
                        && (extended == null || extended.equals(m.extendedStatistic()))
                        && (period == null || period == m.period())
                        && (unit == null || unit == m.unit())) {
                    list.add(AlarmOutput.metric(m));
                }
            }
            if (chunk.size() < SCAN_CHUNK) {
                return out;
            }
            cursor = chunk.get(chunk.size() - 1).name();
        }
    }
}
