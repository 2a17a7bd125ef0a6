package io.synaps.api.action.sns;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.api.action.RequestContext;
import io.synaps.api.protocol.Members;
import io.synaps.store.topic.Topic;

import java.util.Map;
import java.util.Optional;

/**
 * CreateTopicAction answers CreateTopic: Name (1 to 256 of {@code A-Za-z0-9-_}), Attributes
 * ({@link TopicAttributes}) and Tags ({@link SnsTags}). Idempotent: an existing topic of that name
 * is answered unchanged when every given attribute and tag matches what it has, otherwise AWS's
 * {@code Topic already exists with different attributes / tags}. Output {@code TopicArn}.
 * Thread-safe.
 */
final class CreateTopicAction implements SnsAction {
    private final SnsTopics topics;

    CreateTopicAction(SnsTopics topics) {
        this.topics = topics;
    }

    @Override
    public String name() {
        return "CreateTopic";
    }

    @Override
    public ObjectNode answer(RequestContext context, Members in) {
        String name = in.string("Name");
        if (name == null || !SnsArns.TOPIC_NAME.matcher(name).matches()) {
            throw SnsErrors.invalidParameter("Invalid parameter: Topic Name");
        }
        Map<String, String> attributes = SnsInput.attributes(in, "Attributes");
        attributes.forEach((k, v) -> TopicAttributes.check(k, v, "Invalid parameter: Attributes Reason: ", true));
        Map<String, String> tags = SnsTags.read(in, "Tags");
        if (in.has("DataProtectionPolicy") && !in.string("DataProtectionPolicy").isEmpty()) {
            throw SnsErrors.notSupported("DataProtectionPolicy", "data protection");
        }
        String account = context.accountId();
        String arn = SnsArns.topicArn(topics.partition, context.region(), account, name);
        Map<String, String> stored = TopicAttributes.stored(attributes);

        Optional<Topic> existing = topics.store.getTopic(account, name);
        if (existing.isEmpty()) {
            // Tags first: a crash before the topic exists leaves tags no one can see, replaced next time.
            topics.tags.deleteAll(account, arn);
            if (!tags.isEmpty()) {
                topics.tags.put(account, arn, tags);
            }
            Topic created = topics.store.createTopic(new Topic(account, name, arn, stored, context.clock().millis()));
            if (created.attributes().equals(stored)) {
                return output(created.arn());
            }
            existing = Optional.of(created); // a concurrent CreateTopic won: compare with its topic
        }
        Topic topic = existing.get();
        for (Map.Entry<String, String> e : stored.entrySet()) {
            if (!e.getValue().equals(TopicAttributes.current(topic, e.getKey()))) {
                throw SnsErrors.invalidParameter(
                        "Invalid parameter: Attributes Reason: Topic already exists with different attributes");
            }
        }
        Map<String, String> have = topics.tags.get(account, topic.arn());
        for (Map.Entry<String, String> e : tags.entrySet()) {
            if (!e.getValue().equals(have.get(e.getKey()))) {
                throw SnsErrors.invalidParameter(
                        "Invalid parameter: Tags Reason: Topic already exists with different tags");
            }
        }
        return output(topic.arn());
    }

    private static ObjectNode output(String arn) {
        return JsonNodeFactory.instance.objectNode().put("TopicArn", arn);
    }
}
