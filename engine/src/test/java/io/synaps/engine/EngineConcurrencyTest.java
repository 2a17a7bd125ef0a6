package io.synaps.engine;

import io.synaps.engine.query.UnitSeries;
import io.synaps.model.Dimension;
import io.synaps.model.MetricDatum;
import io.synaps.model.MetricId;
import io.synaps.model.StandardUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads racing puts and flushes must always see every acknowledged datum once, never more than was sent. */
class EngineConcurrencyTest {
    private static final String ACCOUNT = "123456789012";
    private static final long MINUTE = Instant.parse("2026-03-02T12:00:00Z").getEpochSecond();
    private static final MetricId HOT = MetricId.of("App", "Hot");
    private static final int PUTS = 400;

    @TempDir
    Path dir;

    @Test
    void readsDuringFlushesNeverMissNorDoubleCountAcknowledgedData() throws Exception {
        MutableClock clock = new MutableClock(Instant.ofEpochSecond(MINUTE + 30));
        // Tiny early-flush threshold: merges run all the time, while the other series come and go.
        try (EngineFixture f = new EngineFixture(dir, clock, c -> c.withFlushBatchSeries(3))) {
            AtomicLong started = new AtomicLong();
            AtomicLong acked = new AtomicLong();
            AtomicBoolean done = new AtomicBoolean();
            ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
            Thread writer = new Thread(() -> {
                for (int i = 0; i < PUTS; i++) {
                    List<MetricDatum> request = new ArrayList<>();
                    request.add(MetricDatum.ofValue(HOT, (MINUTE + i % 60) * 1000, StandardUnit.COUNT, 1));
                    request.add(MetricDatum.ofValue(MetricId.of("App", "Cold", new Dimension("N", "" + i % 7)),
                            MINUTE * 1000, StandardUnit.COUNT, 1));
                    started.incrementAndGet();
                    f.engine.put(ACCOUNT, request).join();
                    acked.incrementAndGet();
                }
            });
            Thread flusher = new Thread(() -> {
                while (!done.get()) {
                    f.engine.flush().join();
                }
            });
            Thread reader = new Thread(() -> {
                long reads = 0;
                while (!done.get() || reads < 10) {
                    long before = acked.get();
                    List<UnitSeries> s = f.engine.read(ACCOUNT, HOT, null, MINUTE, MINUTE + 60, 60);
                    long after = started.get();
                    double count = s.isEmpty() ? 0 : s.get(0).aggregates()[0].sampleCount();
                    if (count < before || count > after) {
                        violations.add("read " + count + " with " + before + " acked before and " + after
                                + " started after");
                    }
                    reads++;
                }
            });
            writer.start();
            flusher.start();
            reader.start();
            writer.join();
            done.set(true);
            flusher.join();
            reader.join();

            assertThat(violations).isEmpty();
            assertThat(f.read(ACCOUNT, HOT, null, MINUTE, MINUTE + 60, 60).get(0).aggregates()[0].sampleCount())
                    .isEqualTo(PUTS);
            assertThat(f.faultyStore.merges.get()).as("merges really raced the reads").isGreaterThan(20);
        }
    }
}
