package io.synaps.engine.partition;

import io.synaps.engine.ingest.ControlRecord;
import io.synaps.engine.ingest.DatumRecord;
import io.synaps.engine.ingest.EngineListener;
import io.synaps.journal.Journal;
import io.synaps.model.AwsError;
import io.synaps.model.MetricDatum;
import io.synaps.model.MetricId;
import io.synaps.model.StandardUnit;
import io.synaps.model.StatisticSet;
import io.synaps.stats.Aggregate;
import io.synaps.store.metric.BucketWrite;
import io.synaps.store.metric.MetricStore;
import io.synaps.store.metric.Tier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Partition owns one journal partition: its single applier thread appends the partition's
 * records to the journal, applies them in offset order to the open buckets once durable, answers
 * reads of those buckets, and hands them to the store at each flush with the journal checkpoint
 * they cover. Thread-safe: other threads only talk to it through its inbox queue, the
 * concurrent set of active series and the merge lock that keeps a read's store scan and its
 * view of the open buckets consistent.
 *
 * <p>Invariant: the store's checkpoint for this partition is always "offset after the last
 * record merged", and every record at or above it is either in memory (open or flushing
 * buckets) or not yet applied; so replay from the checkpoint after a crash counts each
 * acknowledged datum exactly once.
 */
public final class Partition {
    private static final Logger log = LoggerFactory.getLogger(Partition.class);
    private static final Object WAKE = new Object();
    private static final Object STOP = new Object();
    private static final Object EVICT = new Object();
    private static final int INDEX_CHUNK = 10_000;
    private static final int OPTIMISTIC_READS = 2;

    private final int id;
    private final Journal journal;
    private final MetricStore store;
    private final Clock clock;
    private final SeriesBudget budget;
    private final NamePool names;
    private final Executor flusher;
    private final long idleEvictionMillis;
    private final long indexRefreshSeconds;
    private final long readTimeoutMillis;
    private final int flushBatchSeries;

    private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private final ConcurrentHashMap<Series, Series> active = new ConcurrentHashMap<>();
    private final ReentrantReadWriteLock mergeLock = new ReentrantReadWriteLock();
    /** Store merges begun (counted before the store sees them), for reads that do not take the lock. */
    private final AtomicLong commitsStarted = new AtomicLong();
    private final CompletableFuture<Void> replayed = new CompletableFuture<>();
    private final Thread thread;
    private volatile boolean stopping;
    private volatile EngineListener listener = EngineListener.NONE;
    private volatile boolean terminated;

    // Applier-thread state.
    private final ArrayDeque<Pending> inFlight = new ArrayDeque<>();
    private final List<Series> toIndex = new ArrayList<>();
    private final List<Task> finished = new ArrayList<>();
    private final List<CompletableFuture<Void>> deferredFlushes = new ArrayList<>();
    private HashMap<Series, OpenBuckets> open = new HashMap<>();
    /** The batch being merged by the flusher; cleared by it under the merge lock's write side. */
    private volatile Batch flushing;
    /** A batch was handed to the flusher and its MergeDone is not yet handled (one batch at a time). */
    private boolean merging;
    private long appliedCheckpoint;
    private long submittedCheckpoint;
    private long mergedCheckpoint;

    public Partition(int id, Journal journal, MetricStore store, Clock clock, SeriesBudget budget, NamePool names,
                     Executor flusher, Duration idleEviction, Duration indexRefresh, Duration readTimeout,
                     int flushBatchSeries) {
        this.id = id;
        this.journal = journal;
        this.store = store;
        this.clock = clock;
        this.budget = budget;
        this.names = names;
        this.flusher = flusher;
        this.idleEvictionMillis = idleEviction.toMillis();
        this.indexRefreshSeconds = indexRefresh.toSeconds();
        this.readTimeoutMillis = readTimeout.toMillis();
        this.flushBatchSeries = flushBatchSeries;
        this.thread = new Thread(this::run, "synaps-applier-" + id);
        this.thread.setDaemon(true);
    }

    /** Starts the applier thread; the returned future completes once the journal is replayed. */
    public CompletableFuture<Void> start() {
        thread.start();
        return replayed;
    }

    /** Sets who hears applied datums and control records; set before {@link #start()}. */
    public void listener(EngineListener engineListener) {
        this.listener = java.util.Objects.requireNonNull(engineListener, "listener");
    }

