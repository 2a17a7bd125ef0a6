package io.synaps.api.action.sns;

import io.synaps.api.action.Action;
import io.synaps.store.tag.TagStore;
import io.synaps.store.topic.TopicDelivery;
import io.synaps.store.topic.TopicStore;

import java.security.SecureRandom;
import java.util.List;

/**
 * SnsActions builds the handlers of the SNS-compatible API (2010-03-31, Query, SigV4 service
 * {@code sns}) over the topic store, the delivery side (the notify module's dispatcher) and the
 * tag store (topic tags): CreateTopic, DeleteTopic, ListTopics, GetTopicAttributes,
 * SetTopicAttributes, Subscribe, ConfirmSubscription, Unsubscribe, ListSubscriptions,
 * ListSubscriptionsByTopic, GetSubscriptionAttributes, SetSubscriptionAttributes, Publish,
 * TagResource, UntagResource and ListTagsForResource. Each answers {@code ApiService.SNS} from
 * {@code service()}. See api/ACTIONS.md "SNS". Thread-safe.
 */
public final class SnsActions {
    private SnsActions() {
    }

    /**
     * The SNS handlers; topic ARNs are {@code arn:<partition>:sns:<region>:<account>:<name>}.
     * Tokens and webhook secrets come from a {@link SecureRandom}.
     */
    public static List<Action> create(TopicStore topics, TopicDelivery delivery, TagStore tags, String partition) {
        SnsTopics shared = new SnsTopics(topics, delivery, tags, partition, new SecureRandom());
        return List.of(
                new CreateTopicAction(shared),
                new DeleteTopicAction(shared),
                new ListTopicsAction(shared),
                new GetTopicAttributesAction(shared),
                new SetTopicAttributesAction(shared),
                new SubscribeAction(shared),
                new ConfirmSubscriptionAction(shared),
                new UnsubscribeAction(shared),
                new ListSubscriptionsAction(shared, false),
                new ListSubscriptionsAction(shared, true),
                new GetSubscriptionAttributesAction(shared),
                new SetSubscriptionAttributesAction(shared),
                new PublishAction(shared),
                new TopicTagsAction(shared, TopicTagsAction.Kind.TAG),
                new TopicTagsAction(shared, TopicTagsAction.Kind.UNTAG),
                new TopicTagsAction(shared, TopicTagsAction.Kind.LIST));
    }
}
