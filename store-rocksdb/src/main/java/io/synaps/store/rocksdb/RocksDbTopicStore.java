package io.synaps.store.rocksdb;

import io.synaps.store.topic.Subscription;
import io.synaps.store.topic.Topic;
import io.synaps.store.topic.TopicStore;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteBatch;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * RocksDbTopicStore keeps SNS-compatible topics and subscriptions in a {@link RocksDbStorage}:
 * topic records by name in {@code topics} with a by-ARN index in {@code topic-arns}, subscription
 * records by ARN in {@code subscriptions} with a by-topic index in {@code subscriptions-by-topic}.
 * Every write is one fsync'd {@link WriteBatch} (record and index entries together). Writes of
 * one account are serialized by a lock striped by account, so a subscription never outlives its
 * deleted topic; reads never lock and list calls read one snapshot. A subscription can only be
 * put to a topic of its own account, and a topic ARN belongs to one name (both refused with
 * IllegalArgumentException). Thread-safe. Key and value layouts are in the module README.
 */
public final class RocksDbTopicStore implements TopicStore {
    private static final int STRIPES = 16;
    private static final byte[] EMPTY = new byte[0];

    private final RocksDbStorage storage;
    private final RocksDB db;
    private final ColumnFamilyHandle topics;
    private final ColumnFamilyHandle topicArns;
    private final ColumnFamilyHandle subscriptions;
    private final ColumnFamilyHandle byTopic;
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

