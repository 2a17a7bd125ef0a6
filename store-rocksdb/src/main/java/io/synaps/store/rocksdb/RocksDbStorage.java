package io.synaps.store.rocksdb;

import io.synaps.store.alarm.AlarmStore;
import io.synaps.store.dashboard.DashboardStore;
import io.synaps.store.metric.MetricStore;
import io.synaps.store.metric.Tier;
import io.synaps.store.outbox.OutboxStore;
import io.synaps.store.tag.TagStore;
import io.synaps.store.topic.TopicStore;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Cache;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.IndexType;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * RocksDbStorage is one embedded RocksDB database in a directory, holding the metric, dashboard,
 * alarm, tag, topic and outbox stores in separate column families. Thread-safe; {@link #close()} waits for
 * running calls, then frees every native handle, after which every store rejects calls.
 */
public final class RocksDbStorage implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RocksDbStorage.class);

    static final String CF_SERIES = "series";
    static final String CF_DASHBOARDS = "dashboards";
    static final String CF_ALARMS = "alarms";
    static final String CF_ALARM_HISTORY = "alarm-history";
    static final String CF_ALARM_HISTORY_BY_NAME = "alarm-history-by-name";
    static final String CF_TAGS = "tags";
    static final String CF_TOPICS = "topics";
    static final String CF_TOPIC_ARNS = "topic-arns";
    static final String CF_SUBSCRIPTIONS = "subscriptions";
    static final String CF_SUBSCRIPTIONS_BY_TOPIC = "subscriptions-by-topic";
    static final String CF_OUTBOX_KEYS = "outbox-keys";
    static final String CF_OUTBOX_PENDING = "outbox-pending";
    static final String CF_OUTBOX_DEAD = "outbox-dead";
    static final String CF_OUTBOX_DONE = "outbox-done";
    /** Families added after the first release, in the order they were added: appended on open. */
    static final List<String> LATER_FAMILIES = List.of(CF_ALARMS, CF_ALARM_HISTORY, CF_ALARM_HISTORY_BY_NAME, CF_TAGS,
            CF_TOPICS, CF_TOPIC_ARNS, CF_SUBSCRIPTIONS, CF_SUBSCRIPTIONS_BY_TOPIC,
            CF_OUTBOX_KEYS, CF_OUTBOX_PENDING, CF_OUTBOX_DEAD, CF_OUTBOX_DONE);

    static {
        RocksDB.loadLibrary();
    }

    private final Path dir;
    private final RocksDB db;
    private final ColumnFamilyHandle meta;
    private final ColumnFamilyHandle series;
    private final ColumnFamilyHandle dashboards;
    private final Map<Tier, ColumnFamilyHandle> buckets;
    private final ColumnFamilyHandle alarms;
    private final ColumnFamilyHandle alarmHistory;
    private final ColumnFamilyHandle alarmHistoryByName;
    private final ColumnFamilyHandle tags;
    private final ColumnFamilyHandle topics;
    private final ColumnFamilyHandle topicArns;
    private final ColumnFamilyHandle subscriptions;
    private final ColumnFamilyHandle subscriptionsByTopic;
    private final ColumnFamilyHandle outboxKeys;
    private final ColumnFamilyHandle outboxPending;
    private final ColumnFamilyHandle outboxDead;
    private final ColumnFamilyHandle outboxDone;
    private final List<ColumnFamilyHandle> handles;
    // Options, cache and filter must outlive the database; closed after it, in reverse order.
    private final List<AutoCloseable> resources;
    private final WriteOptions syncWrites;
    private final WriteOptions walWrites;
    private final ReadOptions prefixReads;
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private volatile boolean closed;
    private final AccountIds accounts;
    private final RocksDbMetricStore metricStore;
    private final RocksDbDashboardStore dashboardStore;
    private final RocksDbAlarmStore alarmStore;
    private final RocksDbTagStore tagStore;
    private final RocksDbTopicStore topicStore;
    private final RocksDbOutboxStore outboxStore;

    private RocksDbStorage(Path dir, Clock clock, RocksDbStorageConfig config) throws RocksDBException {
        this.dir = dir;
        List<AutoCloseable> owned = new ArrayList<>();
        List<ColumnFamilyHandle> opened = new ArrayList<>();
        RocksDB database = null;
        try {
            // Few shards: a shard must hold the biggest block (an LRU cache of 64 MiB would
            // otherwise get 64 shards of 1 MiB and keep re-reading larger filter blocks).
            Cache cache = track(owned, new LRUCache(config.blockCacheBytes(), 4));
            BloomFilter bloom = track(owned, new BloomFilter(10));
            ColumnFamilyOptions bucketOptions = track(owned, new ColumnFamilyOptions()
                    .setCompressionType(CompressionType.LZ4_COMPRESSION)
                    .setBottommostCompressionType(CompressionType.LZ4_COMPRESSION)
                    .setWriteBufferSize(config.bucketWriteBufferBytes())
                    .setMaxWriteBufferNumber(2)
                    .setLevelCompactionDynamicLevelBytes(true)
                    // slab (4 bytes) + series id (8 bytes): scans stay within one prefix, so
                    // prefix blooms skip files and memtables that lack the series.
                    .useFixedLengthPrefixExtractor(BucketKeys.PREFIX_LENGTH)
                    .setMemtablePrefixBloomSizeRatio(0.05)
                    .setTableFormatConfig(tableConfig(cache, bloom, true)));
            ColumnFamilyOptions smallOptions = track(owned, new ColumnFamilyOptions()
                    .setCompressionType(CompressionType.LZ4_COMPRESSION)
                    .setWriteBufferSize(4L << 20)
                    .setMaxWriteBufferNumber(2)
                    .setLevelCompactionDynamicLevelBytes(true)
                    .setTableFormatConfig(tableConfig(cache, bloom, false)));
            DBOptions dbOptions = track(owned, new DBOptions()
                    .setCreateIfMissing(true)
                    .setCreateMissingColumnFamilies(true)
                    .setMaxBackgroundJobs(2)
                    .setKeepLogFileNum(4)
                    .setMaxTotalWalSize(64L << 20));

            List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
            descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, smallOptions));
            descriptors.add(new ColumnFamilyDescriptor(bytes(CF_SERIES), smallOptions));
            descriptors.add(new ColumnFamilyDescriptor(bytes(CF_DASHBOARDS), smallOptions));
            for (Tier tier : Tier.values()) {
                descriptors.add(new ColumnFamilyDescriptor(bytes(bucketFamily(tier)), bucketOptions));
            }
            // Appended after the bucket families: databases created before alarms, topics or the
            // outbox get the missing families on open.
            for (String family : LATER_FAMILIES) {
                descriptors.add(new ColumnFamilyDescriptor(bytes(family), smallOptions));
            }
            Files.createDirectories(dir);
            database = RocksDB.open(dbOptions, dir.toString(), descriptors, opened);

            this.db = database;
            this.meta = opened.get(0);
            this.series = opened.get(1);
            this.dashboards = opened.get(2);
            Map<Tier, ColumnFamilyHandle> byTier = new EnumMap<>(Tier.class);
            for (Tier tier : Tier.values()) {
                byTier.put(tier, opened.get(3 + tier.ordinal()));
            }
            this.buckets = byTier;
            int next = 3 + Tier.values().length;
            this.alarms = opened.get(next);
            this.alarmHistory = opened.get(next + 1);
            this.alarmHistoryByName = opened.get(next + 2);
            this.tags = opened.get(next + 3);
            this.topics = opened.get(next + 4);
            this.topicArns = opened.get(next + 5);
            this.subscriptions = opened.get(next + 6);
            this.subscriptionsByTopic = opened.get(next + 7);
            this.outboxKeys = opened.get(next + 8);
            this.outboxPending = opened.get(next + 9);
            this.outboxDead = opened.get(next + 10);
            this.outboxDone = opened.get(next + 11);
            this.handles = List.copyOf(opened);
            this.syncWrites = track(owned, new WriteOptions().setSync(true));
            this.walWrites = track(owned, new WriteOptions().setSync(false));
            this.prefixReads = track(owned, new ReadOptions().setPrefixSameAsStart(true));
            this.resources = owned;
            this.accounts = new AccountIds(database, meta, syncWrites);
            this.metricStore = new RocksDbMetricStore(this, clock, config.seriesCacheEntries());
            this.dashboardStore = new RocksDbDashboardStore(this);
            this.alarmStore = new RocksDbAlarmStore(this);
            this.tagStore = new RocksDbTagStore(this);
            this.topicStore = new RocksDbTopicStore(this);
            this.outboxStore = new RocksDbOutboxStore(this);
        } catch (RocksDBException | IOException | RuntimeException e) {
            for (ColumnFamilyHandle h : opened) {
                h.close();
            }
            if (database != null) {
                database.close();
            }
            closeAll(owned);
            if (e instanceof RocksDBException r) {
                throw r;
            }
            if (e instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw (RuntimeException) e;
        }
    }

    /** Opens (creating if needed) the database in {@code dir} with default sizing. */
    public static RocksDbStorage open(Path dir, Clock clock) {
        return open(dir, clock, RocksDbStorageConfig.defaults());
    }

    /**
     * Opens (creating if needed) the database in {@code dir}; {@code clock} decides which metrics
     * ListMetrics still lists (those seen in the last two weeks).
     */
    public static RocksDbStorage open(Path dir, Clock clock, RocksDbStorageConfig config) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(config, "config");
        try {
            return new RocksDbStorage(dir, clock, config);
        } catch (RocksDBException e) {
            throw failure("open " + dir, e);
        }
    }

    /** The metric store; closing it closes this whole storage. */
    public MetricStore metricStore() {
        return metricStore;
    }

    /** The dashboard store. */
    public DashboardStore dashboardStore() {
        return dashboardStore;
    }

    /** The alarm store: alarm definitions with their status, and alarm history. */
    public AlarmStore alarmStore() {
        return alarmStore;
    }

    /** The tag store: tags of alarms and dashboards by ARN. */
    public TagStore tagStore() {
        return tagStore;
    }

    /** The topic store: SNS-compatible topics and their subscriptions. */
    public TopicStore topicStore() {
        return topicStore;
    }

    /** The outbox store: deliveries owed to endpoints, delivered keys and dead letters. */
    public OutboxStore outboxStore() {
        return outboxStore;
    }

    /** The directory holding the database. */
    public Path directory() {
        return dir;
    }

    /** Syncs the write-ahead log and frees every native handle; idempotent. */
    @Override
    public void close() {
        Lock lock = lifecycle.writeLock();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            try {
                db.syncWal();
            } catch (RocksDBException e) {
                LOG.warn("syncing the WAL of {} before close failed: {}", dir, e.getMessage());
            }
            for (ColumnFamilyHandle h : handles) {
                h.close();
            }
            db.close();
            closeAll(resources);
        } finally {
            lock.unlock();
        }
    }

    /** StorageCall is one RocksDB operation of a store; RocksDB reports failures as RocksDBException. */
    @FunctionalInterface
    interface StorageCall<T> {
        T run() throws RocksDBException;
    }

    /**
     * Runs a call inside the storage's lifecycle, holding {@code lock} (null: none) around it, and
     * turns a RocksDBException into the stores' UncheckedIOException naming {@code what}.
     */
    <T> T call(String what, Lock lock, StorageCall<T> call) {
        Lock life = enter();
        if (lock != null) {
            lock.lock();
        }
        try {
            return call.run();
        } catch (RocksDBException e) {
            throw failure(what, e);
        } finally {
            if (lock != null) {
                lock.unlock();
            }
            life.unlock();
        }
    }

    /** Enters a call: holds off {@link #close()} until the returned lock is released. */
    Lock enter() {
        Lock lock = lifecycle.readLock();
        lock.lock();
        if (closed) {
            lock.unlock();
            throw new IllegalStateException("the RocksDB storage at " + dir + " is closed");
        }
        return lock;
    }

    RocksDB db() {
        return db;
    }

    ColumnFamilyHandle meta() {
        return meta;
    }

    ColumnFamilyHandle series() {
        return series;
    }

    ColumnFamilyHandle dashboards() {
        return dashboards;
    }

    ColumnFamilyHandle buckets(Tier tier) {
        return buckets.get(tier);
    }

    ColumnFamilyHandle alarms() {
        return alarms;
    }

    ColumnFamilyHandle alarmHistory() {
        return alarmHistory;
    }

    ColumnFamilyHandle alarmHistoryByName() {
        return alarmHistoryByName;
    }

    ColumnFamilyHandle tags() {
        return tags;
    }

    ColumnFamilyHandle topics() {
        return topics;
    }

    ColumnFamilyHandle topicArns() {
        return topicArns;
    }

    ColumnFamilyHandle subscriptions() {
        return subscriptions;
    }

    ColumnFamilyHandle subscriptionsByTopic() {
        return subscriptionsByTopic;
    }

    ColumnFamilyHandle outboxKeys() {
        return outboxKeys;
    }

    ColumnFamilyHandle outboxPending() {
        return outboxPending;
    }

    ColumnFamilyHandle outboxDead() {
        return outboxDead;
    }

    ColumnFamilyHandle outboxDone() {
        return outboxDone;
    }

    /** Writes that must survive a machine crash when the call returns (fsync'd WAL). */
    WriteOptions syncWrites() {
        return syncWrites;
    }

    /** Writes that survive a process crash (WAL, not fsync'd); the journal replays the rest. */
    WriteOptions walWrites() {
        return walWrites;
    }

    /** Read options for iterators that stay within one bucket key prefix (slab + series); never mutated. */
    ReadOptions prefixReads() {
        return prefixReads;
    }

    AccountIds accounts() {
        return accounts;
    }

    static String bucketFamily(Tier tier) {
        return switch (tier) {
            case SECOND -> "buckets-1s";
            case MINUTE -> "buckets-1m";
            case FIVE_MINUTES -> "buckets-5m";
            case HOUR -> "buckets-1h";
        };
    }

    static UncheckedIOException failure(String what, RocksDBException e) {
        return new UncheckedIOException(new IOException("RocksDB " + what + " failed: " + e.getMessage(), e));
    }

    private static BlockBasedTableConfig tableConfig(Cache cache, BloomFilter bloom, boolean prefixed) {
        return new BlockBasedTableConfig()
                .setBlockCache(cache)
                .setFilterPolicy(bloom)
                .setWholeKeyFiltering(true)
                // Index and filter blocks count against the shared cache, bounding memory; they
                // are partitioned into small blocks so that a lookup loads only the part it needs.
                .setCacheIndexAndFilterBlocks(true)
                .setCacheIndexAndFilterBlocksWithHighPriority(true)
                .setPinL0FilterAndIndexBlocksInCache(true)
                .setPinTopLevelIndexAndFilter(true)
                .setIndexType(IndexType.kTwoLevelIndexSearch)
                .setPartitionFilters(true)
                .setMetadataBlockSize(4096)
                .setBlockSize(prefixed ? 16 * 1024 : 4 * 1024)
                .setFormatVersion(5);
    }

    private static <T extends AutoCloseable> T track(List<AutoCloseable> owned, T resource) {
        owned.add(resource);
        return resource;
    }

    private static void closeAll(List<AutoCloseable> owned) {
        for (int i = owned.size() - 1; i >= 0; i--) {
            try {
                owned.get(i).close();
            } catch (Exception e) {
                LOG.warn("closing a RocksDB resource failed: {}", e.getMessage());
            }
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
