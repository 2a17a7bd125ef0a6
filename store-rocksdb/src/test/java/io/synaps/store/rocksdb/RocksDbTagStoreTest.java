package io.synaps.store.rocksdb;

import io.synaps.store.tag.TagStore;
import io.synaps.store.tag.TagStoreContract;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.IdentityHashMap;
import java.util.Map;

/** RocksDbTagStoreTest runs the tag store contract against RocksDB. */
class RocksDbTagStoreTest extends TagStoreContract {
    private final Map<TagStore, RocksDbStorage> opened = new IdentityHashMap<>();

    @Override
    protected TagStore open(Path dir) {
        RocksDbStorage storage = RocksDbStorage.open(dir, Clock.fixed(Instant.ofEpochSecond(1_767_225_600L), ZoneOffset.UTC));
        opened.put(storage.tagStore(), storage);
        return storage.tagStore();
    }

    @Override
    protected void close(TagStore store) {
        opened.remove(store).close();
    }
}
