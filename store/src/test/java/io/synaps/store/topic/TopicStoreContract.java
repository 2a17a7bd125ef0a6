package io.synaps.store.topic;

import io.synaps.store.StoreContract;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * TopicStoreContract is the behaviour every {@link TopicStore} backend must show; a backend's test
 * extends it and says how to open and close its store. Times are epoch milliseconds. Not
 * thread-safe (JUnit runs one test per instance).
 */
public abstract class TopicStoreContract extends StoreContract<TopicStore> {
    protected static final String ACCOUNT = "123456789012";
    protected static final String OTHER_ACCOUNT = "210987654321";
    protected static final String REGION = "us-east-1";
    /** 2026-01-01T00:00:00Z. */
    protected static final long T0 = 1_767_225_600_000L;

    // ---- fixtures ----

    protected static String topicArn(String account, String name) {
        return "arn:aws:sns:" + REGION + ":" + account + ":" + name;
    }

    protected static Topic topic(String account, String name, Map<String, String> attributes, long created) {
        return new Topic(account, name, topicArn(account, name), attributes, created);
    }

    protected static Topic topic(String name) {
        return topic(ACCOUNT, name, Map.of(), T0);
    }

    /** A confirmed https subscription of the topic, with a secret and a token. */
    protected static Subscription subscription(Topic topic, String id) {
        return new Subscription(topic.arn() + ":" + id, topic.accountId(), topic.arn(), "https",
                "https://hooks.example.com/" + id, true, "token-" + id, "secret-" + id,
                Map.of("RawMessageDelivery", "false"), T0);
    }

    protected static List<String> arns(List<Subscription> subscriptions) {
        return subscriptions.stream().map(Subscription::arn).toList();
    }

    protected static List<String> names(List<Topic> topics) {
        return topics.stream().map(Topic::name).toList();
    }

    // ---- topics ----

    @Test
    public void aCreatedTopicRoundTripsWithItsAttributes() {
        Topic topic = topic(ACCOUNT, "ops-alerts.fifo", Map.of("DisplayName", "Ops \u2603",
                "Policy", "{\"Version\":\"2012-10-17\",\"Statement\":[]}", "FifoTopic", "true"), T0);

        Topic created = store.createTopic(topic);

        assertThat(created).isEqualTo(topic);
        assertThat(store.getTopic(ACCOUNT, "ops-alerts.fifo")).contains(topic);
        assertThat(store.listTopics(ACCOUNT, null, 10)).containsExactly(topic);
    }

    @Test
    public void creatingAnExistingTopicReturnsItUnchanged() {
        Topic first = topic(ACCOUNT, "ops", Map.of("DisplayName", "first"), T0);
        store.createTopic(first);

        Topic again = store.createTopic(topic(ACCOUNT, "ops", Map.of("DisplayName", "second"), T0 + 5_000));

        assertThat(again).isEqualTo(first);
        assertThat(store.getTopic(ACCOUNT, "ops")).contains(first);
        assertThat(store.listTopics(ACCOUNT, null, 10)).containsExactly(first);
    }

    @Test
    public void getOfAnUnknownTopicOrAccountIsEmpty() {
        store.createTopic(topic("ops"));

        assertThat(store.getTopic(ACCOUNT, "op")).isEmpty();
        assertThat(store.getTopic(ACCOUNT, "ops2")).isEmpty();
        assertThat(store.getTopic("999999999999", "ops")).isEmpty();
        assertThat(store.listTopics("999999999999", null, 10)).isEmpty();
    }

