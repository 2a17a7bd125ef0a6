package io.synaps.engine;

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
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures the heap an active series takes together with one open bucket (the steady state of a
 * series reporting within the flush interval), to check that a million active series fit well
 * inside a 2 GB heap. Heap figures come from Runtime after GC, so they are approximate; the bound
 * leaves room for that noise.
 */
class ActiveSeriesMemoryTest {
    private static final int SERIES = 100_000;
    private static final long MINUTE = Instant.parse("2026-03-02T12:00:00Z").getEpochSecond();

    @TempDir
    Path dir;

    @Test
    void aMillionActiveSeriesWithOpenBucketsFitInAFractionOfTwoGigabytes() {
        MutableClock clock = new MutableClock(Instant.ofEpochSecond(MINUTE + 30));
        EngineFixture f = new EngineFixture(dir, clock, c -> c.withMaxActiveSeriesPerAccount(2 * SERIES)
                .withFlushBatchSeries(Integer.MAX_VALUE));
        try {
            long before = usedHeap();
            List<CompletableFuture<Void>> acks = new ArrayList<>();
            List<MetricDatum> request = new ArrayList<>();
            for (int i = 0; i < SERIES; i++) {
                // A typical agent metric: three dimensions, one of them unique per series.
                MetricId m = MetricId.of("CWAgent", "mem_used_percent", new Dimension("InstanceId", "i-" + (100000000 + i)),
                        new Dimension("ImageId", "ami-0abcdef1234567890"), new Dimension("InstanceType", "m5.large"));
                request.add(MetricDatum.ofValue(m, MINUTE * 1000, StandardUnit.PERCENT, i % 100));
                if (request.size() == 1000) {
                    acks.add(f.engine.put("123456789012", request));
                    request = new ArrayList<>();
                }
            }
            acks.forEach(CompletableFuture::join);
            acks = null;
            long after = usedHeap();

            double perSeries = (after - before) / (double) SERIES;
            System.out.printf("active series with one open bucket: %.0f bytes each (x 1M = %.0f MB)%n",
                    perSeries, perSeries * 1e6 / (1 << 20));
            assertThat(f.engine.activeSeries("123456789012")).isEqualTo(SERIES);
            // 1M series must stay under ~800 MB of a 2 GB heap, leaving room for requests and the rest.
            assertThat(perSeries).isLessThan(800);
        } finally {
            f.abandon(); // a final flush of 100,000 series is the store's benchmark, not this test's
        }
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }
}
