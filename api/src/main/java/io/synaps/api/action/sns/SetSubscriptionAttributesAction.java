package io.synaps.api.action.sns;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.api.action.RequestContext;
import io.synaps.api.protocol.Members;
import io.synaps.store.topic.Subscription;

import java.util.HashMap;
import java.util.Map;

/**
 * SetSubscriptionAttributesAction answers SetSubscriptionAttributes for a subscription of the
 * caller's account: only {@code RawMessageDelivery} (true/false, http and https) is settable
 * ({@link SubscriptionEndpoints}). No output. Thread-safe.
 */
final class SetSubscriptionAttributesAction implements SnsAction {
    private final SnsTopics topics;

    SetSubscriptionAttributesAction(SnsTopics topics) {
        this.topics = topics;
    }

    @Override
    public String name() {
        return "SetSubscriptionAttributes";
    }

    @Override
    public ObjectNode answer(RequestContext context, Members in) {
        SnsArns.SubscriptionArn arn = SnsArns.subscription(in.string("SubscriptionArn"), "SubscriptionArn", context,
                topics.partition);
        String attribute = SnsInput.required(in, "AttributeName");
        String value = in.string("AttributeValue");
        // Name and value first (http accepts every settable attribute); the protocol once it is known.
        SubscriptionEndpoints.attribute("http", attribute, value, "Invalid parameter: ");
        SnsArns.requireOwner(context, arn.topic(), topics.partition, name());
        Subscription s = topics.store.getSubscription(arn.account(), arn.text())
                .orElseThrow(() -> SnsErrors.notFound("Subscription does not exist"));
        String stored = SubscriptionEndpoints.attribute(s.protocol(), attribute, value, "Invalid parameter: ");
        Map<String, String> attributes = new HashMap<>(s.attributes());
        attributes.put(attribute, stored);
        try {
            topics.store.putSubscription(new Subscription(s.arn(), s.accountId(), s.topicArn(), s.protocol(),
                    s.endpoint(), s.confirmed(), s.token(), s.secret(), attributes, s.createdMillis()));
        } catch (IllegalArgumentException e) {
            throw SnsErrors.notFound("Subscription does not exist");
        }
        return null;
    }
}