    @Test
    public void listTopicsIsSortedByArnAndHonoursAfterArnAndLimit() {
        for (String name : List.of("b", "a-1", "a", "A", "a_b", "ab", "z")) {
            store.createTopic(topic(name));
        }
        // ARNs share "arn:aws:sns:us-east-1:123456789012:", so ARN order is name order here
        assertThat(names(store.listTopics(ACCOUNT, null, 100))).containsExactly("A", "a", "a-1", "a_b", "ab", "b", "z");
        assertThat(names(store.listTopics(ACCOUNT, null, 3))).containsExactly("A", "a", "a-1");
        assertThat(names(store.listTopics(ACCOUNT, topicArn(ACCOUNT, "a-1"), 2))).containsExactly("a_b", "ab");
        assertThat(names(store.listTopics(ACCOUNT, topicArn(ACCOUNT, "a0"), 100))).containsExactly("a_b", "ab", "b", "z");
        assertThat(names(store.listTopics(ACCOUNT, topicArn(ACCOUNT, "z"), 100))).isEmpty();
        assertThat(names(store.listTopics(ACCOUNT, "arn:aws:sns:a", 1))).containsExactly("A");
    }

    @Test
    public void listTopicsOrdersByArnEvenWhenRegionsDiffer() {
        Topic west = new Topic(ACCOUNT, "a-west", "arn:aws:sns:us-west-2:" + ACCOUNT + ":a-west", Map.of(), T0);
        Topic east = new Topic(ACCOUNT, "z-east", "arn:aws:sns:us-east-1:" + ACCOUNT + ":z-east", Map.of(), T0);
        store.createTopic(west);
        store.createTopic(east);

        assertThat(store.listTopics(ACCOUNT, null, 10)).containsExactly(east, west);
        assertThat(store.listTopics(ACCOUNT, east.arn(), 10)).containsExactly(west);
    }

