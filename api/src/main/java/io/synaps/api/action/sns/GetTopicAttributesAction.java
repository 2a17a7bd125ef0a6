package io.synaps.api.action.sns;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.api.action.RequestContext;
import io.synaps.api.protocol.Members;
import io.synaps.api.protocol.Output;
import io.synaps.store.topic.Topic;

/**
 * GetTopicAttributesAction answers GetTopicAttributes: {@code Attributes} (a map, sorted by
 * name) with DisplayName, EffectiveDeliveryPolicy, Owner, Policy (AWS's default policy unless one
 * was set), SignatureVersion when set, SubscriptionsConfirmed / Pending / Deleted (counted now;
 * Deleted is always 0: deleted subscriptions are gone at once) and TopicArn. Thread-safe.
 */
final class GetTopicAttributesAction implements SnsAction {
    private final SnsTopics topics;

    GetTopicAttributesAction(SnsTopics topics) {
        this.topics = topics;
    }

    @Override
    public String name() {
        return "GetTopicAttributes";
    }

    @Override
    public ObjectNode answer(RequestContext context, Members in) {
        SnsArns.TopicArn arn = SnsArns.topic(in.string("TopicArn"), "TopicArn", context, topics.partition);
        SnsArns.requireOwner(context, arn, topics.partition, name());
        Topic topic = topics.require(arn);
        long[] counts = topics.counts(topic);
        Output.MapNode attributes = Output.map();
        TopicAttributes.view(topic, counts[0], counts[1]).forEach(attributes::put);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.set("Attributes", attributes);
        return out;
    }
}
