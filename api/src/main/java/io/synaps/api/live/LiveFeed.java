package io.synaps.api.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.engine.ingest.EngineListener;
import io.synaps.model.Dimension;
import io.synaps.model.MetricId;
import io.synaps.model.alarm.AlarmTransition;
import io.synaps.store.alarm.TransitionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * LiveFeed is the dashboard's per-account event feed: alarm transitions become {@code alarm}
 * events at once, applied datums are coalesced into one {@code metrics} event per account per
 * flush interval (one second) naming each metric once, and it counts datums per metric in two
 * rotating activity windows for {@link ActiveMetrics}. Each account has a ring buffer of recent
 * events (count- and byte-bounded) from which subscribers replay after a Last-Event-ID; a
 * resume point that is no longer buffered, from another process (epoch), or malformed gets one
 * {@code reset} event instead. Subscribers pull at their own pace; one that leaves more than
 * {@code maxBacklog} live events unread (or whose position is evicted) is dropped, so a slow
 * client costs no memory. Accounts never see each other's events.
 *
 * <p>{@link #onDatum} runs on the engine's partition applier threads: two hash lookups, one
 * uncontended atomic add, a volatile read, and, the first time a metric is seen in a second, a
 * CAS and a queue append; no lock, no allocation in the steady state. Beyond
 * {@code maxTrackedMetrics} distinct metrics in an account's current window, new metrics are not
 * counted until the window rotates and their datums make that second's {@code metrics} event an
 * overflow (open graphs refresh). Thread-safe.
 */
public final class LiveFeed implements TransitionListener, EngineListener, ActiveMetrics, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String REASON_RESTARTED = "The server restarted; events from before the restart are gone.";
    static final String REASON_EVICTED = "Events after the last one received are no longer buffered.";
    static final String REASON_UNKNOWN = "The last event id is not one this server issued.";
    static final String REASON_LAGGING = "The client fell too far behind the live feed.";
    static final String REASON_CLOSED = "The live feed is closed.";

    /** Most datums first, then namespace, metric name and dimensions, so the order is stable. */
    static final Comparator<ActiveMetric> MOST_ACTIVE = Comparator.comparingLong(ActiveMetric::sampleCount).reversed()
            .thenComparing(a -> a.metric().namespace())
            .thenComparing(a -> a.metric().metricName())
            .thenComparing((a, b) -> compareDimensions(a.metric().dimensions(), b.metric().dimensions()));

    private final LiveFeedConfig config;
    private final Clock clock;
    private final String epoch;
    private final long windowMillis;
    /** The last sequence number given out; global across accounts, so ids are comparable. */
    private final AtomicLong lastSeq = new AtomicLong();
    private final ConcurrentHashMap<String, AccountFeed> accounts = new ConcurrentHashMap<>();
    private final Object flushLock = new Object();
    private ScheduledExecutorService flusher; // guarded by this
    private volatile boolean closed;

    public LiveFeed(LiveFeedConfig config, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.epoch = Long.toString(clock.millis(), 36);
        this.windowMillis = config.activityWindow().toMillis();
    }

    /** The epoch part of this feed's ids: its start in base-36 epoch milliseconds. */
    public String epoch() {
        return epoch;
    }

    /**
     * Starts the daemon thread that emits the {@code metrics} events and rotates the activity
     * windows every flush interval.
     *
     * @throws IllegalStateException when already started or closed
     */
    public synchronized void start() {
        if (closed || flusher != null) {
            throw new IllegalStateException(closed ? "closed" : "already started");
        }
        flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "synaps-live-feed");
            t.setDaemon(true);
            return t;
        });
        long period = config.flushInterval().toMillis();
        flusher.scheduleAtFixedRate(() -> {
            try {
                flush();
            } catch (RuntimeException e) {
                LOG.error("live feed flush failed", e); // keeps the schedule alive
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    /** Stops the flusher and drops every subscription ({@link EventSink#dropped}); later events are ignored. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (flusher != null) {
                flusher.shutdownNow();
            }
        }
        for (AccountFeed a : accounts.values()) {
            List<Sub> dropped;
            synchronized (a) {
                dropped = new ArrayList<>(a.subs);
                a.subs.clear();
                dropped.forEach(s -> s.closed = true);
            }
            dropped.forEach(s -> s.notifyDropped(REASON_CLOSED));
        }
    }

    // ---------------------------------------------------------------- subscriptions

    /**
     * Subscribes to an account's events. With {@code lastEventId} null or empty the subscription
     * starts at the present (no replay). Otherwise it replays the buffered events after that id, or,
     * when the id is from another process, malformed, or followed by events no longer buffered,
     * delivers one {@code reset} event first and continues with live events. The sink's
     * {@code ready} is called (on this thread) when something is already waiting. A closed feed
     * answers a subscription that is already dropped.
     */
    public LiveSubscription subscribe(String accountId, String lastEventId, EventSink sink) {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(sink, "sink");
        AccountFeed a = account(accountId);
        Sub s;
        boolean pending;
        synchronized (a) {
            long last = lastSeq.get();
            s = new Sub(a, sink);
            s.cursor = a.appended;
            s.liveFrom = a.appended;
            s.startId = epoch + "-" + last;
            if (lastEventId != null && !lastEventId.isEmpty()) {
                String reason = resume(a, s, lastEventId, last);
                if (reason != null) {
                    s.pendingReset = new LiveEvent(s.startId, last, LiveEvent.RESET, resetData(reason));
                }
            }
            if (closed) {
                s.closed = true;
            } else {
                a.subs.add(s);
            }
            pending = s.pendingReset != null || s.cursor < a.appended;
        }
        if (s.closed) {
            s.notifyDropped(REASON_CLOSED);
        } else if (pending) {
            s.notifyReady();
        }
        return s;
    }

    /** Positions {@code s} after {@code lastEventId}, or answers why it cannot (the reset reason). */
    private String resume(AccountFeed a, Sub s, String lastEventId, long last) {
        int dash = lastEventId.lastIndexOf('-');
        if (dash <= 0 || dash == lastEventId.length() - 1 || lastEventId.length() > 40) {
            return REASON_UNKNOWN;
        }
        long seq = 0;
        for (int i = dash + 1; i < lastEventId.length(); i++) {
            char c = lastEventId.charAt(i);
            if (c < '0' || c > '9' || seq > (Long.MAX_VALUE - 9) / 10) {
                return REASON_UNKNOWN;
            }
            seq = seq * 10 + (c - '0');
        }
        if (!lastEventId.regionMatches(0, epoch, 0, dash) || dash != epoch.length()) {
            return REASON_RESTARTED;
        }
        if (seq > last) {
            return REASON_UNKNOWN;
        }
        if (seq < a.evictedSeq) {
            return REASON_EVICTED; // an event of this account after seq was evicted
        }
        s.cursor = a.firstAfter(seq);
        s.startId = epoch + "-" + seq;
        return null;
    }

    private static String resetData(String reason) {
        ObjectNode o = JSON.createObjectNode();
        o.put("reason", reason);
        return write(o);
    }

    /** The number of live subscriptions of an account (for tests and metrics). */
    public int subscribers(String accountId) {
        AccountFeed a = accounts.get(accountId);
        if (a == null) {
            return 0;
        }
        synchronized (a) {
            return a.subs.size();
        }
    }

    // ---------------------------------------------------------------- inputs

    @Override
    public void onTransition(AlarmTransition transition) {
        try {
            if (closed) {
                return;
            }
            publish(account(transition.alarm().accountId()), LiveEvent.ALARM, alarmData(transition));
        } catch (RuntimeException e) {
            LOG.error("live feed dropped a transition of {}", transition.key(), e); // must not throw into the engine
        }
    }

    static String alarmData(AlarmTransition t) {
        ObjectNode o = JSON.createObjectNode();
        o.put("alarmName", t.alarm().name());
        o.put("alarmType", t.alarm().type().name());
        o.put("oldState", t.previous().value().name());
        o.put("newState", t.alarm().status().value().name());
        o.put("reason", t.alarm().status().reason());
        o.put("timestamp", Instant.ofEpochMilli(t.timestampMillis()).toString());
        return write(o);
    }

    @Override
    public void onDatum(int partition, String accountId, MetricId metric, long timestampMillis) {
        if (closed || accountId == null || metric == null) {
            return;
        }
        AccountFeed a = accounts.get(accountId);
        if (a == null) {
            a = account(accountId);
        }
        a.datum(metric, config.maxTrackedMetrics(), 2 * config.maxMetricsPerEvent());
    }

    @Override
    public void onControl(int partition, byte[] payload, boolean replayed) {
        // alarm definitions reach the dashboard through its own API calls
    }

    // ---------------------------------------------------------------- flushing

    /**
     * Rotates the activity windows to the clock's present and publishes each account's pending
     * {@code metrics} event. Runs every flush interval on the feed's thread once started;
     * package-private so tests drive it with a virtual clock.
     */
    void flush() {
        synchronized (flushLock) {
            long index = Math.floorDiv(clock.millis(), windowMillis);
            for (AccountFeed a : accounts.values()) {
                a.rotate(index);
                String data = a.takeMetrics(config.maxMetricsPerEvent());
                if (data != null && !closed) {
                    publish(a, LiveEvent.METRICS, data);
                }
            }
        }
    }

    private void publish(AccountFeed a, String type, String data) {
        List<Sub> ready = null;
        List<Sub> dropped = null;
        synchronized (a) {
            if (closed) {
                return;
            }
            long seq = lastSeq.incrementAndGet(); // under the account lock: per-account order = seq order
            a.append(new LiveEvent(epoch + "-" + seq, seq, type, data), config);
            if (!a.subs.isEmpty()) {
                ready = new ArrayList<>(a.subs.size());
                for (Iterator<Sub> it = a.subs.iterator(); it.hasNext(); ) {
                    Sub s = it.next();
                    if (a.lagging(s, config.maxBacklog())) {
                        s.closed = true;
                        it.remove();
                        if (dropped == null) {
                            dropped = new ArrayList<>(1);
                        }
                        dropped.add(s);
                    } else {
                        ready.add(s);
                    }
                }
            }
        }
        if (dropped != null) {
            dropped.forEach(s -> s.notifyDropped(REASON_LAGGING));
        }
        if (ready != null) {
            ready.forEach(Sub::notifyReady);
        }
    }

    private AccountFeed account(String accountId) {
        return accounts.computeIfAbsent(accountId,
                id -> new AccountFeed(config.bufferEvents(), Math.floorDiv(clock.millis(), windowMillis)));
    }

    // ---------------------------------------------------------------- active metrics

    @Override
    public List<ActiveMetric> top(String accountId, int max) {
        AccountFeed a = accountId == null ? null : accounts.get(accountId);
        if (a == null || max < 1) {
            return List.of();
        }
        long index = Math.floorDiv(clock.millis(), windowMillis);
        Windows w = a.windows;
        Map<MetricId, long[]> sums = new HashMap<>();
        for (Window window : new Window[] {w.current(), w.previous()}) {
            // Only the present window and the one before count, even when no flush rotated yet.
            if (window == null || window.index < index - 1 || window.index > index) {
                continue;
            }
            window.counts.forEach((m, c) -> {
                long n = c.count;
                if (n > 0) {
                    sums.computeIfAbsent(m, k -> new long[1])[0] += n;
                }
            });
        }
        PriorityQueue<ActiveMetric> best = new PriorityQueue<>(Math.min(max, Math.max(1, sums.size())),
                MOST_ACTIVE.reversed());
        for (Map.Entry<MetricId, long[]> e : sums.entrySet()) {
            ActiveMetric m = new ActiveMetric(e.getKey(), e.getValue()[0]);
            if (best.size() < max) {
                best.add(m);
            } else if (MOST_ACTIVE.compare(m, best.peek()) < 0) {
                best.poll();
                best.add(m);
            }
        }
        List<ActiveMetric> out = new ArrayList<>(best);
        out.sort(MOST_ACTIVE);
        return out;
    }

    @Override
    public int windowSeconds() {
        return (int) config.activityWindow().toSeconds();
    }

    static int compareDimensions(List<Dimension> a, List<Dimension> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    static ObjectNode metricJson(ObjectNode into, MetricId m) {
        into.put("Namespace", m.namespace());
        into.put("MetricName", m.metricName());
        ArrayNode dims = into.putArray("Dimensions");
        for (Dimension d : m.dimensions()) {
            dims.addObject().put("Name", d.name()).put("Value", d.value());
        }
        return into;
    }

    private static String write(ObjectNode o) {
        try {
            return JSON.writeValueAsString(o); // compact: one line, control characters escaped
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- per-account state

    /** One activity window's per-metric datum counts. */
    static final class Window {
        final long index;
        final ConcurrentHashMap<MetricId, Counter> counts = new ConcurrentHashMap<>();
        final AtomicInteger size = new AtomicInteger();

        Window(long index) {
            this.index = index;
        }

        /** The metric's counter, created unless the window already tracks {@code max} metrics (then null). */
        Counter track(MetricId m, int max) {
            if (size.get() >= max) {
                return counts.get(m);
            }
            Counter fresh = new Counter(m);
            Counter prior = counts.putIfAbsent(m, fresh);
            if (prior != null) {
                return prior;
            }
            size.incrementAndGet(); // may pass max by the number of racing threads; a bound, not a quota
            return fresh;
        }
    }

    /** Both windows, swapped as one so a reader never counts one window twice. */
    record Windows(Window current, Window previous) {
    }

    /** A metric's datum count in one window and whether it waits in the account's dirty queue. */
    static final class Counter {
        private static final VarHandle COUNT;
        private static final VarHandle DIRTY;

        static {
            try {
                MethodHandles.Lookup l = MethodHandles.lookup();
                COUNT = l.findVarHandle(Counter.class, "count", long.class);
                DIRTY = l.findVarHandle(Counter.class, "dirty", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final MetricId metric;
        volatile long count;
        volatile int dirty;

        Counter(MetricId metric) {
            this.metric = metric;
        }

        void increment() {
            COUNT.getAndAdd(this, 1L);
        }

        boolean markDirty() {
            return DIRTY.compareAndSet(this, 0, 1);
        }
    }

    /** An account's ring buffer and subscribers (guarded by the instance) and its activity state (lock-free). */
    static final class AccountFeed {
        final LiveEvent[] ring;
        /** Events ever appended; event i sits at ring[i % length] while i >= appended - size. */
        long appended;
        int size;
        long bytes;
        /** Sequence number of the newest evicted event, 0 when none was evicted. */
        long evictedSeq;
        final List<Sub> subs = new ArrayList<>(2);

        volatile Windows windows;
        final ConcurrentLinkedQueue<Counter> dirty = new ConcurrentLinkedQueue<>();
        final AtomicInteger dirtyCount = new AtomicInteger();
        final AtomicBoolean overflow = new AtomicBoolean();

        AccountFeed(int capacity, long windowIndex) {
            this.ring = new LiveEvent[capacity];
            this.windows = new Windows(new Window(windowIndex), null);
        }

        void append(LiveEvent e, LiveFeedConfig config) {
            int cap = ring.length;
            while (size > 0 && (size == cap || bytes + e.frame().length > config.bufferBytes())) {
                int oldest = (int) ((appended - size) % cap);
                evictedSeq = ring[oldest].seq();
                bytes -= ring[oldest].frame().length;
                ring[oldest] = null;
                size--;
            }
            ring[(int) (appended % cap)] = e;
            appended++;
            size++;
            bytes += e.frame().length;
        }

        /** Index of the first buffered event with a sequence number above {@code seq}. */
        long firstAfter(long seq) {
            long lo = appended - size;
            long hi = appended;
            while (lo < hi) {
                long mid = (lo + hi) >>> 1;
                if (ring[(int) (mid % ring.length)].seq() <= seq) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }

        /** Whether {@code s} lost its position or left more than {@code maxBacklog} live events unread. */
        boolean lagging(Sub s, int maxBacklog) {
            return s.cursor < appended - size || appended - Math.max(s.cursor, s.liveFrom) > maxBacklog;
        }

        void datum(MetricId m, int maxTracked, int maxDirty) {
            Window w = windows.current();
            Counter c = w.counts.get(m);
            if (c == null) {
                c = w.track(m, maxTracked);
                if (c == null) {
                    // Not tracked: the graphs must still hear of it, so this second overflows.
                    if (!overflow.get()) {
                        overflow.set(true);
                    }
                    return;
                }
            }
            c.increment();
            if (c.dirty == 0 && !overflow.get() && c.markDirty()) {
                if (dirtyCount.incrementAndGet() <= maxDirty) {
                    dirty.add(c);
                } else {
                    dirtyCount.decrementAndGet();
                    c.dirty = 0;
                    overflow.set(true);
                }
            }
        }

        /** Moves the windows to {@code index} (flusher thread only). */
        void rotate(long index) {
            Windows w = windows;
            long current = w.current().index;
            if (index <= current) {
                return; // same window, or the clock stepped back: keep counting
            }
            windows = new Windows(new Window(index), index == current + 1 ? w.current() : null);
        }

        /** The pending {@code metrics} event's data, or null when no datum arrived (flusher thread only). */
        String takeMetrics(int maxMetrics) {
            boolean overflowed = overflow.getAndSet(false);
            int queued = dirtyCount.get(); // bounded: counters re-queued while we drain wait for next time
            LinkedHashSet<MetricId> metrics = new LinkedHashSet<>();
            for (int i = 0; i < queued; i++) {
                Counter c = dirty.poll();
                if (c == null) {
                    break;
                }
                dirtyCount.decrementAndGet();
                // Cleared before the event is published: a datum after this re-queues the metric,
                // a datum before it is already applied when the client refetches.
                c.dirty = 0;
                metrics.add(c.metric); // a metric may be queued twice across a window rotation
            }
            if (metrics.size() > maxMetrics) {
                overflowed = true;
            }
            if (!overflowed && metrics.isEmpty()) {
                return null;
            }
            ObjectNode o = JSON.createObjectNode();
            ArrayNode list = o.putArray("metrics");
            if (!overflowed) {
                for (MetricId m : metrics) {
                    metricJson(list.addObject(), m);
                }
            }
            o.put("overflow", overflowed);
            return write(o);
        }
    }

    /** A subscription: a cursor into its account's ring (fields guarded by the account). */
    static final class Sub implements LiveSubscription {
        final AccountFeed account;
        final EventSink sink;
        long cursor;
        long liveFrom;
        String startId;
        LiveEvent pendingReset;
        boolean closed;

        Sub(AccountFeed account, EventSink sink) {
            this.account = account;
            this.sink = sink;
        }

        @Override
        public List<LiveEvent> poll(int max) {
            synchronized (account) {
                if (closed || max < 1) {
                    return List.of();
                }
                long available = account.appended - cursor;
                List<LiveEvent> out = new ArrayList<>((int) Math.min(max, available + 1));
                if (pendingReset != null) {
                    out.add(pendingReset);
                    pendingReset = null;
                }
                LiveEvent[] ring = account.ring;
                long end = Math.min(account.appended, cursor + (max - out.size()));
                for (long i = cursor; i < end; i++) {
                    out.add(ring[(int) (i % ring.length)]);
                }
                cursor = Math.max(cursor, end);
                return out;
            }
        }

        @Override
        public String startId() {
            synchronized (account) {
                return startId;
            }
        }

        @Override
        public boolean isClosed() {
            synchronized (account) {
                return closed;
            }
        }

        @Override
        public void close() {
            synchronized (account) {
                if (closed) {
                    return;
                }
                closed = true;
                account.subs.remove(this);
            }
        }

        void notifyReady() {
            try {
                sink.ready(this);
            } catch (RuntimeException e) {
                LOG.warn("live feed sink failed; closing its subscription: {}", e.toString());
                close();
            }
        }

        void notifyDropped(String reason) {
            try {
                sink.dropped(this, reason);
            } catch (RuntimeException e) {
                LOG.warn("live feed sink failed while being dropped: {}", e.toString());
            }
        }
    }
}
