package io.synaps.engine;

import io.synaps.engine.ingest.ControlRecord;
import io.synaps.engine.ingest.DatumRecord;
import io.synaps.engine.ingest.EngineListener;
import io.synaps.engine.ingest.PartitionLog;
import io.synaps.engine.ingest.MetricIngest;
import io.synaps.engine.partition.NamePool;
import io.synaps.engine.partition.Partition;
import io.synaps.engine.partition.SeriesBudget;
import io.synaps.engine.partition.SeriesPartitioner;
import io.synaps.engine.query.MetricReader;
import io.synaps.engine.query.PeriodBuckets;
import io.synaps.engine.query.TierChoice;
import io.synaps.engine.query.UnitSeries;
import io.synaps.journal.Journal;
import io.synaps.model.AwsError;
import io.synaps.model.MetricDatum;
import io.synaps.model.MetricId;
import io.synaps.model.StandardUnit;
import io.synaps.store.metric.MetricFilter;
import io.synaps.store.metric.MetricPage;
import io.synaps.store.metric.MetricStore;
import io.synaps.store.metric.Tier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * MetricEngine is the embedded metric pipeline: PutMetricData is journaled per partition and
 * aggregated in memory by one applier per partition, flushed to the {@link MetricStore} with
 * tier rollups, and read back from the store plus the still-open buckets. Thread-safe.
 *
 * <p>Lifecycle: construct, {@link #start()} (replays the journal from the store's checkpoints;
 * reads and writes are refused until it returns), then {@link #close()} (final flush). The
 * journal and the store belong to the caller, who closes them after the engine.
 */
public final class MetricEngine implements MetricIngest, MetricReader, PartitionLog, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MetricEngine.class);
    private static final int NAME_POOL_SIZE = 200_000;

    private enum State { NEW, STARTING, RUNNING, CLOSED }

    private final Journal journal;
    private final MetricStore store;
    private final EngineConfig config;
    private final Clock clock;
    private final SeriesBudget budget;
    private final NamePool names = new NamePool(NAME_POOL_SIZE);
    private final Partition[] partitions;
    private final ExecutorService flusher;
    private final ExecutorService acks;
    private final Executor ackExecutor;
    private final ScheduledExecutorService scheduler;
    private volatile State state = State.NEW;

    public MetricEngine(Journal journal, MetricStore store, EngineConfig config, Clock clock) {
        this.journal = Objects.requireNonNull(journal, "journal");
        this.store = Objects.requireNonNull(store, "store");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (journal.partitions() != config.partitions()) {
            throw new IllegalArgumentException("the journal has " + journal.partitions()
                    + " partitions but the engine is configured for " + config.partitions());
        }
        this.budget = new SeriesBudget(config.maxActiveSeriesPerAccount());
        this.flusher = Executors.newSingleThreadExecutor(named("synaps-flusher"));
        this.acks = Executors.newFixedThreadPool(2, named("synaps-ack"));
        this.ackExecutor = task -> {
            try {
                acks.execute(task);
            } catch (RejectedExecutionException e) {
                task.run(); // shut down: complete on the calling thread rather than never
            }
        };
        this.scheduler = Executors.newSingleThreadScheduledExecutor(named("synaps-engine-tick"));
        this.partitions = new Partition[config.partitions()];
        for (int p = 0; p < partitions.length; p++) {
            partitions[p] = new Partition(p, journal, store, clock, budget, names, flusher,
                    config.seriesIdleEviction(), config.indexRefresh(), config.readTimeout(), config.flushBatchSeries());
        }
    }

    /**
     * Replays every partition's journal from its store checkpoint into memory (in parallel) and
     * starts the periodic flush, eviction and retention tasks. Returns once reads and writes are
     * accepted.
     *
     * @throws IllegalStateException when a partition cannot be replayed
     */
    public synchronized void start() {
        if (state != State.NEW) {
            throw new IllegalStateException("the engine was already started");
        }
        state = State.STARTING;
        List<CompletableFuture<Void>> replays = new ArrayList<>();
        for (Partition p : partitions) {
            replays.add(p.start());
        }
        try {
            CompletableFuture.allOf(replays.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            close();
            throw new IllegalStateException("journal replay failed", e.getCause());
        }
        long flushMillis = config.flushInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::flushTick, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
        long evictMillis = Math.max(1000, Math.min(60_000, config.seriesIdleEviction().toMillis() / 2));
        scheduler.scheduleWithFixedDelay(this::evictIdleSeries, evictMillis, evictMillis, TimeUnit.MILLISECONDS);
        long retentionMillis = config.retentionInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::enforceRetentionQuietly, retentionMillis, retentionMillis,
                TimeUnit.MILLISECONDS);
        state = State.RUNNING;
    }

    @Override
    public CompletableFuture<Void> put(String accountId, List<MetricDatum> data) {
        if (state != State.RUNNING) {
            return CompletableFuture.failedFuture(notRunning());
        }
        if (data.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        String account = names.intern(accountId);
        int n = partitions.length;
        @SuppressWarnings("unchecked")
        List<MetricDatum>[] byPartition = new List[n];
        for (MetricDatum d : data) {
            int p = SeriesPartitioner.partitionOf(account, d.metric(), n);
            if (byPartition[p] == null) {
                byPartition[p] = new ArrayList<>();
            }
            byPartition[p].add(d);
        }

        // Count series this request would add to the active set, and reserve them before journaling.
        long[] fresh = new long[n];
        long totalFresh = 0;
        for (int p = 0; p < n; p++) {
            if (byPartition[p] == null) {
                continue;
            }
            Set<MetricId> seen = null;
            for (MetricDatum d : byPartition[p]) {
                if (!partitions[p].isActive(account, d.metric())) {
                    if (seen == null) {
                        seen = new HashSet<>();
                    }
                    if (seen.add(d.metric())) {
                        fresh[p]++;
                    }
                }
            }
            totalFresh += fresh[p];
        }
        if (totalFresh > 0 && !budget.tryReserve(account, totalFresh)) {
            return CompletableFuture.failedFuture(AwsError.limitExceeded(
                    "The request would add " + totalFresh + " new metrics to the " + budget.count(account)
                            + " active metrics of this account, over the limit of " + budget.limit()
                            + " active metrics per account. Retry later, when idle metrics have expired, or raise"
                            + " the engine setting maxActiveSeriesPerAccount."));
        }

        List<List<DatumRecord.Encoded>> records = new ArrayList<>(n);
        try {
            for (int p = 0; p < n; p++) {
                records.add(byPartition[p] == null ? null
                        : DatumRecord.encode(account, byPartition[p], journal.maxRecordBytes()));
            }
        } catch (IllegalArgumentException e) {
            budget.adjust(account, -totalFresh);
            return CompletableFuture.failedFuture(AwsError.invalidParameterValue(
                    "A datum is too large for the journal: " + e.getMessage()));
        }

        List<CompletableFuture<Void>> acksByPartition = new ArrayList<>();
        for (int p = 0; p < n; p++) {
            if (records.get(p) != null) {
                CompletableFuture<Void> ack = new CompletableFuture<>();
                partitions[p].submit(account, records.get(p), fresh[p], ack);
                acksByPartition.add(ack);
            }
        }
        // Complete the caller's future off the applier threads so its continuations cannot stall them.
        CompletableFuture<Void> result = new CompletableFuture<>();
        CompletableFuture.allOf(acksByPartition.toArray(CompletableFuture[]::new)).whenCompleteAsync((v, e) -> {
            if (e == null) {
                result.complete(null);
            } else {
                result.completeExceptionally(firstAwsError(acksByPartition, e));
            }
        }, ackExecutor);
        return result;
    }

    @Override
    public int partitions() {
        return partitions.length;
    }

    @Override
    public int partitionOf(String accountId, MetricId metric) {
        return SeriesPartitioner.partitionOf(accountId, metric, partitions.length);
    }

    @Override
    public int partitionOf(String accountId, String alarmName) {
        return SeriesPartitioner.partitionOf(accountId, alarmName, partitions.length);
    }

    @Override
    public CompletableFuture<Void> appendControl(int partition, byte[] payload) {
        if (state != State.RUNNING) {
            return CompletableFuture.failedFuture(notRunning());
        }
        if (partition < 0 || partition >= partitions.length) {
            throw new IllegalArgumentException("no partition " + partition);
        }
        byte[] record = ControlRecord.encode(payload);
        if (record.length > journal.maxRecordBytes()) {
            throw new IllegalArgumentException("the control record does not fit the journal's record limit");
        }
        CompletableFuture<Void> ack = new CompletableFuture<>();
        partitions[partition].submitControl(record, payload.clone(), ack);
        CompletableFuture<Void> result = new CompletableFuture<>();
        ack.whenCompleteAsync((v, e) -> {
            if (e == null) {
                result.complete(null);
            } else {
                result.completeExceptionally(e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
            }
        }, ackExecutor);
        return result;
    }

    @Override
    public void setListener(EngineListener listener) {
        Objects.requireNonNull(listener, "listener");
        for (Partition p : partitions) {
            p.listener(listener);
        }
    }

    @Override
    public List<UnitSeries> read(String accountId, MetricId metric, StandardUnit unit, long startSeconds,
                                 long endSeconds, int periodSeconds) {
        if (state != State.RUNNING) {
            throw notRunning();
        }
        if (periodSeconds <= 0 || endSeconds <= startSeconds) {
            return List.of();
        }
        long now = Math.floorDiv(clock.millis(), 1000);
        Tier tier = TierChoice.forRead(startSeconds, periodSeconds, now);
        if (tier == null) {
            return List.of();
        }
        PeriodBuckets buckets = new PeriodBuckets(startSeconds, endSeconds, periodSeconds);
        int p = SeriesPartitioner.partitionOf(accountId, metric, partitions.length);
        partitions[p].read(accountId, metric, unit, tier, startSeconds, endSeconds, buckets);
        return buckets.toSeries();
    }

    @Override
    public MetricPage list(String accountId, MetricFilter filter, String nextToken, int pageSize) {
        return store.list(accountId, filter, nextToken, pageSize);
    }

    /**
     * Merges everything applied so far into the store (and truncates the journal behind it);
     * the future completes once it is durable there.
     */
    public CompletableFuture<Void> flush() {
        if (state != State.RUNNING) {
            return CompletableFuture.failedFuture(notRunning());
        }
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (Partition p : partitions) {
            all.add(p.flush());
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    /** Drops series idle for longer than {@link EngineConfig#seriesIdleEviction()} (by the clock) from the active set. */
    public void evictIdleSeries() {
        for (Partition p : partitions) {
            p.evictIdle();
        }
    }

    /** Deletes store data past its tier's retention, as of the clock's now. */
    public void enforceRetention() {
        store.enforceRetention(Math.floorDiv(clock.millis(), 1000));
    }

    /** Active series of the account plus new series reserved by requests in flight. */
    public long activeSeries(String accountId) {
        return budget.count(accountId);
    }

    /** Active series of all accounts. */
    public long activeSeries() {
        long n = 0;
        for (Partition p : partitions) {
            n += p.activeSeries();
        }
        return n;
    }

    /** Refuses new requests, lets queued appends finish, flushes every partition and stops the threads. */
    @Override
    public synchronized void close() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        scheduler.shutdownNow();
        for (Partition p : partitions) {
            p.stop();
        }
        flusher.shutdown();
        acks.shutdown();
        try {
            if (!flusher.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("the flusher did not stop within 30 s");
            }
            acks.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void flushTick() {
        for (Partition p : partitions) {
            p.flushTick();
        }
    }

    private void enforceRetentionQuietly() {
        try {
            enforceRetention();
        } catch (RuntimeException e) {
            log.warn("retention enforcement failed", e);
        }
    }

    private AwsError notRunning() {
        return AwsError.serviceUnavailable(state == State.CLOSED
                ? "The metric engine is shut down."
                : "The metric engine is starting; try again shortly.");
    }

    private static AwsError firstAwsError(List<CompletableFuture<Void>> futures, Throwable fallback) {
        for (CompletableFuture<Void> f : futures) {
            if (f.isCompletedExceptionally()) {
                try {
                    f.join();
                } catch (CompletionException e) {
                    if (e.getCause() instanceof AwsError a) {
                        return a;
                    }
                }
            }
        }
        Throwable t = fallback instanceof CompletionException && fallback.getCause() != null ? fallback.getCause() : fallback;
        return t instanceof AwsError a ? a : AwsError.internal("The metric engine could not complete the request.");
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
