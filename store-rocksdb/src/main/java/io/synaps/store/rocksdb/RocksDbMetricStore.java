package io.synaps.store.rocksdb;

import io.synaps.model.AwsError;
import io.synaps.model.Dimension;
import io.synaps.model.MetricId;
import io.synaps.model.StandardUnit;
import io.synaps.stats.Aggregate;
import io.synaps.store.metric.BucketWrite;
import io.synaps.store.metric.MetricFilter;
import io.synaps.store.metric.MetricPage;
import io.synaps.store.metric.MetricStore;
import io.synaps.store.metric.Tier;
import io.synaps.store.rocksdb.SeriesCache.Ref;
import io.synaps.store.rocksdb.SeriesCache.Row;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.CompactRangeOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * RocksDbMetricStore keeps metric buckets, the ListMetrics index and journal checkpoints in a
 * {@link RocksDbStorage}; all times are epoch seconds. Writers (merge, index, retention) are
 * serialized by one lock; reads run concurrently. Thread-safe. See the module README for the key
 * layout and the retention design.
 */
public final class RocksDbMetricStore implements MetricStore {
    /** ListMetrics hides metrics without data for two weeks (AWS). */
    static final long LIST_IDLE_SECONDS = 14 * 86_400L;
    /** Index rows idle this long are deleted: every bucket they lead to has expired. */
    static final long INDEX_RETENTION_SECONDS = 455 * 86_400L;
    /** The index sweep reads the whole series family, so it runs at most this often. */
    static final long INDEX_SWEEP_INTERVAL_SECONDS = 86_400L;
    private static final int MULTI_GET_CHUNK = 4096;

    private static final byte[] NEXT_SERIES = ascii("next-series");
    private static final byte[] TOKEN_SECRET = ascii("page-token-secret");
    private static final byte[] CHECKPOINT_PREFIX = ascii("checkpoint/");
    private static final String RETENTION_PREFIX = "retention/";

    private final RocksDbStorage storage;
    private final RocksDB db;
    private final Clock clock;
    private final SeriesCache cache;
    private final PageTokens tokens;
    private final ReentrantLock writer = new ReentrantLock();
    private final Map<Integer, Long> checkpoints = new ConcurrentHashMap<>();
    /** Per tier: buckets starting before this are expired, hidden from scans and dropped by merges. */
    private final AtomicLongArray watermarks = new AtomicLongArray(Tier.values().length);
    /** Per tier: slabs below this were range-deleted (guarded by {@link #writer}). */
    private final long[] droppedBelowSlab = new long[Tier.values().length];
    private long nextSeriesId = 1;
    private long lastIndexSweep = Long.MIN_VALUE;

    RocksDbMetricStore(RocksDbStorage storage, Clock clock, int seriesCacheEntries) throws RocksDBException {
        this.storage = storage;
        this.db = storage.db();
        this.clock = clock;
        this.cache = new SeriesCache(seriesCacheEntries);
        ColumnFamilyHandle meta = storage.meta();
        byte[] next = db.get(meta, NEXT_SERIES);
        if (next != null) {
            nextSeriesId = BucketKeys.getLong(next, 0);
        }
        byte[] secret = db.get(meta, TOKEN_SECRET);
        if (secret == null) {
            secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            db.put(meta, storage.syncWrites(), TOKEN_SECRET, secret);
        }
        this.tokens = new PageTokens(secret);
        try (RocksIterator it = db.newIterator(meta)) {
            for (it.seek(CHECKPOINT_PREFIX); it.isValid() && AccountIds.startsWith(it.key(), CHECKPOINT_PREFIX); it.next()) {
                checkpoints.put(BucketKeys.getInt(it.key(), CHECKPOINT_PREFIX.length), BucketKeys.getLong(it.value(), 0));
            }
        }
        for (Tier tier : Tier.values()) {
            byte[] stored = db.get(meta, retentionKey(tier));
            long watermark = stored == null ? Long.MIN_VALUE : BucketKeys.getLong(stored, 0);
            watermarks.set(tier.ordinal(), watermark);
            droppedBelowSlab[tier.ordinal()] = stored == null ? Integer.MIN_VALUE : BucketKeys.slab(tier, watermark);
        }
    }

