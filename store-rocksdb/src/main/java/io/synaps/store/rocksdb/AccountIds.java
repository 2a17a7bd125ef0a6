package io.synaps.store.rocksdb;

import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * AccountIds interns account ids (any string: AWS 12-digit ids, Keystone project ids) as 4-byte
 * numbers that prefix every per-account key. The mapping lives in the meta column family and is
 * fully cached (accounts are few). Thread-safe.
 */
final class AccountIds {
    /** What {@link #find} returns for an account that never wrote anything. */
    static final int NONE = -1;

    private static final byte[] ACCOUNT_PREFIX = "account/".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NEXT_ACCOUNT = "next-account".getBytes(StandardCharsets.US_ASCII);

    private final RocksDB db;
    private final ColumnFamilyHandle meta;
    private final WriteOptions syncWrites;
    private final Map<String, Integer> ids = new ConcurrentHashMap<>();
    private int next = 1;

    AccountIds(RocksDB db, ColumnFamilyHandle meta, WriteOptions syncWrites) throws RocksDBException {
        this.db = db;
        this.meta = meta;
        this.syncWrites = syncWrites;
        byte[] stored = db.get(meta, NEXT_ACCOUNT);
        if (stored != null) {
            next = ByteBuffer.wrap(stored).getInt();
        }
        try (RocksIterator it = db.newIterator(meta)) {
            for (it.seek(ACCOUNT_PREFIX); it.isValid() && startsWith(it.key(), ACCOUNT_PREFIX); it.next()) {
                byte[] key = it.key();
                String account = new String(key, ACCOUNT_PREFIX.length, key.length - ACCOUNT_PREFIX.length,
                        StandardCharsets.UTF_8);
                ids.put(account, ByteBuffer.wrap(it.value()).getInt());
            }
        }
    }

    /** The account's number, or {@link #NONE} when it has none yet. */
    int find(String account) {
        Integer id = ids.get(account);
        return id == null ? NONE : id;
    }

    /** The account's number, assigning and durably recording one on first use. */
    int intern(String account) {
        Integer id = ids.get(account);
        return id != null ? id : assign(account);
    }

    private synchronized int assign(String account) {
        Integer id = ids.get(account);
        if (id != null) {
            return id;
        }
        int assigned = next;
        byte[] key = Arrays.copyOf(ACCOUNT_PREFIX, ACCOUNT_PREFIX.length + utf8(account).length);
        System.arraycopy(utf8(account), 0, key, ACCOUNT_PREFIX.length, key.length - ACCOUNT_PREFIX.length);
        try (WriteBatch batch = new WriteBatch()) {
            batch.put(meta, key, ByteBuffer.allocate(4).putInt(assigned).array());
            batch.put(meta, NEXT_ACCOUNT, ByteBuffer.allocate(4).putInt(assigned + 1).array());
            db.write(syncWrites, batch);
        } catch (RocksDBException e) {
            throw RocksDbStorage.failure("recording account " + account, e);
        }
        next = assigned + 1;
        ids.put(account, assigned);
        return assigned;
    }

    static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
