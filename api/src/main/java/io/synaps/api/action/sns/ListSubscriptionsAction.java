package io.synaps.api.action.sns;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.api.action.RequestContext;
import io.synaps.api.protocol.Members;
import io.synaps.store.topic.Subscription;

import java.util.List;

/**
 * ListSubscriptionsAction answers ListSubscriptions (the caller's subscriptions) and, built with
 * {@code byTopic}, ListSubscriptionsByTopic (TopicArn required; NotFound for an unknown topic):
 * 100 a page by subscription ARN, each {@code SubscriptionArn} ({@code PendingConfirmation} while
 * pending, as AWS shows it), {@code Owner}, {@code Protocol}, {@code Endpoint}, {@code TopicArn};
 * {@code NextToken} when more follow. Thread-safe.
 */
final class ListSubscriptionsAction implements SnsAction {
    private final SnsTopics topics;
    private final boolean byTopic;

    ListSubscriptionsAction(SnsTopics topics, boolean byTopic) {
        this.topics = topics;
        this.byTopic = byTopic;
    }

    @Override
    public String name() {
        return byTopic ? "ListSubscriptionsByTopic" : "ListSubscriptions";
    }

    @Override
    public ObjectNode answer(RequestContext context, Members in) {
        String topicArn = null;
        if (byTopic) {
            SnsArns.TopicArn arn = SnsArns.topic(in.string("TopicArn"), "TopicArn", context, topics.partition);
            SnsArns.requireOwner(context, arn, topics.partition, name());
            topicArn = topics.require(arn).arn();
        }
        String after = SnsInput.after(in);
        List<Subscription> page = topics.store.listSubscriptions(context.accountId(), topicArn, after,
                SnsTopics.PAGE + 1);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode list = out.putArray("Subscriptions");
        int n = Math.min(page.size(), SnsTopics.PAGE);
        for (int i = 0; i < n; i++) {
            SnsTopics.addSummary(list, page.get(i));
        }
        if (page.size() > SnsTopics.PAGE) {
            out.put("NextToken", SnsInput.token(page.get(n - 1).arn()));
        }
        return out;
    }
}
