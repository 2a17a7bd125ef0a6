package io.synaps.api.action.sns;

import io.synaps.store.tag.TagStore;
import io.synaps.store.topic.Subscription;
import io.synaps.store.topic.Topic;
import io.synaps.store.topic.TopicStore;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.fail;

/**
 * UnreachableTopicStore is a topic and tag store that fails the test on any call: a request
 * refused by validation must never reach the store.
 */
final class UnreachableTopicStore implements TopicStore, TagStore {
    private static <T> T reached(String what) {
        return fail("validation should have refused the request before the store (" + what + ")");
    }

    @Override
    public Topic createTopic(Topic topic) {
        return reached("createTopic");
    }

    @Override
    public Optional<Topic> getTopic(String accountId, String name) {
        return reached("getTopic");
    }

    @Override
    public Optional<Topic> setTopicAttributes(String accountId, String name, Map<String, String> attributes) {
        return reached("setTopicAttributes");
    }

    @Override
    public List<Topic> listTopics(String accountId, String afterArn, int limit) {
        return reached("listTopics");
    }

    @Override
    public boolean deleteTopic(String accountId, String name) {
        return reached("deleteTopic");
    }

    @Override
    public void putSubscription(Subscription subscription) {
        reached("putSubscription");
    }

    @Override
    public Optional<Subscription> getSubscription(String accountId, String subscriptionArn) {
        return reached("getSubscription");
    }

    @Override
    public List<Subscription> listSubscriptions(String accountId, String topicArn, String afterArn, int limit) {
        return reached("listSubscriptions");
    }

    @Override
    public boolean deleteSubscription(String accountId, String subscriptionArn) {
        return reached("deleteSubscription");
    }

    @Override
    public Map<String, String> get(String accountId, String arn) {
        return reached("tags.get");
    }

    @Override
    public void put(String accountId, String arn, Map<String, String> tags) {
        reached("tags.put");
    }

    @Override
    public void remove(String accountId, String arn, Collection<String> keys) {
        reached("tags.remove");
    }

    @Override
    public void deleteAll(String accountId, String arn) {
        reached("tags.deleteAll");
    }
}
