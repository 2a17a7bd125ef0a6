package io.synaps.api.action.sns;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.store.tag.TagStore;
import io.synaps.store.topic.Subscription;
import io.synaps.store.topic.Topic;
import io.synaps.store.topic.TopicDelivery;
import io.synaps.store.topic.TopicStore;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * SnsTopics is what the SNS handlers share: the topic store, the delivery side, the tag store
 * (topic tags, keyed by topic ARN), the ARN partition and the random source of subscription
 * tokens and webhook secrets. Thread-safe.
 */
final class SnsTopics {
    /** Page size of ListTopics, ListSubscriptions and ListSubscriptionsByTopic (AWS's). */
    static final int PAGE = 100;
    /** Bytes of randomness in a confirmation token (128 hex characters). */
    static final int TOKEN_BYTES = 64;
    /** Bytes of randomness in a webhook signing secret (64 hex characters). */
    static final int SECRET_BYTES = 32;
    /** What list calls show for a subscription waiting for confirmation (AWS's text). */
    static final String PENDING = "PendingConfirmation";
    private static final int SCAN = 1000;

    final TopicStore store;
    final TopicDelivery delivery;
    final TagStore tags;
    final String partition;
    private final SecureRandom random;

    SnsTopics(TopicStore store, TopicDelivery delivery, TagStore tags, String partition, SecureRandom random) {
        this.store = Objects.requireNonNull(store, "store");
        this.delivery = Objects.requireNonNull(delivery, "delivery");
        this.tags = Objects.requireNonNull(tags, "tags");
        this.partition = Objects.requireNonNull(partition, "partition");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The caller's topic named by a parsed ARN, or NotFound {@code Topic does not exist}. */
    Topic require(SnsArns.TopicArn arn) {
        return store.getTopic(arn.account(), arn.name())
                .filter(t -> t.arn().equals(arn.text()))
                .orElseThrow(SnsErrors::topicNotFound);
    }

    /** The first subscription of a topic matching {@code p}, or null (scans the topic's subscriptions). */
    Subscription find(String account, String topicArn, Predicate<Subscription> p) {
        String after = null;
        while (true) {
            List<Subscription> page = store.listSubscriptions(account, topicArn, after, SCAN);
            for (Subscription s : page) {
                if (p.test(s)) {
                    return s;
                }
            }
            if (page.size() < SCAN) {
                return null;
            }
            after = page.get(page.size() - 1).arn();
        }
    }

    /** Confirmed and pending subscription counts of a topic. */
    long[] counts(Topic topic) {
        long confirmed = 0;
        long pending = 0;
        String after = null;
        while (true) {
            List<Subscription> page = store.listSubscriptions(topic.accountId(), topic.arn(), after, SCAN);
            for (Subscription s : page) {
                if (s.confirmed()) {
                    confirmed++;
                } else {
                    pending++;
                }
            }
            if (page.size() < SCAN) {
                return new long[]{confirmed, pending};
            }
            after = page.get(page.size() - 1).arn();
        }
    }

    /** {@code n} random bytes as lower-case hex. */
    String randomHex(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** A list item of ListSubscriptions(ByTopic), in the model's member order. */
    static void addSummary(com.fasterxml.jackson.databind.node.ArrayNode list, Subscription s) {
        ObjectNode item = list.addObject();
        item.put("SubscriptionArn", s.confirmed() ? s.arn() : PENDING);
        item.put("Owner", s.accountId());
        item.put("Protocol", s.protocol());
        item.put("Endpoint", s.endpoint());
        item.put("TopicArn", s.topicArn());
    }
}