    /**
     * Queues a control record (built by {@link ControlRecord#encode}) for appending; once durable it
     * is handed to the listener in log order with the data, then {@code ack} completes.
     */
    public void submitControl(byte[] record, byte[] payload, CompletableFuture<Void> ack) {
        Task t = new Task("", List.of(new DatumRecord.Encoded(record, List.of())), 0, ack);
        t.control = payload;
        enqueue(t);
    }

    /** Whether the series is in the active set (a hint for limit checks; racy by nature). */
    public boolean isActive(String accountId, MetricId metric) {
        return active.containsKey(new Series(accountId, metric));
    }

    /** Number of active series of this partition. */
    public int activeSeries() {
        return active.size();
    }

    /**
     * Queues records of one request for appending and applying. {@code ack} completes once all are
     * durable and applied, or exceptionally with an AwsError; {@code reservation} new series were
     * reserved in the budget for them and are reconciled on completion.
     */
    public void submit(String accountId, List<DatumRecord.Encoded> records, long reservation,
                       CompletableFuture<Void> ack) {
        enqueue(new Task(accountId, records, reservation, ack));
    }

    /**
     * Feeds {@code consumer} the stored buckets of the tier in [fromSeconds, toSeconds) and then
     * copies of the matching open buckets rolled to the tier, each datum exactly once.
     *
     * <p>Optimistic first: when the series is not in the batch being merged and no merge begins
     * between the applier's snapshot and the end of the store scan, the two cannot overlap or
     * miss each other. Otherwise the merge lock's read side keeps merges out for the read.
     */
    public void read(String accountId, MetricId metric, StandardUnit unit, Tier tier, long fromSeconds,
                     long toSeconds, MetricStore.BucketConsumer consumer) {
        Series probe = new Series(accountId, metric);
        for (int attempt = 0; attempt < OPTIMISTIC_READS; attempt++) {
            Snapshot snap = ask(new ReadRequest(probe, unit, tier, fromSeconds, toSeconds));
            if (snap.inFlushingBatch) {
                break;
            }
            List<BucketCopy> stored = new ArrayList<>();
            store.scan(accountId, metric, unit, tier, fromSeconds, toSeconds,
                    (u, start, a) -> stored.add(new BucketCopy(u, start, a)));
            if (commitsStarted.get() == snap.commitsStarted) {
                feed(stored, consumer);
                feed(snap.copies, consumer);
                return;
            }
        }
        Snapshot snap;
        mergeLock.readLock().lock();
        try {
            store.scan(accountId, metric, unit, tier, fromSeconds, toSeconds, consumer);
            snap = ask(new ReadRequest(probe, unit, tier, fromSeconds, toSeconds));
        } finally {
            mergeLock.readLock().unlock();
        }
        feed(snap.copies, consumer);
    }

    private Snapshot ask(ReadRequest request) {
        enqueue(request);
        try {
            return request.result.get(readTimeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AwsError.serviceUnavailable("The read was interrupted.");
        } catch (TimeoutException e) {
            throw AwsError.serviceUnavailable("Partition " + id + " did not answer the read within "
                    + readTimeoutMillis + " ms; try again.");
        } catch (ExecutionException e) {
            throw asAwsError(e.getCause());
        }
    }

    private static void feed(List<BucketCopy> buckets, MetricStore.BucketConsumer consumer) {
        for (BucketCopy c : buckets) {
            consumer.accept(c.unit, c.tierStart, c.aggregate);
        }
    }

    /** Asks for a flush of everything applied so far; the future completes once it is merged into the store. */
    public CompletableFuture<Void> flush() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        enqueue(new FlushRequest(done));
        return done;
    }

    /** Asks for a flush if none is running; for the periodic tick. */
    public void flushTick() {
        enqueue(new FlushRequest(null));
    }

    /** Asks the applier to drop series idle for longer than the eviction period from the active set. */
    public void evictIdle() {
        enqueue(EVICT);
    }

    /** Stops the applier after a final flush (appends already queued finish first) and waits for it. */
    public void stop() {
        if (thread.isAlive()) {
            enqueue(STOP);
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            terminate();
        }
    }

    // ---- inbox plumbing -------------------------------------------------------------------

    private void enqueue(Object command) {
        inbox.offer(command);
        if (terminated) {
            // The applier is gone (or never ran): refuse what it cannot pick up any more.
            drainRefusing();
        }
    }

    private void terminate() {
        terminated = true;
        drainRefusing();
    }

    private void drainRefusing() {
        Object cmd;
        while ((cmd = inbox.poll()) != null) {
            refuse(cmd);
        }
    }