    @Override
    public void merge(Collection<BucketWrite> writes, Map<Integer, Long> checkpointsToWrite) {
        Objects.requireNonNull(writes, "writes");
        Objects.requireNonNull(checkpointsToWrite, "checkpoints");
        for (BucketWrite w : writes) {
            validate(w);
        }
        Lock life = storage.enter();
        writer.lock();
        try (WriteBatch batch = new WriteBatch()) {
            // 1. Series rows: assign ids, widen last-seen and first-bucket.
            Map<Ref, long[]> spans = new HashMap<>();
            List<BucketWrite> live = new ArrayList<>(writes.size());
            List<Ref> refs = new ArrayList<>(writes.size());
            for (BucketWrite w : writes) {
                if (w.bucketStartSeconds() < watermarks.get(w.tier().ordinal())) {
                    continue; // already past retention: storing it would only resurrect expired data
                }
                Ref ref = new Ref(storage.accounts().intern(w.accountId()), w.metric());
                live.add(w);
                refs.add(ref);
                long start = w.bucketStartSeconds();
                long[] span = spans.get(ref);
                if (span == null) {
                    spans.put(ref, new long[]{start, start});
                } else {
                    span[0] = Math.min(span[0], start);
                    span[1] = Math.max(span[1], start);
                }
            }
            long nextId = nextSeriesId;
            Map<Ref, Row> changed = new HashMap<>();
            Map<Ref, Row> rows = new HashMap<>();
            for (Map.Entry<Ref, long[]> e : spans.entrySet()) {
                Ref ref = e.getKey();
                Row row = lookup(ref);
                Row widened = row == null
                        ? new Row(nextId++, e.getValue()[1], e.getValue()[0])
                        : row.cover(e.getValue()[0], e.getValue()[1]);
                if (!widened.equals(row)) {
                    batch.put(storage.series(), MetricKeys.key(ref.account(), ref.metric()), widened.encode());
                    changed.put(ref, widened);
                }
                rows.put(ref, widened);
            }
            if (nextId != nextSeriesId) {
                batch.put(storage.meta(), NEXT_SERIES, longBytes(nextId));
            }

            // 2. Buckets: read-modify-write, writes to the same bucket combined first.
            Map<BucketRef, List<Aggregate>> pending = new LinkedHashMap<>();
            for (int i = 0; i < live.size(); i++) {
                BucketWrite w = live.get(i);
                BucketRef b = new BucketRef(w.tier(), rows.get(refs.get(i)).id(), w.bucketStartSeconds(), w.unit().code());
                pending.computeIfAbsent(b, k -> new ArrayList<>(1)).add(w.aggregate());
            }
            List<Map.Entry<BucketRef, List<Aggregate>>> entries = new ArrayList<>(pending.entrySet());
            for (int from = 0; from < entries.size(); from += MULTI_GET_CHUNK) {
                int to = Math.min(entries.size(), from + MULTI_GET_CHUNK);
                List<ColumnFamilyHandle> families = new ArrayList<>(to - from);
                List<byte[]> keys = new ArrayList<>(to - from);
                for (int i = from; i < to; i++) {
                    BucketRef b = entries.get(i).getKey();
                    families.add(storage.buckets(b.tier()));
                    keys.add(BucketKeys.key(b.tier(), b.series(), b.start(), b.unit()));
                }
                List<byte[]> stored = db.multiGetAsList(families, keys);
                for (int i = from; i < to; i++) {
                    batch.put(families.get(i - from), keys.get(i - from),
                            combine(stored.get(i - from), entries.get(i).getValue()));
                }
            }

            // 3. Checkpoints, in the same batch: they move only together with the data they cover.
            for (Map.Entry<Integer, Long> c : checkpointsToWrite.entrySet()) {
                batch.put(storage.meta(), checkpointKey(c.getKey()), longBytes(c.getValue()));
            }

            if (batch.count() > 0) {
                db.write(storage.syncWrites(), batch);
            }
            nextSeriesId = nextId;
            changed.forEach(cache::put);
            checkpoints.putAll(checkpointsToWrite);
        } catch (RocksDBException e) {
            throw RocksDbStorage.failure("merge", e);
        } finally {
            writer.unlock();
            life.unlock();
        }
    }

