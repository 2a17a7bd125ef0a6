package io.synaps.engine.alarm;

import io.synaps.engine.alarm.AlarmSlot.CompositeSlot;
import io.synaps.engine.alarm.AlarmSlot.MetricSlot;
import io.synaps.engine.alarm.evaluate.MetricAlarmEvaluator;
import io.synaps.engine.alarm.rule.AlarmRule;
import io.synaps.engine.ingest.EngineListener;
import io.synaps.engine.ingest.PartitionLog;
import io.synaps.engine.query.MetricReader;
import io.synaps.model.AwsError;
import io.synaps.model.MetricId;
import io.synaps.model.alarm.Alarm;
import io.synaps.model.alarm.AlarmArn;
import io.synaps.model.alarm.AlarmHistoryItem;
import io.synaps.model.alarm.AlarmState;
import io.synaps.model.alarm.AlarmStatus;
import io.synaps.model.alarm.AlarmTransition;
import io.synaps.model.alarm.AlarmType;
import io.synaps.model.alarm.CompositeAlarm;
import io.synaps.model.alarm.HistoryItemType;
import io.synaps.model.alarm.MetricAlarm;
import io.synaps.store.alarm.AlarmStore;
import io.synaps.store.alarm.HistoryPage;
import io.synaps.store.alarm.HistoryQuery;
import io.synaps.store.alarm.TransitionListener;
import io.synaps.store.tag.TagStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * AlarmEngine evaluates CloudWatch metric and composite alarms in memory, one single-threaded
 * {@link AlarmShard} per log partition, and is the {@link AlarmService} the API calls. Thread-safe.
 *
 * <p>Definitions are written to the {@link AlarmStore} first (read-your-writes), then a control
 * record naming the alarm goes through the owning partition's log; the shard reloads the alarm
 * when the log applies it and evaluates it at once, and the call completes after that. Metric
 * alarms are evaluated when a datum of their metric is applied (for periods already closed) and
 * at every tick: each minute boundary of the injected clock, each period boundary for 10/20/30 s
 * alarms. State changes are conditional store writes with their StateUpdate history item, then
 * one {@link TransitionListener#onTransition} call; composite alarms that depend on a changed
 * alarm re-evaluate on their own shards.
 *
 * <p>Lifecycle: construct (registers with the log; before the metric engine starts), then
 * {@link #start()} once the metric engine has started (loads every alarm from the store), then
 * {@link #close()} (before the metric engine closes). Time comes only from the clock: with a zero
 * scheduler interval nothing runs on its own and tests drive {@link #tick()} in virtual time.
 */
public final class AlarmEngine implements AlarmService, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AlarmEngine.class);
    private static final long PRUNE_EVERY_MILLIS = Duration.ofHours(1).toMillis();
    private static final int KEY_LOCKS = 64;

    private enum State { NEW, RUNNING, CLOSED }

    private final MetricReader reader;
    private final PartitionLog partitionLog;
    private final AlarmStore store;
    private final TagStore tags;
    private final TransitionListener listener;
    private final AlarmEngineConfig config;
    private final Clock clock;

    /** Every live alarm's slot, whichever shard holds it. */
    private final ConcurrentHashMap<AlarmKey, AlarmSlot> slots = new ConcurrentHashMap<>();
    /** Metric alarms by the metric, then the account they watch (looked up for every applied datum). */
    private final ConcurrentHashMap<MetricId, ConcurrentHashMap<String, MetricSlot[]>> watchers =
            new ConcurrentHashMap<>();
    private final CompositeGraph graph = new CompositeGraph();
    /** Serialize definition writes with status writes of the same alarm (no lost status on an update). */
    private final Object[] keyLocks = new Object[KEY_LOCKS];
    private final AtomicInteger work = new AtomicInteger();
    private final Object idle = new Object();

    private volatile State state = State.NEW;
    private volatile AlarmShard[] shards;
    private ScheduledExecutorService scheduler;
    private volatile long lastPrune;
    /** Completes callers' futures off the shard threads, so their continuations cannot stall evaluations. */
    private final ExecutorService acks = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "synaps-alarm-ack");
        t.setDaemon(true);
        return t;
    });
    private final Executor ackExecutor = task -> {
        try {
            acks.execute(task);
        } catch (RejectedExecutionException e) {
            task.run(); // closed: complete on the calling thread rather than never
        }
    };

    public AlarmEngine(MetricReader reader, PartitionLog log, AlarmStore store, TagStore tags,
                       TransitionListener listener, AlarmEngineConfig config, Clock clock) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.partitionLog = Objects.requireNonNull(log, "log");
        this.store = Objects.requireNonNull(store, "store");
        this.tags = Objects.requireNonNull(tags, "tags");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        for (int i = 0; i < KEY_LOCKS; i++) {
            keyLocks[i] = new Object();
        }
        log.setListener(new LogListener());
    }

    /**
     * Loads every alarm from the store (metric alarms start without a window, so their first
     * evaluation reads stored buckets), starts one shard per partition and the scheduler.
     */
    public synchronized void start() {
        if (state != State.NEW) {
            throw new IllegalStateException("the alarm engine was already started");
        }
        AlarmShard[] created = new AlarmShard[partitionLog.partitions()];
        for (int p = 0; p < created.length; p++) {
            created[p] = new AlarmShard(p, this);
        }
        List<Alarm> all = new ArrayList<>();
        store.forEach(all::add);
        for (Alarm alarm : all) {
            AlarmRule rule = null;
            if (alarm instanceof CompositeAlarm composite) {
                rule = parseStoredRule(composite);
                if (rule != null) {
                    graph.set(keyOf(alarm), rule.children(), suppressorName(composite));
                }
            }
            created[ownerPartition(alarm)].load(alarm, rule);
        }
        shards = created;
        long now = clock.millis();
        lastPrune = now;
        state = State.RUNNING;
        List<CompletableFuture<Void>> restored = new ArrayList<>();
        for (AlarmShard shard : created) {
            restored.add(shard.submit(() -> shard.restore(now)));
        }
        join(restored);
        log.info("alarm engine started with {} alarms on {} shards", all.size(), created.length);
        long interval = config.schedulerInterval().toMillis();
        if (interval > 0) {
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "synaps-alarm-tick");
                t.setDaemon(true);
                return t;
            });
            scheduler.scheduleWithFixedDelay(this::scheduledTick, interval, interval, TimeUnit.MILLISECONDS);
        }
    }

    /** Stops the scheduler and the shards (queued work finishes); later calls fail with ServiceUnavailable. */
    @Override
    public synchronized void close() {
        if (state == State.CLOSED) {
            return;
        }
        State was = state;
        state = State.CLOSED;
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (was == State.RUNNING) {
            for (AlarmShard shard : shards) {
                shard.close();
            }
        }
        acks.shutdown();
    }

    // ---- time ----

    /**
     * Evaluates every alarm whose tick time has come by the clock and settles composites whose
     * suppression timers ran out; returns when those evaluations, their store writes and the
     * composite re-evaluations they caused are done.
     */
    public void tick() {
        runTick(clock.millis());
        awaitIdle();
    }

    /**
     * Waits until no evaluation is queued or running on any shard (datum-triggered evaluations,
     * control records, composite cascades).
     *
     * @throws IllegalStateException when the engine is still busy after a minute
     */
    public void awaitIdle() {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        synchronized (idle) {
            while (work.get() != 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("the alarm engine is still busy after a minute");
                }
                try {
                    idle.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the alarm engine", e);
                }
            }
        }
    }

    /** Deletes history items older than the retention (the scheduler does it hourly); returns how many. */
    public long pruneHistory() {
        long now = clock.millis();
        lastPrune = now;
        return store.pruneHistory(now - config.historyRetention().toMillis());
    }

    private void scheduledTick() {
        try {
            if (state == State.RUNNING) {
                runTick(clock.millis());
            }
        } catch (RuntimeException e) {
            log.error("alarm tick failed", e);
        }
    }

    private void runTick(long now) {
        requireRunning();
        List<CompletableFuture<Void>> ticks = new ArrayList<>(shards.length);
        for (AlarmShard shard : shards) {
            ticks.add(shard.submit(() -> shard.tick(now)));
        }
        join(ticks);
        if (now - lastPrune >= PRUNE_EVERY_MILLIS) {
            long pruned = pruneHistory();
            if (pruned > 0) {
                log.info("pruned {} alarm history items older than {}", pruned, config.historyRetention());
            }
        }
    }

    // ---- AlarmService ----

    @Override
    public CompletableFuture<MetricAlarm> putMetricAlarm(MetricAlarm alarm, Map<String, String> tagMap) {
        try {
            requireRunning();
            AlarmKey key = keyOf(alarm);
            long now = clock.millis();
            Alarm existing;
            MetricAlarm stored;
            synchronized (lockFor(key)) {
                existing = store.get(key.accountId(), key.name()).orElse(null);
                if (existing instanceof CompositeAlarm) {
                    throw AwsError.invalidParameterValue("The alarm name " + key.name()
                            + " belongs to a composite alarm; a metric alarm cannot replace it.");
                }
                long configured = existing == null ? now : Math.max(now, existing.configurationUpdatedMillis() + 1);
                AlarmStatus status = existing == null ? AlarmStatus.initial(now) : existing.status();
                stored = new MetricAlarm(alarm.accountId(), alarm.name(), alarm.arn(), alarm.description(),
                        alarm.actions(), alarm.metric(), alarm.statistic(), alarm.extendedStatistic(), alarm.unit(),
                        alarm.period(), alarm.evaluationPeriods(), alarm.datapointsToAlarm(), alarm.threshold(),
                        alarm.comparison(), alarm.treatMissingData(), alarm.evaluateLowSampleCountPercentile(),
                        configured, status);
                store.put(stored, HistoryData.configurationUpdate(stored,
                        existing == null ? HistoryData.Change.CREATE : HistoryData.Change.UPDATE, now));
            }
            if (existing == null && tagMap != null && !tagMap.isEmpty()) {
                tags.put(key.accountId(), stored.arn(), tagMap);
            }
            int target = ownerPartition(stored);
            CompletableFuture<Void> applied = control(target, AlarmControl.of(AlarmControl.Op.RELOAD,
                    key.accountId(), key.name()));
            if (existing != null && ownerPartition(existing) != target) {
                // The metric changed: the old shard lets go of it while the new one takes it.
                applied = CompletableFuture.allOf(applied, control(ownerPartition(existing),
                        AlarmControl.of(AlarmControl.Op.RELOAD, key.accountId(), key.name())));
            }
            return applied.thenApply(v -> currentAlarm(key, MetricAlarm.class, stored));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletableFuture<CompositeAlarm> putCompositeAlarm(CompositeAlarm alarm, Map<String, String> tagMap) {
        try {
            requireRunning();
            AlarmKey key = keyOf(alarm);
            AlarmRule rule = AlarmRule.parse(alarm.rule(), config.region(), key.accountId());
            String suppressor = suppressorName(alarm);
            long now = clock.millis();
            Alarm existing;
            CompositeAlarm stored;
            synchronized (graph) {
                checkComposite(key, rule, suppressor);
                synchronized (lockFor(key)) {
                    existing = store.get(key.accountId(), key.name()).orElse(null);
                    if (existing instanceof MetricAlarm) {
                        throw AwsError.invalidParameterValue("The alarm name " + key.name()
                                + " belongs to a metric alarm; a composite alarm cannot replace it.");
                    }
                    CompositeAlarm was = (CompositeAlarm) existing;
                    long configured = was == null ? now : Math.max(now, was.configurationUpdatedMillis() + 1);
                    AlarmStatus status = was == null ? AlarmStatus.initial(now) : was.status();
                    stored = new CompositeAlarm(alarm.accountId(), alarm.name(), alarm.arn(), alarm.description(),
                            alarm.actions(), alarm.rule(), alarm.actionsSuppressor(), alarm.suppressorWaitPeriod(),
                            alarm.suppressorExtensionPeriod(), configured, status,
                            was == null ? null : was.actionsSuppressedBy(),
                            was == null ? null : was.actionsSuppressedReason());
                    store.put(stored, HistoryData.configurationUpdate(stored,
                            was == null ? HistoryData.Change.CREATE : HistoryData.Change.UPDATE, now));
                }
                graph.set(key, rule.children(), suppressor);
            }
            if (existing == null && tagMap != null && !tagMap.isEmpty()) {
                tags.put(key.accountId(), stored.arn(), tagMap);
            }
            return control(ownerPartition(stored), AlarmControl.of(AlarmControl.Op.RELOAD, key.accountId(),
                    key.name())).thenApply(v -> currentAlarm(key, CompositeAlarm.class, stored));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Refuses rules naming alarms that do not exist or closing a cycle, and unknown or self suppressors. */
    private void checkComposite(AlarmKey key, AlarmRule rule, String suppressor) {
        List<String> cycle = graph.cycle(key, rule.children());
        if (cycle != null) {
            throw AwsError.invalidParameterValue("The alarm rule of " + key.name()
                    + " would create a cycle of composite alarms: " + String.join(" -> ", cycle) + ".");
        }
        Set<String> unknown = new TreeSet<>();
        for (String child : rule.children()) {
            if (store.get(key.accountId(), child).isEmpty()) {
                unknown.add(child);
            }
        }
        if (!unknown.isEmpty()) {
            // AWS's wording (CloudFormation user guide issue #911); its error code is not recorded.
            throw AwsError.invalidParameterValue("Could not save the composite alarm as alarms ["
                    + String.join(", ", unknown) + "] in the alarm rule do not exist");
        }
        if (suppressor != null) {
            if (suppressor.equals(key.name())) {
                throw AwsError.invalidParameterValue("A composite alarm cannot be its own ActionsSuppressor.");
            }
            if (store.get(key.accountId(), suppressor).isEmpty()) {
                throw AwsError.invalidParameterValue("The ActionsSuppressor alarm " + suppressor
                        + " does not exist.");
            }
        }
    }

    @Override
    public Optional<Alarm> get(String accountId, String name) {
        return store.get(accountId, name);
    }

    @Override
    public List<Alarm> list(String accountId, String prefix, String afterName, int limit) {
        return store.list(accountId, prefix, afterName, limit);
    }

    @Override
    public List<CompositeAlarm> parentsOf(String accountId, String name) {
        List<CompositeAlarm> out = new ArrayList<>();
        for (String parent : graph.parentsOf(new AlarmKey(accountId, name))) {
            store.get(accountId, parent).ifPresent(a -> {
                if (a instanceof CompositeAlarm c) {
                    out.add(c);
                }
            });
        }
        return out;
    }

    @Override
    public CompletableFuture<Void> delete(String accountId, List<String> names) {
        try {
            requireRunning();
            long now = clock.millis();
            List<CompletableFuture<Void>> applied = new ArrayList<>();
            for (String name : new LinkedHashSet<>(names)) {
                AlarmKey key = new AlarmKey(accountId, name);
                Alarm existing;
                synchronized (graph) {
                    synchronized (lockFor(key)) {
                        existing = store.get(accountId, name).orElse(null);
                        if (existing == null || !store.delete(accountId, name,
                                HistoryData.configurationUpdate(existing, HistoryData.Change.DELETE, now))) {
                            continue; // unknown names are skipped, as AWS does
                        }
                    }
                    if (existing instanceof CompositeAlarm) {
                        graph.remove(key);
                    }
                }
                tags.deleteAll(accountId, existing.arn());
                applied.add(control(ownerPartition(existing), AlarmControl.of(AlarmControl.Op.DELETE, accountId,
                        name)));
            }
            return CompletableFuture.allOf(applied.toArray(CompletableFuture[]::new));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletableFuture<Void> setActionsEnabled(String accountId, List<String> names, boolean enabled) {
        try {
            requireRunning();
            List<CompletableFuture<Void>> applied = new ArrayList<>();
            for (String name : new LinkedHashSet<>(names)) {
                AlarmKey key = new AlarmKey(accountId, name);
                Optional<Alarm> changed;
                synchronized (lockFor(key)) {
                    changed = store.setActionsEnabled(accountId, name, enabled);
                }
                changed.ifPresent(a -> applied.add(control(ownerPartition(a),
                        AlarmControl.of(AlarmControl.Op.ACTIONS, accountId, name))));
            }
            return CompletableFuture.allOf(applied.toArray(CompletableFuture[]::new));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>The new status is written by the alarm's shard when the control record carrying it is
     * applied (every status write happens on the owning shard); the future completes after that.
     */
    @Override
    public CompletableFuture<Void> setState(String accountId, String name, AlarmState state, String reason,
                                            String reasonData) {
        try {
            requireRunning();
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(reason, "reason");
            Optional<Alarm> existing = store.get(accountId, name);
            if (existing.isEmpty()) {
                return CompletableFuture.failedFuture(AwsError.resourceNotFound(null));
            }
            return control(ownerPartition(existing.get()),
                    AlarmControl.setState(accountId, name, state, reason, reasonData));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public HistoryPage history(String accountId, HistoryQuery query) {
        return store.history(accountId, query);
    }

    @Override
    public BacktestResult backtest(MetricAlarm alarm, long startMillis, long endMillis) {
        requireRunning();
        return Backtester.run(reader, alarm, startMillis, endMillis, config.maxBacktestEvaluations());
    }

    // ---- for the shards ----

    AlarmStore store() {
        return store;
    }

    MetricReader reader() {
        return reader;
    }

    long now() {
        return clock.millis();
    }

    Object lockFor(AlarmKey key) {
        return keyLocks[lockIndex(key)];
    }

    private static int lockIndex(AlarmKey key) {
        return (key.hashCode() & 0x7fffffff) % KEY_LOCKS;
    }

    /**
     * Runs {@code write} holding the locks of all the keys, taken in index order (so two batch
     * writers never deadlock; single-key holders never wait for a second key lock).
     */
    <T> T withKeyLocks(Collection<AlarmKey> keys, Supplier<T> write) {
        boolean[] needed = new boolean[KEY_LOCKS];
        for (AlarmKey key : keys) {
            needed[lockIndex(key)] = true;
        }
        return lockedFrom(needed, 0, write);
    }

    private <T> T lockedFrom(boolean[] needed, int from, Supplier<T> write) {
        int i = from;
        while (i < KEY_LOCKS && !needed[i]) {
            i++;
        }
        if (i == KEY_LOCKS) {
            return write.get();
        }
        synchronized (keyLocks[i]) {
            return lockedFrom(needed, i + 1, write);
        }
    }

    /** The partition whose shard owns the alarm: its series' for a metric alarm, its name's for a composite. */
    int ownerPartition(Alarm alarm) {
        if (alarm instanceof MetricAlarm m) {
            return partitionLog.partitionOf(m.accountId(), m.metric());
        }
        return partitionLog.partitionOf(alarm.accountId(), alarm.name());
    }

    /** The alarm's current state as its shard holds it, or null when there is no such alarm. */
    Alarm currentAlarm(String accountId, String name) {
        AlarmSlot slot = slots.get(new AlarmKey(accountId, name));
        return slot == null ? null : slot.alarm;
    }

    /** The composite's ActionsSuppressor as an alarm name (ARNs reduced), or null. */
    String suppressorName(CompositeAlarm alarm) {
        String s = alarm.actionsSuppressor();
        if (s == null || s.isEmpty()) {
            return null;
        }
        AlarmArn.Parsed arn = AlarmArn.parse(s);
        return arn == null ? s : arn.name();
    }

    /** The stored composite's rule, or null (logged) when it no longer parses: such a composite keeps its state. */
    AlarmRule parseStoredRule(CompositeAlarm alarm) {
        try {
            return AlarmRule.parse(alarm.rule(), config.region(), alarm.accountId());
        } catch (RuntimeException e) {
            log.error("composite alarm {}/{}: its stored rule does not parse; it is not evaluated",
                    alarm.accountId(), alarm.name(), e);
            return null;
        }
    }

    /** Makes the slot the alarm's live slot and, for a metric alarm, a watcher of its metric. */
    void register(AlarmSlot slot) {
        slots.put(slot.key, slot);
        if (slot instanceof MetricSlot m) {
            MetricAlarm alarm = m.metricAlarm();
            watchers.compute(alarm.metric(), (metric, byAccount) -> {
                ConcurrentHashMap<String, MetricSlot[]> map = byAccount == null ? new ConcurrentHashMap<>() : byAccount;
                map.merge(alarm.accountId(), new MetricSlot[]{m}, (a, b) -> {
                    MetricSlot[] grown = Arrays.copyOf(a, a.length + 1);
                    grown[a.length] = m;
                    return grown;
                });
                return map;
            });
        }
    }

    /** Undoes {@link #register} for this slot (a newer slot of the same alarm stays). */
    void unregister(AlarmSlot slot) {
        slots.remove(slot.key, slot);
        if (slot instanceof MetricSlot m) {
            MetricAlarm alarm = m.metricAlarm();
            watchers.computeIfPresent(alarm.metric(), (metric, byAccount) -> {
                byAccount.computeIfPresent(alarm.accountId(), (account, watching) -> {
                    MetricSlot[] kept = Arrays.stream(watching).filter(s -> s != m).toArray(MetricSlot[]::new);
                    return kept.length == 0 ? null : kept;
                });
                return byAccount.isEmpty() ? null : byAccount;
            });
        }
    }

    /** Hands transitions stored by one write to the listener together (it may queue them with one durable write). */
    void emitAll(List<AlarmTransition> transitions) {
        if (transitions.isEmpty()) {
            return;
        }
        try {
            listener.onTransitions(transitions);
        } catch (RuntimeException e) {
            log.error("the transition listener failed on {} transitions from {}", transitions.size(),
                    transitions.get(0).key(), e);
        }
    }

    /** Hands a transition to the listener, which must not throw (a failure is logged, never retried). */
    void emit(AlarmTransition transition) {
        try {
            listener.onTransition(transition);
        } catch (RuntimeException e) {
            log.error("the transition listener failed on {}", transition.key(), e);
        }
    }

    /**
     * The alarm's state changed or it was deleted: its parent composites re-evaluate their rules
     * and the composites it suppresses their suppression, each on its own shard.
     */
    void dependentsChanged(AlarmKey key) {
        Set<String> dependents = graph.dependentsOf(key);
        if (dependents.isEmpty()) {
            return;
        }
        List<String> parents = graph.parentsOf(key);
        for (String name : dependents) {
            AlarmSlot slot = slots.get(new AlarmKey(key.accountId(), name));
            if (slot instanceof CompositeSlot c && !c.retired) {
                boolean rule = parents.contains(name);
                c.shard.submit(() -> c.shard.evaluateComposite(c, clock.millis(), rule));
            }
        }
    }

    /**
     * Rebuilds a composite's suppression timers from its stored suppression fields after a
     * restart (the pending wait's transition gets its previous state from the StateUpdate item).
     */
    void restoreSuppression(CompositeSlot slot) {
        CompositeAlarm alarm = slot.compositeAlarm();
        String by = alarm.actionsSuppressedBy();
        if (AlarmShard.SUPPRESSED_BY_ALARM.equals(by)) {
            slot.suppressorInAlarm = true;
        } else if (AlarmShard.SUPPRESSED_BY_EXTENSION.equals(by)) {
            String suppressor = suppressorName(alarm);
            Alarm s = suppressor == null ? null : currentAlarm(alarm.accountId(), suppressor);
            long left = s == null ? alarm.status().updatedMillis() : s.status().transitionedMillis();
            Integer ext = alarm.suppressorExtensionPeriod();
            slot.extensionUntil = left + (ext == null ? 0 : ext * 1000L);
        } else if (AlarmShard.SUPPRESSED_BY_WAIT.equals(by) && alarm.status().value() == AlarmState.ALARM) {
            Integer wait = alarm.suppressorWaitPeriod();
            slot.waitUntil = alarm.status().transitionedMillis() + (wait == null ? 0 : wait * 1000L);
            slot.deferred = new AlarmTransition(alarm, previousStatus(alarm), alarm.status().updatedMillis(), false);
        }
    }

    private AlarmStatus previousStatus(CompositeAlarm alarm) {
        HistoryPage page = store.history(alarm.accountId(), new HistoryQuery(alarm.name(),
                Set.of(AlarmType.CompositeAlarm), HistoryItemType.StateUpdate, 0, Long.MAX_VALUE, true, null, 1));
        for (AlarmHistoryItem item : page.items()) {
            AlarmStatus old = HistoryData.oldState(item);
            if (old != null) {
                return old;
            }
        }
        return AlarmStatus.initial(alarm.configurationUpdatedMillis());
    }

    void workStarted() {
        work.incrementAndGet();
    }

    void workDone() {
        if (work.decrementAndGet() == 0) {
            synchronized (idle) {
                idle.notifyAll();
            }
        }
    }

    // ---- helpers ----

    /**
     * Appends the control record to the partition's log; the future completes (off the shard
     * thread) once the shard has applied it. When the log refuses the record (overload, shutdown)
     * a definition change the store already holds is applied on the shard directly, so memory
     * never lags the store, and the caller still gets the error.
     */
    private CompletableFuture<Void> control(int partition, AlarmControl control) {
        AlarmShard shard = shards[partition];
        CompletableFuture<Void> applied = partitionLog.appendControl(partition, control.encode()).handle((v, e) -> {
            if (e == null) {
                return shard.barrier();
            }
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (control.op() == AlarmControl.Op.SET_STATE) {
                return CompletableFuture.<Void>failedFuture(cause);
            }
            return shard.submit(() -> shard.apply(control))
                    .handle((x, ignored) -> CompletableFuture.<Void>failedFuture(cause))
                    .thenCompose(f -> f);
        }).thenCompose(f -> f);
        CompletableFuture<Void> result = new CompletableFuture<>();
        applied.whenCompleteAsync((v, e) -> {
            if (e == null) {
                result.complete(null);
            } else {
                result.completeExceptionally(e instanceof CompletionException && e.getCause() != null
                        ? e.getCause() : e);
            }
        }, ackExecutor);
        return result;
    }

    private <T extends Alarm> T currentAlarm(AlarmKey key, Class<T> type, T fallback) {
        AlarmSlot slot = slots.get(key);
        Alarm alarm = slot == null ? null : slot.alarm;
        return type.isInstance(alarm) ? type.cast(alarm) : fallback;
    }

    private static AlarmKey keyOf(Alarm alarm) {
        return new AlarmKey(alarm.accountId(), alarm.name());
    }

    private void requireRunning() {
        if (state != State.RUNNING) {
            throw AwsError.serviceUnavailable(state == State.NEW ? "The alarm engine is starting; try again."
                    : "The alarm engine is shutting down.");
        }
    }

    private static void join(List<CompletableFuture<Void>> futures) {
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /** Follows the log: datums mark watching alarms stale, control records go to their shard. */
    private final class LogListener implements EngineListener {
        @Override
        public void onDatum(int partition, String accountId, MetricId metric, long timestampMillis) {
            ConcurrentHashMap<String, MetricSlot[]> byAccount = watchers.get(metric);
            if (byAccount == null) {
                return;
            }
            MetricSlot[] watching = byAccount.get(accountId);
            if (watching == null || state != State.RUNNING) {
                return;
            }
            long now = clock.millis();
            for (MetricSlot slot : watching) {
                if (timestampMillis < slot.rangeStart) {
                    continue; // older than any range the alarm will read again
                }
                slot.datum(timestampMillis);
                // A datum of a period still open changes nothing until the tick that closes it.
                if (timestampMillis < MetricAlarmEvaluator.rangeEnd(slot.metricAlarm(), now)) {
                    slot.shard.requestEvaluation(slot);
                }
            }
        }

        @Override
        public void onControl(int partition, byte[] payload, boolean replayed) {
            AlarmShard[] running = shards;
            if (replayed || running == null || state != State.RUNNING) {
                return; // replayed: the store is already current and start() loaded it
            }
            AlarmControl control;
            try {
                control = AlarmControl.decode(payload);
            } catch (IllegalArgumentException e) {
                log.error("partition {}: ignoring an alarm control record that does not decode", partition, e);
                return;
            }
            AlarmShard shard = running[partition];
            shard.submit(() -> shard.apply(control));
        }
    }
}
