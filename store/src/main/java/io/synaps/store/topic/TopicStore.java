package io.synaps.store.topic;

import java.util.List;
import java.util.Optional;

/**
 * TopicStore keeps SNS-compatible topics and their subscriptions per account. Thread-safe;
 * writes are durable when the call returns.
 */
public interface TopicStore {

    /** Creates the topic, or returns the existing one of that name unchanged (CreateTopic is idempotent). */
    Topic createTopic(Topic topic);

    Optional<Topic> getTopic(String accountId, String name);

    /** Replaces the topic's attributes; empty when there is no such topic. */
    Optional<Topic> setTopicAttributes(String accountId, String name, java.util.Map<String, String> attributes);

    /** Up to {@code limit} topics sorted by ARN after {@code afterArn} (null: from the first). */
    List<Topic> listTopics(String accountId, String afterArn, int limit);

    /** Deletes the topic and its subscriptions; false when there was none. */
    boolean deleteTopic(String accountId, String name);

    /** Creates or replaces a subscription (keyed by its ARN). */
    void putSubscription(Subscription subscription);

    Optional<Subscription> getSubscription(String accountId, String subscriptionArn);

    /**
     * Up to {@code limit} subscriptions sorted by ARN after {@code afterArn} (null: from the first),
     * of one topic ({@code topicArn}) or of the whole account (null).
     */
    List<Subscription> listSubscriptions(String accountId, String topicArn, String afterArn, int limit);

    /** Deletes a subscription; false when there was none. */
    boolean deleteSubscription(String accountId, String subscriptionArn);
}
