package io.synaps.store.metric;

import io.synaps.model.AwsError;
import io.synaps.model.Dimension;
import io.synaps.model.MetricId;
import io.synaps.model.StandardUnit;
import io.synaps.stats.Aggregate;
import io.synaps.store.metric.MetricFilter.DimensionFilter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;

/**
 * MetricStoreContract is the behaviour every {@link MetricStore} backend must show; a backend's
 * test extends it and says how to open its store. Times are epoch seconds. Not thread-safe
 * (JUnit runs one test per instance).
 */
public abstract class MetricStoreContract {
    /** 2026-01-01T00:00:00Z: aligned to every tier and slab boundary a backend is likely to use. */
    protected static final long T0 = 1_767_225_600L;
    protected static final String ACCOUNT = "123456789012";
    protected static final String OTHER_ACCOUNT = "210987654321";
    protected static final MetricId CPU = MetricId.of("AWS/EC2", "CPUUtilization", new Dimension("InstanceId", "i-1"));
    protected static final MetricFilter ALL = new MetricFilter(null, null, null, 0);

    @TempDir
    protected Path dir;
    protected MutableClock clock;
    protected MetricStore store;

    /**
     * Opens the backend's store kept in {@code dir} (a fresh directory per test; a backend without
     * local files may derive a keyspace or prefix from it). Called again with the same directory
     * after {@link MetricStore#close()}: the reopened store must hold everything merged before.
     */
    protected abstract MetricStore open(Path dir, Clock clock);

