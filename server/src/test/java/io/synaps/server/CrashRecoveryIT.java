package io.synaps.server;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Datapoint;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.DimensionFilter;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CrashRecoveryIT runs the server as a child JVM, ingests from several client threads while it
 * records exactly which PutMetricData calls were acknowledged, kills the child with SIGKILL in the
 * middle, restarts it on the same data directory and checks that every acknowledged datum is
 * there: per series, the stored SampleCount and Sum must equal the acknowledged requests plus a
 * subset of the unacknowledged ones (each request carries a value unique within its series).
 */
class CrashRecoveryIT {
    static final int THREADS = 4;
    static final int SERIES_PER_THREAD = 5;
    static final String ADMIN_KEY = ServerConfig.DEFAULT_ACCESS_KEY_ID;
    static final String ADMIN_SECRET = ServerConfig.DEFAULT_SECRET_ACCESS_KEY;

    /** Ledger is what one series was sent and what of that was acknowledged; guarded by its own monitor. */
    static final class Ledger {
        final List<Long> acked = new ArrayList<>();
        final List<Long> unacked = new ArrayList<>();

        synchronized void record(long value, boolean acknowledged) {
            (acknowledged ? acked : unacked).add(value);
        }

        synchronized long ackedSum() {
            return acked.stream().mapToLong(Long::longValue).sum();
        }

        synchronized int ackedCount() {
            return acked.size();
        }

        synchronized int unackedCount() {
            return unacked.size();
        }

