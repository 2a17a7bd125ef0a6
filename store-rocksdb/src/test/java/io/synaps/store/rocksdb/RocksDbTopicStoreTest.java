package io.synaps.store.rocksdb;

import io.synaps.store.topic.TopicStore;
import io.synaps.store.topic.TopicStoreContract;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.IdentityHashMap;
import java.util.Map;

/** RocksDbTopicStoreTest runs the topic store contract against RocksDB. */
class RocksDbTopicStoreTest extends TopicStoreContract {
    private final Map<TopicStore, RocksDbStorage> opened = new IdentityHashMap<>();

    @Override
    protected TopicStore open(Path dir) {
        RocksDbStorage storage = RocksDbStorage.open(dir, Clock.fixed(Instant.ofEpochSecond(1_767_225_600L), ZoneOffset.UTC));
        opened.put(storage.topicStore(), storage);
        return storage.topicStore();
    }

    @Override
    protected void close(TopicStore store) {
        opened.remove(store).close();
    }
}
