package io.synaps.store.rocksdb;

import io.synaps.store.tag.TagStore;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.locks.Lock;

/**
 * RocksDbTagStore keeps resource tags in the {@code tags} column family of a
 * {@link RocksDbStorage}, one row per tag: key = account number (4 bytes) + UTF-8 length of the
 * ARN (4 bytes) + ARN (UTF-8) + tag key (UTF-8), value = tag value (UTF-8). Every call is one
 * fsync'd write batch; tag writes are blind (no read-modify-write), so no lock is needed.
 * Thread-safe.
 */
public final class RocksDbTagStore implements TagStore {
    private final RocksDbStorage storage;

    RocksDbTagStore(RocksDbStorage storage) {
        this.storage = storage;
    }

    @Override
    public Map<String, String> get(String accountId, String arn) {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(arn, "arn");
        Lock life = storage.enter();
        try {
            int account = storage.accounts().find(accountId);
            if (account == AccountIds.NONE) {
                return Map.of();
            }
            byte[] prefix = prefix(account, arn);
            // TreeMap: String order of the keys (UTF-8 byte order differs for supplementary characters).
            Map<String, String> tags = new TreeMap<>();
            try (RocksIterator it = storage.db().newIterator(storage.tags())) {
                for (it.seek(prefix); it.isValid() && AccountIds.startsWith(it.key(), prefix); it.next()) {
                    byte[] key = it.key();
                    tags.put(new String(key, prefix.length, key.length - prefix.length, StandardCharsets.UTF_8),
                            new String(it.value(), StandardCharsets.UTF_8));
                }
                it.status();
            }
            return Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        } catch (RocksDBException e) {
            throw RocksDbStorage.failure("get tags", e);
        } finally {
            life.unlock();
        }
    }

    @Override
    public void put(String accountId, String arn, Map<String, String> tags) {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(tags, "tags");
        if (tags.isEmpty()) {
            return;
        }
        Lock life = storage.enter();
        try (WriteBatch batch = new WriteBatch()) {
            byte[] prefix = prefix(storage.accounts().intern(accountId), arn);
            for (Map.Entry<String, String> tag : tags.entrySet()) {
                batch.put(storage.tags(), key(prefix, Objects.requireNonNull(tag.getKey(), "tag key")),
                        Objects.requireNonNull(tag.getValue(), "tag value").getBytes(StandardCharsets.UTF_8));
            }
            storage.db().write(storage.syncWrites(), batch);
        } catch (RocksDBException e) {
            throw RocksDbStorage.failure("put tags", e);
        } finally {
            life.unlock();
        }
    }

    @Override
    public void remove(String accountId, String arn, Collection<String> keys) {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(keys, "keys");
        Lock life = storage.enter();
        try (WriteBatch batch = new WriteBatch()) {
            int account = storage.accounts().find(accountId);
            if (account == AccountIds.NONE || keys.isEmpty()) {
                return;
            }
            byte[] prefix = prefix(account, arn);
            for (String key : keys) {
                batch.delete(storage.tags(), key(prefix, Objects.requireNonNull(key, "tag key")));
            }
            storage.db().write(storage.syncWrites(), batch);
        } catch (RocksDBException e) {
            throw RocksDbStorage.failure("remove tags", e);
        } finally {
            life.unlock();
        }
    }

    @Override
    public void deleteAll(String accountId, String arn) {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(arn, "arn");
        Lock life = storage.enter();
        try (WriteBatch batch = new WriteBatch()) {
            int account = storage.accounts().find(accountId);
            if (account == AccountIds.NONE) {
                return;
            }
            byte[] prefix = prefix(account, arn);
            try (RocksIterator it = storage.db().newIterator(storage.tags())) {
                for (it.seek(prefix); it.isValid() && AccountIds.startsWith(it.key(), prefix); it.next()) {
                    batch.delete(storage.tags(), it.key());
                }
                it.status();
            }
            if (batch.count() > 0) {
                storage.db().write(storage.syncWrites(), batch);
            }
        } catch (RocksDBException e) {
            throw RocksDbStorage.failure("delete tags", e);
        } finally {
            life.unlock();
        }
    }

    /** account int32 | ARN length int32 | ARN: the length keeps one ARN's rows apart from a longer ARN's. */
    private static byte[] prefix(int account, String arn) {
        byte[] utf8 = arn.getBytes(StandardCharsets.UTF_8);
        byte[] prefix = new byte[8 + utf8.length];
        BucketKeys.putInt(prefix, 0, account);
        BucketKeys.putInt(prefix, 4, utf8.length);
        System.arraycopy(utf8, 0, prefix, 8, utf8.length);
        return prefix;
    }

    private static byte[] key(byte[] prefix, String tagKey) {
        byte[] utf8 = tagKey.getBytes(StandardCharsets.UTF_8);
        byte[] key = new byte[prefix.length + utf8.length];
        System.arraycopy(prefix, 0, key, 0, prefix.length);
        System.arraycopy(utf8, 0, key, prefix.length, utf8.length);
        return key;
    }
}
