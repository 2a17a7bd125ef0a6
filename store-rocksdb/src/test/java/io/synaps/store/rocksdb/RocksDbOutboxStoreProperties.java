package io.synaps.store.rocksdb;

import io.synaps.store.outbox.OutboxStore;
import io.synaps.store.outbox.OutboxStoreProperties;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.IdentityHashMap;
import java.util.Map;

/** RocksDbOutboxStoreProperties runs the seeded outbox properties against RocksDB. */
class RocksDbOutboxStoreProperties extends OutboxStoreProperties {
    private final Map<OutboxStore, RocksDbStorage> opened = new IdentityHashMap<>();

    @Override
    protected OutboxStore open(Path dir) {
        RocksDbStorage storage = RocksDbStorage.open(dir, Clock.fixed(Instant.ofEpochSecond(1_767_225_600L), ZoneOffset.UTC));
        opened.put(storage.outboxStore(), storage);
        return storage.outboxStore();
    }

    @Override
    protected void close(OutboxStore store) {
        opened.remove(store).close();
    }
}
