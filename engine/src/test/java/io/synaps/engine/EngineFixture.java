package io.synaps.engine;

import io.synaps.journal.SegmentJournal;
import io.synaps.journal.SegmentJournalConfig;
import io.synaps.model.MetricDatum;
import io.synaps.model.MetricId;
import io.synaps.model.StandardUnit;
import io.synaps.engine.query.UnitSeries;
import io.synaps.store.rocksdb.RocksDbStorage;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * EngineFixture runs a MetricEngine on a real SegmentJournal and RocksDB store in a directory,
 * with a mutable clock, and can restart it cleanly or as after a crash. Not thread-safe.
 */
final class EngineFixture implements AutoCloseable {
    static final int PARTITIONS = 4;

    final Path dir;
    final MutableClock clock;
    private final UnaryOperator<EngineConfig> tweak;
    SegmentJournal journal;
    RocksDbStorage storage;
    FaultyJournal faultyJournal;
    FaultyMetricStore faultyStore;
    MetricEngine engine;

    EngineFixture(Path dir, MutableClock clock) {
        this(dir, clock, UnaryOperator.identity());
    }

    EngineFixture(Path dir, MutableClock clock, UnaryOperator<EngineConfig> tweak) {
        this.dir = dir;
        this.clock = clock;
        this.tweak = tweak;
        open();
    }

    private void open() {
        journal = SegmentJournal.open(SegmentJournalConfig.of(dir.resolve("journal"), PARTITIONS));
        storage = RocksDbStorage.open(dir.resolve("store"), clock);
        // No timed flushes in tests: flushes happen when a test asks for them.
        EngineConfig config = tweak.apply(EngineConfig.defaults(PARTITIONS).withFlushInterval(Duration.ofHours(1)));
        faultyJournal = new FaultyJournal(journal);
        faultyStore = new FaultyMetricStore(storage.metricStore());
        engine = new MetricEngine(faultyJournal, faultyStore, config, clock);
        engine.start();
    }

    void put(String account, MetricDatum... data) {
        engine.put(account, List.of(data)).join();
    }

    List<UnitSeries> read(String account, MetricId metric, StandardUnit unit, long start, long end, int period) {
        return engine.read(account, metric, unit, start, end, period);
    }

    void flush() {
        engine.flush().join();
    }

    /** Restarts as after kill -9: the engine gets no close() (no final flush), only the files remain. */
    void restartAfterCrash() {
        // The abandoned engine's threads stay idle (no timed flush); its journal and store are closed
        // under it, as the OS would on a crash, and everything is reopened from disk.
        abandon();
        open();
    }

    /** Closes the files under the engine without close() (no final flush), as a crash would. */
    void abandon() {
        journal.close();
        storage.close();
    }

    /** Restarts after a graceful close (final flush). */
    void restartCleanly() {
        close();
        open();
    }

    @Override
    public void close() {
        engine.close();
        journal.close();
        storage.close();
    }
}