    @BeforeEach
    void openStore() {
        clock = new MutableClock(Instant.ofEpochSecond(T0 + 3600));
        store = open(dir, clock);
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    protected void reopen() {
        store.close();
        store = null;
        store = open(dir, clock);
    }

    // ---- merge and scan ----

    @Test
    public void twoMergesIntoOneBucketAddUp() {
        store.merge(List.of(write(ACCOUNT, CPU, StandardUnit.PERCENT, Tier.MINUTE, T0, aggregate(1, 3))), Map.of());
        store.merge(List.of(write(ACCOUNT, CPU, StandardUnit.PERCENT, Tier.MINUTE, T0, aggregate(5, 5))), Map.of());

        List<Bucket> buckets = scan(ACCOUNT, CPU, null, Tier.MINUTE, T0, T0 + 60);

        assertThat(buckets).hasSize(1);
        assertStats(buckets.get(0).aggregate(), 4, 14, 1, 5);
        assertThat(buckets.get(0).unit()).isEqualTo(StandardUnit.PERCENT);
        assertThat(buckets.get(0).start()).isEqualTo(T0);
    }

    @Test
    public void writesToOneBucketWithinOneMergeAddUp() {
        store.merge(List.of(
                write(ACCOUNT, CPU, StandardUnit.PERCENT, Tier.MINUTE, T0, aggregate(2)),
                write(ACCOUNT, CPU, StandardUnit.PERCENT, Tier.MINUTE, T0, aggregate(4)),
                write(ACCOUNT, CPU, StandardUnit.PERCENT, Tier.MINUTE, T0, aggregate(6))), Map.of());

        List<Bucket> buckets = scan(ACCOUNT, CPU, StandardUnit.PERCENT, Tier.MINUTE, T0, T0 + 60);

        assertThat(buckets).hasSize(1);
        assertStats(buckets.get(0).aggregate(), 3, 12, 2, 6);
    }

    @Test
    public void mergeLeavesTheCallersAggregatesUnchanged() {
        Aggregate first = aggregate(1);
        Aggregate second = aggregate(2);
        store.merge(List.of(write(ACCOUNT, CPU, StandardUnit.COUNT, Tier.MINUTE, T0, first),
                write(ACCOUNT, CPU, StandardUnit.COUNT, Tier.MINUTE, T0, second)), Map.of());
        store.merge(List.of(write(ACCOUNT, CPU, StandardUnit.COUNT, Tier.MINUTE, T0, first)), Map.of());

        assertStats(first, 1, 1, 1, 1);
        assertStats(second, 1, 2, 2, 2);
        assertStats(scan(ACCOUNT, CPU, null, Tier.MINUTE, T0, T0 + 60).get(0).aggregate(), 3, 4, 1, 2);
    }

    @Test
    public void scannedAggregatesBelongToTheCaller() {
        store.merge(List.of(write(ACCOUNT, CPU, StandardUnit.COUNT, Tier.MINUTE, T0, aggregate(1))), Map.of());
        scan(ACCOUNT, CPU, null, Tier.MINUTE, T0, T0 + 60).get(0).aggregate().add(100, 1);

        assertStats(scan(ACCOUNT, CPU, null, Tier.MINUTE, T0, T0 + 60).get(0).aggregate(), 1, 1, 1, 1);
    }

    @Test
    public void unitsOfOneMetricAreKeptApart() {
        store.merge(List.of(
                write(ACCOUNT, CPU, StandardUnit.COUNT, Tier.MINUTE, T0, aggregate(1)),
                write(ACCOUNT, CPU, StandardUnit.BYTES, Tier.MINUTE, T0, aggregate(1000)),
                write(ACCOUNT, CPU, StandardUnit.BYTES, Tier.MINUTE, T0 + 60, aggregate(2000))), Map.of());

        List<Bucket> counts = scan(ACCOUNT, CPU, StandardUnit.COUNT, Tier.MINUTE, T0, T0 + 3600);
        List<Bucket> bytes = scan(ACCOUNT, CPU, StandardUnit.BYTES, Tier.MINUTE, T0, T0 + 3600);
        List<Bucket> every = scan(ACCOUNT, CPU, null, Tier.MINUTE, T0, T0 + 3600);

        assertThat(counts).extracting(Bucket::start).containsExactly(T0);
        assertStats(counts.get(0).aggregate(), 1, 1, 1, 1);
        assertThat(bytes).extracting(Bucket::start).containsExactly(T0, T0 + 60);
        assertStats(bytes.get(0).aggregate(), 1, 1000, 1000, 1000);
        assertThat(every).hasSize(3);
        assertThat(every).extracting(Bucket::start).isSorted();
        assertThat(every).extracting(Bucket::unit)
                .containsExactlyInAnyOrder(StandardUnit.COUNT, StandardUnit.BYTES, StandardUnit.BYTES);
        assertThat(scan(ACCOUNT, CPU, StandardUnit.SECONDS, Tier.MINUTE, T0, T0 + 3600)).isEmpty();
    }

    @Test
    public void scanCoversFromInclusiveToExclusive() {
        List<BucketWrite> writes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            writes.add(write(ACCOUNT, CPU, StandardUnit.NONE, Tier.MINUTE, T0 + 60L * i, aggregate(i)));
        }
        store.merge(writes, Map.of());

        assertThat(scan(ACCOUNT, CPU, null, Tier.MINUTE, T0 + 60, T0 + 180)).extracting(Bucket::start)
                .containsExactly(T0 + 60, T0 + 120);
        assertThat(scan(ACCOUNT, CPU, null, Tier.MINUTE, T0 + 61, T0 + 180)).extracting(Bucket::start)
                .containsExactly(T0 + 120);
        assertThat(scan(ACCOUNT, CPU, null, Tier.MINUTE, T0 + 60, T0 + 60)).isEmpty();
        assertThat(scan(ACCOUNT, CPU, null, Tier.MINUTE, T0 - 86_400, T0 + 86_400)).hasSize(5);
    }

    @Test
    public void scanReturnsBucketsInStartOrderAcrossDays() {
        List<Long> starts = new ArrayList<>();
        for (long t = T0 - 3 * 86_400; t < T0 + 2 * 86_400; t += 7 * 3600 + 60) {
            starts.add(Tier.MINUTE.bucketStart(t));
        }
        List<Long> shuffled = new ArrayList<>(starts);
        Collections.shuffle(shuffled, new Random(7));
        for (long start : shuffled) {
            store.merge(List.of(write(ACCOUNT, CPU, StandardUnit.NONE, Tier.MINUTE, start, aggregate(start % 1000))), Map.of());
        }

        assertThat(scan(ACCOUNT, CPU, null, Tier.MINUTE, T0 - 10 * 86_400, T0 + 10 * 86_400))
                .extracting(Bucket::start).containsExactlyElementsOf(starts);
    }

    @Test
    public void tiersAreIndependent() {
        store.merge(List.of(
                write(ACCOUNT, CPU, StandardUnit.NONE, Tier.SECOND, T0 + 1, aggregate(1)),
                write(ACCOUNT, CPU, StandardUnit.NONE, Tier.MINUTE, T0, aggregate(2)),
                write(ACCOUNT, CPU, StandardUnit.NONE, Tier.FIVE_MINUTES, T0, aggregate(3)),
                write(ACCOUNT, CPU, StandardUnit.NONE, Tier.HOUR, T0, aggregate(4))), Map.of());

        for (Tier tier : Tier.values()) {
            List<Bucket> buckets = scan(ACCOUNT, CPU, null, tier, T0 - 3600, T0 + 3600);
            assertThat(buckets).as("tier %s", tier).hasSize(1);
            double expected = tier.ordinal() + 1;
            assertStats(buckets.get(0).aggregate(), 1, expected, expected, expected);
        }
    }