    RocksDbTopicStore(RocksDbStorage storage) {
        this.storage = storage;
        this.db = storage.db();
        this.topics = storage.topics();
        this.topicArns = storage.topicArns();
        this.subscriptions = storage.subscriptions();
        this.byTopic = storage.subscriptionsByTopic();
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    @Override
    public Topic createTopic(Topic topic) {
        Objects.requireNonNull(topic, "topic");
        return write("create topic", topic.accountId(), () -> {
            int account = storage.accounts().intern(topic.accountId());
            Topic stored = readTopic(account, topic.name());
            if (stored != null) {
                return stored;
            }
            byte[] arnKey = key(account, topic.arn());
            byte[] holder = db.get(topicArns, arnKey);
            if (holder != null) {
                throw new IllegalArgumentException("topic ARN " + topic.arn() + " already belongs to topic "
                        + new String(holder, StandardCharsets.UTF_8));
            }
            try (WriteBatch batch = new WriteBatch()) {
                batch.put(topics, key(account, topic.name()), TopicCodec.encode(topic));
                batch.put(topicArns, arnKey, topic.name().getBytes(StandardCharsets.UTF_8));
                db.write(storage.syncWrites(), batch);
            }
            return topic;
        });
    }

    @Override
    public Optional<Topic> getTopic(String accountId, String name) {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(name, "name");
        return read("get topic", () -> {
            int account = storage.accounts().find(accountId);
            return Optional.ofNullable(account == AccountIds.NONE ? null : readTopic(account, name));
        });
    }

    @Override
    public Optional<Topic> setTopicAttributes(String accountId, String name, Map<String, String> attributes) {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(attributes, "attributes");
        return write("set topic attributes", accountId, () -> {
            int account = storage.accounts().find(accountId);
            Topic stored = account == AccountIds.NONE ? null : readTopic(account, name);
            if (stored == null) {
                return Optional.empty();
            }
            Topic updated = new Topic(stored.accountId(), stored.name(), stored.arn(), attributes,
                    stored.createdMillis());
            db.put(topics, storage.syncWrites(), key(account, name), TopicCodec.encode(updated));
            return Optional.of(updated);
        });
    }

    @Override
    public List<Topic> listTopics(String accountId, String afterArn, int limit) {
        Objects.requireNonNull(accountId, "accountId");
        positive(limit);
        return read("list topics", () -> {
            int account = storage.accounts().find(accountId);
            if (account == AccountIds.NONE) {
                return List.of();
            }
            byte[] prefix = RocksDbAlarmStore.accountPrefix(account);
            List<Topic> page = new ArrayList<>(Math.min(limit, 128));
            snapshot(options -> {
                try (RocksIterator it = db.newIterator(topicArns, options)) {
                    for (it.seek(seek(prefix, afterArn)); it.isValid() && AccountIds.startsWith(it.key(), prefix)
                            && page.size() < limit; it.next()) {
                        byte[] value = db.get(topics, options, concat(prefix, it.value()));
                        if (value == null) {
                            throw new IllegalStateException("topic index entry without its topic: "
                                    + new String(it.value(), StandardCharsets.UTF_8));
                        }
                        page.add(TopicCodec.decodeTopic(value));
                    }
                    it.status();
                }
            });
            return page;
        });
    }

    @Override
    public boolean deleteTopic(String accountId, String name) {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(name, "name");
        return write("delete topic", accountId, () -> {
            int account = storage.accounts().find(accountId);
            Topic stored = account == AccountIds.NONE ? null : readTopic(account, name);
            if (stored == null) {
                return false;
            }
            try (WriteBatch batch = new WriteBatch()) {
                batch.delete(topics, key(account, name));
                batch.delete(topicArns, key(account, stored.arn()));
                byte[] prefix = topicPrefix(account, stored.arn());
                try (RocksIterator it = db.newIterator(byTopic)) {
                    for (it.seek(prefix); it.isValid() && AccountIds.startsWith(it.key(), prefix); it.next()) {
                        byte[] indexKey = it.key();
                        batch.delete(byTopic, indexKey);
                        batch.delete(subscriptions,
                                concat(RocksDbAlarmStore.accountPrefix(account),
                                        Arrays.copyOfRange(indexKey, prefix.length, indexKey.length)));
                    }
                    it.status();
                }
                db.write(storage.syncWrites(), batch);
            }
            return true;
        });
    }

    @Override
    public void putSubscription(Subscription subscription) {
        Objects.requireNonNull(subscription, "subscription");
        write("put subscription", subscription.accountId(), () -> {
            int account = storage.accounts().find(subscription.accountId());
            if (account == AccountIds.NONE || db.get(topicArns, key(account, subscription.topicArn())) == null) {
                throw new IllegalArgumentException("no topic " + subscription.topicArn() + " in account "
                        + subscription.accountId() + " for subscription " + subscription.arn());
            }
            byte[] subscriptionKey = key(account, subscription.arn());
            try (WriteBatch batch = new WriteBatch()) {
                byte[] previous = db.get(subscriptions, subscriptionKey);
                if (previous != null) {
                    String oldTopic = TopicCodec.decodeSubscription(previous).topicArn();
                    if (!oldTopic.equals(subscription.topicArn())) {
                        batch.delete(byTopic, indexKey(account, oldTopic, subscription.arn()));
                    }
                }
                batch.put(subscriptions, subscriptionKey, TopicCodec.encode(subscription));
                batch.put(byTopic, indexKey(account, subscription.topicArn(), subscription.arn()), EMPTY);
                db.write(storage.syncWrites(), batch);
            }
            return null;
        });
    }

    @Override
    public Optional<Subscription> getSubscription(String accountId, String subscriptionArn) {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(subscriptionArn, "subscriptionArn");
        return read("get subscription", () -> {
            int account = storage.accounts().find(accountId);
            byte[] value = account == AccountIds.NONE ? null : db.get(subscriptions, key(account, subscriptionArn));
            return Optional.ofNullable(value == null ? null : TopicCodec.decodeSubscription(value));
        });
    }

    @Override
    public List<Subscription> listSubscriptions(String accountId, String topicArn, String afterArn, int limit) {
        Objects.requireNonNull(accountId, "accountId");
        positive(limit);
        return read("list subscriptions", () -> {
            int account = storage.accounts().find(accountId);
            if (account == AccountIds.NONE) {
                return List.of();
            }
            byte[] accountPrefix = RocksDbAlarmStore.accountPrefix(account);
            List<Subscription> page = new ArrayList<>(Math.min(limit, 128));
            if (topicArn == null) {
                try (RocksIterator it = db.newIterator(subscriptions)) {
                    for (it.seek(seek(accountPrefix, afterArn));
                         it.isValid() && AccountIds.startsWith(it.key(), accountPrefix) && page.size() < limit;
                         it.next()) {
                        page.add(TopicCodec.decodeSubscription(it.value()));
                    }
                    it.status();
                }
                return page;
            }
            byte[] prefix = topicPrefix(account, topicArn);
            snapshot(options -> {
                try (RocksIterator it = db.newIterator(byTopic, options)) {
                    for (it.seek(seek(prefix, afterArn));
                         it.isValid() && AccountIds.startsWith(it.key(), prefix) && page.size() < limit; it.next()) {
                        byte[] indexKey = it.key();
                        byte[] value = db.get(subscriptions, options,
                                concat(accountPrefix, Arrays.copyOfRange(indexKey, prefix.length, indexKey.length)));
                        if (value == null) {
                            throw new IllegalStateException("subscription index entry without its subscription");
                        }
                        page.add(TopicCodec.decodeSubscription(value));
                    }
                    it.status();
                }
            });
            return page;
        });
    }

    @Override
    public boolean deleteSubscription(String accountId, String subscriptionArn) {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(subscriptionArn, "subscriptionArn");
        return write("delete subscription", accountId, () -> {
            int account = storage.accounts().find(accountId);
            byte[] subscriptionKey = account == AccountIds.NONE ? null : key(account, subscriptionArn);
            byte[] value = subscriptionKey == null ? null : db.get(subscriptions, subscriptionKey);
            if (value == null) {
                return false;
            }
            Subscription stored = TopicCodec.decodeSubscription(value);
            try (WriteBatch batch = new WriteBatch()) {
                batch.delete(subscriptions, subscriptionKey);
                batch.delete(byTopic, indexKey(account, stored.topicArn(), subscriptionArn));
                db.write(storage.syncWrites(), batch);
            }
            return true;
        });
    }

    private Topic readTopic(int account, String name) throws RocksDBException {
        byte[] value = db.get(topics, key(account, name));
        return value == null ? null : TopicCodec.decodeTopic(value);
    }

    private static void positive(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive");
        }
    }

