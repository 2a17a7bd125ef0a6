package io.synaps.api.action.alarm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.api.action.Action;
import io.synaps.api.action.RequestContext;
import io.synaps.api.action.tag.TagInput;
import io.synaps.api.protocol.Members;
import io.synaps.engine.alarm.AlarmService;
import io.synaps.model.alarm.MetricAlarm;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * PutMetricAlarmAction answers PutMetricAlarm: validates the whole definition (nothing is written
 * on bad input), then creates or replaces the alarm through the {@link AlarmService}; completes
 * once the definition is durable. No output. Thread-safe.
 */
public final class PutMetricAlarmAction implements Action {
    private final AlarmService alarms;
    private final String partition;

    public PutMetricAlarmAction(AlarmService alarms, String partition) {
        this.alarms = Objects.requireNonNull(alarms, "alarms");
        this.partition = Objects.requireNonNull(partition, "partition");
    }

    @Override
    public String name() {
        return "PutMetricAlarm";
    }

    @Override
    public CompletableFuture<ObjectNode> handle(RequestContext context, Members in) {
        MetricAlarm alarm = MetricAlarmInput.read(context, in, partition, true);
        Map<String, String> tags = TagInput.tags(in, "Tags", false);
        return alarms.putMetricAlarm(alarm, tags).thenApply(stored -> null);
    }
}