    private void refuse(Object cmd) {
        AwsError error = AwsError.serviceUnavailable("The metric engine is shutting down; try again.");
        if (cmd instanceof Task t) {
            budget.adjust(t.accountId, -t.reservation);
            t.ack.completeExceptionally(error);
        } else if (cmd instanceof ReadRequest r) {
            r.result.completeExceptionally(error);
        } else if (cmd instanceof FlushRequest f && f.done != null) {
            f.done.completeExceptionally(error);
        }
    }

    private void wake() {
        if (wakePending.compareAndSet(false, true)) {
            inbox.offer(WAKE);
        }
    }

    // ---- applier thread --------------------------------------------------------------------

    private void run() {
        try {
            replay();
            replayed.complete(null);
        } catch (Throwable t) {
            log.error("partition {}: journal replay failed", id, t);
            replayed.completeExceptionally(t);
            terminate();
            return;
        }
        try {
            boolean stop = false;
            while (!stop) {
                Object cmd = inbox.take();
                do {
                    if (cmd == STOP) {
                        stop = true;
                        break;
                    }
                    handle(cmd);
                } while ((cmd = inbox.poll()) != null);
                drainCompleted();
            }
            shutdown();
        } catch (Throwable t) {
            log.error("partition {}: applier failed; the partition refuses requests until restart", id, t);
            AwsError error = AwsError.internal("The metric engine's partition " + id + " failed.");
            for (Pending p : inFlight) {
                p.task.ack.completeExceptionally(error);
            }
            inFlight.clear();
        } finally {
            terminate();
        }
    }

    private void handle(Object cmd) {
        if (cmd == WAKE) {
            wakePending.set(false);
        } else if (cmd instanceof Task t) {
            issueAppends(t);
        } else if (cmd instanceof ReadRequest r) {
            r.result.complete(snapshot(r));
        } else if (cmd instanceof FlushRequest f) {
            requestFlush(f.done);
        } else if (cmd instanceof MergeDone m) {
            onMergeDone(m);
        } else if (cmd == EVICT) {
            evict();
        }
    }

    private void issueAppends(Task t) {
        t.remaining = t.records.size();
        if (t.remaining == 0) {
            finished.add(t);
            return;
        }
        for (DatumRecord.Encoded record : t.records) {
            CompletableFuture<Long> offset;
            try {
                offset = journal.append(id, record.bytes());
            } catch (RuntimeException e) {
                offset = CompletableFuture.failedFuture(e);
            }
            inFlight.addLast(new Pending(offset, record.data(), t));
            if (!offset.isDone()) {
                offset.whenComplete((o, e) -> wake());
            }
        }
    }

    /** Applies durable appends in issue (= offset) order, indexes new series, then acknowledges. */
    private void drainCompleted() {
        long nowMillis = clock.millis();
        while (!inFlight.isEmpty() && inFlight.peekFirst().offset.isDone()) {
            Pending p = inFlight.pollFirst();
            Task t = p.task;
            try {
                long offset = p.offset.join();
                if (offset < appliedCheckpoint) {
                    log.error("partition {}: journal returned offset {} below {}; offsets must increase",
                            id, offset, appliedCheckpoint);
                }
                try {
                    EngineListener l = listener;
                    for (MetricDatum d : p.data) {
                        apply(t.accountId, d, nowMillis, t);
                        l.onDatum(id, t.accountId, d.metric(), d.timestampMillis());
                    }
                    if (t.control != null) {
                        l.onControl(id, t.control, false);
                    }
                } catch (RuntimeException e) {
                    // A bug, not a client error: the record is durable but only partly in memory.
                    log.error("partition {}: applying the record at offset {} failed", id, offset, e);
                    t.failure = e;
                }
                appliedCheckpoint = Math.max(appliedCheckpoint, offset + 1);
            } catch (CompletionException | CancellationException e) {
                t.failure = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            }
            if (--t.remaining == 0) {
                finished.add(t);
            }
        }
        indexPending(nowMillis / 1000);
        if (!merging && !stopping && open.size() >= flushBatchSeries) {
            requestFlush(null); // early, so one merge (and the reads waiting on it) stays short
        }
        for (Task t : finished) {
            budget.adjust(t.accountId, t.created - t.reservation);
            if (t.failure == null) {
                t.ack.complete(null);
            } else {
                t.ack.completeExceptionally(asAwsError(t.failure));
            }
        }
        finished.clear();
    }

