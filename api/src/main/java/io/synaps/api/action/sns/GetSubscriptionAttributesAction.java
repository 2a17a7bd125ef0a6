package io.synaps.api.action.sns;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.api.action.RequestContext;
import io.synaps.api.protocol.Members;
import io.synaps.api.protocol.Output;
import io.synaps.store.topic.Subscription;

import java.util.Map;
import java.util.TreeMap;

/**
 * GetSubscriptionAttributesAction answers GetSubscriptionAttributes for a subscription of the
 * caller's account: {@code Attributes} (sorted) ConfirmationWasAuthenticated, Endpoint, Owner,
 * PendingConfirmation, Protocol, RawMessageDelivery, SubscriptionArn, SubscriptionPrincipal (the
 * account's root ARN), TopicArn, and the Synaps extension {@code SynapsWebhookSecret}: the
 * subscription's HMAC-SHA256 key of the {@code X-Synaps-Signature} header of webhook deliveries.
 * Only the owning account can read it (this is how a webhook owner learns it); list calls never
 * show it. Thread-safe.
 */
final class GetSubscriptionAttributesAction implements SnsAction {
    static final String SECRET = "SynapsWebhookSecret";
    private final SnsTopics topics;

    GetSubscriptionAttributesAction(SnsTopics topics) {
        this.topics = topics;
    }

    @Override
    public String name() {
        return "GetSubscriptionAttributes";
    }

    @Override
    public ObjectNode answer(RequestContext context, Members in) {
        SnsArns.SubscriptionArn arn = SnsArns.subscription(in.string("SubscriptionArn"), "SubscriptionArn", context,
                topics.partition);
        SnsArns.requireOwner(context, arn.topic(), topics.partition, name());
        Subscription s = topics.store.getSubscription(arn.account(), arn.text())
                .orElseThrow(() -> SnsErrors.notFound("Subscription does not exist"));
        Map<String, String> view = new TreeMap<>();
        view.put(ConfirmSubscriptionAction.AUTHENTICATED,
                s.attributes().getOrDefault(ConfirmSubscriptionAction.AUTHENTICATED, "false"));
        view.put("Endpoint", s.endpoint());
        view.put("Owner", s.accountId());
        view.put("PendingConfirmation", Boolean.toString(!s.confirmed()));
        view.put("Protocol", s.protocol());
        view.put(SubscriptionEndpoints.RAW, s.attributes().getOrDefault(SubscriptionEndpoints.RAW, "false"));
        view.put("SubscriptionArn", s.arn());
        view.put("SubscriptionPrincipal", "arn:" + topics.partition + ":iam::" + s.accountId() + ":root");
        view.put("TopicArn", s.topicArn());
        if (s.secret() != null) {
            view.put(SECRET, s.secret());
        }
        Output.MapNode attributes = Output.map();
        view.forEach(attributes::put);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.set("Attributes", attributes);
        return out;
    }
}
