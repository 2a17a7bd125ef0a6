package io.synaps.store.topic;

import java.util.Map;

/**
 * TopicDelivery is the notify side as the SNS API sees it: it sends subscription confirmations
 * and publishes messages to a topic's confirmed subscriptions, through the durable outbox (so
 * an accepted publish is delivered even across a restart). Thread-safe; calls return once the
 * work is durably queued, not delivered.
 */
public interface TopicDelivery {

    /** Queues the SubscriptionConfirmation message (http/https: POST; email: a mail with the link). */
    void requestConfirmation(Topic topic, Subscription subscription);

    /**
     * Queues one message to every confirmed subscription of the topic and returns its MessageId.
     *
     * @param attributes SNS MessageAttributes as name -> string value (may be empty)
     */
    String publish(Topic topic, String subject, String message, Map<String, String> attributes);
}
