package io.synaps.store.rocksdb;

import io.synaps.store.outbox.DeadLetter;
import io.synaps.store.outbox.Delivery;
import io.synaps.store.outbox.OutboxStore;
import io.synaps.store.rocksdb.OutboxCodec.KeyState;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * RocksDbOutboxStore keeps the delivery outbox in a {@link RocksDbStorage}: the state of every
 * accepted idempotency key in {@code outbox-keys}, pending deliveries in {@code outbox-pending}
 * (in orderKey, sequence order), dead letters in {@code outbox-dead} (per account, newest first)
 * and the end time of every delivered or dead key in {@code outbox-done} (what {@link #prune}
 * walks). Times are epoch milliseconds. Every write is one fsync'd {@link WriteBatch} that moves a
 * key between states together with its rows, so a crash never loses or duplicates a key. Writes
 * lock the stripes of their keys (an enqueue takes its stripes in ascending order), so checking
 * that a key is new and queuing it never interleave with another write of that key, while writes
 * of other keys run concurrently and share fsyncs; pruning excludes every writer. Reads never
 * lock. Thread-safe. Key and value layouts are in the module README.
 */
public final class RocksDbOutboxStore implements OutboxStore {
    private static final int STRIPES = 64;
    private static final int PRUNE_CHUNK = 10_000;
    private static final byte[] EMPTY = new byte[0];

    private final RocksDbStorage storage;
    private final RocksDB db;
    private final ColumnFamilyHandle keys;
    private final ColumnFamilyHandle pending;
    private final ColumnFamilyHandle dead;
    private final ColumnFamilyHandle done;
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
    /** Writers share it; pruning takes it alone, so no key changes state while its rows are deleted. */
    private final ReentrantReadWriteLock pruneLock = new ReentrantReadWriteLock();

    RocksDbOutboxStore(RocksDbStorage storage) {
        this.storage = storage;
        this.db = storage.db();
        this.keys = storage.outboxKeys();
        this.pending = storage.outboxPending();
        this.dead = storage.outboxDead();
        this.done = storage.outboxDone();
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    @Override
    public List<Delivery> enqueue(List<Delivery> deliveries) {
        Objects.requireNonNull(deliveries, "deliveries");
        if (deliveries.isEmpty()) {
            return List.of();
        }
        TreeSet<Integer> needed = new TreeSet<>();
        for (Delivery d : deliveries) {
            needed.add(stripe(Objects.requireNonNull(d, "delivery").key()));
        }
        Lock life = storage.enter();
        Lock shared = pruneLock.readLock();
        shared.lock();
        List<Lock> held = new ArrayList<>(needed.size());
        try {
            for (int i : needed) { // ascending: two enqueues never wait on each other in a cycle
                stripes[i].lock();
                held.add(stripes[i]);
            }
            List<Delivery> queued = new ArrayList<>(deliveries.size());
            Set<String> seen = new HashSet<>();
            try (WriteBatch batch = new WriteBatch()) {
                for (Delivery d : deliveries) {
                    byte[] key = utf8(d.key());
                    if (!seen.add(d.key()) || db.get(keys, key) != null) {
                        continue;
                    }
                    batch.put(keys, key, OutboxCodec.encode(KeyState.pending(d.orderKey(), d.sequence())));
                    batch.put(pending, pendingKey(d.orderKey(), d.sequence(), d.key()), OutboxCodec.encode(d));
                    queued.add(d);
                }
                if (!queued.isEmpty()) {
                    db.write(storage.syncWrites(), batch);
                }
            }
            return queued;
        } catch (RocksDBException e) {
            throw RocksDbStorage.failure("enqueue deliveries", e);
        } finally {
            for (int i = held.size() - 1; i >= 0; i--) {
                held.get(i).unlock();
            }
            shared.unlock();
            life.unlock();
        }
    }

    @Override
    public List<Delivery> pending() {
        return read("read pending deliveries", () -> {
            List<Delivery> all = new ArrayList<>();
            try (RocksIterator it = db.newIterator(pending)) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    all.add(OutboxCodec.decodeDelivery(it.value()));
                }
                it.status();
            }
            return all;
        });
    }

    @Override
    public void reschedule(Delivery delivery) {
        Objects.requireNonNull(delivery, "delivery");
        write("reschedule delivery", delivery.key(), () -> {
            Stored stored = pendingOf(delivery.key());
            if (stored != null) {
                db.put(pending, storage.syncWrites(), stored.row, OutboxCodec.encode(lastTried(stored.delivery, delivery)));
            }
            return null;
        });
    }

    @Override
    public void complete(String key, long atMillis) {
        Objects.requireNonNull(key, "key");
        write("complete delivery", key, () -> {
            Stored stored = pendingOf(key);
            if (stored == null) {
                return null;
            }
            try (WriteBatch batch = new WriteBatch()) {
                batch.delete(pending, stored.row);
                batch.put(keys, utf8(key), OutboxCodec.encode(KeyState.delivered(atMillis)));
                batch.put(done, doneKey(atMillis, key), EMPTY);
                db.write(storage.syncWrites(), batch);
            }
            return null;
        });
    }

    @Override
    public void kill(Delivery delivery, String reason, long atMillis) {
        Objects.requireNonNull(delivery, "delivery");
        write("kill delivery", delivery.key(), () -> {
            Stored stored = pendingOf(delivery.key());
            if (stored == null) {
                return null;
            }
            Delivery last = lastTried(stored.delivery, delivery);
            int account = storage.accounts().intern(last.accountId());
            try (WriteBatch batch = new WriteBatch()) {
                batch.delete(pending, stored.row);
                batch.put(keys, utf8(last.key()), OutboxCodec.encode(KeyState.dead(atMillis, account)));
                batch.put(dead, deadKey(account, atMillis, last.key()),
                        OutboxCodec.encode(new DeadLetter(last, reason, atMillis)));
                batch.put(done, doneKey(atMillis, last.key()), EMPTY);
                db.write(storage.syncWrites(), batch);
            }
            return null;
        });
    }

    @Override
    public boolean known(String key) {
        Objects.requireNonNull(key, "key");
        return read("read outbox key", () -> db.get(keys, utf8(key)) != null);
    }

    /** {@inheritDoc} An {@code afterKey} that is no dead letter of the account (pruned, say) ends the listing. */
    @Override
    public List<DeadLetter> deadLetters(String accountId, String afterKey, int limit) {
        Objects.requireNonNull(accountId, "accountId");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive");
        }
        return read("read dead letters", () -> {
            int account = storage.accounts().find(accountId);
            if (account == AccountIds.NONE) {
                return List.of();
            }
            byte[] prefix = RocksDbAlarmStore.accountPrefix(account);
            byte[] seek = prefix;
            if (afterKey != null) {
                byte[] state = db.get(keys, utf8(afterKey));
                KeyState after = state == null ? null : OutboxCodec.decodeKeyState(state);
                if (after == null || after.state() != OutboxCodec.DEAD || after.account() != account) {
                    return List.of();
                }
                byte[] row = deadKey(account, after.endedMillis(), afterKey);
                seek = Arrays.copyOf(row, row.length + 1); // the smallest key after it
            }
            List<DeadLetter> page = new ArrayList<>(Math.min(limit, 128));
            try (RocksIterator it = db.newIterator(dead)) {
                for (it.seek(seek); it.isValid() && AccountIds.startsWith(it.key(), prefix) && page.size() < limit;
                     it.next()) {
                    page.add(OutboxCodec.decodeDeadLetter(it.value()));
                }
                it.status();
            }
            return page;
        });
    }

    @Override
    public long prune(long beforeMillis) {
        return prune(beforeMillis, PRUNE_CHUNK);
    }

    /** Prunes with one fsync'd batch per {@code chunk} keys, so a large backlog never builds one huge batch. */
    long prune(long beforeMillis, int chunk) {
        Lock life = storage.enter();
        Lock exclusive = pruneLock.writeLock();
        exclusive.lock();
        try {
            byte[] end = time(beforeMillis); // exclusive: every done row of an earlier time sorts before it
            long pruned = 0;
            try (RocksIterator it = db.newIterator(done)) {
                it.seekToFirst();
                while (it.isValid() && Arrays.compareUnsigned(it.key(), end) < 0) {
                    try (WriteBatch batch = new WriteBatch()) {
                        for (int n = 0; n < chunk && it.isValid() && Arrays.compareUnsigned(it.key(), end) < 0;
                             n++, it.next()) {
                            byte[] doneKey = it.key();
                            byte[] key = Arrays.copyOfRange(doneKey, 8, doneKey.length);
                            batch.delete(done, doneKey);
                            byte[] state = db.get(keys, key);
                            if (state != null) {
                                KeyState s = OutboxCodec.decodeKeyState(state);
                                if (s.state() == OutboxCodec.DEAD) {
                                    batch.delete(dead, deadKey(s.account(), s.endedMillis(),
                                            new String(key, StandardCharsets.UTF_8)));
                                }
                                if (s.state() != OutboxCodec.PENDING) {
                                    batch.delete(keys, key);
                                    pruned++;
                                }
                            }
                        }
                        db.write(storage.syncWrites(), batch);
                    }
                }
                it.status();
            }
            return pruned;
        } catch (RocksDBException e) {
            throw RocksDbStorage.failure("prune the outbox", e);
        } finally {
            exclusive.unlock();
            life.unlock();
        }
    }

    /** A pending delivery as stored, with its row key. */
    private record Stored(byte[] row, Delivery delivery) {
    }

    /** The pending delivery of {@code key}, or null when the key is unknown, delivered or dead. */
    private Stored pendingOf(String key) throws RocksDBException {
        byte[] state = db.get(keys, utf8(key));
        if (state == null) {
            return null;
        }
        KeyState s = OutboxCodec.decodeKeyState(state);
        if (s.state() != OutboxCodec.PENDING) {
            return null;
        }
        byte[] row = pendingKey(s.orderKey(), s.sequence(), key);
        byte[] value = db.get(pending, row);
        if (value == null) {
            throw new IllegalStateException("outbox key " + key + " is pending without its delivery row");
        }
        return new Stored(row, OutboxCodec.decodeDelivery(value));
    }

    /** The stored delivery with the attempts, next attempt time and last error of {@code tried}. */
    private static Delivery lastTried(Delivery stored, Delivery tried) {
        return new Delivery(stored.key(), stored.accountId(), stored.orderKey(), stored.sequence(), stored.channel(),
                stored.target(), stored.payload(), tried.attempts(), tried.nextAttemptMillis(), tried.lastError(),
                stored.createdMillis());
    }

    /**
     * ord(orderKey) | sequence XOR 2^63 int64 | key (UTF-8), where ord is the order-preserving
     * string encoding (UTF-8 with 0x00 written as 0x00 0xFF, then 0x00 0x01): rows sort by
     * orderKey (UTF-8 byte order), then sequence (signed), then key.
     */
    static byte[] pendingKey(String orderKey, long sequence, String key) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(orderKey.length() + key.length() + 12);
        for (byte b : utf8(orderKey)) {
            out.write(b);
            if (b == 0) {
                out.write(0xFF);
            }
        }
        out.write(0x00);
        out.write(0x01);
        out.writeBytes(time(sequence));
        out.writeBytes(utf8(key));
        return out.toByteArray();
    }

    /** account int32 | NOT(diedMillis XOR 2^63) int64 | key (UTF-8): newest first within an account. */
    static byte[] deadKey(int account, long diedMillis, String key) {
        byte[] utf8 = utf8(key);
        byte[] row = new byte[12 + utf8.length];
        BucketKeys.putInt(row, 0, account);
        BucketKeys.putLong(row, 4, ~(diedMillis ^ Long.MIN_VALUE));
        System.arraycopy(utf8, 0, row, 12, utf8.length);
        return row;
    }

    /** endedMillis XOR 2^63 int64 | key (UTF-8): oldest first. */
    static byte[] doneKey(long endedMillis, String key) {
        byte[] utf8 = utf8(key);
        byte[] row = Arrays.copyOf(time(endedMillis), 8 + utf8.length);
        System.arraycopy(utf8, 0, row, 8, utf8.length);
        return row;
    }

    /** A signed long as 8 bytes whose unsigned order is the signed order. */
    private static byte[] time(long value) {
        byte[] b = new byte[8];
        BucketKeys.putLong(b, 0, value ^ Long.MIN_VALUE);
        return b;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private int stripe(String key) {
        return Math.floorMod(key.hashCode(), STRIPES);
    }

    /** Runs a write of one key holding its stripe (and the shared side of the prune lock). */
    private <T> T write(String what, String key, RocksDbStorage.StorageCall<T> call) {
        // Lock order as everywhere in this store: lifecycle, prune lock, stripe.
        Lock life = storage.enter();
        Lock shared = pruneLock.readLock();
        shared.lock();
        Lock lock = stripes[stripe(key)];
        lock.lock();
        try {
            return call.run();
        } catch (RocksDBException e) {
            throw RocksDbStorage.failure(what, e);
        } finally {
            lock.unlock();
            shared.unlock();
            life.unlock();
        }
    }

    private <T> T read(String what, RocksDbStorage.StorageCall<T> call) {
        return storage.call(what, null, call);
    }
}
