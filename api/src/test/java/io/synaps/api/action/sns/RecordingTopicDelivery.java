package io.synaps.api.action.sns;

import io.synaps.store.topic.Subscription;
import io.synaps.store.topic.Topic;
import io.synaps.store.topic.TopicDelivery;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * RecordingTopicDelivery stands in for the notify module's dispatcher in API tests: it records
 * every confirmation request and publish (what the SNS handlers hand to delivery) and answers
 * MessageIds {@code msg-1, msg-2, ...}. Thread-safe.
 */
public final class RecordingTopicDelivery implements TopicDelivery {
    /** One Publish as handed to delivery. */
    public record Published(Topic topic, String subject, String message, Map<String, String> attributes, String messageId) {
    }

    /** One confirmation request. */
    public record Confirmation(Topic topic, Subscription subscription) {
    }

    public final List<Confirmation> confirmations = new CopyOnWriteArrayList<>();
    public final List<Published> published = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();

    @Override
    public void requestConfirmation(Topic topic, Subscription subscription) {
        confirmations.add(new Confirmation(topic, subscription));
    }

    @Override
    public String publish(Topic topic, String subject, String message, Map<String, String> attributes) {
        String id = "msg-" + ids.incrementAndGet();
        published.add(new Published(topic, subject, message, Map.copyOf(attributes), id));
        return id;
    }
}
