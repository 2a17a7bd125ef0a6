package io.synaps.api.action.alarm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.api.action.Action;
import io.synaps.api.action.RequestContext;
import io.synaps.api.action.tag.TagInput;
import io.synaps.api.protocol.Members;
import io.synaps.engine.alarm.AlarmService;
import io.synaps.model.alarm.MetricAlarm;
import io.synaps.store.topic.TopicStore;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * PutMetricAlarmAction answers PutMetricAlarm: validates the whole definition (nothing is written
 * on bad input; with a topic store, SNS actions must name existing topics of the caller), then
 * creates or replaces the alarm through the {@link AlarmService}; completes
 * once the definition is durable. No output. Thread-safe.
 */
public final class PutMetricAlarmAction implements Action {
    private final AlarmService alarms;
    private final String partition;
    private final TopicStore topics;

    /** Without a topic store: SNS action ARNs are checked for syntax only. */
    public PutMetricAlarmAction(AlarmService alarms, String partition) {
        this(alarms, partition, null);
    }

    /** With a topic store: an SNS action naming a topic the caller does not have is refused. */
    public PutMetricAlarmAction(AlarmService alarms, String partition, TopicStore topics) {
        this.alarms = Objects.requireNonNull(alarms, "alarms");
        this.partition = Objects.requireNonNull(partition, "partition");
        this.topics = topics;
    }

    @Override
    public String name() {
        return "PutMetricAlarm";
    }

    @Override
    public CompletableFuture<ObjectNode> handle(RequestContext context, Members in) {
        MetricAlarm alarm = MetricAlarmInput.read(context, in, partition, true);
        Map<String, String> tags = TagInput.tags(in, "Tags", false);
        if (topics != null) {
            ActionTopics.requireExisting(topics, context, partition, alarm.actions());
        }
        return alarms.putMetricAlarm(alarm, tags).thenApply(stored -> null);
    }
}
