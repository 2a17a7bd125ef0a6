package io.synaps.store.rocksdb;

import io.synaps.store.metric.MutableClock;
import io.synaps.store.metric.Tier;
import io.synaps.store.outbox.DeadLetter;
import io.synaps.store.outbox.Delivery;
import io.synaps.store.topic.Subscription;
import io.synaps.store.topic.Topic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksIterator;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RocksDbNotifyStorageTest checks what the topic and outbox stores add to {@link RocksDbStorage}: reopen, old databases, close, pruning. */
class RocksDbNotifyStorageTest {
    private static final long T0 = 1_767_225_600_000L;
    private static final String ACCOUNT = "123456789012";
    private static final String TOPIC_ARN = "arn:aws:sns:us-east-1:" + ACCOUNT + ":ops";

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(Instant.ofEpochMilli(T0));

    @Test
    void topicsSubscriptionsAndTheOutboxSurviveReopen() {
        Topic topic = new Topic(ACCOUNT, "ops", TOPIC_ARN, Map.of("DisplayName", "Ops"), T0);
        Subscription hook = new Subscription(TOPIC_ARN + ":1", ACCOUNT, TOPIC_ARN, "https", "https://h.example/x",
                false, "token-1", "secret-1", Map.of("RawMessageDelivery", "true"), T0);
        try (RocksDbStorage storage = RocksDbStorage.open(dir, clock)) {
            storage.topicStore().createTopic(topic);
            storage.topicStore().putSubscription(hook);
            storage.outboxStore().enqueue(List.of(delivery("a", "o", 2), delivery("b", "o", 1), delivery("c", "p", 1),
                    delivery("d", "p", 2)));
            storage.outboxStore().complete("c", T0 + 10);
            storage.outboxStore().kill(delivery("d", "p", 2).retried(T0 + 20, "HTTP 500"), "retry budget spent",
                    T0 + 20);
        }
        try (RocksDbStorage storage = RocksDbStorage.open(dir, clock)) {
            assertThat(storage.topicStore().getTopic(ACCOUNT, "ops")).contains(topic);
            assertThat(storage.topicStore().getSubscription(ACCOUNT, hook.arn()).orElseThrow().secret())
                    .isEqualTo("secret-1");
            assertThat(storage.topicStore().listSubscriptions(ACCOUNT, TOPIC_ARN, null, 10)).containsExactly(hook);
            assertThat(storage.outboxStore().pending()).extracting(Delivery::key).containsExactly("b", "a");
            assertThat(storage.outboxStore().known("c")).isTrue();
            assertThat(storage.outboxStore().enqueue(List.of(delivery("c", "p", 1), delivery("d", "p", 2)))).isEmpty();
            List<DeadLetter> dead = storage.outboxStore().deadLetters(ACCOUNT, null, 10);
            assertThat(dead).hasSize(1);
            assertThat(dead.get(0).delivery().attempts()).isEqualTo(1);
            assertThat(dead.get(0).delivery().lastError()).isEqualTo("HTTP 500");
            assertThat(dead.get(0).reason()).isEqualTo("retry budget spent");
            assertThat(dead.get(0).diedMillis()).isEqualTo(T0 + 20);
            assertThat(storage.outboxStore().prune(T0 + 21)).isEqualTo(2);
        }
        try (RocksDbStorage storage = RocksDbStorage.open(dir, clock)) {
            assertThat(storage.outboxStore().known("c")).isFalse();
            assertThat(storage.outboxStore().deadLetters(ACCOUNT, null, 10)).isEmpty();
            assertThat(storage.outboxStore().pending()).extracting(Delivery::key).containsExactly("b", "a");
        }
    }