    @Test
    public void scanOfUnknownMetricOrAccountFindsNothing() {
        store.merge(List.of(write(ACCOUNT, CPU, StandardUnit.NONE, Tier.MINUTE, T0, aggregate(1))), Map.of());

        assertThat(scan("999999999999", CPU, null, Tier.MINUTE, T0, T0 + 60)).isEmpty();
        assertThat(scan(ACCOUNT, MetricId.of("AWS/EC2", "CPUUtilization"), null, Tier.MINUTE, T0, T0 + 60)).isEmpty();
        assertThat(scan(ACCOUNT, MetricId.of("AWS/EC2", "CPUUtilization", new Dimension("InstanceId", "i-2")),
                null, Tier.MINUTE, T0, T0 + 60)).isEmpty();
    }

    @Test
    public void bucketsSurviveReopen() {
        store.merge(List.of(write(ACCOUNT, CPU, StandardUnit.COUNT, Tier.MINUTE, T0, aggregate(1, 2, 3)),
                write(ACCOUNT, CPU, StandardUnit.COUNT, Tier.HOUR, T0, aggregate(6))), Map.of());

        reopen();
        store.merge(List.of(write(ACCOUNT, CPU, StandardUnit.COUNT, Tier.MINUTE, T0, aggregate(4))), Map.of());

        assertStats(scan(ACCOUNT, CPU, null, Tier.MINUTE, T0, T0 + 60).get(0).aggregate(), 4, 10, 1, 4);
        assertStats(scan(ACCOUNT, CPU, null, Tier.HOUR, T0, T0 + 3600).get(0).aggregate(), 1, 6, 6, 6);
        assertThat(store.list(ACCOUNT, ALL, null, 500).metrics()).containsExactly(CPU);
    }

    // ---- checkpoints ----

    @Test
    public void checkpointIsZeroUntilWritten() {
        assertThat(store.checkpoint(0)).isZero();
        assertThat(store.checkpoint(17)).isZero();
    }

    @Test
    public void checkpointsAreRecordedWithTheirBucketsAndSurviveReopen() {
        store.merge(List.of(write(ACCOUNT, CPU, StandardUnit.NONE, Tier.MINUTE, T0, aggregate(1))), Map.of(0, 42L, 3, 7L));
        store.merge(List.of(), Map.of(3, 9L));

        assertThat(store.checkpoint(0)).isEqualTo(42);
        assertThat(store.checkpoint(3)).isEqualTo(9);
        reopen();
        assertThat(store.checkpoint(0)).isEqualTo(42);
        assertThat(store.checkpoint(3)).isEqualTo(9);
        assertThat(store.checkpoint(1)).isZero();
        assertThat(scan(ACCOUNT, CPU, null, Tier.MINUTE, T0, T0 + 60)).hasSize(1);
    }

    @Test
    public void rejectedMergeWritesNeitherBucketsNorCheckpoints() {
        BucketWrite good = write(ACCOUNT, CPU, StandardUnit.NONE, Tier.MINUTE, T0, aggregate(1));
        BucketWrite misaligned = write(ACCOUNT, CPU, StandardUnit.NONE, Tier.MINUTE, T0 + 30, aggregate(1));

        assertThatThrownBy(() -> store.merge(List.of(good, misaligned), Map.of(0, 10L)))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(store.checkpoint(0)).isZero();
        assertThat(scan(ACCOUNT, CPU, null, Tier.MINUTE, T0, T0 + 60)).isEmpty();
        reopen();
        assertThat(store.checkpoint(0)).isZero();
        assertThat(scan(ACCOUNT, CPU, null, Tier.MINUTE, T0, T0 + 60)).isEmpty();
    }

    // ---- ListMetrics index ----

    @Test
    public void indexMakesMetricsListableAtOnce() {
        store.index(ACCOUNT, List.of(CPU), T0);

        assertThat(store.list(ACCOUNT, ALL, null, 500).metrics()).containsExactly(CPU);
        assertThat(scan(ACCOUNT, CPU, null, Tier.MINUTE, T0 - 3600, T0 + 3600)).isEmpty();
    }

