package io.synaps.bench.alarm;

import io.synaps.engine.EngineConfig;
import io.synaps.engine.MetricEngine;
import io.synaps.engine.alarm.AlarmEngine;
import io.synaps.engine.alarm.AlarmEngineConfig;
import io.synaps.journal.SegmentJournal;
import io.synaps.journal.SegmentJournalConfig;
import io.synaps.store.alarm.TransitionListener;
import io.synaps.store.rocksdb.RocksDbStorage;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * AlarmNode is the server's storage and engines without HTTP, wired as SynapsServer does:
 * SegmentJournal and RocksDbStorage under one directory, a MetricEngine, and an AlarmEngine on
 * the given clock with no scheduler thread (the owner calls {@link AlarmEngine#tick()}).
 * {@link #restart()} closes everything gracefully and opens the same directory again (journal
 * replay, every alarm loaded from the store without a window). Not thread-safe: one owner
 * thread opens, restarts and closes it; the engines themselves are thread-safe.
 */
public final class AlarmNode implements AutoCloseable {
    private final Path dir;
    private final int partitions;
    private final Duration flushInterval;
    private final Clock clock;
    private final TransitionListener listener;
    private SegmentJournal journal;
    private RocksDbStorage storage;
    private MetricEngine metrics;
    private AlarmEngine alarms;

    /** Opens (or creates) the node under {@code dir}; {@code flushInterval} is the MetricEngine's (wall time). */
    public AlarmNode(Path dir, int partitions, Duration flushInterval, Clock clock, TransitionListener listener) {
        this.dir = dir;
        this.partitions = partitions;
        this.flushInterval = flushInterval;
        this.clock = clock;
        this.listener = listener;
        open();
    }

    private void open() {
        journal = SegmentJournal.open(SegmentJournalConfig.of(dir.resolve("journal"), partitions));
        try {
            storage = RocksDbStorage.open(dir.resolve("store"), clock);
            metrics = new MetricEngine(journal, storage.metricStore(), EngineConfig.defaults(partitions).withFlushInterval(flushInterval), clock);
            alarms = new AlarmEngine(metrics, metrics, storage.alarmStore(), storage.tagStore(), listener,
                    AlarmEngineConfig.defaults(AlarmFleet.REGION).withSchedulerInterval(Duration.ZERO), clock);
            metrics.start();
            alarms.start();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    public MetricEngine metrics() {
        return metrics;
    }

    public AlarmEngine alarms() {
        return alarms;
    }

    /** Closes gracefully (the metric engine flushes to the store) and opens the same directory. */
    public void restart() {
        close();
        open();
    }

    @Override
    public void close() {
        if (alarms != null) {
            alarms.close();
        }
        if (metrics != null) {
            metrics.close();
        }
        if (storage != null) {
            storage.close();
        }
        journal.close();
        alarms = null;
        metrics = null;
        storage = null;
    }
}
