package io.synaps.store.rocksdb;

import io.synaps.store.dashboard.Dashboard;
import io.synaps.store.dashboard.DashboardStore;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.Lock;

/**
 * RocksDbDashboardStore keeps dashboards in the {@code dashboards} column family of a
 * {@link RocksDbStorage}: key = account number (4 bytes) + name (UTF-8), value = last-modified
 * epoch milliseconds (8 bytes, big-endian) + body (UTF-8). Writes are fsync'd before returning.
 * Thread-safe.
 */
public final class RocksDbDashboardStore implements DashboardStore {
    private final RocksDbStorage storage;

    RocksDbDashboardStore(RocksDbStorage storage) {
        this.storage = storage;
    }

    @Override
    public void put(String accountId, Dashboard dashboard) {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(dashboard, "dashboard");
        Objects.requireNonNull(dashboard.name(), "name");
        Objects.requireNonNull(dashboard.body(), "body");
        Lock life = storage.enter();
        try {
            int account = storage.accounts().intern(accountId);
            byte[] body = dashboard.body().getBytes(StandardCharsets.UTF_8);
            byte[] value = new byte[8 + body.length];
            BucketKeys.putLong(value, 0, dashboard.lastModifiedMillis());
            System.arraycopy(body, 0, value, 8, body.length);
            storage.db().put(storage.dashboards(), storage.syncWrites(), key(account, dashboard.name()), value);
        } catch (RocksDBException e) {
            throw RocksDbStorage.failure("put dashboard", e);
        } finally {
            life.unlock();
        }
    }

    @Override
    public Optional<Dashboard> get(String accountId, String name) {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(name, "name");
        Lock life = storage.enter();
        try {
            int account = storage.accounts().find(accountId);
            if (account == AccountIds.NONE) {
                return Optional.empty();
            }
            byte[] value = storage.db().get(storage.dashboards(), key(account, name));
            return value == null ? Optional.empty() : Optional.of(decode(name, value));
        } catch (RocksDBException e) {
            throw RocksDbStorage.failure("get dashboard", e);
        } finally {
            life.unlock();
        }
    }

    @Override
    public List<Dashboard> list(String accountId, String prefix) {
        Objects.requireNonNull(accountId, "accountId");
        Lock life = storage.enter();
        try {
            int account = storage.accounts().find(accountId);
            if (account == AccountIds.NONE) {
                return List.of();
            }
            byte[] start = key(account, prefix == null ? "" : prefix);
            List<Dashboard> found = new ArrayList<>();
            // Key order is UTF-8 byte order, which for dashboard names (A-Za-z0-9-_) is name order.
            try (RocksIterator it = storage.db().newIterator(storage.dashboards())) {
                for (it.seek(start); it.isValid() && AccountIds.startsWith(it.key(), start); it.next()) {
                    byte[] key = it.key();
                    found.add(decode(new String(key, 4, key.length - 4, StandardCharsets.UTF_8), it.value()));
                }
                it.status();
            }
            return found;
        } catch (RocksDBException e) {
            throw RocksDbStorage.failure("list dashboards", e);
        } finally {
            life.unlock();
        }
    }

    @Override
    public void delete(String accountId, Collection<String> names) {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(names, "names");
        Lock life = storage.enter();
        try (WriteBatch batch = new WriteBatch()) {
            int account = storage.accounts().find(accountId);
            if (account == AccountIds.NONE || names.isEmpty()) {
                return;
            }
            for (String name : names) {
                batch.delete(storage.dashboards(), key(account, Objects.requireNonNull(name, "name")));
            }
            storage.db().write(storage.syncWrites(), batch);
        } catch (RocksDBException e) {
            throw RocksDbStorage.failure("delete dashboards", e);
        } finally {
            life.unlock();
        }
    }

    private static byte[] key(int account, String name) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        byte[] key = new byte[4 + utf8.length];
        BucketKeys.putInt(key, 0, account);
        System.arraycopy(utf8, 0, key, 4, utf8.length);
        return key;
    }

    private static Dashboard decode(String name, byte[] value) {
        long modified = BucketKeys.getLong(value, 0);
        return new Dashboard(name, new String(Arrays.copyOfRange(value, 8, value.length), StandardCharsets.UTF_8), modified);
    }
}
