package io.synaps.api.action.alarm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.api.action.Action;
import io.synaps.api.action.RequestContext;
import io.synaps.api.action.tag.TagInput;
import io.synaps.api.protocol.Members;
import io.synaps.engine.alarm.AlarmService;
import io.synaps.model.AwsError;
import io.synaps.model.alarm.AlarmActions;
import io.synaps.model.alarm.AlarmArn;
import io.synaps.model.alarm.AlarmStatus;
import io.synaps.model.alarm.CompositeAlarm;
import io.synaps.store.topic.TopicStore;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * PutCompositeAlarmAction answers PutCompositeAlarm: checks the request's syntax and limits
 * (AlarmRule length, actions, tags, the suppressor and its two periods; with a topic store, SNS
 * actions must name existing topics of the caller) and hands the alarm to
 * the {@link AlarmService}, which parses the rule against the account's alarms and refuses
 * unknown children and cycles. No output. Thread-safe.
 */
public final class PutCompositeAlarmAction implements Action {
    /** Longest AlarmRule, in characters. */
    static final int RULE_MAX = 10_240;
    /** Longest ActionsSuppressor (an AlarmArn). */
    static final int SUPPRESSOR_MAX = 1600;

    private final AlarmService alarms;
    private final String partition;
    private final TopicStore topics;

    /** Without a topic store: SNS action ARNs are checked for syntax only. */
    public PutCompositeAlarmAction(AlarmService alarms, String partition) {
        this(alarms, partition, null);
    }

    /** With a topic store: an SNS action naming a topic the caller does not have is refused. */
    public PutCompositeAlarmAction(AlarmService alarms, String partition, TopicStore topics) {
        this.alarms = Objects.requireNonNull(alarms, "alarms");
        this.partition = Objects.requireNonNull(partition, "partition");
        this.topics = topics;
    }

    @Override
    public String name() {
        return "PutCompositeAlarm";
    }

    @Override
    public CompletableFuture<ObjectNode> handle(RequestContext context, Members in) {
        String name = AlarmInput.name(in, "AlarmName");
        String description = AlarmInput.description(in);
        AlarmActions actions = AlarmInput.actions(in);
        String rule = in.requiredString("AlarmRule");
        AlarmInput.maxLength(rule, in.pathOf("AlarmRule"), RULE_MAX);
        Map<String, String> tags = TagInput.tags(in, "Tags", false);

        String suppressor = in.string("ActionsSuppressor");
        if (suppressor != null && suppressor.isEmpty()) {
            suppressor = null;
        }
        Integer wait = in.integer("ActionsSuppressorWaitPeriod");
        Integer extension = in.integer("ActionsSuppressorExtensionPeriod");
        if (suppressor != null) {
            AlarmInput.maxLength(suppressor, in.pathOf("ActionsSuppressor"), SUPPRESSOR_MAX);
            AlarmArn.Parsed arn = AlarmArn.parse(suppressor);
            if (arn != null && !(arn.accountId().equals(context.accountId()) && arn.region().equals(context.region())
                    && arn.partition().equals(partition))) {
                throw AwsError.invalidParameterValue("The ActionsSuppressor " + suppressor
                        + " is not an alarm of this account and region.");
            }
            if (wait == null) {
                throw Members.required(in.pathOf("ActionsSuppressorWaitPeriod"));
            }
            if (extension == null) {
                throw Members.required(in.pathOf("ActionsSuppressorExtensionPeriod"));
            }
            notNegative(wait, in.pathOf("ActionsSuppressorWaitPeriod"));
            notNegative(extension, in.pathOf("ActionsSuppressorExtensionPeriod"));
        } else if (wait != null || extension != null) {
            throw AwsError.invalidParameterCombination("The parameters " + in.pathOf("ActionsSuppressorWaitPeriod")
                    + " and " + in.pathOf("ActionsSuppressorExtensionPeriod") + " can only be used with "
                    + in.pathOf("ActionsSuppressor") + ".");
        }

        if (topics != null) {
            ActionTopics.requireExisting(topics, context, partition, actions);
        }
        long now = context.clock().millis();
        CompositeAlarm alarm = new CompositeAlarm(context.accountId(), name,
                MetricAlarmInput.arn(partition, context, name), description, actions, rule, suppressor, wait,
                extension, now, AlarmStatus.initial(now), null, null);
        return alarms.putCompositeAlarm(alarm, tags).thenApply(stored -> null);
    }

    private static void notNegative(int seconds, String path) {
        if (seconds < 0) {
            throw AwsError.invalidParameterValue("The parameter " + path + " must be greater than or equal to 0.");
        }
    }
}