    @Override
    public long checkpoint(int partition) {
        Lock life = storage.enter();
        try {
            return checkpoints.getOrDefault(partition, 0L);
        } finally {
            life.unlock();
        }
    }

    @Override
    public void index(String accountId, Collection<MetricId> metrics, long lastSeenSeconds) {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(metrics, "metrics");
        Lock life = storage.enter();
        writer.lock();
        try (WriteBatch batch = new WriteBatch()) {
            int account = storage.accounts().intern(accountId);
            long nextId = nextSeriesId;
            Map<Ref, Row> changed = new HashMap<>();
            for (MetricId metric : metrics) {
                Ref ref = new Ref(account, Objects.requireNonNull(metric, "metric"));
                Row row = changed.containsKey(ref) ? changed.get(ref) : lookup(ref);
                Row seen = row == null
                        ? new Row(nextId++, lastSeenSeconds, Long.MAX_VALUE)
                        : new Row(row.id(), Math.max(row.lastSeen(), lastSeenSeconds), row.firstBucket());
                if (!seen.equals(row)) {
                    batch.put(storage.series(), MetricKeys.key(account, metric), seen.encode());
                    changed.put(ref, seen);
                }
            }
            if (nextId != nextSeriesId) {
                batch.put(storage.meta(), NEXT_SERIES, longBytes(nextId));
            }
            if (batch.count() > 0) {
                // Not fsync'd: the journal re-indexes on replay; the next merge's sync covers it.
                db.write(storage.walWrites(), batch);
            }
            nextSeriesId = nextId;
            changed.forEach(cache::put);
        } catch (RocksDBException e) {
            throw RocksDbStorage.failure("index", e);
        } finally {
            writer.unlock();
            life.unlock();
        }
    }

    @Override
    public void scan(String accountId, MetricId metric, StandardUnit unit, Tier tier,
                     long fromSeconds, long toSeconds, BucketConsumer consumer) {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(consumer, "consumer");
        Lock life = storage.enter();
        try {
            int account = storage.accounts().find(accountId);
            if (account == AccountIds.NONE) {
                return;
            }
            Row row = read(new Ref(account, metric));
            if (row == null || row.firstBucket() == Long.MAX_VALUE) {
                return;
            }
            // No bucket of the series starts before its first bucket or after its last-seen.
            long first = Math.max(fromSeconds, Math.max(row.firstBucket(), watermarks.get(tier.ordinal())));
            long end = Math.min(toSeconds, row.lastSeen() == Long.MAX_VALUE ? Long.MAX_VALUE : row.lastSeen() + 1);
            if (first >= end) {
                return;
            }
            scanSlabs(row.id(), unit, tier, first, end, consumer);
        } catch (RocksDBException e) {
            throw RocksDbStorage.failure("scan", e);
        } finally {
            life.unlock();
        }
    }

    private void scanSlabs(long seriesId, StandardUnit unit, Tier tier, long first, long end,
                           BucketConsumer consumer) throws RocksDBException {
        try (RocksIterator it = db.newIterator(storage.buckets(tier), storage.prefixReads())) {
            long lastSlab = BucketKeys.slab(tier, end - 1);
            for (long slab = BucketKeys.slab(tier, first); slab <= lastSlab; slab++) {
                byte[] seek = BucketKeys.seekKey(tier, slab, seriesId, first);
                for (it.seek(seek); it.isValid(); it.next()) {
                    byte[] key = it.key();
                    if (!BucketKeys.samePrefix(key, seek)) {
                        break;
                    }
                    long start = BucketKeys.bucketStart(tier, key);
                    if (start >= end) {
                        return;
                    }
                    byte code = BucketKeys.unitCode(key);
                    if (unit != null && code != unit.code()) {
                        continue;
                    }
                    consumer.accept(StandardUnit.fromCode(code), start, Aggregate.decode(ByteBuffer.wrap(it.value())));
                }
                it.status();
            }
        }
    }