    private void apply(String accountId, MetricDatum d, long nowMillis, Task task) {
        Series s = seriesFor(accountId, d.metric(), nowMillis / 1000, task);
        s.lastActiveMillis = nowMillis;
        int resolution = d.storageResolution() == 1 ? 1 : 60;
        long start = Math.floorDiv(d.timestampMillis(), resolution * 1000L) * resolution;
        OpenBuckets buckets = open.get(s);
        if (buckets == null) {
            buckets = new OpenBuckets();
            open.put(s, buckets);
        }
        Aggregate a = buckets.bucket(d.unit(), resolution, start);
        double[] values = d.values();
        double[] counts = d.counts();
        for (int i = 0; i < values.length; i++) {
            a.add(values[i], counts[i]);
        }
        StatisticSet set = d.statisticValues();
        if (set != null) {
            a.add(set);
        }
    }

    private Series seriesFor(String accountId, MetricId metric, long nowSeconds, Task task) {
        Series s = active.get(new Series(accountId, metric));
        if (s == null) {
            s = new Series(accountId, names.intern(metric));
            active.put(s, s);
            if (task != null) {
                task.created++;
            } else {
                budget.adjust(accountId, 1);
            }
        }
        if (s.lastIndexedSeconds == Long.MIN_VALUE || nowSeconds - s.lastIndexedSeconds >= indexRefreshSeconds) {
            s.lastIndexedSeconds = nowSeconds;
            toIndex.add(s);
        }
        return s;
    }

    /** Makes new (and long-unrefreshed) series listable before their data is acknowledged. */
    private void indexPending(long nowSeconds) {
        if (toIndex.isEmpty()) {
            return;
        }
        Map<String, List<MetricId>> byAccount = new HashMap<>();
        for (Series s : toIndex) {
            byAccount.computeIfAbsent(s.accountId, k -> new ArrayList<>()).add(s.metric);
        }
        try {
            for (Map.Entry<String, List<MetricId>> e : byAccount.entrySet()) {
                store.index(e.getKey(), e.getValue(), nowSeconds);
            }
        } catch (RuntimeException e) {
            // The data is durable and applied; the next datum (or the flush's merge) lists it.
            log.warn("partition {}: indexing {} metrics failed", id, toIndex.size(), e);
            for (Series s : toIndex) {
                s.lastIndexedSeconds = Long.MIN_VALUE;
            }
        }
        toIndex.clear();
    }

    private Snapshot snapshot(ReadRequest r) {
        long commits = commitsStarted.get();
        List<BucketCopy> out = new ArrayList<>();
        collect(open.get(r.probe), r, out);
        Batch batch = flushing;
        OpenBuckets inBatch = batch == null ? null : batch.buckets.get(r.probe);
        collect(inBatch, r, out);
        return new Snapshot(out, inBatch != null, commits);
    }

    private static void collect(OpenBuckets buckets, ReadRequest r, List<BucketCopy> out) {
        if (buckets == null) {
            return;
        }
        for (int i = 0; i < buckets.size(); i++) {
            long key = buckets.keyAt(i);
            if (r.tier == Tier.SECOND && OpenBuckets.resolutionOf(key) != 1) {
                continue; // 60-second data is not in the SECOND tier
            }
            StandardUnit unit = OpenBuckets.unitOf(key);
            if (r.unit != null && r.unit != unit) {
                continue;
            }
            long tierStart = r.tier.bucketStart(OpenBuckets.startOf(key));
            if (tierStart < r.from || tierStart >= r.to) {
                continue;
            }
            Aggregate a = buckets.aggregateAt(i);
            if (!a.isEmpty()) {
                out.add(new BucketCopy(unit, tierStart, a.copy()));
            }
        }
    }

    // ---- flushing ------------------------------------------------------------------------

    private boolean dirty() {
        return !open.isEmpty() || appliedCheckpoint != submittedCheckpoint;
    }

    private void requestFlush(CompletableFuture<Void> waiter) {
        if (waiter != null) {
            deferredFlushes.add(waiter);
        }
        if (merging) {
            return; // merged after the running flush completes
        }
        List<CompletableFuture<Void>> waiters = new ArrayList<>(deferredFlushes);
        deferredFlushes.clear();
        Batch batch = swap(waiters);
        if (batch == null) {
            return;
        }
        try {
            flusher.execute(() -> mergeOnFlusher(batch));
        } catch (RejectedExecutionException e) {
            // The flusher is shut down: merge here.
            mergeInline(batch);
        }
    }

