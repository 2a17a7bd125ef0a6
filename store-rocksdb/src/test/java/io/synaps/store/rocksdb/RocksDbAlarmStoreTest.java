package io.synaps.store.rocksdb;

import io.synaps.store.alarm.AlarmStore;
import io.synaps.store.alarm.AlarmStoreContract;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.IdentityHashMap;
import java.util.Map;

/** RocksDbAlarmStoreTest runs the alarm store contract against RocksDB. */
class RocksDbAlarmStoreTest extends AlarmStoreContract {
    private final Map<AlarmStore, RocksDbStorage> opened = new IdentityHashMap<>();

    @Override
    protected AlarmStore open(Path dir) {
        RocksDbStorage storage = RocksDbStorage.open(dir, Clock.fixed(Instant.ofEpochSecond(1_767_225_600L), ZoneOffset.UTC));
        opened.put(storage.alarmStore(), storage);
        return storage.alarmStore();
    }

    @Override
    protected void close(AlarmStore store) {
        opened.remove(store).close();
    }
}