    @Override
    public MetricPage list(String accountId, MetricFilter filter, String nextToken, int pageSize) {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(filter, "filter");
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be positive");
        }
        byte[] after = nextToken == null ? null : tokens.open(nextToken);
        Lock life = storage.enter();
        try {
            int account = storage.accounts().find(accountId);
            if (after != null && (after.length < 4 || account == AccountIds.NONE || MetricKeys.account(after) != account)) {
                throw AwsError.invalidNextToken(PageTokens.INVALID); // issued to another account
            }
            if (account == AccountIds.NONE) {
                return new MetricPage(List.of(), null);
            }
            long seenSince = Math.max(clock.instant().getEpochSecond() - LIST_IDLE_SECONDS,
                    filter.recentlyActiveSinceSeconds());
            byte[] prefix = MetricKeys.prefix(account, filter.namespace(), filter.metricName());
            byte[] seek = prefix;
            if (after != null) {
                byte[] successor = Arrays.copyOf(after, after.length + 1); // the smallest key after it
                if (Arrays.compareUnsigned(successor, prefix) > 0) {
                    seek = successor;
                }
            }
            List<MetricId> page = new ArrayList<>(Math.min(pageSize, 512));
            byte[] lastKey = null;
            try (RocksIterator it = db.newIterator(storage.series())) {
                for (it.seek(seek); it.isValid() && AccountIds.startsWith(it.key(), prefix); it.next()) {
                    if (BucketKeys.getLong(it.value(), 8) < seenSince) {
                        continue;
                    }
                    byte[] key = it.key();
                    MetricId metric = MetricKeys.decode(key);
                    if (!matches(metric, filter)) {
                        continue;
                    }
                    if (page.size() == pageSize) {
                        return new MetricPage(page, tokens.seal(lastKey)); // one more match exists
                    }
                    page.add(metric);
                    lastKey = key;
                }
                it.status();
            }
            return new MetricPage(page, null);
        } catch (RocksDBException e) {
            throw RocksDbStorage.failure("list", e);
        } finally {
            life.unlock();
        }
    }

    @Override
    public void enforceRetention(long nowSeconds) {
        Lock life = storage.enter();
        writer.lock();
        try {
            for (Tier tier : Tier.values()) {
                long cutoff = nowSeconds - tier.retentionSeconds();
                if (cutoff <= watermarks.get(tier.ordinal())) {
                    continue;
                }
                dropExpiredSlabs(tier, cutoff);
                db.put(storage.meta(), storage.syncWrites(), retentionKey(tier), longBytes(cutoff));
                watermarks.set(tier.ordinal(), cutoff);
            }
            if (lastIndexSweep == Long.MIN_VALUE || nowSeconds - lastIndexSweep >= INDEX_SWEEP_INTERVAL_SECONDS) {
                sweepIndex(nowSeconds - INDEX_RETENTION_SECONDS);
                lastIndexSweep = nowSeconds;
            }
        } catch (RocksDBException e) {
            throw RocksDbStorage.failure("retention", e);
        } finally {
            writer.unlock();
            life.unlock();
        }
    }

    /** Physically drops every slab that ends at or before the cutoff: whole files first, then a range tombstone. */
    private void dropExpiredSlabs(Tier tier, long cutoff) throws RocksDBException {
        long below = Math.floorDiv(cutoff, BucketKeys.slabSeconds(tier)); // slabs < below end <= cutoff
        if (below <= droppedBelowSlab[tier.ordinal()]) {
            return;
        }
        ColumnFamilyHandle family = storage.buckets(tier);
        byte[] begin = BucketKeys.slabBound(Integer.MIN_VALUE);
        byte[] end = BucketKeys.slabBound(below);
        db.deleteFilesInRanges(family, List.of(begin, end), false);
        db.deleteRange(family, storage.syncWrites(), begin, end);
        // Force the bottommost level too: that is where old slabs live, and the point is to free them.
        try (CompactRangeOptions options = new CompactRangeOptions()
                .setBottommostLevelCompaction(CompactRangeOptions.BottommostLevelCompaction.kForceOptimized)) {
            db.compactRange(family, begin, end, options);
        }
        droppedBelowSlab[tier.ordinal()] = below;
    }

    private void sweepIndex(long idleBefore) throws RocksDBException {
        try (WriteBatch batch = new WriteBatch(); RocksIterator it = db.newIterator(storage.series())) {
            List<Ref> removed = new ArrayList<>();
            for (it.seekToFirst(); it.isValid(); it.next()) {
                if (BucketKeys.getLong(it.value(), 8) < idleBefore) {
                    byte[] key = it.key();
                    batch.delete(storage.series(), key);
                    removed.add(new Ref(MetricKeys.account(key), MetricKeys.decode(key)));
                }
            }
            it.status();
            if (batch.count() > 0) {
                db.write(storage.syncWrites(), batch);
                removed.forEach(cache::remove);
            }
        }
    }

    /** Closes the whole {@link RocksDbStorage}, dashboards included. */
    @Override
    public void close() {
        storage.close();
    }

    /** The series row as the writer sees it: cache, else the series family (then cached). */
    private Row lookup(Ref ref) throws RocksDBException {
        Row row = cache.get(ref);
        if (row != null) {
            return row;
        }
        byte[] stored = db.get(storage.series(), MetricKeys.key(ref.account(), ref.metric()));
        if (stored == null) {
            return null;
        }
        row = Row.decode(stored);
        cache.put(ref, row);
        return row;
    }

    /** The series row for a reader; never fills the cache, which only the writer may do. */
    private Row read(Ref ref) throws RocksDBException {
        Row row = cache.get(ref);
        if (row != null) {
            return row;
        }
        byte[] stored = db.get(storage.series(), MetricKeys.key(ref.account(), ref.metric()));
        return stored == null ? null : Row.decode(stored);
    }

    private static byte[] combine(byte[] stored, List<Aggregate> writes) {
        Aggregate merged;
        if (stored != null) {
            merged = Aggregate.decode(ByteBuffer.wrap(stored));
        } else if (writes.size() == 1) {
            return encode(writes.get(0));
        } else {
            merged = writes.get(0).copy();
            writes = writes.subList(1, writes.size());
        }
        for (Aggregate a : writes) {
            merged.merge(a);
        }
        return encode(merged);
    }

    private static byte[] encode(Aggregate aggregate) {
        ByteBuffer out = ByteBuffer.allocate(aggregate.encodedSize());
        aggregate.encode(out);
        return out.position() == out.capacity() ? out.array() : Arrays.copyOf(out.array(), out.position());
    }

    private static boolean matches(MetricId metric, MetricFilter filter) {
        if (filter.namespace() != null && !filter.namespace().equals(metric.namespace())) {
            return false;
        }
        if (filter.metricName() != null && !filter.metricName().equals(metric.metricName())) {
            return false;
        }
        if (filter.dimensions() == null) {
            return true;
        }
        for (MetricFilter.DimensionFilter wanted : filter.dimensions()) {
            boolean found = false;
            for (Dimension d : metric.dimensions()) {
                if (d.name().equals(wanted.name()) && (wanted.value() == null || d.value().equals(wanted.value()))) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    private static void validate(BucketWrite w) {
        Objects.requireNonNull(w, "write");
        Objects.requireNonNull(w.accountId(), "accountId");
        Objects.requireNonNull(w.metric(), "metric");
        Objects.requireNonNull(w.unit(), "unit");
        Objects.requireNonNull(w.tier(), "tier");
        Objects.requireNonNull(w.aggregate(), "aggregate");
        if (w.tier().bucketStart(w.bucketStartSeconds()) != w.bucketStartSeconds()) {
            throw new IllegalArgumentException("bucket start " + w.bucketStartSeconds()
                    + " is not aligned to the " + w.tier() + " tier");
        }
    }

    private static byte[] checkpointKey(int partition) {
        byte[] key = Arrays.copyOf(CHECKPOINT_PREFIX, CHECKPOINT_PREFIX.length + 4);
        BucketKeys.putInt(key, CHECKPOINT_PREFIX.length, partition);
        return key;
    }

    private static byte[] retentionKey(Tier tier) {
        return ascii(RETENTION_PREFIX + tier.name());
    }

    private static byte[] longBytes(long v) {
        byte[] b = new byte[8];
        BucketKeys.putLong(b, 0, v);
        return b;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** A bucket in the making: tier, series id, start (epoch seconds) and unit code. */
    private record BucketRef(Tier tier, long series, long start, byte unit) {
    }
}
