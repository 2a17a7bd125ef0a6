package io.synaps.api.action.alarm;

import io.synaps.api.action.RequestContext;
import io.synaps.model.AwsError;
import io.synaps.model.alarm.AlarmActions;
import io.synaps.store.topic.TopicStore;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * ActionTopics refuses, at configuration time, an alarm whose SNS action names a topic that does
 * not exist in the caller's account and region (a topic of another account, region or partition
 * never does), so a typo cannot leave an alarm that notifies no one. AWS itself accepts any
 * well-formed topic ARN; the message is ours. Run after the syntax checks of {@link ActionArns}.
 * Stateless; thread-safe.
 */
final class ActionTopics {
    private ActionTopics() {
    }

    /** Throws InvalidParameterValue naming the first SNS action ARN without its topic. */
    static void requireExisting(TopicStore topics, RequestContext context, String partition, AlarmActions actions) {
        Set<String> seen = new HashSet<>();
        check(topics, context, partition, actions.ok(), "OKActions", seen);
        check(topics, context, partition, actions.alarm(), "AlarmActions", seen);
        check(topics, context, partition, actions.insufficientData(), "InsufficientDataActions", seen);
    }

    private static void check(TopicStore topics, RequestContext context, String partition, List<String> arns,
                              String member, Set<String> seen) {
        for (int i = 0; i < arns.size(); i++) {
            String arn = arns.get(i);
            String[] parts = arn.split(":", 6);
            if (parts.length < 6 || parts[1].equals("synaps") || !parts[2].equals("sns") || !seen.add(arn)) {
                continue;
            }
            boolean exists = parts[1].equals(partition) && parts[3].equals(context.region())
                    && parts[4].equals(context.accountId())
                    && topics.getTopic(parts[4], parts[5]).filter(t -> t.arn().equals(arn)).isPresent();
            if (!exists) {
                throw AwsError.invalidParameterValue("The SNS topic " + arn + " (" + member + ".member." + (i + 1)
                        + ") does not exist in this account and region; create it with CreateTopic first.");
            }
        }
    }
}
