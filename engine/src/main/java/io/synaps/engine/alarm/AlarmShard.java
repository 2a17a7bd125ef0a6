package io.synaps.engine.alarm;

import io.synaps.engine.alarm.AlarmSlot.CompositeSlot;
import io.synaps.engine.alarm.AlarmSlot.MetricSlot;
import io.synaps.engine.alarm.evaluate.CompositeAlarmEvaluator;
import io.synaps.engine.alarm.evaluate.Datapoint;
import io.synaps.engine.alarm.evaluate.Evaluation;
import io.synaps.engine.alarm.evaluate.MetricAlarmEvaluator;
import io.synaps.engine.alarm.evaluate.WindowReader;
import io.synaps.engine.alarm.rule.AlarmRule;
import io.synaps.model.AwsError;
import io.synaps.model.alarm.Alarm;
import io.synaps.model.alarm.AlarmHistoryItem;
import io.synaps.model.alarm.AlarmState;
import io.synaps.model.alarm.AlarmStatus;
import io.synaps.model.alarm.AlarmTransition;
import io.synaps.model.alarm.CompositeAlarm;
import io.synaps.model.alarm.MetricAlarm;
import io.synaps.store.alarm.StatusUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * AlarmShard evaluates the alarms of one log partition on one thread: metric alarms of the
 * partition's series, composite alarms whose name hashes to it. Everything that changes an
 * alarm's status (evaluations, SetAlarmState) runs here, so each alarm's state machine is
 * single-threaded and each transition is written and emitted once. Other threads only enqueue
 * work ({@link #submit}, {@link #requestEvaluation}); all other methods run on the shard thread.
 */
final class AlarmShard {
    private static final Logger log = LoggerFactory.getLogger(AlarmShard.class);
    static final String SUPPRESSED_BY_ALARM = "Alarm";
    static final String SUPPRESSED_BY_WAIT = "WaitPeriod";
    static final String SUPPRESSED_BY_EXTENSION = "ExtensionPeriod";
    /** Most metric transitions written with one store call (one fsync'd batch). */
    static final int WRITE_CHUNK = 1_000;

    final int partition;
    private final AlarmEngine engine;
    private final ExecutorService executor;
    /** The shard's alarms by key (shard thread only). */
    private final Map<AlarmKey, AlarmSlot> local = new HashMap<>();
    /** Metric alarms whose data changed in periods already closed: evaluated by {@link #drain}. */
    private final ConcurrentLinkedQueue<MetricSlot> dueToData = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final Runnable drainTask = this::drain;
    /** No alarm's tick or timer is due before this (epoch ms; shard thread only). */
    private long nextDue;
    /**
     * Metric transitions decided in the running task, not yet written (shard thread only): written
     * together by {@link #writeTransitions} in chunks, then emitted in order, so a tick or a drain
     * costs one fsync per chunk instead of one per transition.
     */
    private final List<PendingTransition> unwritten = new ArrayList<>();

    /** A decided metric transition waiting for its status write. */
    private record PendingTransition(MetricSlot slot, AlarmStatus previous, StatusUpdate update) {
    }

    AlarmShard(int partition, AlarmEngine engine) {
        this.partition = partition;
        this.engine = engine;
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "synaps-alarm-" + partition);
            t.setDaemon(true);
            return t;
        });
    }

    // ---- entry points from other threads ----

    /** Runs the task on the shard thread; the future completes when it has run. Counted for {@link AlarmEngine#awaitIdle}. */
    CompletableFuture<Void> submit(Runnable task) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        engine.workStarted();
        try {
            executor.execute(() -> {
                try {
                    task.run();
                    done.complete(null);
                } catch (RuntimeException | Error e) {
                    log.error("alarm shard {}: a task failed", partition, e);
                    done.completeExceptionally(e);
                } finally {
                    engine.workDone();
                }
            });
        } catch (RejectedExecutionException e) {
            engine.workDone();
            done.completeExceptionally(AwsError.serviceUnavailable("The alarm engine is shutting down."));
        }
        return done;
    }

    /** A future that completes once everything queued on the shard before it has run (not counted as work). */
    CompletableFuture<Void> barrier() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            executor.execute(() -> done.complete(null));
        } catch (RejectedExecutionException e) {
            done.completeExceptionally(AwsError.serviceUnavailable("The alarm engine is shutting down."));
        }
        return done;
    }

    /**
     * Queues a datum-triggered evaluation of the slot, coalesced: the slot is queued at most once
     * and one drain task runs for the whole queue. Called on appliers' threads; never throws.
     */
    void requestEvaluation(MetricSlot slot) {
        if (!slot.queued.compareAndSet(false, true)) {
            return;
        }
        dueToData.add(slot);
        if (draining.compareAndSet(false, true)) {
            engine.workStarted();
            try {
                executor.execute(drainTask);
            } catch (RejectedExecutionException e) {
                engine.workDone(); // shutting down: the evaluation is moot
            }
        }
    }

    void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("alarm shard {}: tasks still running after 30 s", partition);
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
    }

    // ---- shard thread ----

    private void drain() {
        try {
            draining.set(false); // first: a slot queued from now on schedules another drain
            long now = engine.now();
            for (MetricSlot slot = dueToData.poll(); slot != null; slot = dueToData.poll()) {
                slot.queued.set(false);
                if (!slot.retired) {
                    MetricSlot due = slot;
                    guarded(due, () -> evaluateMetric(due, now));
                }
            }
            writeTransitions();
        } finally {
            engine.workDone();
        }
    }

    /** Adds an alarm loaded at start-up (before the shard runs any task). */
    void load(Alarm alarm, AlarmRule rule) {
        AlarmSlot slot = newSlot(alarm, rule);
        local.put(slot.key, slot);
        engine.register(slot);
    }

    /**
     * Restores a composite's suppression timers from its stored fields after a restart and
     * settles it (no rule evaluation: a composite keeps its state until a child changes).
     */
    void restore(long now) {
        for (AlarmSlot slot : local.values()) {
            if (slot instanceof CompositeSlot c) {
                guarded(c, () -> {
                    engine.restoreSuppression(c);
                    settleComposite(c, now, null);
                });
            }
        }
    }

    /** Evaluates every alarm whose tick time has come and settles composites whose timers ran out. */
    void tick(long now) {
        if (now < nextDue) {
            return;
        }
        long due = Long.MAX_VALUE;
        // Evaluations never add or remove slots (only control records do), so no copy is needed.
        for (AlarmSlot slot : local.values()) {
            if (slot.retired) {
                continue;
            }
            if (slot instanceof MetricSlot m) {
                if (m.nextTick <= now) {
                    guarded(m, () -> evaluateMetric(m, now));
                }
                due = Math.min(due, m.nextTick);
            } else if (slot instanceof CompositeSlot c) {
                if (timerDue(c, now)) {
                    guarded(c, () -> settleComposite(c, now, null));
                }
                due = Math.min(due, nextTimer(c));
            }
        }
        writeTransitions();
        nextDue = due;
    }

    /** Applies a control record of this partition (never a replayed one). */
    void apply(AlarmControl control) {
        AlarmKey key = new AlarmKey(control.accountId(), control.name());
        switch (control.op()) {
            case RELOAD -> reload(key, true);
            case ACTIONS -> reload(key, false);
            case DELETE -> delete(key);
            case SET_STATE -> setState(key, control);
        }
    }

    private void reload(AlarmKey key, boolean evaluate) {
        Optional<Alarm> stored = engine.store().get(key.accountId(), key.name());
        AlarmSlot old = local.get(key);
        if (stored.isEmpty() || engine.ownerPartition(stored.get()) != partition) {
            // Deleted, or moved to another shard (its metric changed): that shard takes it over.
            if (old != null) {
                retire(old, stored.isEmpty());
            }
            return;
        }
        Alarm alarm = stored.get();
        if (!evaluate && old != null && old.alarm.configurationUpdatedMillis() == alarm.configurationUpdatedMillis()) {
            old.alarm = alarm; // only ActionsEnabled changed: keep the window and timers
            return;
        }
        AlarmRule rule = null;
        if (alarm instanceof CompositeAlarm composite) {
            rule = engine.parseStoredRule(composite);
        }
        AlarmSlot slot = newSlot(alarm, rule);
        if (old instanceof CompositeSlot was && slot instanceof CompositeSlot now) {
            now.suppressorInAlarm = was.suppressorInAlarm;
            now.extensionUntil = was.extensionUntil;
            now.waitUntil = was.waitUntil;
            now.deferred = was.deferred;
            was.deferred = null;
        }
        if (old != null) {
            retire(old, false);
        }
        local.put(key, slot);
        engine.register(slot);
        long now = engine.now();
        if (slot instanceof MetricSlot m) {
            guarded(m, () -> evaluateMetric(m, now));
            writeTransitions();
        } else if (slot instanceof CompositeSlot c) {
            guarded(c, () -> evaluateComposite(c, now, evaluate));
        }
    }

    private void delete(AlarmKey key) {
        AlarmSlot old = local.get(key);
        if (old == null) {
            return;
        }
        if (engine.store().get(key.accountId(), key.name()).isPresent()) {
            reload(key, true); // created again since the delete: the store is the truth
            return;
        }
        retire(old, true);
    }

    private void setState(AlarmKey key, AlarmControl control) {
        AlarmSlot slot = local.get(key);
        if (slot == null) {
            log.debug("alarm shard {}: SetAlarmState for {} which is not here (deleted or moved)", partition, key);
            return;
        }
        long now = engine.now();
        AlarmStatus prev = slot.alarm.status();
        AlarmStatus next = prev.moveTo(control.state(), control.reason(), control.reasonData(), stamp(prev, now));
        if (slot instanceof CompositeSlot c) {
            settleComposite(c, now, next);
            return;
        }
        boolean changed = next.value() != prev.value();
        Alarm alarm = slot.alarm;
        AlarmHistoryItem item = changed ? HistoryData.stateUpdate(alarm, prev, next, next.updatedMillis()) : null;
        Optional<Alarm> stored = writeStatus(slot, next, null, null, item);
        if (stored.isPresent() && changed) {
            engine.emit(new AlarmTransition(stored.get(), prev, next.updatedMillis(), false));
            engine.dependentsChanged(slot.key);
        }
    }

    /** Takes the slot off the shard; {@code deleted}: the alarm is gone, so its dependents re-evaluate. */
    private void retire(AlarmSlot slot, boolean deleted) {
        slot.retired = true;
        local.remove(slot.key, slot);
        engine.unregister(slot);
        if (deleted) {
            if (slot instanceof CompositeSlot c && c.deferred != null) {
                engine.emit(suppressed(c.deferred, true)); // its wait is moot: the alarm is gone
                c.deferred = null;
            }
            engine.dependentsChanged(slot.key);
        }
    }

    private AlarmSlot newSlot(Alarm alarm, AlarmRule rule) {
        AlarmKey key = new AlarmKey(alarm.accountId(), alarm.name());
        if (alarm instanceof MetricAlarm m) {
            nextDue = 0; // due at the next tick
            return new MetricSlot(key, this, m);
        }
        return new CompositeSlot(key, this, (CompositeAlarm) alarm, rule);
    }

    // ---- metric alarms ----

    /**
     * Evaluates a metric alarm at {@code now}: re-reads its window when a datum arrived since the
     * last read (or there is none to reuse), otherwise shifts the cached one; transitions when the
     * state changes.
     */
    void evaluateMetric(MetricSlot slot, long now) {
        if (slot.writing) {
            writeTransitions(); // its status is about to change: decide on the written one
        }
        MetricAlarm alarm = slot.metricAlarm();
        long period = alarm.period() * 1000L;
        long end = MetricAlarmEvaluator.rangeEnd(alarm, now);
        long start = end - MetricAlarmEvaluator.evaluationRange(alarm) * period;
        slot.nextTick = end + (alarm.highResolution() ? period : 60_000L);
        nextDue = Math.min(nextDue, slot.nextTick);
        slot.rangeStart = start;

        long pending = slot.pendingDatum.getAndSet(Long.MIN_VALUE);
        List<Datapoint> cached = slot.window;
        List<Datapoint> window;
        boolean reusable = pending == Long.MIN_VALUE && cached != null && end >= slot.windowEnd
                && (cached.isEmpty() || (end - slot.windowEnd) % period == 0);
        if (reusable) {
            window = dropBefore(cached, start);
        } else {
            try {
                window = WindowReader.read(engine.reader(), alarm, start, end);
            } catch (RuntimeException e) {
                slot.window = null; // read again next time
                throw e;
            }
            if (pending >= end) {
                slot.datum(pending); // data of a period still open: the next evaluation reads again
            }
        }
        slot.window = window;
        slot.windowEnd = end;

        AlarmStatus prev = alarm.status();
        AlarmState decided = MetricAlarmEvaluator.state(alarm, window, end);
        if (decided == null || decided == prev.value()) {
            return; // the common case: no texts to word
        }
        Evaluation e = MetricAlarmEvaluator.evaluate(alarm, prev.value(), window, end, now);
        AlarmStatus next = prev.moveTo(e.state(), e.reason(), e.reasonData(), stamp(prev, now));
        unwritten.add(new PendingTransition(slot, prev, new StatusUpdate(alarm.accountId(), alarm.name(),
                alarm.configurationUpdatedMillis(), next, null, null,
                HistoryData.stateUpdate(alarm, prev, next, next.updatedMillis()))));
        slot.writing = true;
        if (unwritten.size() >= WRITE_CHUNK) {
            writeTransitions();
        }
    }

    /**
     * Writes the pending metric transitions with one store call (under the key locks of all of
     * them), then, in decision order, emits each one the store took and re-evaluates its
     * dependents; a transition the store refused (alarm reconfigured or deleted since) is dropped,
     * as its control record reloads the alarm. A failed write drops them all: the next evaluation
     * decides them again.
     */
    private void writeTransitions() {
        if (unwritten.isEmpty()) {
            return;
        }
        List<PendingTransition> batch = List.copyOf(unwritten);
        unwritten.clear();
        List<StatusUpdate> updates = new ArrayList<>(batch.size());
        List<AlarmKey> keys = new ArrayList<>(batch.size());
        for (PendingTransition p : batch) {
            p.slot().writing = false;
            updates.add(p.update());
            keys.add(p.slot().key);
        }
        List<Optional<Alarm>> stored;
        try {
            stored = engine.withKeyLocks(keys, () -> engine.store().updateStatuses(updates));
        } catch (RuntimeException e) {
            log.error("alarm shard {}: writing {} alarm state changes failed", partition, batch.size(), e);
            return;
        }
        List<AlarmTransition> emitted = new ArrayList<>(batch.size());
        List<AlarmKey> changed = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Optional<Alarm> alarm = stored.get(i);
            if (alarm.isEmpty()) {
                continue;
            }
            PendingTransition p = batch.get(i);
            // Keep the slot's own definition objects (shared with the watchers), not the store's decoded copy.
            Alarm current = adopt(p.slot().alarm.withStatus(p.update().status()), alarm.get());
            p.slot().alarm = current;
            emitted.add(new AlarmTransition(current, p.previous(), p.update().status().updatedMillis(), false));
            changed.add(p.slot().key);
        }
        // One hand-over for the whole write, so the actions side can queue it with one durable write too.
        engine.emitAll(emitted);
        for (AlarmKey key : changed) {
            engine.dependentsChanged(key);
        }
    }

    private static List<Datapoint> dropBefore(List<Datapoint> window, long start) {
        int first = 0;
        while (first < window.size() && window.get(first).timestampMillis() < start) {
            first++;
        }
        return first == 0 ? window : List.copyOf(window.subList(first, window.size()));
    }

    // ---- composite alarms ----

    /** Re-evaluates the composite's rule ({@code rule} true) or only its suppression (the suppressor changed). */
    void evaluateComposite(CompositeSlot slot, long now, boolean rule) {
        if (slot.retired) {
            return;
        }
        AlarmStatus next = null;
        if (rule && slot.rule != null) {
            CompositeAlarm alarm = slot.compositeAlarm();
            String account = slot.key.accountId();
            Evaluation e = CompositeAlarmEvaluator.evaluate(alarm, slot.rule,
                    child -> engine.currentAlarm(account, child), now);
            AlarmStatus prev = alarm.status();
            if (!e.retains() && e.state() != prev.value()) {
                next = prev.moveTo(e.state(), e.reason(), e.reasonData(), stamp(prev, now));
            }
        }
        settleComposite(slot, now, next);
    }

    /**
     * Brings a composite to {@code next} (null: keep its status) and its action suppression up to
     * date: follows the suppressor into and out of ALARM (the extension period starts when it
     * leaves), decides a pending wait, defers the actions of a new ALARM transition while the
     * suppressor may still come, writes the status and suppression fields when they change, then
     * emits transitions and re-evaluates the composite's own dependents.
     */
    void settleComposite(CompositeSlot slot, long now, AlarmStatus next) {
        CompositeAlarm alarm = slot.compositeAlarm();
        AlarmStatus prev = alarm.status();
        boolean changed = next != null && next.value() != prev.value();
        String suppressorName = engine.suppressorName(alarm);

        Alarm suppressor = suppressorName == null ? null : engine.currentAlarm(slot.key.accountId(), suppressorName);
        boolean inAlarm = suppressor != null && suppressor.status().value() == AlarmState.ALARM;
        if (slot.suppressorInAlarm && !inAlarm) {
            long left = suppressor == null ? now : Math.min(now, suppressor.status().transitionedMillis());
            slot.extensionUntil = left + seconds(alarm.suppressorExtensionPeriod());
        }
        if (inAlarm) {
            slot.extensionUntil = 0;
        }
        slot.suppressorInAlarm = inAlarm;
        boolean extending = slot.extensionUntil > now;
        if (!extending) {
            slot.extensionUntil = 0;
        }

        // A pending wait is decided: released when it ran out with the suppressor never in ALARM;
        // suppressed when the suppressor came in time or the composite moved on before it ran out.
        AlarmTransition decided = null;
        if (slot.deferred != null && (inAlarm || extending || changed || now >= slot.waitUntil)) {
            boolean released = !inAlarm && !extending && now >= slot.waitUntil;
            decided = suppressed(slot.deferred, !released);
            slot.deferred = null;
            slot.waitUntil = 0;
        }
        boolean defer = changed && next.value() == AlarmState.ALARM && suppressorName != null && !inAlarm
                && !extending && seconds(alarm.suppressorWaitPeriod()) > 0;

        String by = inAlarm ? SUPPRESSED_BY_ALARM : extending ? SUPPRESSED_BY_EXTENSION
                : defer || slot.deferred != null ? SUPPRESSED_BY_WAIT : null;
        String why = suppressedReason(by, suppressorName, alarm);
        Alarm current = alarm;
        if (next != null || !Objects.equals(by, alarm.actionsSuppressedBy())
                || !Objects.equals(why, alarm.actionsSuppressedReason())) {
            AlarmStatus status = next == null ? prev : next;
            AlarmHistoryItem item = changed ? HistoryData.stateUpdate(alarm, prev, next, next.updatedMillis()) : null;
            Optional<Alarm> stored = writeStatus(slot, status, by, why, item);
            if (stored.isEmpty()) {
                if (decided != null) {
                    engine.emit(decided);
                }
                return; // reconfigured or deleted since: its control record reloads it
            }
            current = stored.get();
        }
        if (decided != null) {
            engine.emit(decided);
        }
        if (changed) {
            AlarmTransition t = new AlarmTransition(current, prev, next.updatedMillis(), inAlarm || extending);
            if (defer) {
                slot.deferred = t;
                slot.waitUntil = next.updatedMillis() + seconds(alarm.suppressorWaitPeriod());
            } else {
                engine.emit(t);
            }
            engine.dependentsChanged(slot.key);
        }
        nextDue = Math.min(nextDue, nextTimer(slot));
    }

    private static boolean timerDue(CompositeSlot c, long now) {
        return (c.waitUntil > 0 && c.waitUntil <= now) || (c.extensionUntil > 0 && c.extensionUntil <= now);
    }

    private static long nextTimer(CompositeSlot c) {
        long t = Long.MAX_VALUE;
        if (c.waitUntil > 0) {
            t = c.waitUntil;
        }
        if (c.extensionUntil > 0) {
            t = Math.min(t, c.extensionUntil);
        }
        return t;
    }

    private static String suppressedReason(String by, String suppressor, CompositeAlarm alarm) {
        if (by == null) {
            return null;
        }
        return switch (by) {
            case SUPPRESSED_BY_ALARM -> "Alarm " + suppressor + " is in ALARM state";
            case SUPPRESSED_BY_EXTENSION -> "Alarm " + suppressor + " left ALARM state less than "
                    + alarm.suppressorExtensionPeriod() + " seconds ago (ExtensionPeriod)";
            default -> "Waiting up to " + alarm.suppressorWaitPeriod() + " seconds for alarm " + suppressor
                    + " to go into ALARM state (WaitPeriod)";
        };
    }

    private static long seconds(Integer s) {
        return s == null ? 0 : s * 1000L;
    }

    private static AlarmTransition suppressed(AlarmTransition t, boolean suppressed) {
        return new AlarmTransition(t.alarm(), t.previous(), t.timestampMillis(), suppressed);
    }

    // ---- shared ----

    /**
     * The conditional status write (against the configuration the slot holds); on success the
     * slot holds the alarm as stored (its own definition with the new status).
     */
    private Optional<Alarm> writeStatus(AlarmSlot slot, AlarmStatus status, String suppressedBy,
                                        String suppressedReason, AlarmHistoryItem item) {
        Alarm alarm = slot.alarm;
        StatusUpdate update = new StatusUpdate(alarm.accountId(), alarm.name(), alarm.configurationUpdatedMillis(),
                status, suppressedBy, suppressedReason, item);
        Optional<Alarm> stored;
        synchronized (engine.lockFor(slot.key)) {
            stored = engine.store().updateStatus(update);
        }
        if (stored.isPresent()) {
            // The same alarm as stored, built on the slot's own definition objects (not the decoded copy).
            Alarm current = alarm.withStatus(status);
            if (current instanceof CompositeAlarm composite) {
                current = composite.withSuppression(suppressedBy, suppressedReason);
            }
            current = adopt(current, stored.get());
            slot.alarm = current;
            return Optional.of(current);
        }
        return stored;
    }

    /**
     * {@code mine} with the stored ActionsEnabled and actions (SetActionsEnabled may have changed
     * them in the store before its control record reaches the shard).
     */
    private static Alarm adopt(Alarm mine, Alarm stored) {
        return mine.actions().equals(stored.actions()) ? mine : mine.withActions(stored.actions());
    }

    /**
     * The timestamp of a status written at {@code now}: never before the previous one, and
     * strictly after the previous state change (not the creation), so two changes in the same
     * millisecond (virtual time) still have distinct transition keys.
     */
    static long stamp(AlarmStatus prev, long now) {
        long ts = Math.max(now, prev.updatedMillis());
        boolean created = prev.value() == AlarmState.INSUFFICIENT_DATA && prev.reasonData() == null
                && AlarmStatus.INITIAL_REASON.equals(prev.reason());
        return created ? ts : Math.max(ts, prev.transitionedMillis() + 1);
    }

    private void guarded(AlarmSlot slot, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            log.error("alarm shard {}: evaluating {} failed", partition, slot.key, e);
        }
    }

    /** The shard's alarms (for tests and diagnostics; shard thread only). */
    List<AlarmSlot> slots() {
        return new ArrayList<>(local.values());
    }
}