    /** Where a listing starts: the prefix, or the smallest key after prefix + afterArn. */
    private static byte[] seek(byte[] prefix, String afterArn) {
        if (afterArn == null) {
            return prefix;
        }
        byte[] after = concat(prefix, afterArn.getBytes(StandardCharsets.UTF_8));
        return Arrays.copyOf(after, after.length + 1);
    }

    /** account int32 | s (UTF-8): the key of topics (s = name), topic-arns (ARN) and subscriptions (ARN). */
    static byte[] key(int account, String s) {
        return concat(RocksDbAlarmStore.accountPrefix(account), s.getBytes(StandardCharsets.UTF_8));
    }

    /** account int32 | topic ARN length int32 | topic ARN: one topic's range in subscriptions-by-topic. */
    static byte[] topicPrefix(int account, String topicArn) {
        return RocksDbAlarmStore.namePrefix(account, topicArn);
    }

    static byte[] indexKey(int account, String topicArn, String subscriptionArn) {
        return concat(topicPrefix(account, topicArn), subscriptionArn.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @FunctionalInterface
    private interface SnapshotRead {
        void run(ReadOptions options) throws RocksDBException;
    }

    /** Runs {@code read} with options pinned to one snapshot, so an index and its records agree. */
    private void snapshot(SnapshotRead read) throws RocksDBException {
        Snapshot snapshot = db.getSnapshot();
        try (ReadOptions options = new ReadOptions().setSnapshot(snapshot)) {
            read.run(options);
        } finally {
            db.releaseSnapshot(snapshot);
        }
    }

    /** Runs a write holding the account's stripe inside the storage's lifecycle. */
    private <T> T write(String what, String accountId, RocksDbStorage.StorageCall<T> call) {
        return storage.call(what, stripes[Math.floorMod(accountId.hashCode(), STRIPES)], call);
    }

    private <T> T read(String what, RocksDbStorage.StorageCall<T> call) {
        return storage.call(what, null, call);
    }
}