        /** Whether (count, sum) is the acknowledged values plus some subset of the unacknowledged ones. */
        synchronized boolean explains(long count, long sum) {
            long extraCount = count - acked.size();
            long extraSum = sum - ackedSum();
            if (extraCount < 0 || extraCount > unacked.size()) {
                return false;
            }
            if (unacked.size() > 20) {
                return extraSum >= 0; // too many to enumerate; the bounds still hold
            }
            for (int mask = 0; mask < (1 << unacked.size()); mask++) {
                if (Integer.bitCount(mask) != extraCount) {
                    continue;
                }
                long s = 0;
                for (int i = 0; i < unacked.size(); i++) {
                    if ((mask & (1 << i)) != 0) {
                        s += unacked.get(i);
                    }
                }
                if (s == extraSum) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public synchronized String toString() {
            return "acked " + acked.size() + " (sum " + ackedSum() + "), unacked " + unacked;
        }
    }

    @Test
    void everyAcknowledgedDatumSurvivesTwoKillsDuringIngest() throws Exception {
        Path dataDir = Files.createTempDirectory("synaps-crash-");
        String ns = "Crash/" + Long.toHexString(new Random().nextLong());
        Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(3, ChronoUnit.MINUTES);
        Ledger[][] ledgers = new Ledger[THREADS][SERIES_PER_THREAD];
        for (Ledger[] row : ledgers) {
            for (int s = 0; s < row.length; s++) {
                row[s] = new Ledger();
            }
        }
        AtomicInteger nextValue = new AtomicInteger(1);
        try {
            ChildNode node = ChildNode.start(dataDir, Map.of());
            for (int cycle = 1; cycle <= 2; cycle++) {
                int acks = ingestUntilKilled(node, ns, minute, ledgers, nextValue);
                System.out.printf("cycle %d: %d acknowledged requests before SIGKILL%n", cycle, acks);
                assertThat(acks).as("the node acknowledged writes before it was killed").isPositive();

                node = ChildNode.start(dataDir, Map.of());
                verify(node, ns, minute, ledgers);
            }
            node.close();
        } finally {
            EmbeddedNode.deleteRecursively(dataDir);
        }
    }

    /** Runs the writer threads, kills the node while they still write, and returns how many requests were acknowledged. */
    private static int ingestUntilKilled(ChildNode node, String ns, Instant minute, Ledger[][] ledgers,
                                         AtomicInteger nextValue) throws InterruptedException {
        URI endpoint = URI.create("http://127.0.0.1:" + node.port());
        AtomicBoolean killed = new AtomicBoolean();
        AtomicInteger acks = new AtomicInteger();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < THREADS; w++) {
            int writer = w;
            Thread thread = new Thread(() -> {
                try (CloudWatchClient client = EmbeddedNode.cloudWatchClient(endpoint, ADMIN_KEY, ADMIN_SECRET)) {
                    while (!killed.get()) {
                        long value = nextValue.getAndIncrement();
                        List<MetricDatum> data = new ArrayList<>();
                        for (int s = 0; s < SERIES_PER_THREAD; s++) {
                            data.add(MetricDatum.builder().metricName("Writes")
                                    .dimensions(dim("Writer", String.valueOf(writer)), dim("Series", String.valueOf(s)))
                                    .timestamp(minute.plusMillis(value % 60_000)).value((double) value).build());
                        }
                        boolean acked;
                        try {
                            client.putMetricData(r -> r.namespace(ns).metricData(data));
                            acked = true;
                            acks.incrementAndGet();
                        } catch (RuntimeException e) {
                            acked = false;
                        }
                        for (int s = 0; s < SERIES_PER_THREAD; s++) {
                            ledgers[writer][s].record(value, acked);
                        }
                        if (!acked) {
                            break; // the node is dying: at most one unacknowledged request per writer and cycle
                        }
                    }
                }
            }, "writer-" + w);
            writers.add(thread);
            thread.start();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (acks.get() < 400 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        node.kill();
        killed.set(true);
        for (Thread thread : writers) {
            thread.join(Duration.ofSeconds(90).toMillis());
        }
        return acks.get();
    }

    private static void verify(ChildNode node, String ns, Instant minute, Ledger[][] ledgers) throws InterruptedException {
        URI endpoint = URI.create("http://127.0.0.1:" + node.port());
        long acked = 0;
        long unacked = 0;
        long unackedFound = 0;
        try (CloudWatchClient client = EmbeddedNode.cloudWatchClient(endpoint, ADMIN_KEY, ADMIN_SECRET)) {
            for (int w = 0; w < THREADS; w++) {
                for (int s = 0; s < SERIES_PER_THREAD; s++) {
                    Ledger ledger = ledgers[w][s];
                    List<Dimension> dims = List.of(dim("Writer", String.valueOf(w)), dim("Series", String.valueOf(s)));
                    long[] found = read(client, ns, minute, dims);
                    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                    while (found[0] < ledger.ackedCount() && System.nanoTime() < deadline) {
                        Thread.sleep(100);
                        found = read(client, ns, minute, dims);
                    }
                    assertThat(ledger.explains(found[0], found[1]))
                            .as("series Writer=%d Series=%d found SampleCount %d Sum %d; ledger %s\nchild output:\n%s",
                                    w, s, found[0], found[1], ledger, node.output())
                            .isTrue();
                    acked += ledger.ackedCount();
                    unacked += ledger.unackedCount();
                    unackedFound += found[0] - ledger.ackedCount();
                }
            }
            System.out.printf("after restart: %d acknowledged samples all present; %d of %d unacknowledged samples present%n",
                    acked, unackedFound, unacked);
            int listed = client.listMetrics(r -> r.namespace(ns).metricName("Writes")
                    .dimensions(DimensionFilter.builder().name("Writer").build())).metrics().size();
            assertThat(listed).isEqualTo(THREADS * SERIES_PER_THREAD);
        }
    }

    private static long[] read(CloudWatchClient client, String ns, Instant minute, List<Dimension> dims) {
        List<Datapoint> points = client.getMetricStatistics(r -> r.namespace(ns).metricName("Writes").dimensions(dims)
                .startTime(minute).endTime(minute.plus(1, ChronoUnit.MINUTES)).period(60)
                .statistics(Statistic.SAMPLE_COUNT, Statistic.SUM)).datapoints();
        if (points.isEmpty()) {
            return new long[]{0, 0};
        }
        assertThat(points).hasSize(1);
        return new long[]{Math.round(points.get(0).sampleCount()), Math.round(points.get(0).sum())};
    }

    private static Dimension dim(String name, String value) {
        return Dimension.builder().name(name).value(value).build();
    }
}