    @Test
    public void mergeListsTheWrittenMetrics() {
        MetricId disk = MetricId.of("AWS/EC2", "DiskReadOps", new Dimension("InstanceId", "i-1"));
        store.merge(List.of(write(ACCOUNT, CPU, StandardUnit.NONE, Tier.MINUTE, T0, aggregate(1)),
                write(ACCOUNT, disk, StandardUnit.NONE, Tier.HOUR, T0, aggregate(1))), Map.of());

        assertThat(store.list(ACCOUNT, ALL, null, 500).metrics()).containsExactlyInAnyOrder(CPU, disk);
    }

    @Test
    public void eachMetricIsListedOnceHoweverOftenItIsWritten() {
        for (int i = 0; i < 5; i++) {
            store.index(ACCOUNT, List.of(CPU, CPU), T0 + i);
            store.merge(List.of(write(ACCOUNT, CPU, StandardUnit.NONE, Tier.MINUTE, T0 + 60L * i, aggregate(i)),
                    write(ACCOUNT, CPU, StandardUnit.COUNT, Tier.MINUTE, T0 + 60L * i, aggregate(i))), Map.of());
        }
        // the same dimensions given in another order are the same metric
        store.index(ACCOUNT, List.of(new MetricId("N", "m", List.of(new Dimension("b", "2"), new Dimension("a", "1"))),
                new MetricId("N", "m", List.of(new Dimension("a", "1"), new Dimension("b", "2")))), T0);

        assertThat(store.list(ACCOUNT, ALL, null, 500).metrics()).hasSize(2).contains(CPU);
    }

    @Test
    public void listFiltersByExactNamespaceAndMetricName() {
        MetricId a = MetricId.of("App", "Latency");
        MetricId b = MetricId.of("App", "LatencyP99");
        MetricId c = MetricId.of("AppServer", "Latency");
        MetricId d = MetricId.of("Ap", "Latency");
        store.index(ACCOUNT, List.of(a, b, c, d), T0);

        assertThat(store.list(ACCOUNT, new MetricFilter("App", null, null, 0), null, 500).metrics())
                .containsExactlyInAnyOrder(a, b);
        assertThat(store.list(ACCOUNT, new MetricFilter(null, "Latency", null, 0), null, 500).metrics())
                .containsExactlyInAnyOrder(a, c, d);
        assertThat(store.list(ACCOUNT, new MetricFilter("App", "Latency", null, 0), null, 500).metrics())
                .containsExactly(a);
        assertThat(store.list(ACCOUNT, new MetricFilter("Nope", null, null, 0), null, 500).metrics()).isEmpty();
    }

    @Test
    public void listFiltersByDimensions() {
        MetricId plain = MetricId.of("App", "Requests");
        MetricId host1 = MetricId.of("App", "Requests", new Dimension("Host", "h1"));
        MetricId host2 = MetricId.of("App", "Requests", new Dimension("Host", "h2"));
        MetricId host1Get = MetricId.of("App", "Requests", new Dimension("Host", "h1"), new Dimension("Method", "GET"));
        MetricId methodOnly = MetricId.of("App", "Requests", new Dimension("Method", "GET"));
        store.index(ACCOUNT, List.of(plain, host1, host2, host1Get, methodOnly), T0);

        assertThat(listAll(filter(new DimensionFilter("Host", null))))
                .containsExactlyInAnyOrder(host1, host2, host1Get);
        assertThat(listAll(filter(new DimensionFilter("Host", "h1"))))
                .containsExactlyInAnyOrder(host1, host1Get);
        assertThat(listAll(filter(new DimensionFilter("Host", "h1"), new DimensionFilter("Method", null))))
                .containsExactly(host1Get);
        assertThat(listAll(filter(new DimensionFilter("Method", "GET"))))
                .containsExactlyInAnyOrder(host1Get, methodOnly);
        assertThat(listAll(filter(new DimensionFilter("Host", "h3")))).isEmpty();
        assertThat(listAll(filter(new DimensionFilter("Zone", null)))).isEmpty();
        assertThat(listAll(new MetricFilter("App", "Requests", List.of(), 0))).hasSize(5);
    }

