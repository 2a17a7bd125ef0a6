package io.synaps.api.action.sns;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.api.action.RequestContext;
import io.synaps.api.protocol.Members;
import io.synaps.store.topic.Subscription;

import java.util.Optional;

/**
 * UnsubscribeAction answers Unsubscribe. As in AWS it may come without a signature (the
 * UnsubscribeURL of every message) and the subscription ARN, with its random id, is the proof,
 * unless the subscription was confirmed with AuthenticateOnUnsubscribe=true: then only a request
 * signed by the owning account may remove it (AuthorizationError otherwise). An unknown
 * subscription is not an error (AWS: idempotent). No output. Thread-safe.
 */
final class UnsubscribeAction implements SnsAction {
    private final SnsTopics topics;

    UnsubscribeAction(SnsTopics topics) {
        this.topics = topics;
    }

    @Override
    public String name() {
        return "Unsubscribe";
    }

    @Override
    public ObjectNode answer(RequestContext context, Members in) {
        SnsArns.SubscriptionArn arn = SnsArns.subscription(in.string("SubscriptionArn"), "SubscriptionArn", context,
                topics.partition);
        Optional<Subscription> found = topics.store.getSubscription(arn.account(), arn.text());
        if (found.isEmpty()) {
            return null;
        }
        boolean owner = !context.anonymous() && context.accountId().equals(arn.account());
        if (!owner && "true".equals(found.get().attributes().get(ConfirmSubscriptionAction.AUTHENTICATE_ON_UNSUBSCRIBE))) {
            throw SnsErrors.notAuthorized(context, topics.partition, name(), arn.text());
        }
        topics.store.deleteSubscription(arn.account(), arn.text());
        return null;
    }
}
