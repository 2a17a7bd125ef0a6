package io.synaps.engine;

import io.synaps.journal.SegmentJournal;
import io.synaps.journal.SegmentJournalConfig;
import io.synaps.model.Dimension;
import io.synaps.model.MetricDatum;
import io.synaps.model.MetricId;
import io.synaps.model.StandardUnit;
import io.synaps.store.rocksdb.RocksDbStorage;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * EngineCrashChild is the JVM that EngineCrashTest kills: it puts requests of ten datums (value
 * 1 each) one after another with frequent timed flushes, printing "ack N" after each
 * acknowledgement, until killed.
 */
public final class EngineCrashChild {
    static final int PARTITIONS = 4;
    static final int DATUMS_PER_REQUEST = 10;
    static final Instant NOW = Instant.parse("2026-03-02T12:30:00Z");
    static final long MINUTE = Instant.parse("2026-03-02T12:00:00Z").getEpochSecond();

    private EngineCrashChild() {
    }

    static MetricId metric(int i) {
        return MetricId.of("Crash", "Requests", new Dimension("Host", "h" + i));
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        SegmentJournal journal = SegmentJournal.open(SegmentJournalConfig.of(dir.resolve("journal"), PARTITIONS));
        RocksDbStorage storage = RocksDbStorage.open(dir.resolve("store"), clock);
        MetricEngine engine = new MetricEngine(journal, storage.metricStore(),
                EngineConfig.defaults(PARTITIONS).withFlushInterval(Duration.ofMillis(20)), clock);
        engine.start();
        for (long seq = 1; ; seq++) {
            List<MetricDatum> request = new ArrayList<>();
            for (int i = 0; i < DATUMS_PER_REQUEST; i++) {
                request.add(MetricDatum.ofValue(metric(i), (MINUTE + seq % 1800) * 1000, StandardUnit.COUNT, 1));
            }
            engine.put("123456789012", request).join();
            System.out.println("ack " + seq);
            System.out.flush();
        }
    }
}
