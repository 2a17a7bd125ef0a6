package io.synaps.engine;

import io.synaps.engine.query.UnitSeries;
import io.synaps.journal.SegmentJournal;
import io.synaps.journal.SegmentJournalConfig;
import io.synaps.stats.Aggregate;
import io.synaps.store.rocksdb.RocksDbStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** Kills an engine JVM with SIGKILL while it puts and flushes, and checks every acknowledged datum is read once. */
class EngineCrashTest {
    private static final int ACKS_BEFORE_KILL = 400;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedDatumIsReadExactlyOnceAfterSigkill() throws Exception {
        Path stdout = dir.resolve("child-stdout.txt");
        Path stderr = dir.resolve("child-stderr.txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                EngineCrashChild.class.getName(), dir.resolve("data").toString())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        try {
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (lastAck(stdout) < ACKS_BEFORE_KILL) {
                if (!child.isAlive() || System.nanoTime() > giveUp) {
                    fail("the child stopped or stalled before " + ACKS_BEFORE_KILL + " acks; its stderr:\n"
                            + Files.readString(stderr));
                }
                Thread.sleep(20);
            }
            child.destroyForcibly(); // SIGKILL: no close(), no final flush
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        long acked = lastAck(stdout);

        Clock clock = Clock.fixed(EngineCrashChild.NOW, ZoneOffset.UTC);
        Path data = dir.resolve("data");
        try (SegmentJournal journal = SegmentJournal.open(SegmentJournalConfig.of(data.resolve("journal"),
                EngineCrashChild.PARTITIONS));
             RocksDbStorage storage = RocksDbStorage.open(data.resolve("store"), clock)) {
            MetricEngine engine = new MetricEngine(journal, storage.metricStore(),
                    EngineConfig.defaults(EngineCrashChild.PARTITIONS), clock);
            engine.start();
            try {
                for (int i = 0; i < EngineCrashChild.DATUMS_PER_REQUEST; i++) {
                    List<UnitSeries> series = engine.read("123456789012", EngineCrashChild.metric(i), null,
                            EngineCrashChild.MINUTE, EngineCrashChild.MINUTE + 1800, 1800);
                    Aggregate a = series.get(0).aggregates()[0];
                    // Each request puts one datum per metric; the request in flight at the kill may or may not count.
                    assertThat(a.sampleCount()).as("metric %d after %d acks", i, acked).isBetween((double) acked, acked + 1.0);
                    assertThat(a.sum()).isEqualTo(a.sampleCount());
                }
            } finally {
                engine.close();
            }
        }
    }

    private static long lastAck(Path stdout) throws Exception {
        if (!Files.exists(stdout)) {
            return 0;
        }
        long last = 0;
        for (String line : Files.readAllLines(stdout, StandardCharsets.UTF_8)) {
            if (line.startsWith("ack ") && line.length() > 4) {
                try {
                    last = Math.max(last, Long.parseLong(line.substring(4).trim()));
                } catch (NumberFormatException torn) {
                    // the last line may be cut by the kill
                }
            }
        }
        return last;
    }
}
