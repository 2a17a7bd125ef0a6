package io.synaps.bench.alarm;

import io.synaps.bench.alarm.MinuteFigures.Kind;
import io.synaps.engine.alarm.AlarmEngine;
import io.synaps.model.MetricDatum;
import io.synaps.model.alarm.AlarmState;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * AlarmLoad measures the alarm engine in-process at the issue's scale (100,000 metric alarms on
 * 100,000 series, one datum per series per minute) on a real SegmentJournal + RocksDbStorage,
 * MetricEngine and AlarmEngine, in virtual time ({@link VirtualClock}): alarm creation rate,
 * heap per alarm, wall time of the minute tick (cached windows, dirty windows, cold after a
 * restart), and datum-to-transition latency at full speed and at a paced rate. Every minute's
 * transitions and final states are checked against the M-of-N model of {@link AlarmFleet}.
 * Prints a summary; the last line ({@code RESULT ...}) is for scripts. Not thread-safe (one run).
 */
@Command(name = "alarm-load", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Alarm engine load: creation, heap per alarm, minute ticks, datum-to-transition latency.")
public final class AlarmLoad implements Callable<Integer> {
    private static final long MINUTE = 60_000L;
    private static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(10);
    /** Every measured data minute's datums are stamped at this offset into their minute. */
    private static final long STAMP_OFFSET = 30_000L;
    /** Closed-minute data is put this long after the minute's boundary (virtual time). */
    private static final long ARRIVAL_DELAY = 1_000L;

    @Option(names = "--alarms", defaultValue = "100000", description = "Alarms = series (default: ${DEFAULT-VALUE}).")
    int alarms;

    @Option(names = "--flip-period", defaultValue = "20",
            description = "Minutes per breach cycle; 2/period of the alarms transition each minute (default: ${DEFAULT-VALUE}).")
    int flipPeriod;

    @Option(names = "--dimensions", defaultValue = "10", description = "Dimensions per series, 0..10 (default: ${DEFAULT-VALUE}).")
    int dimensions;

    @Option(names = "--partitions", defaultValue = "2", description = "Journal/engine partitions = alarm shards (default: ${DEFAULT-VALUE}, as the server).")
    int partitions;

    @Option(names = "--batch", defaultValue = "1000", description = "Datums per MetricEngine.put (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--inflight", defaultValue = "4", description = "Puts in flight at full speed (default: ${DEFAULT-VALUE}).")
    int inflight;

    @Option(names = "--create-concurrency", defaultValue = "64", description = "PutMetricAlarm calls in flight (default: ${DEFAULT-VALUE}).")
    int createConcurrency;

    @Option(names = "--full-minutes", defaultValue = "3", description = "Measured closed minutes at full speed (default: ${DEFAULT-VALUE}).")
    int fullMinutes;

    @Option(names = "--paced-minutes", defaultValue = "2", description = "Measured closed minutes, datums spread over --minute-seconds (default: ${DEFAULT-VALUE}).")
    int pacedMinutes;

    @Option(names = "--minute-seconds", defaultValue = "60", description = "Wall seconds a paced minute's datums are spread over (default: ${DEFAULT-VALUE}).")
    double minuteSeconds;

    @Option(names = "--open-minutes", defaultValue = "3", description = "Minutes whose data lands in the open minute and is evaluated by the tick (default: ${DEFAULT-VALUE}).")
    int openMinutes;

    @Option(names = "--idle-ticks", defaultValue = "2", description = "Ticks without new data, at most 2 (default: ${DEFAULT-VALUE}).")
    int idleTicks;

    @Option(names = "--heap", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Measure heap per alarm with System.gc() (default: ${DEFAULT-VALUE}).")
    boolean heap;

    @Option(names = "--flush-seconds", defaultValue = "60",
            description = "MetricEngine flush interval in wall seconds (default: ${DEFAULT-VALUE}, as the server).")
    int flushSeconds;

    @Option(names = "--restart", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Restart the node and time the cold tick (default: ${DEFAULT-VALUE}).")
    boolean restart;

    @Option(names = "--dir", description = "Data directory (default: a new temporary directory, deleted at the end).")
    Path dir;

    private PrintStream out = System.out;
    private AlarmLoadReport report;

    public static void main(String[] args) {
        System.exit(new CommandLine(new AlarmLoad()).execute(args));
    }

    /**
     * Runs with these command-line arguments, printing to {@code out}; returns the report (check
     * {@link AlarmLoadReport#healthy()}).
     *
     * @throws IllegalStateException when the arguments were refused or the run failed before a report
     */
    public static AlarmLoadReport run(PrintStream out, String... args) {
        AlarmLoad load = new AlarmLoad();
        load.out = out;
        int code = new CommandLine(load).execute(args);
        if (load.report == null) {
            throw new IllegalStateException("alarm-load exited with " + code + " before a report");
        }
        return load.report;
    }

    @Override
    public Integer call() throws IOException {
        if (idleTicks > 2 || idleTicks < 0) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--idle-ticks must be 0..2");
        }
        boolean temporary = dir == null;
        Path data = temporary ? Files.createTempDirectory("synaps-alarm-load") : dir;
        try {
            report = new Run(data).run();
        } finally {
            if (temporary) {
                delete(data);
            }
        }
        return report.healthy() ? 0 : 1;
    }

    /** One run's state; the minute loop lives here so the options stay plain fields. */
    private final class Run {
        private final Path data;
        private final AlarmFleet fleet = new AlarmFleet(alarms, flipPeriod, dimensions);
        private final TransitionRecorder recorder = new TransitionRecorder(alarms);
        private final ThreadCpuSampler sampler = new ThreadCpuSampler();
        /** nanoTime each series' latest datum was issued. */
        private final long[] issued = new long[alarms];
        private final long t0 = Math.floorDiv(Clock.systemUTC().millis(), MINUTE) * MINUTE;
        private final VirtualClock clock = new VirtualClock(t0);
        private final List<MinuteFigures> minutes = new ArrayList<>();
        private AlarmNode node;

        Run(Path data) {
            this.data = data;
        }

        long boundary(int k) {
            return t0 + k * MINUTE;
        }

        AlarmLoadReport run() {
            out.printf("alarm-load: %,d alarms on %,d series (%d dimensions), Period 60, EvaluationPeriods 3, "
                            + "DatapointsToAlarm 2, %d%% of alarms transition per minute; %d partitions; data in %s%n",
                    alarms, alarms, dimensions, 200 / flipPeriod, partitions, data);
            out.printf("virtual time starts at %s; JVM max heap %,d MB; %d processors%n", Instant.ofEpochMilli(t0),
                    Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors());
            node = new AlarmNode(data, partitions, Duration.ofSeconds(flushSeconds), clock, recorder);
            try {
                return measure();
            } finally {
                node.close();
            }
        }

        private AlarmLoadReport measure() {
            // Data minute 0, before any alarm exists (it counts for them, as on AWS).
            clock.set(boundary(0) + ARRIVAL_DELAY);
            long putOnly = putMinute(0, false);
            out.printf("data minute 0 (no alarms yet): %,d datums put in %.2f s%n", alarms, putOnly / 1e9);
            long heapBefore = -1;
            long rssBefore = -1;
            ClassHistogram histogramBefore = null;
            if (heap) {
                node.metrics().flush().join();
                histogramBefore = ClassHistogram.take();
                heapBefore = usedHeapAfterGc();
                rssBefore = rssBytes();
                out.printf("heap before alarms: %.1f MB used after GC (RSS %.1f MB)%n", heapBefore / 1e6,
                        rssBefore / 1e6);
            }

            // Creation: PutMetricAlarm through AlarmService with bounded concurrency.
            clock.set(boundary(0) + 2 * ARRIVAL_DELAY);
            long created0 = recorder.total();
            long createStart = System.nanoTime();
            long failures = createAlarms();
            long createNanos = System.nanoTime() - createStart;
            settle();
            long creationTransitions = recorder.total() - created0;
            out.printf("created %,d alarms in %.2f s = %,.0f alarms/s (%d in flight), %d failed; "
                            + "%,d transitions at creation%n", alarms - failures, createNanos / 1e9,
                    (alarms - failures) / (createNanos / 1e9), createConcurrency, failures, creationTransitions);

            // Minute 1 caches every window; then the heap with alarms.
            closedMinute(1, false);
            long heapAfter = -1;
            long rssAfter = -1;
            if (heap) {
                node.metrics().flush().join();
                Map<String, long[]> grown = ClassHistogram.take().since(histogramBefore);
                heapAfter = usedHeapAfterGc();
                rssAfter = rssBytes();
                out.printf("heap with alarms: %.1f MB used after GC (RSS %.1f MB): %,.0f bytes per alarm; "
                                + "largest growth by class (bytes, instances per alarm):%n",
                        heapAfter / 1e6, rssAfter / 1e6, (heapAfter - heapBefore) / (double) alarms);
                grown.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1])).limit(14)
                        .forEach(e -> out.printf("    %8.1f B  %6.2f  %s%n", e.getValue()[1] / (double) alarms,
                                e.getValue()[0] / (double) alarms, e.getKey()));
            }
            int k = 2;
            closedMinute(k++, false); // warm-up: from here every alarm has 3 datapoints
            for (int i = 0; i < fullMinutes; i++) {
                closedMinute(k++, false);
            }
            for (int i = 0; i < pacedMinutes; i++) {
                closedMinute(k++, true);
            }
            for (int i = 0; i < openMinutes; i++) {
                openMinute(k++);
            }
            int last = k - 1;
            for (int i = 1; i <= idleTicks; i++) {
                idleTick(last, last + i);
            }
            double restartSeconds = -1;
            if (restart) {
                clock.set(boundary(last + idleTicks) + 2 * ARRIVAL_DELAY);
                long r0 = System.nanoTime();
                node.restart();
                restartSeconds = (System.nanoTime() - r0) / 1e9;
                out.printf("restart (close, journal replay, %,d alarms loaded): %.2f s%n", alarms, restartSeconds);
                coldTick(last);
            }
            AlarmLoadReport result = new AlarmLoadReport(alarms, alarms - failures, failures, createNanos / 1e9,
                    creationTransitions, heapBefore, heapAfter, rssBefore, rssAfter, restartSeconds,
                    List.copyOf(minutes), recorder.foreign());
            result.print(out, createConcurrency, inflight, batch, minuteSeconds);
            return result;
        }

        private long createAlarms() {
            AtomicInteger next = new AtomicInteger();
            AtomicLong failed = new AtomicLong();
            AlarmEngine engine = node.alarms();
            ExecutorService pool = Executors.newFixedThreadPool(createConcurrency, r -> {
                Thread t = new Thread(r, "alarm-load-create");
                t.setDaemon(true);
                return t;
            });
            try {
                List<CompletableFuture<Void>> workers = new ArrayList<>();
                for (int w = 0; w < createConcurrency; w++) {
                    workers.add(CompletableFuture.runAsync(() -> {
                        for (int i = next.getAndIncrement(); i < alarms; i = next.getAndIncrement()) {
                            try {
                                engine.putMetricAlarm(fleet.alarm(i, clock.millis()), Map.of()).join();
                            } catch (RuntimeException e) {
                                if (failed.incrementAndGet() <= 3) {
                                    out.println("PutMetricAlarm " + AlarmFleet.name(i) + " failed: " + e);
                                }
                            }
                        }
                    }, pool));
                }
                CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).join();
            } finally {
                pool.shutdown();
            }
            return failed.get();
        }

        /**
         * Data minute k arrives after its boundary (an agent publishing the minute it just
         * aggregated): the tick at the boundary runs first, then every datum triggers its alarm's
         * evaluation on arrival.
         */
        private void closedMinute(int k, boolean paced) {
            clock.set(boundary(k));
            ThreadCpuSampler.Snapshot cpu0 = sampler.snapshot();
            long before = recorder.total();
            long tick = timedTick();
            long tickTransitions = recorder.total() - before;
            clock.set(boundary(k) + ARRIVAL_DELAY);
            long start = System.nanoTime();
            long putNanos = putMinute(k, paced);
            settle();
            long settleNanos = System.nanoTime() - start;
            Map<String, Long> cpu = sampler.snapshot().since(cpu0);
            Histogram latency = new Histogram(MAX_MICROS, 3);
            // Paced: the slowest transition per 5 s of issue time, to see whether the tail clusters.
            long[] worst = new long[paced ? (int) Math.ceil(minuteSeconds / 5) + 1 : 0];
            for (int i = 0; i < alarms; i++) {
                long t = recorder.lastNanos(i);
                if (t >= start) {
                    long micros = Math.min(MAX_MICROS, Math.max(0, (t - issued[i]) / 1000));
                    latency.recordValue(micros);
                    if (paced) {
                        int slice = (int) Math.min(worst.length - 1, (issued[i] - start) / 5_000_000_000L);
                        worst[slice] = Math.max(worst[slice], micros);
                    }
                }
            }
            Kind kind = paced ? Kind.CLOSED_PACED : Kind.CLOSED_FULL_SPEED;
            record(new MinuteFigures(kind, k, tick, tickTransitions, putNanos / 1e9, settleNanos / 1e9,
                    recorder.total() - before, k >= 3 ? fleet.expectedTransitions(k) : -1,
                    k >= 2 ? mismatches(k) : -1, latency, cpu));
            if (paced) {
                StringBuilder line = new StringBuilder("    slowest datum->transition per 5 s of issue time (ms):");
                for (long w : worst) {
                    line.append(' ').append(w / 1000);
                }
                out.println(line);
            }
        }

        /**
         * Data minute k arrives inside the minute (stamped "now"): nothing is evaluated on
         * arrival, the tick at the minute's end re-reads every window.
         */
        private void openMinute(int k) {
            clock.set(boundary(k) - MINUTE + STAMP_OFFSET);
            ThreadCpuSampler.Snapshot cpu0 = sampler.snapshot();
            long before = recorder.total();
            long start = System.nanoTime();
            long putNanos = putMinute(k, false);
            settle();
            long settleNanos = System.nanoTime() - start;
            long early = recorder.total() - before;
            clock.set(boundary(k));
            long tick = timedTick();
            long all = recorder.total() - before;
            record(new MinuteFigures(Kind.OPEN, k, tick, all - early, putNanos / 1e9, settleNanos / 1e9, all,
                    fleet.expectedTransitions(k), mismatches(k), null, sampler.snapshot().since(cpu0)));
        }

        /** The tick at boundary m without new data: every alarm shifts its cached window; last data minute k. */
        private void idleTick(int k, int m) {
            clock.set(boundary(m));
            ThreadCpuSampler.Snapshot cpu0 = sampler.snapshot();
            long before = recorder.total();
            long tick = timedTick();
            long n = recorder.total() - before;
            record(new MinuteFigures(Kind.IDLE, -1, tick, n, -1, -1, n, 0, mismatches(k), null,
                    sampler.snapshot().since(cpu0)));
        }

        /** The first tick after a restart: every window is read from the store; last data minute k. */
        private void coldTick(int k) {
            ThreadCpuSampler.Snapshot cpu0 = sampler.snapshot();
            long before = recorder.total();
            long tick = timedTick();
            long n = recorder.total() - before;
            record(new MinuteFigures(Kind.COLD, -1, tick, n, -1, -1, n, 0, mismatches(k), null,
                    sampler.snapshot().since(cpu0)));
        }

        private void record(MinuteFigures m) {
            minutes.add(m);
            AlarmLoadReport.printMinute(out, m, alarms);
        }

        private long timedTick() {
            long t = System.nanoTime();
            node.alarms().tick();
            return System.nanoTime() - t;
        }

        /**
         * Puts data minute k for every series, stamped inside that minute, in batches; at full
         * speed with {@code inflight} puts outstanding, paced: batch b issued at b x
         * (minuteSeconds / batches), each datum's issue time being its batch's scheduled time (a
         * late issue counts as latency). Returns the nanoseconds until the last put was acknowledged.
         */
        private long putMinute(int k, boolean paced) {
            long stamp = boundary(k) - MINUTE + STAMP_OFFSET;
            int batches = (alarms + batch - 1) / batch;
            List<List<MetricDatum>> bodies = new ArrayList<>(batches);
            for (int b = 0; b < batches; b++) {
                bodies.add(fleet.datums(k, b * batch, Math.min(alarms, (b + 1) * batch), stamp));
            }
            Semaphore permits = paced ? null : new Semaphore(inflight);
            List<CompletableFuture<Void>> acks = new ArrayList<>(batches);
            long interval = paced ? (long) (minuteSeconds * 1e9 / batches) : 0;
            long start = System.nanoTime();
            for (int b = 0; b < batches; b++) {
                long issue;
                if (paced) {
                    issue = start + b * interval;
                    for (long wait = issue - System.nanoTime(); wait > 0; wait = issue - System.nanoTime()) {
                        LockSupport.parkNanos(wait);
                    }
                } else {
                    permits.acquireUninterruptibly();
                    issue = System.nanoTime();
                }
                for (int i = b * batch, end = Math.min(alarms, (b + 1) * batch); i < end; i++) {
                    issued[i] = issue;
                }
                CompletableFuture<Void> ack = node.metrics().put(AlarmFleet.ACCOUNT, bodies.get(b));
                if (permits != null) {
                    ack.whenComplete((v, e) -> permits.release());
                }
                acks.add(ack);
            }
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).join();
            return System.nanoTime() - start;
        }

        /** Waits until no alarm evaluation is queued or running (awaitIdle gives up after a minute; retry). */
        private void settle() {
            for (int attempt = 1; ; attempt++) {
                try {
                    node.alarms().awaitIdle();
                    return;
                } catch (IllegalStateException e) {
                    if (attempt == 10) {
                        throw e;
                    }
                    out.println("alarm engine still busy after " + attempt + " min; waiting");
                }
            }
        }

        /** Alarms whose recorded state is not the model's after data minute k. */
        private long mismatches(int k) {
            long n = 0;
            for (int i = 0; i < alarms; i++) {
                AlarmState expected = fleet.expectedState(i, k);
                if (recorder.state(i) != expected) {
                    if (n < 3) {
                        out.printf("  mismatch: %s is %s, expected %s after data minute %d%n", AlarmFleet.name(i),
                                recorder.state(i), expected, k);
                    }
                    n++;
                }
            }
            return n;
        }
    }

    /** Used heap after several full collections (they settle after two or three). */
    static long usedHeapAfterGc() {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            best = Math.min(best, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return best;
    }

    /** Resident set size of this process (Linux), -1 when unknown; includes RocksDB's native memory. */
    static long rssBytes() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
            return lines.filter(l -> l.startsWith("VmRSS:")).findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024).orElse(-1L);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static void delete(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
