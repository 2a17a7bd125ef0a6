package io.synaps.api.action.sns;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.api.action.RequestContext;
import io.synaps.api.protocol.Members;

import java.util.Map;
import java.util.TreeMap;

/**
 * SetTopicAttributesAction answers SetTopicAttributes: one settable attribute
 * ({@link TopicAttributes}); a read-only or unknown name is {@code Invalid parameter: AttributeName}.
 * No output. Thread-safe.
 */
final class SetTopicAttributesAction implements SnsAction {
    private final SnsTopics topics;

    SetTopicAttributesAction(SnsTopics topics) {
        this.topics = topics;
    }

    @Override
    public String name() {
        return "SetTopicAttributes";
    }

    @Override
    public ObjectNode answer(RequestContext context, Members in) {
        SnsArns.TopicArn arn = SnsArns.topic(in.string("TopicArn"), "TopicArn", context, topics.partition);
        String attribute = SnsInput.required(in, "AttributeName");
        String value = in.string("AttributeValue");
        TopicAttributes.check(attribute, value, "Invalid parameter: ", false);
        SnsArns.requireOwner(context, arn, topics.partition, name());
        Map<String, String> updated = new TreeMap<>(topics.require(arn).attributes());
        updated.put(attribute, value == null ? "" : value);
        topics.store.setTopicAttributes(arn.account(), arn.name(), updated).orElseThrow(SnsErrors::topicNotFound);
        return null;
    }
}
