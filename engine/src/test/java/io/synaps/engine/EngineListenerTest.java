package io.synaps.engine;

import io.synaps.engine.ingest.EngineListener;
import io.synaps.journal.SegmentJournal;
import io.synaps.journal.SegmentJournalConfig;
import io.synaps.model.AwsError;
import io.synaps.model.MetricDatum;
import io.synaps.model.MetricId;
import io.synaps.store.rocksdb.RocksDbStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EngineListenerTest {
    private static final int PARTITIONS = 4;

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    /** Records what the engine tells the listener, as "datum|p|account|metric|ts" and "control|p|text|replayed". */
    private static final class Recorder implements EngineListener {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void onDatum(int partition, String accountId, MetricId metric, long timestampMillis) {
            events.add("datum|" + partition + "|" + accountId + "|" + metric.metricName() + "|" + timestampMillis);
        }

        @Override
        public void onControl(int partition, byte[] payload, boolean replayed) {
            events.add("control|" + partition + "|" + new String(payload, StandardCharsets.UTF_8) + "|" + replayed);
        }
    }

    private record Node(SegmentJournal journal, RocksDbStorage storage, MetricEngine engine) implements AutoCloseable {
        @Override
        public void close() {
            engine.close();
            journal.close();
            storage.close();
        }
    }

    private Node open(EngineListener listener) {
        SegmentJournal journal = SegmentJournal.open(SegmentJournalConfig.of(dir.resolve("journal"), PARTITIONS));
        RocksDbStorage storage = RocksDbStorage.open(dir.resolve("store"), clock);
        MetricEngine engine = new MetricEngine(journal, storage.metricStore(),
                EngineConfig.defaults(PARTITIONS).withFlushInterval(Duration.ofHours(1)), clock);
        engine.setListener(listener);
        engine.start();
        return new Node(journal, storage, engine);
    }

    private static MetricDatum datum(MetricId metric, long ts, double value) {
        return MetricDatum.ofValue(metric, ts, io.synaps.model.StandardUnit.NONE, value);
    }

    @Test
    void hearsEachAppliedDatumOnItsPartitionBeforeTheAck() {
        Recorder recorder = new Recorder();
        try (Node node = open(recorder)) {
            MetricId cpu = MetricId.of("App", "Cpu");
            long ts = clock.millis() - 1000;
            node.engine.put("000000000001", List.of(datum(cpu, ts, 1.0), datum(cpu, ts, 2.0))).join();
            int p = node.engine.partitionOf("000000000001", cpu);
            assertThat(recorder.events).containsExactly(
                    "datum|" + p + "|000000000001|Cpu|" + ts, "datum|" + p + "|000000000001|Cpu|" + ts);
        }
    }

    @Test
    void controlRecordsReachTheirPartitionInLogOrderAndAreReplayedAfterARestart() {
        Recorder live = new Recorder();
        try (Node node = open(live)) {
            node.engine.appendControl(1, "first".getBytes(StandardCharsets.UTF_8)).join();
            node.engine.appendControl(1, "second".getBytes(StandardCharsets.UTF_8)).join();
            node.engine.appendControl(3, "third".getBytes(StandardCharsets.UTF_8)).join();
            assertThat(live.events).containsExactly("control|1|first|false", "control|1|second|false",
                    "control|3|third|false");
        }
        Recorder replay = new Recorder();
        try (Node node = open(replay)) {
            // A graceful close flushed, but control records carry no data: whatever is still in the
            // journal comes back marked as replayed, never as live.
            assertThat(replay.events).allMatch(e -> e.endsWith("|true"));
        }
    }

    @Test
    void controlRecordsSurviveACrashAsReplayedRecords() {
        Recorder live = new Recorder();
        Node node = open(live);
        node.engine.appendControl(2, "kept".getBytes(StandardCharsets.UTF_8)).join();
        // Crash: no engine close, the files are closed under it.
        node.journal.close();
        node.storage.close();
        Recorder replay = new Recorder();
        try (Node again = open(replay)) {
            assertThat(replay.events).containsExactly("control|2|kept|true");
        }
    }

    @Test
    void alarmNamesSpreadOverPartitionsStably() {
        try (Node node = open(EngineListener.NONE)) {
            int p = node.engine.partitionOf("000000000001", "HighCpu");
            assertThat(p).isBetween(0, PARTITIONS - 1);
            assertThat(node.engine.partitionOf("000000000001", "HighCpu")).isEqualTo(p);
            long distinct = java.util.stream.IntStream.range(0, 64)
                    .map(i -> node.engine.partitionOf("000000000001", "alarm-" + i)).distinct().count();
            assertThat(distinct).isEqualTo(PARTITIONS);
        }
    }

    @Test
    void refusesControlRecordsOnceClosed() {
        Node node = open(EngineListener.NONE);
        node.close();
        assertThatThrownBy(() -> node.engine.appendControl(0, new byte[]{1}).join())
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(AwsError.class);
    }
}