    /** Moves the open buckets into a new flushing batch; null (waiters completed) when nothing is new. */
    private Batch swap(List<CompletableFuture<Void>> waiters) {
        if (!dirty()) {
            waiters.forEach(w -> w.complete(null));
            return null;
        }
        Batch batch = new Batch(open, appliedCheckpoint, waiters);
        open = new HashMap<>();
        submittedCheckpoint = appliedCheckpoint;
        flushing = batch;
        merging = true;
        return batch;
    }

    private void mergeOnFlusher(Batch batch) {
        inbox.offer(commit(batch, false));
    }

    /** The applier's own merge (shutdown): serves reads while waiting for the lock so readers cannot deadlock it. */
    private void mergeInline(Batch batch) {
        onMergeDone(commit(batch, true));
    }

    /**
     * Rolls the batch up and merges it with its checkpoint under the merge lock's write side, then
     * truncates the journal if the merge succeeded.
     */
    private MergeDone commit(Batch batch, boolean serveReadsWhileWaiting) {
        Throwable error = null;
        try {
            List<BucketWrite> writes = Rollup.writes(batch.buckets, Math.floorDiv(clock.millis(), 1000));
            if (serveReadsWhileWaiting) {
                while (!mergeLock.writeLock().tryLock(5, TimeUnit.MILLISECONDS)) {
                    serveQueuedReads();
                }
            } else {
                mergeLock.writeLock().lock();
            }
            try {
                commitsStarted.incrementAndGet();
                store.merge(writes, Map.of(id, batch.checkpoint));
                flushing = null;
            } finally {
                mergeLock.writeLock().unlock();
            }
        } catch (Throwable t) {
            error = t;
        }
        if (error == null) {
            truncate(batch.checkpoint);
        }
        return new MergeDone(batch, error);
    }

    private void truncate(long checkpoint) {
        try {
            journal.truncateBefore(id, checkpoint);
        } catch (RuntimeException e) {
            log.warn("partition {}: journal truncation before {} failed", id, checkpoint, e);
        }
    }

    private void onMergeDone(MergeDone m) {
        Batch batch = m.batch;
        merging = false;
        if (m.error == null) {
            mergedCheckpoint = batch.checkpoint;
            batch.waiters.forEach(w -> w.complete(null));
        } else {
            log.warn("partition {}: flush to the store failed; keeping {} series in memory for the next flush",
                    id, batch.buckets.size(), m.error);
            // Back into the open buckets in the same applier step that hides the batch from readers.
            for (Map.Entry<Series, OpenBuckets> e : batch.buckets.entrySet()) {
                OpenBuckets current = open.get(e.getKey());
                if (current == null) {
                    open.put(e.getKey(), e.getValue());
                } else {
                    current.absorb(e.getValue());
                }
            }
            flushing = null;
            submittedCheckpoint = mergedCheckpoint;
            AwsError error = asAwsError(m.error);
            batch.waiters.forEach(w -> w.completeExceptionally(error));
        }
        if (!stopping && (!deferredFlushes.isEmpty() || open.size() >= flushBatchSeries)) {
            requestFlush(null);
        }
    }

    private void evict() {
        long now = clock.millis();
        int evicted = 0;
        for (Iterator<Series> it = active.keySet().iterator(); it.hasNext(); ) {
            Series s = it.next();
            if (now - s.lastActiveMillis >= idleEvictionMillis && !open.containsKey(s)) {
                it.remove();
                budget.adjust(s.accountId, -1);
                evicted++;
            }
        }
        if (evicted > 0) {
            log.debug("partition {}: evicted {} idle series", id, evicted);
        }
    }

    private void serveQueuedReads() {
        List<Object> others = new ArrayList<>();
        Object cmd;
        while ((cmd = inbox.poll()) != null) {
            if (cmd instanceof ReadRequest r) {
                r.result.complete(snapshot(r));
            } else {
                others.add(cmd);
            }
        }
        // Keep the rest for the shutdown loop, in order.
        for (Object o : others) {
            inbox.offer(o);
        }
    }