    @Test
    public void metricWithSixDimensionsIsListed() {
        MetricId six = MetricId.of("Spring", "http.server.requests", new Dimension("error", "none"),
                new Dimension("exception", "none"), new Dimension("method", "GET"), new Dimension("outcome", "SUCCESS"),
                new Dimension("status", "200"), new Dimension("uri", "/actuator/health"));
        store.index(ACCOUNT, List.of(six), T0);

        List<MetricId> listed = listAll(filter(new DimensionFilter("uri", "/actuator/health")));

        assertThat(listed).containsExactly(six);
        assertThat(listed.get(0).dimensions()).hasSize(6);
    }

    @Test
    public void pagesHoldFiveHundredMetricsAndTheNextTokenLeadsToTheRest() {
        List<MetricId> metrics = new ArrayList<>();
        for (int i = 0; i < 501; i++) {
            metrics.add(MetricId.of("Load", "m" + i, new Dimension("Host", "h" + (i % 7))));
        }
        store.index(ACCOUNT, metrics, T0);

        MetricPage first = store.list(ACCOUNT, ALL, null, 500);
        MetricPage second = store.list(ACCOUNT, ALL, first.nextToken(), 500);

        assertThat(first.metrics()).hasSize(500);
        assertThat(first.nextToken()).isNotNull();
        assertThat(second.metrics()).hasSize(1);
        assertThat(second.nextToken()).isNull();
        Set<MetricId> seen = new HashSet<>(first.metrics());
        seen.addAll(second.metrics());
        assertThat(seen).containsExactlyInAnyOrderElementsOf(metrics);
    }

    @Test
    public void aFullLastPageHasNoNextToken() {
        store.index(ACCOUNT, List.of(MetricId.of("N", "a"), MetricId.of("N", "b")), T0);

        MetricPage page = store.list(ACCOUNT, ALL, null, 2);

        assertThat(page.metrics()).hasSize(2);
        assertThat(page.nextToken()).isNull();
    }

    @Test
    public void pagingIsStableAndListsEveryMatchOnce() {
        List<MetricId> metrics = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            metrics.add(MetricId.of(i % 2 == 0 ? "Even" : "Odd", "m" + (i % 5), new Dimension("i", Integer.toString(i))));
        }
        store.index(ACCOUNT, metrics, T0);
        List<MetricId> whole = store.list(ACCOUNT, ALL, null, 500).metrics();

        List<MetricId> paged = new ArrayList<>();
        String token = null;
        do {
            MetricPage page = store.list(ACCOUNT, ALL, token, 3);
            assertThat(page.metrics()).hasSizeLessThanOrEqualTo(3);
            paged.addAll(page.metrics());
            token = page.nextToken();
        } while (token != null);
        assertThat(paged).containsExactlyElementsOf(whole);
        assertThat(paged).containsExactlyInAnyOrderElementsOf(metrics);

