package io.synaps.notify.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.synaps.model.alarm.Alarm;
import io.synaps.model.alarm.AlarmHistoryItem;
import io.synaps.model.alarm.AlarmState;
import io.synaps.model.alarm.AlarmStatus;
import io.synaps.model.alarm.AlarmTransition;
import io.synaps.model.alarm.CompositeAlarm;
import io.synaps.model.alarm.HistoryItemType;
import io.synaps.store.alarm.AlarmStore;
import io.synaps.store.alarm.HistoryPage;
import io.synaps.store.alarm.HistoryQuery;
import io.synaps.store.alarm.TransitionListener;
import io.synaps.store.outbox.Delivery;
import io.synaps.store.outbox.OutboxStore;
import io.synaps.store.topic.Subscription;
import io.synaps.store.topic.Topic;
import io.synaps.store.topic.TopicDelivery;
import io.synaps.store.topic.TopicStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * Dispatcher runs alarm actions and SNS deliveries exactly once through the durable outbox.
 * {@link #onTransition} and the {@link TopicDelivery} calls only build deliveries and enqueue them
 * (durable when they return); workers then attempt them, strictly in sequence per order key (an
 * alarm's OK never overtakes its ALARM to one endpoint), retry with exponential backoff and full
 * jitter, move them to the dead letters when the retry budget is spent, and write an
 * {@code Action} history item for every final outcome of an alarm action. {@link #start()}
 * reconciles recent transitions whose deliveries a crash may have lost, resumes the pending
 * ones and starts the worker threads; without it (tests), {@link #recover()} and
 * {@link #runDue()} do the same work on the caller's thread in the injected clock's time.
 * Thread-safe.
 */
public final class Dispatcher implements TransitionListener, TopicDelivery, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** How far back start-up reconciliation looks for transitions whose deliveries may be lost. */
    public static final Duration RECONCILE_WINDOW = Duration.ofHours(24);
    /** How long delivered keys and dead letters are kept (longer than the reconcile window, so reconciliation stays idempotent). */
    public static final Duration RETENTION = Duration.ofDays(14);
    // Workers re-check the clock at least this often (the clock may be a test clock).
    private static final long MAX_WAIT_MILLIS = 1000;

    private final DispatcherConfig config;
    private final AlarmStore alarms;
    private final TopicStore topics;
    private final OutboxStore outbox;
    private final Map<String, Notifier> notifiers;
    private final Clock clock;
    private final RandomGenerator random; // guarded by itself
    private final ActionHistory history = new ActionHistory();
    private final Fanout fanout;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Lanes lanes = new Lanes(); // guarded by lock
    private final List<Thread> threads = new ArrayList<>(); // guarded by lock
    private int running; // attempts in progress, guarded by lock
    private long lastPruneMillis; // guarded by lock
    private boolean started; // guarded by lock
    private volatile boolean closed;

    /** A dispatcher whose jitter comes from a freshly seeded generator. */
    public Dispatcher(DispatcherConfig config, AlarmStore alarms, TopicStore topics, OutboxStore outbox,
                      List<Notifier> notifiers, Clock clock) {
        this(config, alarms, topics, outbox, notifiers, clock,
                RandomGeneratorFactory.<RandomGenerator>of("L64X128MixRandom").create());
    }

    /**
     * A dispatcher over the given ports. {@code notifiers} serve the channels they name (a
     * later notifier does not replace an earlier one); a channel nobody serves fails its
     * deliveries for good with a reason naming the missing setting. {@code random} draws the
     * retry jitter (seed it in tests).
     */
    public Dispatcher(DispatcherConfig config, AlarmStore alarms, TopicStore topics, OutboxStore outbox,
                      List<Notifier> notifiers, Clock clock, RandomGenerator random) {
        this.config = Objects.requireNonNull(config, "config");
        this.alarms = Objects.requireNonNull(alarms, "alarms");
        this.topics = Objects.requireNonNull(topics, "topics");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        Map<String, Notifier> byChannel = new HashMap<>();
        for (Notifier n : notifiers) {
            for (String channel : n.channels()) {
                byChannel.putIfAbsent(channel, n);
            }
        }
        this.notifiers = Map.copyOf(byChannel);
        this.fanout = new Fanout(config, topics, history);
        this.lastPruneMillis = clock.millis();
    }

    // ---- lifecycle ----

    /**
     * Reconciles and resumes ({@link #recover()}), then starts the worker threads. Call it before
     * the alarm engine emits transitions: reconciliation rebuilds only each alarm's latest one.
     */
    public void start() {
        lock.lock();
        try {
            if (closed || started) {
                return; // a second recover() beside running workers could resurrect a delivery they just finished
            }
            started = true;
        } finally {
            lock.unlock();
        }
        recover();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            for (int i = 0; i < config.workers(); i++) {
                Thread t = new Thread(this::work, "synaps-notify-" + i);
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Start-up recovery on the caller's thread: for every alarm whose state changed within
     * {@link #RECONCILE_WINDOW} (and whose actions are enabled and not suppressed), rebuilds that
     * transition from the stored status and its StateUpdate history item and enqueues its
     * deliveries (keys already known are skipped, so this is a no-op when nothing was lost);
     * then loads every pending delivery of the outbox. Call it before the workers run.
     *
     * @return how many deliveries reconciliation queued that were missing
     */
    public int recover() {
        long now = clock.millis();
        long since = now - RECONCILE_WINDOW.toMillis();
        List<Alarm> recent = new ArrayList<>();
        alarms.forEach(a -> {
            if (a.status().updatedMillis() >= since && a.actions().enabled()
                    && !a.actions().forState(a.status().value()).isEmpty()
                    && !(a instanceof CompositeAlarm c && c.actionsSuppressedBy() != null)) {
                recent.add(a);
            }
        });
        int reconciled = 0;
        for (Alarm a : recent) {
            try {
                AlarmStatus previous = previousStatus(a);
                if (previous == null) {
                    continue; // the status was never a transition (a creation, or SetAlarmState to the same value)
                }
                AlarmTransition t = new AlarmTransition(a, previous, a.status().updatedMillis(), false);
                // Only deliveries: actions that ended at once were recorded when the transition came.
                reconciled += queue(fanout.forTransition(t, now).deliveries());
            } catch (RuntimeException e) {
                LOG.error("could not reconcile the actions of alarm {}/{}", a.accountId(), a.name(), e);
            }
        }
        List<Delivery> pending = outbox.pending();
        int resumed = 0;
        lock.lock();
        try {
            for (Delivery d : pending) {
                if (lanes.add(d)) {
                    resumed++;
                }
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        LOG.info("notify: {} alarm(s) changed in the last {} h, {} lost delivery(ies) queued again, {} pending resumed",
                recent.size(), RECONCILE_WINDOW.toHours(), reconciled, resumed);
        return reconciled;
    }

    /**
     * Stops the workers after their current attempt (each bounded by its notifier's timeouts).
     * Pending deliveries stay in the outbox for the next start. The stores are the caller's.
     */
    @Override
    public void close() {
        List<Thread> stop;
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
            stop = new ArrayList<>(threads);
            threads.clear();
        } finally {
            lock.unlock();
        }
        for (Thread t : stop) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        lock.lock();
        try {
            while (running > 0) {
                changed.await(100, TimeUnit.MILLISECONDS); // runDue callers finishing an attempt
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    // ---- intake ----

    /** Enqueues the deliveries of the transition's actions; never blocks on delivery and never throws. */
    @Override
    public void onTransition(AlarmTransition transition) {
        onTransitions(List.of(transition));
    }

    /**
     * Enqueues the deliveries of several transitions with one durable outbox write (the engine
     * hands over every transition one store write made); history items for actions with nothing to
     * deliver follow. Never blocks on delivery and never throws.
     */
    @Override
    public void onTransitions(List<AlarmTransition> transitions) {
        List<Delivery> deliveries = new ArrayList<>();
        List<AlarmHistoryItem> history = new ArrayList<>();
        long now = clock.millis();
        for (AlarmTransition transition : transitions) {
            if (!transition.actionsDue()) {
                continue;
            }
            try {
                Fanout.Result r = fanout.forTransition(transition, now);
                deliveries.addAll(r.deliveries());
                history.addAll(r.history());
            } catch (RuntimeException e) {
                LOG.error("could not queue the actions of transition {}", transition.key(), e);
            }
        }
        try {
            queue(deliveries);
            for (AlarmHistoryItem item : history) {
                alarms.appendHistory(item);
            }
        } catch (RuntimeException e) {
            // Reconciliation at the next start queues them again from the stored statuses.
            LOG.error("could not queue the actions of {} transitions", transitions.size(), e);
        }
    }

    @Override
    public void requestConfirmation(Topic topic, Subscription subscription) {
        queue(List.of(fanout.forConfirmation(topic, subscription, UUID.randomUUID().toString(), clock.millis())));
    }

    @Override
    public String publish(Topic topic, String subject, String message, Map<String, String> attributes) {
        String messageId = UUID.randomUUID().toString();
        queue(fanout.forPublish(topic, messageId, subject, message, attributes == null ? Map.of() : attributes,
                clock.millis()));
        return messageId;
    }

    /** Durably enqueues, then hands the newly accepted deliveries to the lanes; returns how many were new. */
    private int queue(List<Delivery> deliveries) {
        if (deliveries.isEmpty()) {
            return 0;
        }
        List<Delivery> accepted = outbox.enqueue(deliveries);
        if (accepted.isEmpty()) {
            return 0;
        }
        lock.lock();
        try {
            for (Delivery d : accepted) {
                lanes.add(d);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        return accepted.size();
    }

    // ---- delivery ----

    /**
     * Attempts, on the caller's thread, every delivery due at the clock's current time (and any
     * that become due meanwhile, e.g. a retry drawn with zero jitter), lane order respected.
     *
     * @return how many attempts were made
     */
    public int runDue() {
        int attempts = 0;
        while (true) {
            Lanes.Lane lane;
            Delivery head;
            lock.lock();
            try {
                if (closed) {
                    return attempts;
                }
                lane = lanes.claimDue(clock.millis());
                if (lane == null) {
                    return attempts;
                }
                head = lane.head();
                running++;
            } finally {
                lock.unlock();
            }
            attempt(lane, head);
            attempts++;
        }
    }

    /** How many deliveries wait in memory (pending in the outbox and loaded). */
    public int pending() {
        lock.lock();
        try {
            return lanes.size();
        } finally {
            lock.unlock();
        }
    }

    /** The earliest next attempt time of a waiting delivery (epoch ms), or {@link Long#MAX_VALUE}. */
    public long nextDueMillis() {
        lock.lock();
        try {
            return lanes.nextDue();
        } finally {
            lock.unlock();
        }
    }

    /** Forgets delivered keys and dead letters older than {@link #RETENTION}; returns how many. */
    public long prune() {
        return outbox.prune(clock.millis() - RETENTION.toMillis());
    }

    private void work() {
        while (true) {
            Lanes.Lane lane;
            Delivery head;
            boolean pruneNow = false;
            lock.lock();
            try {
                while (true) {
                    if (closed) {
                        return;
                    }
                    long now = clock.millis();
                    if (now - lastPruneMillis >= Duration.ofHours(1).toMillis()) {
                        lastPruneMillis = now;
                        pruneNow = true;
                        lane = null;
                        head = null;
                        break;
                    }
                    lane = lanes.claimDue(now);
                    if (lane != null) {
                        head = lane.head();
                        running++;
                        break;
                    }
                    long wait = Math.min(MAX_WAIT_MILLIS, Math.max(1, lanes.nextDue() - now));
                    changed.await(wait, TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                lock.unlock();
            }
            if (pruneNow) {
                try {
                    long n = prune();
                    LOG.debug("notify: pruned {} delivered key(s) and dead letter(s)", n);
                } catch (RuntimeException e) {
                    LOG.warn("notify: pruning the outbox failed", e);
                }
                continue;
            }
            attempt(lane, head);
        }
    }

    /** One attempt of a claimed lane's head, its bookkeeping, and the lane's release. */
    private void attempt(Lanes.Lane lane, Delivery d) {
        Delivery replacement = null;
        try {
            Outcome outcome = send(d);
            long now = clock.millis();
            try {
                replacement = settle(d, outcome, now);
            } catch (RuntimeException e) {
                // The outbox could not record the outcome: keep the delivery and try again later
                // (a delivered message may then go out twice; the store refused to say it went out once).
                LOG.error("notify: could not record the outcome of delivery {}", d.key(), e);
                replacement = new Delivery(d.key(), d.accountId(), d.orderKey(), d.sequence(), d.channel(),
                        d.target(), d.payload(), d.attempts(), now + backoff(Math.max(1, d.attempts() + 1)),
                        d.lastError(), d.createdMillis());
            }
        } finally {
            lock.lock();
            try {
                lanes.release(lane, d, replacement);
                running--;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Records an outcome in the outbox (and the alarm's history when final); returns the retry to keep, or null. */
    private Delivery settle(Delivery d, Outcome outcome, long now) {
        switch (outcome.status()) {
            case DELIVERED -> {
                outbox.complete(d.key(), now);
                LOG.debug("notify: delivered {} via {} ({})", d.key(), d.channel(), outcome.detail());
                recordAction(d, null, outcome.detail(), now);
                return null;
            }
            case FAILED -> {
                kill(d, outcome.detail(), now);
                return null;
            }
            default -> {
                int attempts = d.attempts() + 1;
                boolean tooOld = now - d.createdMillis() >= config.maxAge().toMillis();
                if (attempts >= config.maxAttempts() || tooOld) {
                    kill(d, "gave up after " + attempts + (attempts == 1 ? " attempt" : " attempts")
                            + (tooOld ? " and " + ageText(now - d.createdMillis()) : "") + ": " + outcome.detail(), now);
                    return null;
                }
                Delivery retry = d.retried(now + backoff(attempts), outcome.detail());
                outbox.reschedule(retry);
                LOG.info("notify: delivery {} via {} will be retried (attempt {} failed: {})", d.key(), d.channel(),
                        attempts, outcome.detail());
                return retry;
            }
        }
    }

    private void kill(Delivery d, String reason, long now) {
        Delivery last = d.retried(d.nextAttemptMillis(), reason);
        outbox.kill(last, reason, now);
        LOG.warn("notify: delivery {} via {} failed for good: {}", d.key(), d.channel(), reason);
        recordAction(d, reason, null, now);
    }

    /** The Action history item of an alarm delivery's final outcome ({@code failure} null: success). */
    private void recordAction(Delivery d, String failure, String result, long now) {
        try {
            DeliveryPayload p = DeliveryPayload.of(d);
            if (!p.fromAlarm() || p.actionArn() == null) {
                return;
            }
            alarms.appendHistory(failure == null ? history.succeeded(p, result, now) : history.failed(p, failure, now));
        } catch (RuntimeException e) {
            LOG.error("notify: could not write the Action history item of delivery {}", d.key(), e);
        }
    }

    private Outcome send(Delivery d) {
        Notifier notifier = notifiers.get(d.channel());
        if (notifier == null) {
            return Outcome.failed(ActionTargets.missingNotifierReason(d.channel()));
        }
        String gone = subscriptionGone(d);
        if (gone != null) {
            return Outcome.failed(gone);
        }
        try {
            Outcome o = notifier.send(d);
            return o != null ? o : Outcome.retry("the " + d.channel() + " notifier gave no outcome");
        } catch (RuntimeException e) {
            // The exception's message is not shown: it might quote an endpoint or a credential.
            LOG.error("notify: the {} notifier threw {} on delivery {}", d.channel(), e.getClass().getName(), d.key());
            return Outcome.retry("the " + d.channel() + " notifier failed (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Why a topic delivery must not go out any more (its subscription was deleted), or null. */
    private String subscriptionGone(Delivery d) {
        String account = ActionTargets.subscriptionAccount(d.target());
        if (account == null) {
            return null;
        }
        Optional<Subscription> s = topics.getSubscription(account, d.target());
        return s.isPresent() ? null : "the subscription " + d.target() + " was deleted before the delivery";
    }

    /** A retry delay after {@code attempts} failed attempts: uniform in [0, min(cap, base * 2^(attempts-1))]. */
    long backoff(int attempts) {
        long base = config.baseBackoff().toMillis();
        long cap = config.maxBackoff().toMillis();
        int shift = Math.min(attempts - 1, 40);
        long ceiling = base > (cap >> shift) ? cap : Math.min(cap, base << shift);
        synchronized (random) {
            return random.nextLong(ceiling + 1);
        }
    }

    private static String ageText(long millis) {
        Duration d = Duration.ofMillis(millis);
        return d.toHours() >= 1 ? d.toHours() + " h" : d.toMinutes() >= 1 ? d.toMinutes() + " min" : d.toSeconds() + " s";
    }

    /** The state before the alarm's current status, from the StateUpdate item written with it; null when there is none. */
    private AlarmStatus previousStatus(Alarm a) {
        long at = a.status().updatedMillis();
        HistoryPage page = alarms.history(a.accountId(), new HistoryQuery(a.name(), Set.of(a.type()),
                HistoryItemType.StateUpdate, at, at, true, null, 10));
        for (AlarmHistoryItem item : page.items()) {
            if (item.timestampMillis() != at) {
                continue;
            }
            try {
                JsonNode data = MAPPER.readTree(item.data());
                AlarmState old = AlarmState.parse(data.path("oldState").path("stateValue").asText(null));
                AlarmState now = AlarmState.parse(data.path("newState").path("stateValue").asText(null));
                if (old != null && now == a.status().value()) {
                    return new AlarmStatus(old, data.path("oldState").path("stateReason").asText(""), null, at, at);
                }
            } catch (Exception e) {
                LOG.warn("notify: unreadable StateUpdate item of alarm {}/{}", a.accountId(), a.name());
            }
        }
        return null;
    }
}