    private void shutdown() throws InterruptedException {
        stopping = true;
        // Let acknowledged-to-be appends and a running merge finish; refuse new work, serve reads.
        while (!inFlight.isEmpty() || merging) {
            Object cmd = inbox.poll(20, TimeUnit.MILLISECONDS);
            if (cmd instanceof Task t) {
                refuse(t);
            } else if (cmd instanceof FlushRequest f) {
                if (f.done != null) {
                    deferredFlushes.add(f.done);
                }
            } else if (cmd != null && cmd != STOP && cmd != EVICT) {
                handle(cmd);
            }
            drainCompleted();
        }
        List<CompletableFuture<Void>> waiters = new ArrayList<>(deferredFlushes);
        deferredFlushes.clear();
        Batch batch = swap(waiters);
        if (batch != null) {
            mergeInline(batch);
            if (merging || flushing != null || !open.isEmpty()) {
                // The final flush failed: everything unmerged is still in the journal for the next start.
                log.error("partition {}: final flush failed; data since offset {} will be replayed at next start",
                        id, mergedCheckpoint);
            }
        }
        Object cmd;
        while ((cmd = inbox.poll()) != null) {
            if (cmd instanceof ReadRequest r) {
                r.result.complete(snapshot(r));
            } else {
                refuse(cmd);
            }
        }
    }

    // ---- replay --------------------------------------------------------------------------

    private void replay() {
        long from = store.checkpoint(id);
        appliedCheckpoint = from;
        submittedCheckpoint = from;
        mergedCheckpoint = from;
        long nowMillis = clock.millis();
        long[] records = {0};
        boolean[] sliceFailed = {false};
        journal.replay(id, from, (offset, buffer) -> {
            if (ControlRecord.isControl(buffer)) {
                try {
                    listener.onControl(id, ControlRecord.payload(buffer), true);
                } catch (RuntimeException e) {
                    log.error("partition {}: the listener failed on the control record at offset {}", id, offset, e);
                }
                appliedCheckpoint = Math.max(appliedCheckpoint, offset + 1);
                return;
            }
            DatumRecord record;
            try {
                record = DatumRecord.decode(buffer);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("partition " + id + ": journal record at offset " + offset
                        + " is not a datum record", e);
            }
            String account = names.intern(record.accountId());
            for (MetricDatum d : record.data()) {
                apply(account, d, nowMillis, null);
            }
            appliedCheckpoint = Math.max(appliedCheckpoint, offset + 1);
            records[0]++;
            if (toIndex.size() >= INDEX_CHUNK) {
                indexPending(nowMillis / 1000);
            }
            if (open.size() >= flushBatchSeries && !sliceFailed[0]) {
                // A long journal is merged in slices as it replays, so replay needs bounded memory.
                Batch batch = swap(new ArrayList<>());
                if (batch != null) {
                    mergeInline(batch);
                    sliceFailed[0] = mergedCheckpoint != batch.checkpoint;
                }
            }
        });
        indexPending(nowMillis / 1000);
        if (records[0] > 0) {
            log.info("partition {}: replayed {} journal records from offset {} ({} series active)",
                    id, records[0], from, active.size());
        }
    }

    static AwsError asAwsError(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof AwsError e) {
            return e;
        }
        return AwsError.internal("The metric engine could not complete the request: " + t.getClass().getSimpleName());
    }

    // ---- commands ------------------------------------------------------------------------

    /** One request's records for this partition. */
    private static final class Task {
        final String accountId;
        final List<DatumRecord.Encoded> records;
        final long reservation;
        final CompletableFuture<Void> ack;
        int remaining;
        long created;
        Throwable failure;
        /** The payload of a control record, or null for datum records. */
        byte[] control;

        Task(String accountId, List<DatumRecord.Encoded> records, long reservation, CompletableFuture<Void> ack) {
            this.accountId = accountId;
            this.records = records;
            this.reservation = reservation;
            this.ack = ack;
        }
    }

    private record Pending(CompletableFuture<Long> offset, List<MetricDatum> data, Task task) {
    }

    private record Batch(HashMap<Series, OpenBuckets> buckets, long checkpoint,
                         List<CompletableFuture<Void>> waiters) {
    }

    private record MergeDone(Batch batch, Throwable error) {
    }

    private record FlushRequest(CompletableFuture<Void> done) {
    }

    private record BucketCopy(StandardUnit unit, long tierStart, Aggregate aggregate) {
    }

    /** Open-bucket copies for a read, whether the series is in the batch being merged, and the merge count then. */
    private record Snapshot(List<BucketCopy> copies, boolean inFlushingBatch, long commitsStarted) {
    }

    private static final class ReadRequest {
        final Series probe;
        final StandardUnit unit;
        final Tier tier;
        final long from;
        final long to;
        final CompletableFuture<Snapshot> result = new CompletableFuture<>();

        ReadRequest(Series probe, StandardUnit unit, Tier tier, long from, long to) {
            this.probe = probe;
            this.unit = unit;
            this.tier = tier;
            this.from = from;
            this.to = to;
        }
    }
}