    @Test
    void aDatabaseCreatedBeforeTopicsAndTheOutboxOpensWithItsDataAndGainsTheNewFamilies() throws Exception {
        // the column families a database had before the topic and outbox stores existed
        List<String> older = new ArrayList<>(List.of(RocksDbStorage.CF_SERIES, RocksDbStorage.CF_DASHBOARDS));
        for (Tier tier : Tier.values()) {
            older.add(RocksDbStorage.bucketFamily(tier));
        }
        older.addAll(List.of(RocksDbStorage.CF_ALARMS, RocksDbStorage.CF_ALARM_HISTORY,
                RocksDbStorage.CF_ALARM_HISTORY_BY_NAME, RocksDbStorage.CF_TAGS));
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY));
        older.forEach(name -> descriptors.add(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8))));
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (DBOptions options = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
             RocksDB db = RocksDB.open(options, dir.toString(), descriptors, handles)) {
            // a tag written by the older release (tags row: account 1, ARN length, ARN, key)
            byte[] arn = "arn:x".getBytes(StandardCharsets.UTF_8);
            byte[] key = new byte[8 + arn.length + 1];
            BucketKeys.putInt(key, 0, 1);
            BucketKeys.putInt(key, 4, arn.length);
            System.arraycopy(arn, 0, key, 8, arn.length);
            key[key.length - 1] = 'k';
            db.put(handles.get(handles.size() - 1), key, "v".getBytes(StandardCharsets.UTF_8));
            db.put(handles.get(0), "account/123456789012".getBytes(StandardCharsets.UTF_8), new byte[] {0, 0, 0, 1});
            db.put(handles.get(0), "next-account".getBytes(StandardCharsets.UTF_8), new byte[] {0, 0, 0, 2});
            handles.forEach(ColumnFamilyHandle::close);
        }
        try (RocksDbStorage storage = RocksDbStorage.open(dir, clock)) {
            assertThat(storage.tagStore().get(ACCOUNT, "arn:x")).containsExactly(Map.entry("k", "v"));
            storage.topicStore().createTopic(new Topic(ACCOUNT, "ops", TOPIC_ARN, Map.of(), T0));
            storage.outboxStore().enqueue(List.of(delivery("a", "o", 1)));
        }
        try (RocksDbStorage storage = RocksDbStorage.open(dir, clock)) {
            assertThat(storage.topicStore().getTopic(ACCOUNT, "ops")).isPresent();
            assertThat(storage.outboxStore().pending()).extracting(Delivery::key).containsExactly("a");
            assertThat(storage.tagStore().get(ACCOUNT, "arn:x")).containsExactly(Map.entry("k", "v"));
        }
    }

    @Test
    void pruningInSmallChunksRemovesEveryRowOfDeliveredAndDeadKeysOnly() {
        try (RocksDbStorage storage = RocksDbStorage.open(dir, clock)) {
            RocksDbOutboxStore outbox = (RocksDbOutboxStore) storage.outboxStore();
            List<Delivery> all = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                all.add(new Delivery("k" + i, i % 2 == 0 ? ACCOUNT : "210987654321", "o" + (i % 4), i, "https",
                        TOPIC_ARN + ":s", "{}", 0, T0, null, T0));
            }
            outbox.enqueue(all);
            for (int i = 0; i < 20; i++) {
                if (i % 2 == 0) {
                    outbox.complete("k" + i, T0 + i);
                } else {
                    outbox.kill(all.get(i), "gave up", T0 + i);
                }
            }
            assertThat(count(storage, storage.outboxKeys())).isEqualTo(30);
            assertThat(count(storage, storage.outboxDone())).isEqualTo(20);
            assertThat(count(storage, storage.outboxDead())).isEqualTo(10);

            assertThat(outbox.prune(T0 + 13, 4)).isEqualTo(13);

            assertThat(count(storage, storage.outboxKeys())).isEqualTo(17);
            assertThat(count(storage, storage.outboxDone())).isEqualTo(7);
            assertThat(count(storage, storage.outboxDead())).isEqualTo(4); // died at 13, 15, 17, 19
            assertThat(count(storage, storage.outboxPending())).isEqualTo(10);

            assertThat(outbox.prune(Long.MAX_VALUE, 3)).isEqualTo(7);

            assertThat(count(storage, storage.outboxKeys())).isEqualTo(10);
            assertThat(count(storage, storage.outboxDone())).isZero();
            assertThat(count(storage, storage.outboxDead())).isZero();
            assertThat(count(storage, storage.outboxPending())).isEqualTo(10);
        }
    }

    @Test
    void deadLettersAfterAKeyThatIsNoDeadLetterOfTheAccountAreEmpty() {
        try (RocksDbStorage storage = RocksDbStorage.open(dir, clock)) {
            var outbox = storage.outboxStore();
            Delivery a = delivery("a", "o", 1);
            Delivery b = delivery("b", "o", 2);
            Delivery c = delivery("c", "o", 3);
            outbox.enqueue(List.of(a, b, c));
            outbox.kill(a, "old", T0 + 1);
            outbox.kill(b, "new", T0 + 5);

            assertThat(outbox.deadLetters(ACCOUNT, "b", 10)).extracting(l -> l.delivery().key()).containsExactly("a");
            assertThat(outbox.deadLetters(ACCOUNT, "c", 10)).isEmpty(); // pending
            assertThat(outbox.deadLetters(ACCOUNT, "never", 10)).isEmpty();
            assertThat(outbox.deadLetters("210987654321", "b", 10)).isEmpty();

            assertThat(outbox.prune(T0 + 2)).isEqualTo(1);

            // a page that ended at a letter pruned since: every later letter is older, so pruned too
            assertThat(outbox.deadLetters(ACCOUNT, "a", 10)).isEmpty();
            assertThatThrownBy(() -> outbox.deadLetters(ACCOUNT, null, 0)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void topicAndOutboxCallsAfterCloseAreRejected() {
        RocksDbStorage storage = RocksDbStorage.open(dir, clock);
        storage.close();

        assertThatThrownBy(() -> storage.topicStore().getTopic(ACCOUNT, "ops")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> storage.topicStore().createTopic(new Topic(ACCOUNT, "ops", TOPIC_ARN, Map.of(), T0)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> storage.outboxStore().enqueue(List.of(delivery("a", "o", 1))))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> storage.outboxStore().pending()).isInstanceOf(IllegalStateException.class);
    }

    private static Delivery delivery(String key, String orderKey, long sequence) {
        return new Delivery(key, ACCOUNT, orderKey, sequence, "https", TOPIC_ARN + ":1", "{\"k\":\"" + key + "\"}", 0,
                T0, null, T0);
    }

    private static long count(RocksDbStorage storage, ColumnFamilyHandle family) {
        long n = 0;
        try (RocksIterator it = storage.db().newIterator(family)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                n++;
            }
        }
        return n;
    }
}
