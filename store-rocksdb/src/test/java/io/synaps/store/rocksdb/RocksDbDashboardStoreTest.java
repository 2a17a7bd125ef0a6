package io.synaps.store.rocksdb;

import io.synaps.store.dashboard.DashboardStore;
import io.synaps.store.dashboard.DashboardStoreContract;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.IdentityHashMap;
import java.util.Map;

/** RocksDbDashboardStoreTest runs the dashboard store contract against RocksDB. */
class RocksDbDashboardStoreTest extends DashboardStoreContract {
    private final Map<DashboardStore, RocksDbStorage> opened = new IdentityHashMap<>();

    @Override
    protected DashboardStore open(Path dir) {
        RocksDbStorage storage = RocksDbStorage.open(dir, Clock.fixed(Instant.ofEpochSecond(1_767_225_600L), ZoneOffset.UTC));
        opened.put(storage.dashboardStore(), storage);
        return storage.dashboardStore();
    }

    @Override
    protected void close(DashboardStore store) {
        opened.remove(store).close();
    }
}