        List<MetricId> odd = new ArrayList<>();
        token = null;
        do {
            MetricPage page = store.list(ACCOUNT, new MetricFilter("Odd", null, null, 0), token, 4);
            odd.addAll(page.metrics());
            token = page.nextToken();
        } while (token != null);
        assertThat(odd).hasSize(20).allMatch(m -> m.namespace().equals("Odd")).doesNotHaveDuplicates();
    }

    @Test
    public void recentlyActiveKeepsOnlyMetricsSeenSinceTheCutOff() {
        long now = T0 + 86_400;
        clock.setEpochSecond(now);
        MetricId stale = MetricId.of("N", "stale");
        MetricId fresh = MetricId.of("N", "fresh");
        MetricId merged = MetricId.of("N", "merged");
        store.index(ACCOUNT, List.of(stale), now - 4 * 3600);
        store.index(ACCOUNT, List.of(fresh), now - 3600);
        store.merge(List.of(write(ACCOUNT, merged, StandardUnit.NONE, Tier.MINUTE, now - 120, aggregate(1))), Map.of());

        MetricFilter recent = new MetricFilter(null, null, null, now - 3 * 3600);

        assertThat(listAll(recent)).containsExactlyInAnyOrder(fresh, merged);
        assertThat(listAll(ALL)).containsExactlyInAnyOrder(stale, fresh, merged);
    }

    @Test
    public void lastSeenOnlyMovesForward() {
        long now = T0 + 86_400;
        clock.setEpochSecond(now);
        store.index(ACCOUNT, List.of(CPU), now - 60);
        store.index(ACCOUNT, List.of(CPU), now - 5 * 3600);
        store.merge(List.of(write(ACCOUNT, CPU, StandardUnit.NONE, Tier.MINUTE, now - 6 * 3600, aggregate(1))), Map.of());

        assertThat(listAll(new MetricFilter(null, null, null, now - 3 * 3600))).containsExactly(CPU);
    }

    @Test
    public void metricsNotSeenForTwoWeeksAreNotListed() {
        long now = T0 + 30 * 86_400;
        clock.setEpochSecond(now);
        MetricId old = MetricId.of("N", "old");
        MetricId recent = MetricId.of("N", "recent");
        store.index(ACCOUNT, List.of(old), now - 15 * 86_400);
        store.index(ACCOUNT, List.of(recent), now - 13 * 86_400);

        assertThat(listAll(ALL)).containsExactly(recent);
        store.index(ACCOUNT, List.of(old), now);
        assertThat(listAll(ALL)).containsExactlyInAnyOrder(old, recent);
    }

    @Test
    public void invalidNextTokensAreRejected() {
        List<MetricId> metrics = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            metrics.add(MetricId.of("N", "m" + i));
        }
        store.index(ACCOUNT, metrics, T0);
        String valid = store.list(ACCOUNT, ALL, null, 2).nextToken();
        assertThat(valid).isNotNull();
        int middle = valid.length() / 2;
        String tampered = valid.substring(0, middle) + (valid.charAt(middle) == 'A' ? 'B' : 'A') + valid.substring(middle + 1);
        String forged = Base64.getUrlEncoder().encodeToString("N\0m1\0".getBytes(StandardCharsets.UTF_8));

        for (String token : List.of("garbage", "not base64 !!", "", tampered, forged, valid + "x")) {
            Throwable thrown = catchThrowable(() -> store.list(ACCOUNT, ALL, token, 2));
            assertThat(thrown).as("token %s", token).isInstanceOf(AwsError.class);
            assertThat(((AwsError) thrown).code()).isEqualTo("InvalidNextToken");
            assertThat(((AwsError) thrown).status()).isEqualTo(400);
        }
        assertThat(store.list(ACCOUNT, ALL, valid, 2).metrics()).hasSize(2);
    }

    @Test
    public void nextTokensSurviveReopen() {
        store.index(ACCOUNT, List.of(MetricId.of("N", "a"), MetricId.of("N", "b"), MetricId.of("N", "c")), T0);
        MetricPage first = store.list(ACCOUNT, ALL, null, 2);

        reopen();

        MetricPage second = store.list(ACCOUNT, ALL, first.nextToken(), 2);
        Set<MetricId> all = new HashSet<>(first.metrics());
        all.addAll(second.metrics());
        assertThat(all).hasSize(3);
        assertThat(second.nextToken()).isNull();
    }

    // ---- tenants ----

    @Test
    public void accountsNeverSeeEachOthersMetricsOrBuckets() {
        MetricId onlyB = MetricId.of("B", "private");
        store.merge(List.of(write(ACCOUNT, CPU, StandardUnit.NONE, Tier.MINUTE, T0, aggregate(1)),
                write(OTHER_ACCOUNT, CPU, StandardUnit.NONE, Tier.MINUTE, T0, aggregate(100, 200)),
                write(OTHER_ACCOUNT, onlyB, StandardUnit.NONE, Tier.MINUTE, T0, aggregate(5))), Map.of());

        assertStats(scan(ACCOUNT, CPU, null, Tier.MINUTE, T0, T0 + 60).get(0).aggregate(), 1, 1, 1, 1);
        assertStats(scan(OTHER_ACCOUNT, CPU, null, Tier.MINUTE, T0, T0 + 60).get(0).aggregate(), 2, 300, 100, 200);
        assertThat(scan(ACCOUNT, onlyB, null, Tier.MINUTE, T0, T0 + 60)).isEmpty();
        assertThat(listAll(ALL)).containsExactly(CPU);
        assertThat(store.list(OTHER_ACCOUNT, ALL, null, 500).metrics()).containsExactlyInAnyOrder(CPU, onlyB);
        assertThat(store.list("000000000000", ALL, null, 500).metrics()).isEmpty();
    }

    @Test
    public void aNextTokenOfOneAccountIsInvalidForAnother() {
        store.index(OTHER_ACCOUNT, List.of(MetricId.of("B", "x"), MetricId.of("B", "y"), MetricId.of("B", "z")), T0);
        store.index(ACCOUNT, List.of(MetricId.of("A", "x")), T0);
        String tokenOfB = store.list(OTHER_ACCOUNT, ALL, null, 1).nextToken();

        Throwable thrown = catchThrowable(() -> store.list(ACCOUNT, ALL, tokenOfB, 1));

        assertThat(thrown).isInstanceOf(AwsError.class);
        assertThat(((AwsError) thrown).code()).isEqualTo("InvalidNextToken");
    }

    // ---- retention ----

    @Test
    public void retentionDeletesEachTiersExpiredBucketsAndKeepsYoungerOnes() {
        long now = T0 + 500 * 86_400L;
        List<BucketWrite> writes = new ArrayList<>();
        for (Tier tier : Tier.values()) {
            long cutoff = now - tier.retentionSeconds();
            writes.add(write(ACCOUNT, CPU, StandardUnit.NONE, tier, tier.bucketStart(cutoff - 3600), aggregate(1)));
            writes.add(write(ACCOUNT, CPU, StandardUnit.NONE, tier, tier.bucketStart(cutoff + 3600), aggregate(2)));
        }
        store.merge(writes, Map.of());

        store.enforceRetention(now);

        for (Tier tier : Tier.values()) {
            long cutoff = now - tier.retentionSeconds();
            assertThat(scan(ACCOUNT, CPU, null, tier, 0, now + 1)).as("tier %s", tier)
                    .extracting(Bucket::start).containsExactly(tier.bucketStart(cutoff + 3600));
        }
        reopen();
        for (Tier tier : Tier.values()) {
            assertThat(scan(ACCOUNT, CPU, null, tier, 0, now + 1)).as("tier %s after reopen", tier).hasSize(1);
        }
    }

    @Test
    public void retentionAppliesPerTier() {
        long now = T0 + 100 * 86_400L;
        long twentyDaysAgo = now - 20 * 86_400L;
        List<BucketWrite> writes = new ArrayList<>();
        for (Tier tier : Tier.values()) {
            writes.add(write(ACCOUNT, CPU, StandardUnit.NONE, tier, tier.bucketStart(twentyDaysAgo), aggregate(1)));
        }
        store.merge(writes, Map.of());

        store.enforceRetention(now);

        assertThat(scan(ACCOUNT, CPU, null, Tier.SECOND, 0, now)).isEmpty();
        assertThat(scan(ACCOUNT, CPU, null, Tier.MINUTE, 0, now)).isEmpty();
        assertThat(scan(ACCOUNT, CPU, null, Tier.FIVE_MINUTES, 0, now)).hasSize(1);
        assertThat(scan(ACCOUNT, CPU, null, Tier.HOUR, 0, now)).hasSize(1);
    }

    @Test
    public void retentionDeletesIndexEntriesIdleFor455Days() {
        MetricId idle = MetricId.of("N", "idle");
        MetricId active = MetricId.of("N", "active");
        store.index(ACCOUNT, List.of(idle), T0);
        store.index(ACCOUNT, List.of(active), T0 + 2 * 86_400);

        store.enforceRetention(T0 + 456 * 86_400L);

        clock.setEpochSecond(T0 + 2 * 86_400);
        assertThat(listAll(ALL)).containsExactly(active);
    }

    // ---- concurrency ----

    @Test
    public void concurrentMergesAndScansLoseNothing() throws Exception {
        int threads = 4;
        int mergesPerThread = 100;
        List<Thread> workers = new ArrayList<>();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < threads; t++) {
            int partition = t;
            Thread worker = new Thread(() -> {
                try {
                    for (int i = 0; i < mergesPerThread; i++) {
                        MetricId own = MetricId.of("N", "m" + partition);
                        store.merge(List.of(write(ACCOUNT, CPU, StandardUnit.COUNT, Tier.MINUTE, T0, aggregate(1)),
                                write(ACCOUNT, own, StandardUnit.COUNT, Tier.MINUTE, T0 + 60L * i, aggregate(i))),
                                Map.of(partition, (long) i + 1));
                        scan(ACCOUNT, CPU, null, Tier.MINUTE, T0, T0 + 60);
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }

        assertThat(failures).isEmpty();
        assertStats(scan(ACCOUNT, CPU, null, Tier.MINUTE, T0, T0 + 60).get(0).aggregate(),
                threads * mergesPerThread, threads * mergesPerThread, 1, 1);
        for (int t = 0; t < threads; t++) {
            assertThat(scan(ACCOUNT, MetricId.of("N", "m" + t), null, Tier.MINUTE, T0, T0 + 86_400)).hasSize(mergesPerThread);
            assertThat(store.checkpoint(t)).isEqualTo(mergesPerThread);
        }
        assertThat(listAll(ALL)).hasSize(threads + 1);
    }

    // ---- randomized model check ----

    @Test
    public void randomMergesMatchASimpleModel() {
        long seed = System.nanoTime();
        System.out.println("MetricStoreContract.randomMergesMatchASimpleModel seed=" + seed);
        Random random = new Random(seed);
        List<MetricId> metrics = List.of(CPU, MetricId.of("N", "a"), MetricId.of("N", "a", new Dimension("d", "1")));
        List<String> accounts = List.of(ACCOUNT, OTHER_ACCOUNT);
        StandardUnit[] units = {StandardUnit.NONE, StandardUnit.COUNT, StandardUnit.BYTES};
        Map<String, double[]> model = new TreeMap<>();
        for (int round = 0; round < 20; round++) {
            List<BucketWrite> writes = new ArrayList<>();
            for (int i = random.nextInt(30); i >= 0; i--) {
                String account = accounts.get(random.nextInt(accounts.size()));
                MetricId metric = metrics.get(random.nextInt(metrics.size()));
                StandardUnit unit = units[random.nextInt(units.length)];
                Tier tier = Tier.values()[random.nextInt(Tier.values().length)];
                long start = tier.bucketStart(T0 + random.nextInt(3 * 86_400) - 86_400);
                double value = random.nextInt(1000) - 500;
                writes.add(write(account, metric, unit, tier, start, aggregate(value)));
                model.merge(account + "|" + metric + "|" + unit + "|" + tier + "|" + start,
                        new double[]{1, value, value, value},
                        (a, b) -> new double[]{a[0] + b[0], a[1] + b[1], Math.min(a[2], b[2]), Math.max(a[3], b[3])});
            }
            store.merge(writes, Map.of(0, (long) round));
            if (random.nextInt(5) == 0) {
                reopen();
            }
        }
        Map<String, double[]> stored = new TreeMap<>();
        for (String account : accounts) {
            for (MetricId metric : metrics) {
                for (Tier tier : Tier.values()) {
                    store.scan(account, metric, null, tier, T0 - 2 * 86_400, T0 + 3 * 86_400, (unit, start, a) ->
                            stored.put(account + "|" + metric + "|" + unit + "|" + tier + "|" + start,
                                    new double[]{a.sampleCount(), a.sum(), a.minimum(), a.maximum()}));
                }
            }
        }
        assertThat(stored.keySet()).as("seed %d", seed).containsExactlyElementsOf(model.keySet());
        model.forEach((key, expected) -> assertThat(stored.get(key)).as("%s seed %d", key, seed).containsExactly(expected));
        assertThat(store.checkpoint(0)).isEqualTo(19);
    }

    // ---- helpers ----

    /** Bucket is one scanned bucket: its unit, start (epoch seconds) and aggregate (the caller's own). */
    protected record Bucket(StandardUnit unit, long start, Aggregate aggregate) {
    }

    protected List<Bucket> scan(String account, MetricId metric, StandardUnit unit, Tier tier, long from, long to) {
        List<Bucket> out = new ArrayList<>();
        store.scan(account, metric, unit, tier, from, to, (u, start, a) -> out.add(new Bucket(u, start, a)));
        return out;
    }

    protected List<MetricId> listAll(MetricFilter filter) {
        List<MetricId> out = new ArrayList<>();
        String token = null;
        do {
            MetricPage page = store.list(ACCOUNT, filter, token, 500);
            out.addAll(page.metrics());
            token = page.nextToken();
        } while (token != null);
        return out;
    }

    protected static MetricFilter filter(DimensionFilter... dimensions) {
        return new MetricFilter(null, null, List.of(dimensions), 0);
    }

    protected static BucketWrite write(String account, MetricId metric, StandardUnit unit, Tier tier, long start,
                                       Aggregate aggregate) {
        return new BucketWrite(account, metric, unit, tier, start, aggregate);
    }

    protected static Aggregate aggregate(double... values) {
        Aggregate a = Aggregate.empty();
        for (double v : values) {
            a.add(v, 1);
        }
        return a;
    }

    protected static void assertStats(Aggregate a, double count, double sum, double min, double max) {
        assertThat(a.sampleCount()).as("sampleCount").isEqualTo(count);
        assertThat(a.sum()).as("sum").isCloseTo(sum, within(1e-9));
        assertThat(a.minimum()).as("minimum").isEqualTo(min);
        assertThat(a.maximum()).as("maximum").isEqualTo(max);
    }
}