    @Test
    public void pagingTopicsWithTheLastArnVisitsEveryTopicOnce() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            String name = "topic-" + (char) ('a' + (i * 7) % 23);
            store.createTopic(topic(name));
            created.add(name);
        }
        List<String> seen = new ArrayList<>();
        String after = null;
        for (int pages = 0; pages < 100; pages++) {
            List<Topic> page = store.listTopics(ACCOUNT, after, 5);
            assertThat(page.size()).isLessThanOrEqualTo(5);
            if (page.isEmpty()) {
                break;
            }
            seen.addAll(names(page));
            after = page.get(page.size() - 1).arn();
        }
        assertThat(seen).isSorted().containsExactlyInAnyOrderElementsOf(created);
    }

    @Test
    public void setTopicAttributesReplacesTheAttributesOnly() {
        Topic topic = topic(ACCOUNT, "ops", Map.of("DisplayName", "Ops", "Policy", "{}"), T0);
        store.createTopic(topic);

        Optional<Topic> updated = store.setTopicAttributes(ACCOUNT, "ops", Map.of("DisplayName", "Operations"));

        Topic expected = new Topic(ACCOUNT, "ops", topic.arn(), Map.of("DisplayName", "Operations"), T0);
        assertThat(updated).contains(expected);
        assertThat(store.getTopic(ACCOUNT, "ops")).contains(expected);
        assertThat(store.setTopicAttributes(ACCOUNT, "ops", Map.of())).contains(
                new Topic(ACCOUNT, "ops", topic.arn(), Map.of(), T0));
    }

    @Test
    public void setTopicAttributesOfAnUnknownTopicIsEmptyAndCreatesNothing() {
        assertThat(store.setTopicAttributes(ACCOUNT, "ghost", Map.of("DisplayName", "x"))).isEmpty();
        store.createTopic(topic("ops"));
        assertThat(store.setTopicAttributes(OTHER_ACCOUNT, "ops", Map.of("DisplayName", "x"))).isEmpty();

        assertThat(store.getTopic(ACCOUNT, "ghost")).isEmpty();
        assertThat(store.getTopic(ACCOUNT, "ops").orElseThrow().attributes()).isEmpty();
        assertThat(store.listTopics(OTHER_ACCOUNT, null, 10)).isEmpty();
    }

    @Test
    public void deleteTopicRemovesItAndOnlyItsSubscriptions() {
        Topic ops = store.createTopic(topic("ops"));
        Topic opsEu = store.createTopic(topic("ops-eu")); // its ARN extends ops's ARN
        Subscription a = subscription(ops, "a");
        Subscription b = subscription(ops, "b");
        Subscription c = subscription(opsEu, "c");
        List.of(a, b, c).forEach(store::putSubscription);

        assertThat(store.deleteTopic(ACCOUNT, "ops")).isTrue();

        assertThat(store.getTopic(ACCOUNT, "ops")).isEmpty();
        assertThat(store.listTopics(ACCOUNT, null, 10)).containsExactly(opsEu);
        assertThat(store.getSubscription(ACCOUNT, a.arn())).isEmpty();
        assertThat(store.getSubscription(ACCOUNT, b.arn())).isEmpty();
        assertThat(store.listSubscriptions(ACCOUNT, ops.arn(), null, 10)).isEmpty();
        assertThat(store.listSubscriptions(ACCOUNT, null, null, 10)).containsExactly(c);
        assertThat(store.listSubscriptions(ACCOUNT, opsEu.arn(), null, 10)).containsExactly(c);
        assertThat(store.deleteTopic(ACCOUNT, "ops")).isFalse();
        assertThat(store.deleteTopic(ACCOUNT, "never")).isFalse();
        assertThat(store.deleteTopic(OTHER_ACCOUNT, "ops-eu")).isFalse();
        assertThat(store.getTopic(ACCOUNT, "ops-eu")).contains(opsEu);
    }

    @Test
    public void aTopicCreatedAgainAfterDeleteStartsWithoutSubscriptions() {
        Topic ops = store.createTopic(topic("ops"));
        store.putSubscription(subscription(ops, "old"));
        store.deleteTopic(ACCOUNT, "ops");

        Topic again = store.createTopic(topic(ACCOUNT, "ops", Map.of("DisplayName", "new"), T0 + 1));

        assertThat(again.attributes()).containsEntry("DisplayName", "new");
        assertThat(store.listSubscriptions(ACCOUNT, again.arn(), null, 10)).isEmpty();
        assertThat(store.listSubscriptions(ACCOUNT, null, null, 10)).isEmpty();
    }

    // ---- subscriptions ----

    @Test
    public void aSubscriptionRoundTripsWithItsSecretTokenAndAttributes() {
        Topic ops = store.createTopic(topic("ops"));
        Subscription pending = new Subscription(ops.arn() + ":5f1c\u00e9", ACCOUNT, ops.arn(), "email-json",
                "ops+caf\u00e9@example.com", false, "a".repeat(256), "s3cr3t \u2603",
                Map.of("RawMessageDelivery", "true", "FilterPolicy", "{\"state\":[\"ALARM\"]}"), T0 + 7);
        Subscription bare = new Subscription(ops.arn() + ":bare", ACCOUNT, ops.arn(), "sms", "+15555550100", true,
                null, null, Map.of(), T0);

        store.putSubscription(pending);
        store.putSubscription(bare);

        assertThat(store.getSubscription(ACCOUNT, pending.arn())).contains(pending);
        assertThat(store.getSubscription(ACCOUNT, bare.arn())).contains(bare);
        Subscription stored = store.getSubscription(ACCOUNT, pending.arn()).orElseThrow();
        assertThat(stored.secret()).isEqualTo("s3cr3t \u2603");
        assertThat(stored.token()).isEqualTo("a".repeat(256));
        // list calls of the store return whole subscriptions: the dispatcher signs with the secret
        assertThat(store.listSubscriptions(ACCOUNT, ops.arn(), null, 10)).containsExactly(pending, bare);
        assertThat(store.listSubscriptions(ACCOUNT, null, null, 10)).containsExactly(pending, bare);
    }

    @Test
    public void subscriptionToStringHidesItsSecretAndToken() {
        Topic ops = store.createTopic(topic("ops"));
        Subscription s = new Subscription(ops.arn() + ":1", ACCOUNT, ops.arn(), "https",
                "https://hooks.example.com/x", false, "tok-9f8e7d", "hmac-key-0a1b2c", Map.of(), T0);
        store.putSubscription(s);

        String shown = store.getSubscription(ACCOUNT, s.arn()).orElseThrow().toString();

        assertThat(shown).contains(s.arn()).doesNotContain("hmac-key-0a1b2c").doesNotContain("tok-9f8e7d");
        assertThat(store.listSubscriptions(ACCOUNT, null, null, 10).toString())
                .doesNotContain("hmac-key-0a1b2c").doesNotContain("tok-9f8e7d");
    }

    @Test
    public void putSubscriptionReplacesTheSubscriptionOfThatArn() {
        Topic ops = store.createTopic(topic("ops"));
        Subscription unconfirmed = new Subscription(ops.arn() + ":1", ACCOUNT, ops.arn(), "https",
                "https://hooks.example.com/1", false, "tok", "key", Map.of(), T0);
        store.putSubscription(unconfirmed);

        store.putSubscription(unconfirmed.confirm());

        assertThat(store.getSubscription(ACCOUNT, unconfirmed.arn()).orElseThrow().confirmed()).isTrue();
        assertThat(store.listSubscriptions(ACCOUNT, ops.arn(), null, 10)).containsExactly(unconfirmed.confirm());
        assertThat(store.listSubscriptions(ACCOUNT, null, null, 10)).containsExactly(unconfirmed.confirm());
    }

    @Test
    public void aSubscriptionMovedToAnotherTopicIsListedUnderThatTopicOnly() {
        Topic ops = store.createTopic(topic("ops"));
        Topic dev = store.createTopic(topic("dev"));
        Subscription s = subscription(ops, "1");
        store.putSubscription(s);
        Subscription moved = new Subscription(s.arn(), ACCOUNT, dev.arn(), s.protocol(), s.endpoint(), true,
                s.token(), s.secret(), s.attributes(), s.createdMillis());

        store.putSubscription(moved);

        assertThat(store.listSubscriptions(ACCOUNT, ops.arn(), null, 10)).isEmpty();
        assertThat(store.listSubscriptions(ACCOUNT, dev.arn(), null, 10)).containsExactly(moved);
        store.deleteTopic(ACCOUNT, "ops");
        assertThat(store.getSubscription(ACCOUNT, s.arn())).contains(moved);
    }

    @Test
    public void aSubscriptionToATopicItsAccountDoesNotHaveIsRefused() {
        Topic theirs = store.createTopic(topic(OTHER_ACCOUNT, "ops", Map.of(), T0));
        Topic ghost = topic("ghost");

        assertThatThrownBy(() -> store.putSubscription(subscription(ghost, "1")))
                .isInstanceOf(IllegalArgumentException.class);
        Subscription crossAccount = new Subscription(theirs.arn() + ":2", ACCOUNT, theirs.arn(), "https",
                "https://hooks.example.com/2", true, null, null, Map.of(), T0);
        assertThatThrownBy(() -> store.putSubscription(crossAccount)).isInstanceOf(IllegalArgumentException.class);

        assertThat(store.listSubscriptions(ACCOUNT, null, null, 10)).isEmpty();
        assertThat(store.listSubscriptions(OTHER_ACCOUNT, null, null, 10)).isEmpty();
        assertThat(store.getSubscription(ACCOUNT, crossAccount.arn())).isEmpty();
    }

    @Test
    public void listSubscriptionsIsSortedByArnPerTopicAndPerAccountWithAfterArnAndLimit() {
        Topic ops = store.createTopic(topic("ops"));
        Topic opsEu = store.createTopic(topic("ops-eu"));
        Topic dev = store.createTopic(topic("dev"));
        for (String id : List.of("c", "a", "b", "e", "d")) {
            store.putSubscription(subscription(ops, id));
        }
        store.putSubscription(subscription(opsEu, "a"));
        store.putSubscription(subscription(dev, "z"));
        String o = ops.arn() + ":";

        assertThat(arns(store.listSubscriptions(ACCOUNT, ops.arn(), null, 10)))
                .containsExactly(o + "a", o + "b", o + "c", o + "d", o + "e");
        assertThat(arns(store.listSubscriptions(ACCOUNT, ops.arn(), null, 2))).containsExactly(o + "a", o + "b");
        assertThat(arns(store.listSubscriptions(ACCOUNT, ops.arn(), o + "b", 2))).containsExactly(o + "c", o + "d");
        assertThat(arns(store.listSubscriptions(ACCOUNT, ops.arn(), o + "bb", 10))).containsExactly(o + "c", o + "d",
                o + "e");
        assertThat(arns(store.listSubscriptions(ACCOUNT, ops.arn(), o + "e", 10))).isEmpty();
        // by ARN across topics: "ops-eu:a" sorts before "ops:a" ('-' < ':')
        assertThat(arns(store.listSubscriptions(ACCOUNT, null, null, 100))).containsExactly(
                dev.arn() + ":z", opsEu.arn() + ":a", o + "a", o + "b", o + "c", o + "d", o + "e");
        assertThat(arns(store.listSubscriptions(ACCOUNT, null, o + "d", 100))).containsExactly(o + "e");
        assertThat(arns(store.listSubscriptions(ACCOUNT, null, dev.arn() + ":z", 2)))
                .containsExactly(opsEu.arn() + ":a", o + "a");
        assertThat(store.listSubscriptions(ACCOUNT, topicArn(ACCOUNT, "none"), null, 10)).isEmpty();
    }

    @Test
    public void deleteSubscriptionRemovesItFromBothListings() {
        Topic ops = store.createTopic(topic("ops"));
        Subscription a = subscription(ops, "a");
        Subscription b = subscription(ops, "b");
        store.putSubscription(a);
        store.putSubscription(b);

        assertThat(store.deleteSubscription(ACCOUNT, a.arn())).isTrue();

        assertThat(store.getSubscription(ACCOUNT, a.arn())).isEmpty();
        assertThat(store.listSubscriptions(ACCOUNT, ops.arn(), null, 10)).containsExactly(b);
        assertThat(store.listSubscriptions(ACCOUNT, null, null, 10)).containsExactly(b);
        assertThat(store.deleteSubscription(ACCOUNT, a.arn())).isFalse();
        assertThat(store.deleteSubscription(OTHER_ACCOUNT, b.arn())).isFalse();
        assertThat(store.getSubscription(ACCOUNT, b.arn())).contains(b);
        assertThat(store.getTopic(ACCOUNT, "ops")).contains(ops);
    }

    // ---- accounts ----

    @Test
    public void accountsNeverSeeEachOthersTopicsOrSubscriptions() {
        Topic mine = store.createTopic(topic(ACCOUNT, "shared", Map.of("DisplayName", "mine"), T0));
        Topic theirs = store.createTopic(topic(OTHER_ACCOUNT, "shared", Map.of("DisplayName", "theirs"), T0));
        Subscription mySub = subscription(mine, "1");
        Subscription theirSub = subscription(theirs, "1");
        store.putSubscription(mySub);
        store.putSubscription(theirSub);

        assertThat(store.getTopic(ACCOUNT, "shared")).contains(mine);
        assertThat(store.getTopic(OTHER_ACCOUNT, "shared")).contains(theirs);
        assertThat(store.listTopics(ACCOUNT, null, 10)).containsExactly(mine);
        assertThat(store.listSubscriptions(ACCOUNT, null, null, 10)).containsExactly(mySub);
        assertThat(store.listSubscriptions(ACCOUNT, theirs.arn(), null, 10)).isEmpty();
        assertThat(store.getSubscription(ACCOUNT, theirSub.arn())).isEmpty();
        assertThat(store.deleteSubscription(ACCOUNT, theirSub.arn())).isFalse();

        assertThat(store.deleteTopic(ACCOUNT, "shared")).isTrue();

        assertThat(store.getTopic(OTHER_ACCOUNT, "shared")).contains(theirs);
        assertThat(store.listSubscriptions(OTHER_ACCOUNT, theirs.arn(), null, 10)).containsExactly(theirSub);
    }

    // ---- durability ----

    @Test
    public void topicsAndSubscriptionsSurviveReopen() {
        Topic ops = store.createTopic(topic(ACCOUNT, "ops", Map.of("DisplayName", "Ops"), T0));
        Topic theirs = store.createTopic(topic(OTHER_ACCOUNT, "ops", Map.of(), T0));
        Subscription a = subscription(ops, "a");
        Subscription b = subscription(theirs, "b");
        store.putSubscription(a);
        store.putSubscription(b);
        store.putSubscription(subscription(ops, "gone"));
        store.deleteSubscription(ACCOUNT, ops.arn() + ":gone");

        reopen();

        assertThat(store.getTopic(ACCOUNT, "ops")).contains(ops);
        assertThat(store.listTopics(OTHER_ACCOUNT, null, 10)).containsExactly(theirs);
        assertThat(store.getSubscription(ACCOUNT, a.arn())).contains(a);
        assertThat(store.listSubscriptions(ACCOUNT, ops.arn(), null, 10)).containsExactly(a);
        assertThat(store.listSubscriptions(OTHER_ACCOUNT, null, null, 10)).containsExactly(b);
        assertThat(store.createTopic(topic(ACCOUNT, "ops", Map.of(), T0 + 1))).isEqualTo(ops);
    }

    // ---- concurrency ----

    @Test
    public void concurrentCreatesOfOneTopicAllReturnTheFirstOne() throws Exception {
        int threads = 6;
        ConcurrentLinkedQueue<Topic> returned = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Topic candidate = topic(ACCOUNT, "race", Map.of("DisplayName", "by-" + t), T0 + t);
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    returned.add(store.createTopic(candidate));
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            thread.start();
            started.add(thread);
        }
        start.countDown();
        for (Thread thread : started) {
            thread.join();
        }

        assertThat(failures).isEmpty();
        Topic stored = store.getTopic(ACCOUNT, "race").orElseThrow();
        assertThat(returned).hasSize(threads).containsOnly(stored);
        assertThat(store.listTopics(ACCOUNT, null, 10)).containsExactly(stored);
    }

    @Test
    public void subscriptionsRacingADeleteOfTheirTopicNeverOutliveIt() throws Exception {
        for (int round = 0; round < 20; round++) {
            Topic topic = store.createTopic(topic("t" + round));
            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                int subscriber = t;
                threads.add(new Thread(() -> {
                    try {
                        start.await();
                        for (int i = 0; i < 10; i++) {
                            try {
                                store.putSubscription(subscription(topic, subscriber + "-" + i));
                            } catch (IllegalArgumentException refused) {
                                return; // the topic is gone
                            }
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }));
            }
            threads.add(new Thread(() -> {
                try {
                    start.await();
                    assertThat(store.deleteTopic(ACCOUNT, topic.name())).isTrue();
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
            threads.forEach(Thread::start);
            start.countDown();
            for (Thread thread : threads) {
                thread.join();
            }
            assertThat(failures).isEmpty();
            assertThat(store.listSubscriptions(ACCOUNT, null, null, 1000)).as("round %d", round).isEmpty();
            assertThat(store.listSubscriptions(ACCOUNT, topic.arn(), null, 1000)).as("round %d", round).isEmpty();
        }
    }

    // ---- a randomized comparison with a simple model ----

    @Test
    public void randomOperationsMatchASimpleModel() {
        long seed = Long.getLong("synaps.seed", System.nanoTime());
        System.out.println("TopicStoreContract.randomOperationsMatchASimpleModel seed=" + seed);
        Random random = new Random(seed);
        List<String> names = List.of("a", "a-b", "a_b", "ab", "b", "B", "ops", "ops-eu", "z.fifo");
        List<String> ids = List.of("1", "2", "10", "a");
        List<String> accounts = List.of(ACCOUNT, OTHER_ACCOUNT);
        // ARN -> topic / subscription per account (ASCII ARNs: String order is byte order)
        Map<String, TreeMap<String, Topic>> topics = new HashMap<>();
        Map<String, TreeMap<String, Subscription>> subscriptions = new HashMap<>();
        accounts.forEach(a -> {
            topics.put(a, new TreeMap<>());
            subscriptions.put(a, new TreeMap<>());
        });

        for (int step = 0; step < 500; step++) {
            String context = "seed " + seed + " step " + step;
            String account = accounts.get(random.nextInt(accounts.size()));
            String name = names.get(random.nextInt(names.size()));
            String arn = topicArn(account, name);
            TreeMap<String, Topic> modelTopics = topics.get(account);
            TreeMap<String, Subscription> modelSubs = subscriptions.get(account);
            Topic current = modelTopics.get(arn);
            String subArn = arn + ":" + ids.get(random.nextInt(ids.size()));
            switch (random.nextInt(10)) {
                case 0, 1 -> {
                    Topic candidate = topic(account, name, Map.of("DisplayName", "step " + step), T0 + step);
                    Topic result = store.createTopic(candidate);
                    assertThat(result).as(context).isEqualTo(current == null ? candidate : current);
                    modelTopics.putIfAbsent(arn, candidate);
                }
                case 2 -> {
                    Map<String, String> attributes = random.nextBoolean() ? Map.of() : Map.of("Policy", "p" + step);
                    Optional<Topic> result = store.setTopicAttributes(account, name, attributes);
                    if (current == null) {
                        assertThat(result).as(context).isEmpty();
                    } else {
                        Topic updated = new Topic(account, name, arn, attributes, current.createdMillis());
                        assertThat(result).as(context).contains(updated);
                        modelTopics.put(arn, updated);
                    }
                }
                case 3 -> {
                    assertThat(store.deleteTopic(account, name)).as(context).isEqualTo(current != null);
                    modelTopics.remove(arn);
                    modelSubs.values().removeIf(s -> s.topicArn().equals(arn));
                }
                case 4, 5 -> {
                    Subscription s = new Subscription(subArn, account, arn, random.nextBoolean() ? "https" : "email",
                            "endpoint-" + step, random.nextBoolean(), "token-" + step,
                            random.nextBoolean() ? null : "secret-" + step, Map.of(), T0 + step);
                    if (current == null) {
                        assertThatThrownBy(() -> store.putSubscription(s)).as(context)
                                .isInstanceOf(IllegalArgumentException.class);
                    } else {
                        store.putSubscription(s);
                        modelSubs.put(subArn, s);
                    }
                }
                case 6 -> {
                    assertThat(store.deleteSubscription(account, subArn)).as(context)
                            .isEqualTo(modelSubs.remove(subArn) != null);
                }
                case 7 -> {
                    String after = random.nextBoolean() ? null : topicArn(account, names.get(random.nextInt(names.size())));
                    int limit = 1 + random.nextInt(5);
                    List<Topic> expected = modelTopics.values().stream()
                            .filter(t -> after == null || t.arn().compareTo(after) > 0).limit(limit).toList();
                    assertThat(store.listTopics(account, after, limit)).as(context).isEqualTo(expected);
                }
                case 8 -> {
                    String topicFilter = random.nextBoolean() ? null : arn;
                    String after = random.nextBoolean() ? null : subArn;
                    int limit = 1 + random.nextInt(5);
                    List<Subscription> expected = modelSubs.values().stream()
                            .filter(s -> topicFilter == null || s.topicArn().equals(topicFilter))
                            .filter(s -> after == null || s.arn().compareTo(after) > 0).limit(limit).toList();
                    assertThat(store.listSubscriptions(account, topicFilter, after, limit)).as(context)
                            .isEqualTo(expected);
                }
                default -> {
                    if (random.nextInt(15) == 0) {
                        reopen();
                    }
                    assertThat(store.getTopic(account, name)).as(context).isEqualTo(Optional.ofNullable(current));
                    assertThat(store.getSubscription(account, subArn)).as(context)
                            .isEqualTo(Optional.ofNullable(modelSubs.get(subArn)));
                }
            }
        }
    }
}
