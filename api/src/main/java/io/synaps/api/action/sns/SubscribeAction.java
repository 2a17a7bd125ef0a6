package io.synaps.api.action.sns;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.api.action.RequestContext;
import io.synaps.api.protocol.Members;
import io.synaps.store.topic.Subscription;
import io.synaps.store.topic.Topic;

import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * SubscribeAction answers Subscribe: checks TopicArn, Protocol, Endpoint and Attributes
 * ({@link SubscriptionEndpoints}), then creates the subscription {@code <topicArn>:<uuid>} with a
 * random confirmation token and a random webhook signing secret. sms and slack subscriptions are
 * confirmed at once; email, email-json, http and https wait for ConfirmSubscription and get their
 * confirmation message through {@code TopicDelivery.requestConfirmation}, and the answer is
 * {@code pending confirmation} unless ReturnSubscriptionArn. Subscribing the same protocol and
 * endpoint again answers the existing subscription (a pending one gets its confirmation again),
 * or {@code Subscription already exists with different attributes}. Thread-safe.
 */
final class SubscribeAction implements SnsAction {
    static final String PENDING_ANSWER = "pending confirmation";
    private final SnsTopics topics;

    SubscribeAction(SnsTopics topics) {
        this.topics = topics;
    }

    @Override
    public String name() {
        return "Subscribe";
    }

    @Override
    public ObjectNode answer(RequestContext context, Members in) {
        SnsArns.TopicArn arn = SnsArns.topic(in.string("TopicArn"), "TopicArn", context, topics.partition);
        String protocol = SnsInput.required(in, "Protocol");
        SubscriptionEndpoints.checkProtocol(protocol);
        String endpoint = in.string("Endpoint");
        SubscriptionEndpoints.checkEndpoint(protocol, endpoint);
        Map<String, String> attributes = SubscriptionEndpoints.attributes(protocol,
                SnsInput.attributes(in, "Attributes"), "Invalid parameter: Attributes Reason: ");
        boolean returnArn = SnsInput.bool(in, "ReturnSubscriptionArn", false);
        SnsArns.requireOwner(context, arn, topics.partition, name());
        Topic topic = topics.require(arn);

        Subscription existing = topics.find(arn.account(), arn.text(),
                s -> s.protocol().equals(protocol) && s.endpoint().equals(endpoint));
        if (existing != null) {
            for (Map.Entry<String, String> e : attributes.entrySet()) {
                String have = existing.attributes().get(e.getKey());
                boolean same = e.getValue().equals(have)
                        || (have == null && e.getKey().equals(SubscriptionEndpoints.RAW) && e.getValue().equals("false"));
                if (!same) {
                    throw SnsErrors.invalidParameter(
                            "Invalid parameter: Attributes Reason: Subscription already exists with different attributes");
                }
            }
            if (!existing.confirmed()) {
                topics.delivery.requestConfirmation(topic, existing);
            }
            return output(existing, returnArn);
        }

        boolean confirmed = !SubscriptionEndpoints.NEED_CONFIRMATION.contains(protocol);
        Map<String, String> stored = new TreeMap<>(attributes);
        if (confirmed) {
            stored.put(ConfirmSubscriptionAction.AUTHENTICATED, "true");
        }
        Subscription subscription = new Subscription(arn.text() + ":" + UUID.randomUUID(), arn.account(), arn.text(),
                protocol, endpoint, confirmed, topics.randomHex(SnsTopics.TOKEN_BYTES),
                topics.randomHex(SnsTopics.SECRET_BYTES), stored, context.clock().millis());
        try {
            topics.store.putSubscription(subscription);
        } catch (IllegalArgumentException e) {
            throw SnsErrors.topicNotFound(); // deleted since it was read
        }
        if (!confirmed) {
            topics.delivery.requestConfirmation(topic, subscription);
        }
        return output(subscription, returnArn);
    }

    private static ObjectNode output(Subscription s, boolean returnArn) {
        return JsonNodeFactory.instance.objectNode()
                .put("SubscriptionArn", s.confirmed() || returnArn ? s.arn() : PENDING_ANSWER);
    }
}
