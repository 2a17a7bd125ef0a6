package io.synaps.bench.engine;

import io.synaps.bench.workload.MetricFleet;
import io.synaps.engine.EngineConfig;
import io.synaps.engine.MetricEngine;
import io.synaps.engine.ingest.DatumRecord;
import io.synaps.journal.SegmentJournal;
import io.synaps.journal.SegmentJournalConfig;
import io.synaps.model.MetricDatum;
import io.synaps.store.rocksdb.RocksDbStorage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * EnginePutBenchmark measures the durable write path in-process, without HTTP: {@link MetricEngine#put}
 * of 1,000-datum batches (partitioning, active-series accounting, journal record encoding, the
 * fsync'd group-committed append to a {@link SegmentJournal}, and applying to the open buckets),
 * with the RocksDB store behind it receiving the periodic flushes. A put counts when its future
 * completes, i.e. when the datums are durable. Scores are datums per second (one operation = one
 * datum). Four threads by default, like concurrent HTTP requests sharing group commits.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Threads(4)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class EnginePutBenchmark {
    static final String ACCOUNT = "000000000001";
    static final int DATUMS = 1000;

    /** Distinct series cycled through. */
    @Param({"100000"})
    public int series;

    @Param({"2"})
    public int partitions;

    private Path dir;
    private SegmentJournal journal;
    private RocksDbStorage storage;
    private MetricEngine engine;
    private List<List<MetricDatum>> batches;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Clock clock = Clock.systemUTC();
        dir = Files.createTempDirectory("synaps-bench-engine");
        journal = SegmentJournal.open(SegmentJournalConfig.of(dir.resolve("journal"), partitions));
        storage = RocksDbStorage.open(dir.resolve("store"), clock);
        engine = new MetricEngine(journal, storage.metricStore(),
                EngineConfig.defaults(partitions).withMaxActiveSeriesPerAccount(Math.max(series, 1_000_000)), clock);
        engine.start();
        MetricFleet fleet = MetricFleet.standard(series);
        long now = clock.millis();
        batches = new ArrayList<>(fleet.batches());
        for (int b = 0; b < fleet.batches(); b++) {
            batches.add(fleet.datums(b, now));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        engine.close();
        storage.close();
        journal.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /** Per-thread cursor through the batches, so threads send different series at once. */
    @State(Scope.Thread)
    public static class Cursor {
        private int next;

        @Setup(Level.Trial)
        public void setUp(EnginePutBenchmark bench) {
            next = (int) (Thread.currentThread().getId() * 7919 % bench.batches.size());
        }

        List<MetricDatum> next(List<List<MetricDatum>> batches) {
            List<MetricDatum> b = batches.get(next);
            next = (next + 1) % batches.size();
            return b;
        }
    }

    /** One durable PutMetricData's worth of datums through the engine. */
    @Benchmark
    @OperationsPerInvocation(DATUMS)
    public void put(Cursor cursor) {
        engine.put(ACCOUNT, cursor.next(batches)).join();
    }

    /** Encoding the journal record alone (part of {@link #put}). */
    @Benchmark
    @OperationsPerInvocation(DATUMS)
    public List<DatumRecord.Encoded> encodeRecord(Cursor cursor) {
        return DatumRecord.encode(ACCOUNT, cursor.next(batches), journal.maxRecordBytes());
    }
}
