package io.synaps.store.rocksdb;

import io.synaps.model.AwsError;
import io.synaps.model.alarm.Alarm;
import io.synaps.model.alarm.AlarmHistoryItem;
import io.synaps.model.alarm.CompositeAlarm;
import io.synaps.store.alarm.AlarmStore;
import io.synaps.store.alarm.HistoryPage;
import io.synaps.store.alarm.HistoryQuery;
import io.synaps.store.alarm.StatusUpdate;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * RocksDbAlarmStore keeps alarms and their history in a {@link RocksDbStorage}: alarm records in
 * {@code alarms}, history items in {@code alarm-history} keyed by (account, timestamp, sequence),
 * and a by-name index of the history in {@code alarm-history-by-name}; timestamps are epoch
 * milliseconds. Every write is one fsync'd {@link WriteBatch} (alarm record, history item and its
 * index entry together). Writes to one alarm are serialized by a lock striped by account and name,
 * so a conditional status update never interleaves with a put or delete of that alarm, while
 * writes to different alarms run concurrently and share fsyncs (RocksDB's group commit); reads
 * never lock. Thread-safe. Key and value layouts are in the module README.
 */
public final class RocksDbAlarmStore implements AlarmStore {
    /** DescribeAlarmHistory answers bad tokens like ListMetrics does. */
    static final String INVALID_TOKEN = PageTokens.INVALID;

    private static final byte[] NEXT_SEQUENCE = "alarm-history-next-sequence".getBytes(StandardCharsets.US_ASCII);
    /** History sequence numbers are reserved in blocks, so items need no meta write of their own. */
    private static final long SEQUENCE_BLOCK = 4096;
    private static final int STRIPES = 64;
    private static final byte[] TOKEN_SECRET = "page-token-secret".getBytes(StandardCharsets.US_ASCII);
    /** First byte of a history token's payload, so a ListMetrics token never passes as one. */
    private static final byte TOKEN_TAG = 'H';
    private static final int POSITION_LENGTH = 16; // timestamp + sequence
    private static final int PRUNE_CHUNK = 10_000;

    private final RocksDbStorage storage;
    private final RocksDB db;
    private final ColumnFamilyHandle alarms;
    private final ColumnFamilyHandle history;
    private final ColumnFamilyHandle byName;
    private final PageTokens tokens;
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
    /** History writers share it; pruning takes it alone, so no item lands in a range being pruned. */
    private final ReentrantReadWriteLock historyLock = new ReentrantReadWriteLock();
    /** The next history sequence number and the end of the reserved block (both guarded by this). */
    private long nextSequence;
    private long reservedSequence;

    RocksDbAlarmStore(RocksDbStorage storage) throws RocksDBException {
        this.storage = storage;
        this.db = storage.db();
        this.alarms = storage.alarms();
        this.history = storage.alarmHistory();
        this.byName = storage.alarmHistoryByName();
        byte[] next = db.get(storage.meta(), NEXT_SEQUENCE);
        // Start after the last reserved block: numbers handed out before a restart are all below it.
        this.nextSequence = next == null ? 0 : BucketKeys.getLong(next, 0);
        this.reservedSequence = nextSequence;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
        // The secret ListMetrics tokens use (created here when this store opens first).
        byte[] secret = db.get(storage.meta(), TOKEN_SECRET);
        if (secret == null) {
            secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            db.put(storage.meta(), storage.syncWrites(), TOKEN_SECRET, secret);
        }
        this.tokens = new PageTokens(secret);
    }

    @Override
    public void put(Alarm alarm, AlarmHistoryItem item) {
        Objects.requireNonNull(alarm, "alarm");
        sameAccount(alarm.accountId(), alarm.name(), item);
        write("put alarm", stripe(alarm.accountId(), alarm.name()), () -> {
            int account = storage.accounts().intern(alarm.accountId());
            try (WriteBatch batch = new WriteBatch()) {
                batch.put(alarms, alarmKey(account, alarm.name()), AlarmCodec.encode(alarm));
                commit(batch, account, item);
            }
            return null;
        });
    }

    @Override
    public Optional<Alarm> updateStatus(StatusUpdate update) {
        Objects.requireNonNull(update, "update");
        sameAccount(update.accountId(), update.name(), update.history());
        return write("update alarm status", stripe(update.accountId(), update.name()), () -> {
            int account = storage.accounts().find(update.accountId());
            Alarm stored = account == AccountIds.NONE ? null : read(account, update.name());
            if (stored == null || stored.configurationUpdatedMillis() != update.expectedConfigurationUpdatedMillis()) {
                return Optional.empty();
            }
            Alarm updated = withUpdate(stored, update);
            try (WriteBatch batch = new WriteBatch()) {
                batch.put(alarms, alarmKey(account, update.name()), AlarmCodec.encode(updated));
                commit(batch, account, update.history());
            }
            return Optional.of(updated);
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>All updates go into one {@link WriteBatch} with one fsync'd write (statuses, history
     * items and their index entries together, so the call writes all of them or none). The stripes
     * of every alarm in the list are held for the whole call, taken in index order so two batches
     * never deadlock.
     */
    @Override
    public List<Optional<Alarm>> updateStatuses(List<StatusUpdate> updates) {
        Objects.requireNonNull(updates, "updates");
        if (updates.isEmpty()) {
            return List.of();
        }
        boolean[] needed = new boolean[STRIPES];
        for (StatusUpdate update : updates) {
            Objects.requireNonNull(update, "update");
            sameAccount(update.accountId(), update.name(), update.history());
            needed[stripeIndex(update.accountId(), update.name())] = true;
        }
        Lock life = storage.enter();
        int held = 0;
        try {
            for (; held < STRIPES; held++) {
                if (needed[held]) {
                    stripes[held].lock();
                }
            }
            return writeStatuses(updates);
        } catch (RocksDBException e) {
            throw RocksDbStorage.failure("update alarm statuses", e);
        } finally {
            for (int i = held - 1; i >= 0; i--) {
                if (needed[i]) {
                    stripes[i].unlock();
                }
            }
            life.unlock();
        }
    }

    /** The body of {@link #updateStatuses}, with every stripe of the list held. */
    private List<Optional<Alarm>> writeStatuses(List<StatusUpdate> updates) throws RocksDBException {
        List<Optional<Alarm>> results = new ArrayList<>(updates.size());
        // Alarms already updated in this batch: a later update of one of them applies on top.
        Map<AlarmRef, Alarm> written = new HashMap<>();
        List<AlarmHistoryItem> items = new ArrayList<>();
        List<Integer> itemAccounts = new ArrayList<>();
        try (WriteBatch batch = new WriteBatch()) {
            for (StatusUpdate update : updates) {
                int account = storage.accounts().find(update.accountId());
                AlarmRef ref = new AlarmRef(account, update.name());
                Alarm stored = account == AccountIds.NONE ? null
                        : written.containsKey(ref) ? written.get(ref) : read(account, update.name());
                if (stored == null || stored.configurationUpdatedMillis() != update.expectedConfigurationUpdatedMillis()) {
                    results.add(Optional.empty());
                    continue;
                }
                Alarm updated = withUpdate(stored, update);
                batch.put(alarms, alarmKey(account, update.name()), AlarmCodec.encode(updated));
                written.put(ref, updated);
                if (update.history() != null) {
                    items.add(update.history());
                    itemAccounts.add(account);
                }
                results.add(Optional.of(updated));
            }
            if (written.isEmpty()) {
                return results;
            }
            Lock shared = historyLock.readLock();
            shared.lock();
            try {
                for (int i = 0; i < items.size(); i++) {
                    addHistory(batch, itemAccounts.get(i), items.get(i));
                }
                db.write(storage.syncWrites(), batch);
            } finally {
                shared.unlock();
            }
        }
        return results;
    }

    /** An alarm within one account, as a map key. */
    private record AlarmRef(int account, String name) {
    }

    private static Alarm withUpdate(Alarm stored, StatusUpdate update) {
        Alarm updated = stored.withStatus(update.status());
        if (updated instanceof CompositeAlarm composite) {
            updated = composite.withSuppression(update.suppressedBy(), update.suppressedReason());
        }
        return updated;
    }

    @Override
    public Optional<Alarm> setActionsEnabled(String accountId, String name, boolean enabled) {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(name, "name");
        return write("set alarm actions", stripe(accountId, name), () -> {
            int account = storage.accounts().find(accountId);
            Alarm stored = account == AccountIds.NONE ? null : read(account, name);
            if (stored == null) {
                return Optional.empty();
            }
            Alarm updated = stored.withActions(stored.actions().withEnabled(enabled));
            db.put(alarms, storage.syncWrites(), alarmKey(account, name), AlarmCodec.encode(updated));
            return Optional.of(updated);
        });
    }

    @Override
    public Optional<Alarm> get(String accountId, String name) {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(name, "name");
        return readCall("get alarm", () -> {
            int account = storage.accounts().find(accountId);
            return Optional.ofNullable(account == AccountIds.NONE ? null : read(account, name));
        });
    }

    @Override
    public List<Alarm> list(String accountId, String prefix, String afterName, int limit) {
        Objects.requireNonNull(accountId, "accountId");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive");
        }
        return readCall("list alarms", () -> {
            int account = storage.accounts().find(accountId);
            if (account == AccountIds.NONE) {
                return List.of();
            }
            byte[] range = alarmKey(account, prefix == null ? "" : prefix);
            byte[] seek = range;
            if (afterName != null) {
                byte[] after = alarmKey(account, afterName);
                byte[] successor = Arrays.copyOf(after, after.length + 1); // the smallest key after it
                if (Arrays.compareUnsigned(successor, range) > 0) {
                    seek = successor;
                }
            }
            // UTF-8 byte order is code point order: equal to String order for names without
            // supplementary characters, and stable for every name.
            List<Alarm> page = new ArrayList<>(Math.min(limit, 128));
            try (RocksIterator it = db.newIterator(alarms)) {
                for (it.seek(seek); it.isValid() && AccountIds.startsWith(it.key(), range) && page.size() < limit;
                     it.next()) {
                    page.add(AlarmCodec.decode(it.value()));
                }
                it.status();
            }
            return page;
        });
    }

    @Override
    public void forEach(Consumer<Alarm> consumer) {
        Objects.requireNonNull(consumer, "consumer");
        readCall("read every alarm", () -> {
            try (RocksIterator it = db.newIterator(alarms)) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    consumer.accept(AlarmCodec.decode(it.value()));
                }
                it.status();
            }
            return null;
        });
    }

    @Override
    public boolean delete(String accountId, String name, AlarmHistoryItem item) {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(name, "name");
        sameAccount(accountId, name, item);
        return write("delete alarm", stripe(accountId, name), () -> {
            int account = storage.accounts().find(accountId);
            byte[] key = account == AccountIds.NONE ? null : alarmKey(account, name);
            if (key == null || db.get(alarms, key) == null) {
                return false;
            }
            try (WriteBatch batch = new WriteBatch()) {
                batch.delete(alarms, key);
                commit(batch, account, item);
            }
            return true;
        });
    }

    @Override
    public void appendHistory(AlarmHistoryItem item) {
        Objects.requireNonNull(item, "item");
        write("append alarm history", null, () -> {
            int account = storage.accounts().intern(item.accountId());
            try (WriteBatch batch = new WriteBatch()) {
                commit(batch, account, item);
            }
            return null;
        });
    }

    @Override
    public HistoryPage history(String accountId, HistoryQuery query) {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(query, "query");
        byte[] after = query.nextToken() == null ? null : tokens.open(query.nextToken());
        return readCall("read alarm history", () -> {
            int account = storage.accounts().find(accountId);
            if (after != null && (after.length != 1 + 4 + POSITION_LENGTH || after[0] != TOKEN_TAG
                    || account == AccountIds.NONE || BucketKeys.getInt(after, 1) != account)) {
                throw AwsError.invalidNextToken(INVALID_TOKEN); // not a history token of this account
            }
            if (account == AccountIds.NONE || query.startMillis() > query.endMillis()) {
                return new HistoryPage(List.of(), null);
            }
            byte[] position = after == null ? null : Arrays.copyOfRange(after, 5, after.length);
            return query.alarmName() == null
                    ? scan(accountId, account, history, accountPrefix(account), position, query)
                    : scan(accountId, account, byName, namePrefix(account, query.alarmName()), position, query);
        });
    }

    @Override
    public long pruneHistory(long beforeMillis) {
        return pruneHistory(beforeMillis, PRUNE_CHUNK);
    }

    /** Prunes with one fsync'd batch per {@code chunk} items, so a large backlog never builds one huge batch. */
    long pruneHistory(long beforeMillis, int chunk) {
        return write("prune alarm history", historyLock.writeLock(), () -> {
            long pruned = 0;
            try (RocksIterator it = db.newIterator(history)) {
                it.seekToFirst();
                while (it.isValid()) {
                    int account = BucketKeys.getInt(it.key(), 0);
                    byte[] from = accountPrefix(account);
                    byte[] end = historyKey(account, beforeMillis, 0); // exclusive
                    WriteBatch batch = new WriteBatch();
                    try {
                        int inBatch = 0;
                        for (; it.isValid() && Arrays.compareUnsigned(it.key(), end) < 0; it.next()) {
                            byte[] key = it.key();
                            AlarmHistoryItem item = AlarmCodec.decodeHistory("", timestamp(key, 4), it.value());
                            batch.delete(byName, nameKey(account, item.alarmName(), key));
                            pruned++;
                            if (++inBatch == chunk) {
                                byte[] upTo = Arrays.copyOf(key, key.length + 1); // just after this item
                                batch.deleteRange(history, from, upTo);
                                db.write(storage.syncWrites(), batch);
                                batch.close();
                                batch = new WriteBatch();
                                from = upTo;
                                inBatch = 0;
                            }
                        }
                        if (inBatch > 0) {
                            batch.deleteRange(history, from, end);
                            db.write(storage.syncWrites(), batch);
                        }
                    } finally {
                        batch.close();
                    }
                    it.seek(accountPrefix(account + 1));
                }
                it.status();
            }
            return pruned;
        });
    }

    /**
     * One page from {@code family} (history, or the by-name index whose values are read from the
     * history) between prefix|start and prefix|end, after {@code position} (timestamp + sequence).
     */
    private HistoryPage scan(String accountId, int account, ColumnFamilyHandle family, byte[] prefix, byte[] position,
                             HistoryQuery q) throws RocksDBException {
        byte[] lowest = concat(prefix, timeAndSequence(q.startMillis(), 0));
        byte[] highest = concat(prefix, timeAndSequence(q.endMillis(), -1L)); // sequence 0xFF..FF
        byte[] token = position == null ? null : concat(prefix, position);
        List<AlarmHistoryItem> page = new ArrayList<>(Math.min(q.limit(), 100));
        byte[] lastPosition = null;
        try (RocksIterator it = db.newIterator(family)) {
            if (q.newestFirst()) {
                it.seekForPrev(token != null && Arrays.compareUnsigned(token, highest) < 0 ? token : highest);
            } else {
                it.seek(token != null && Arrays.compareUnsigned(token, lowest) > 0 ? token : lowest);
            }
            for (; it.isValid(); step(it, q.newestFirst())) {
                byte[] key = it.key();
                if (Arrays.compareUnsigned(key, lowest) < 0 || Arrays.compareUnsigned(key, highest) > 0) {
                    break;
                }
                if (token != null && Arrays.equals(key, token)) {
                    continue; // the last item of the previous page
                }
                byte[] at = Arrays.copyOfRange(key, key.length - POSITION_LENGTH, key.length);
                byte[] value = family == history ? it.value() : db.get(history, concat(accountPrefix(account), at));
                if (value == null) {
                    continue; // pruned between the index read and this one
                }
                AlarmHistoryItem item = AlarmCodec.decodeHistory(accountId, timestamp(at, 0), value);
                if (!matches(item, q)) {
                    continue;
                }
                if (page.size() == q.limit()) {
                    return new HistoryPage(page, tokens.seal(tokenPayload(account, lastPosition)));
                }
                page.add(item);
                lastPosition = at;
            }
            it.status();
        }
        return new HistoryPage(page, null);
    }

    private static void step(RocksIterator it, boolean backwards) {
        if (backwards) {
            it.prev();
        } else {
            it.next();
        }
    }

    private static boolean matches(AlarmHistoryItem item, HistoryQuery q) {
        return (q.alarmName() == null || q.alarmName().equals(item.alarmName()))
                && q.types().contains(item.alarmType())
                && (q.itemType() == null || q.itemType() == item.type());
    }

    /** Adds the history item (when there is one) and its index entry, then writes fsync'd. */
    private void commit(WriteBatch batch, int account, AlarmHistoryItem item) throws RocksDBException {
        if (item == null) {
            db.write(storage.syncWrites(), batch);
            return;
        }
        Lock shared = historyLock.readLock();
        shared.lock();
        try {
            addHistory(batch, account, item);
            db.write(storage.syncWrites(), batch);
        } finally {
            shared.unlock();
        }
    }

    /** Adds the history item and its by-name index entry to the batch (the history lock's read side held). */
    private void addHistory(WriteBatch batch, int account, AlarmHistoryItem item) throws RocksDBException {
        byte[] key = historyKey(account, item.timestampMillis(), sequence());
        batch.put(history, key, AlarmCodec.encodeHistory(item));
        batch.put(byName, nameKey(account, item.alarmName(), key), new byte[0]);
    }

    /** A history sequence number, unique and increasing across restarts; reserves a new block when needed. */
    private synchronized long sequence() throws RocksDBException {
        if (nextSequence == reservedSequence) {
            byte[] end = new byte[8];
            BucketKeys.putLong(end, 0, reservedSequence + SEQUENCE_BLOCK);
            db.put(storage.meta(), storage.syncWrites(), NEXT_SEQUENCE, end);
            reservedSequence += SEQUENCE_BLOCK;
        }
        return nextSequence++;
    }

    private Alarm read(int account, String name) throws RocksDBException {
        byte[] value = db.get(alarms, alarmKey(account, name));
        return value == null ? null : AlarmCodec.decode(value);
    }

    private static void sameAccount(String accountId, String name, AlarmHistoryItem item) {
        if (item != null && !item.accountId().equals(accountId)) {
            throw new IllegalArgumentException("history item of account " + item.accountId()
                    + " written with an alarm of account " + accountId + " (" + name + ")");
        }
    }

    private static byte[] tokenPayload(int account, byte[] position) {
        byte[] payload = new byte[1 + 4 + POSITION_LENGTH];
        payload[0] = TOKEN_TAG;
        BucketKeys.putInt(payload, 1, account);
        System.arraycopy(position, 0, payload, 5, POSITION_LENGTH);
        return payload;
    }

    static byte[] alarmKey(int account, String name) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        byte[] key = new byte[4 + utf8.length];
        BucketKeys.putInt(key, 0, account);
        System.arraycopy(utf8, 0, key, 4, utf8.length);
        return key;
    }

    static byte[] accountPrefix(int account) {
        byte[] prefix = new byte[4];
        BucketKeys.putInt(prefix, 0, account);
        return prefix;
    }

    /** account int32 | timestamp XOR sign bit int64 | sequence int64: 20 bytes. */
    static byte[] historyKey(int account, long timestampMillis, long sequence) {
        return concat(accountPrefix(account), timeAndSequence(timestampMillis, sequence));
    }

    /** account int32 | UTF-8 length of the name int32 | name UTF-8 (the index's per-alarm prefix). */
    static byte[] namePrefix(int account, String name) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        byte[] prefix = new byte[8 + utf8.length];
        BucketKeys.putInt(prefix, 0, account);
        BucketKeys.putInt(prefix, 4, utf8.length);
        System.arraycopy(utf8, 0, prefix, 8, utf8.length);
        return prefix;
    }

    /** The index key of a history key: the name prefix followed by its timestamp and sequence. */
    private static byte[] nameKey(int account, String name, byte[] historyKey) {
        return concat(namePrefix(account, name), Arrays.copyOfRange(historyKey, 4, historyKey.length));
    }

    private static byte[] timeAndSequence(long timestampMillis, long sequence) {
        byte[] b = new byte[POSITION_LENGTH];
        BucketKeys.putLong(b, 0, timestampMillis ^ Long.MIN_VALUE); // signed order as unsigned bytes
        BucketKeys.putLong(b, 8, sequence);
        return b;
    }

    private static long timestamp(byte[] b, int at) {
        return BucketKeys.getLong(b, at) ^ Long.MIN_VALUE;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** The lock of the alarm's stripe. */
    private Lock stripe(String accountId, String name) {
        return stripes[stripeIndex(accountId, name)];
    }

    private static int stripeIndex(String accountId, String name) {
        return Math.floorMod(accountId.hashCode() * 31 + name.hashCode(), STRIPES);
    }

    /** Runs a write holding {@code lock} (null: none) inside the storage's lifecycle. */
    private <T> T write(String what, Lock lock, RocksDbStorage.StorageCall<T> call) {
        return storage.call(what, lock, call);
    }

    private <T> T readCall(String what, RocksDbStorage.StorageCall<T> call) {
        return storage.call(what, null, call);
    }
}
