package io.synaps.server;

import io.synaps.api.auth.Credential;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.cloudwatch.model.DashboardEntry;
import software.amazon.awssdk.services.cloudwatch.model.DashboardInvalidInputErrorException;
import software.amazon.awssdk.services.cloudwatch.model.DashboardNotFoundErrorException;
import software.amazon.awssdk.services.cloudwatch.model.Datapoint;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.DimensionFilter;
import software.amazon.awssdk.services.cloudwatch.model.GetDashboardResponse;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricStatisticsResponse;
import software.amazon.awssdk.services.cloudwatch.model.InvalidNextTokenException;
import software.amazon.awssdk.services.cloudwatch.model.InvalidParameterCombinationException;
import software.amazon.awssdk.services.cloudwatch.model.InvalidParameterValueException;
import software.amazon.awssdk.services.cloudwatch.model.ListMetricsResponse;
import software.amazon.awssdk.services.cloudwatch.model.MessageData;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.PutDashboardResponse;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.cloudwatch.model.StatisticSet;
import software.amazon.awssdk.services.cloudwatch.model.StatusCode;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.withinPercentage;

/**
 * CloudWatchSdkIT drives a real Synaps node with the real AWS SDK for Java v2 (2.54.x, which speaks
 * RPC v2 CBOR) and checks every implemented action's results and errors against what real AWS
 * answers (cloudwatch-reference.md sections 1 and 2).
 */
class CloudWatchSdkIT {
    private static EmbeddedNode node;
    private static CloudWatchClient cw;

    @BeforeAll
    static void startNode() {
        node = EmbeddedNode.start();
        cw = node.cloudWatch();
    }

    @AfterAll
    static void stopNode() {
        if (cw != null) {
            cw.close();
        }
        if (node != null) {
            node.close();
        }
    }

    // ---------------------------------------------------------------- helpers

    /** A namespace no other test writes to. */
    static String namespace(TestInfo info) {
        String method = info.getTestMethod().map(m -> m.getName()).orElse("test");
        return "IT/" + method + "/" + Long.toHexString(new Random().nextLong());
    }

    /** A minute boundary safely inside the accepted past window (15 minutes ago). */
    static Instant minuteAgo(int minutes) {
        return Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(minutes, ChronoUnit.MINUTES);
    }

    static void put(String namespace, MetricDatum... data) {
        cw.putMetricData(r -> r.namespace(namespace).metricData(data));
    }

    static MetricDatum.Builder datum(String metric, Instant at) {
        return MetricDatum.builder().metricName(metric).timestamp(at);
    }

    static Dimension dim(String name, String value) {
        return Dimension.builder().name(name).value(value).build();
    }

    static GetMetricStatisticsResponse stats(String ns, String metric, List<Dimension> dims, Instant start, Instant end,
                                             int period, Statistic... statistics) {
        return cw.getMetricStatistics(r -> r.namespace(ns).metricName(metric).dimensions(dims)
                .startTime(start).endTime(end).period(period).statistics(statistics));
    }

    /** Polls a read until it satisfies {@code done} (AWS documents reads right after writes as eventually visible). */
    static <T> T eventually(Supplier<T> read, Predicate<T> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        T value = read.get();
        while (!done.test(value) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            value = read.get();
        }
        return value;
    }

    static <E extends CloudWatchException> E awsError(ThrowingCallable call, Class<E> type, String code, int status) {
        E e = catchThrowableOfType(type, call);
        assertThat(e).as("expected %s (%s)", type.getSimpleName(), code).isNotNull();
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
        assertThat(e.statusCode()).isEqualTo(status);
        assertThat(e.requestId()).as("x-amzn-RequestId").isNotBlank();
        return e;
    }

    /** A key made with {@code keys create} reaches a running node within a second (the credentials file is re-read at most once a second). */
    static void awaitKeyActive(CloudWatchClient client) {
        boolean active = eventually(() -> {
            try {
                client.listDashboards(r -> r.dashboardNamePrefix("no-such-prefix"));
                return true;
            } catch (CloudWatchException e) {
                return false;
            }
        }, ok -> ok);
        assertThat(active).as("new access key accepted by the running node").isTrue();
    }

    static MetricDataQuery query(String id, String ns, String metric, List<Dimension> dims, int period, String stat) {
        return MetricDataQuery.builder().id(id).returnData(true)
                .metricStat(s -> s.metric(m -> m.namespace(ns).metricName(metric).dimensions(dims)).period(period).stat(stat))
                .build();
    }

    static MetricDataQuery query(String id, String ns, String metric, int period, String stat, StandardUnit unit) {
        return MetricDataQuery.builder().id(id).returnData(true)
                .metricStat(s -> s.metric(m -> m.namespace(ns).metricName(metric)).period(period).stat(stat).unit(unit))
                .build();
    }

    static GetMetricDataResponse data(Instant start, Instant end, MetricDataQuery... queries) {
        return cw.getMetricData(r -> r.startTime(start).endTime(end).metricDataQueries(queries));
    }

    // ---------------------------------------------------------------- PutMetricData + GetMetricStatistics

    @Nested
    class PutMetricDataAndStatistics {

        @Test
        void valuesWithCountsExpandToWeightedSamples(TestInfo info) {
            String ns = namespace(info);
            Instant t = minuteAgo(10);
            put(ns, datum("Latency", t.plusSeconds(5)).values(1.0, 10.0).counts(2.0, 4.0).unit(StandardUnit.COUNT).build());

            GetMetricStatisticsResponse r = eventually(
                    () -> stats(ns, "Latency", List.of(), t.minus(5, ChronoUnit.MINUTES), t.plus(5, ChronoUnit.MINUTES), 60,
                            Statistic.SAMPLE_COUNT, Statistic.SUM, Statistic.MAXIMUM, Statistic.MINIMUM, Statistic.AVERAGE),
                    x -> !x.datapoints().isEmpty());

            assertThat(r.label()).isEqualTo("Latency");
            assertThat(r.datapoints()).hasSize(1);
            Datapoint d = r.datapoints().get(0);
            assertThat(d.timestamp()).isEqualTo(t);
            assertThat(d.sampleCount()).isEqualTo(6.0);
            assertThat(d.sum()).isEqualTo(42.0);
            assertThat(d.maximum()).isEqualTo(10.0);
            assertThat(d.minimum()).isEqualTo(1.0);
            assertThat(d.average()).isEqualTo(7.0);
            assertThat(d.unit()).isEqualTo(StandardUnit.COUNT);
        }

        @Test
        void singleValueAndStatisticSetInOneMinuteAggregateTogether(TestInfo info) {
            String ns = namespace(info);
            Instant t = minuteAgo(10);
            put(ns,
                    datum("Mixed", t.plusSeconds(1)).value(11.0).build(),
                    datum("Mixed", t.plusSeconds(2)).statisticValues(StatisticSet.builder()
                            .sampleCount(10.0).sum(55.0).minimum(1.0).maximum(10.0).build()).build());

            Datapoint d = eventually(() -> stats(ns, "Mixed", List.of(), t, t.plus(1, ChronoUnit.MINUTES), 60,
                            Statistic.SAMPLE_COUNT, Statistic.SUM, Statistic.MAXIMUM, Statistic.MINIMUM, Statistic.AVERAGE),
                    x -> !x.datapoints().isEmpty()).datapoints().get(0);

            assertThat(d.sum()).isEqualTo(66.0);
            assertThat(d.sampleCount()).isEqualTo(11.0);
            assertThat(d.minimum()).isEqualTo(1.0);
            assertThat(d.maximum()).isEqualTo(11.0);
            assertThat(d.average()).isEqualTo(6.0);
            assertThat(d.unit()).isEqualTo(StandardUnit.NONE);
        }

        @Test
        void valuesAndStatisticValuesTogetherAreAccepted(TestInfo info) {
            String ns = namespace(info);
            Instant t = minuteAgo(10);
            put(ns, datum("Both", t).values(1.0, 2.0).statisticValues(StatisticSet.builder()
                    .sampleCount(2.0).sum(3.0).minimum(1.0).maximum(2.0).build()).build());

            List<Datapoint> points = eventually(() -> stats(ns, "Both", List.of(), t, t.plus(1, ChronoUnit.MINUTES), 60,
                    Statistic.SAMPLE_COUNT), x -> !x.datapoints().isEmpty()).datapoints();
            assertThat(points).hasSize(1);
            assertThat(points.get(0).sampleCount()).isPositive();
        }

        @Test
        void unitsSplitDatapointsWhenTheRequestHasNoUnit(TestInfo info) {
            String ns = namespace(info);
            Instant t = minuteAgo(10);
            put(ns,
                    datum("Split", t.plusSeconds(1)).value(1.0).unit(StandardUnit.SECONDS).build(),
                    datum("Split", t.plusSeconds(2)).value(5.0).unit(StandardUnit.COUNT).build(),
                    datum("Split", t.plusSeconds(3)).value(10.0).build());

            List<Datapoint> points = eventually(() -> stats(ns, "Split", List.of(), t, t.plus(1, ChronoUnit.MINUTES), 60,
                    Statistic.AVERAGE), x -> x.datapoints().size() >= 3).datapoints();
            Map<StandardUnit, Double> averageByUnit = points.stream()
                    .collect(Collectors.toMap(Datapoint::unit, Datapoint::average));
            assertThat(averageByUnit).containsExactlyInAnyOrderEntriesOf(Map.of(
                    StandardUnit.SECONDS, 1.0, StandardUnit.COUNT, 5.0, StandardUnit.NONE, 10.0));
            assertThat(points).allSatisfy(p -> assertThat(p.timestamp()).isEqualTo(t));

            List<Datapoint> counts = cw.getMetricStatistics(r -> r.namespace(ns).metricName("Split")
                    .startTime(t).endTime(t.plus(1, ChronoUnit.MINUTES)).period(60).statistics(Statistic.AVERAGE)
                    .unit(StandardUnit.COUNT)).datapoints();
            assertThat(counts).singleElement().satisfies(p -> {
                assertThat(p.average()).isEqualTo(5.0);
                assertThat(p.unit()).isEqualTo(StandardUnit.COUNT);
            });
        }

        @Test
        void zeroValuesAreRealDatapoints(TestInfo info) {
            String ns = namespace(info);
            Instant t = minuteAgo(10);
            put(ns, datum("Zero", t).value(0.0).build(), datum("Zero", t.plusSeconds(1)).value(3.0).build());
            Datapoint d = eventually(() -> stats(ns, "Zero", List.of(), t, t.plus(1, ChronoUnit.MINUTES), 60,
                    Statistic.MINIMUM, Statistic.SAMPLE_COUNT), x -> !x.datapoints().isEmpty()).datapoints().get(0);
            assertThat(d.minimum()).isEqualTo(0.0);
            assertThat(d.sampleCount()).isEqualTo(2.0);
        }

        @Test
        void omittedTimestampMeansNow(TestInfo info) {
            String ns = namespace(info);
            put(ns, MetricDatum.builder().metricName("Now").value(4.0).build());
            Instant now = Instant.now();
            List<Datapoint> points = eventually(() -> stats(ns, "Now", List.of(), now.minus(5, ChronoUnit.MINUTES),
                    now.plus(2, ChronoUnit.MINUTES), 60, Statistic.SUM), x -> !x.datapoints().isEmpty()).datapoints();
            assertThat(points).singleElement().satisfies(p -> assertThat(p.sum()).isEqualTo(4.0));
        }

        @Test
        void bucketsStartAtTheStartTimeRoundedDownToTheMinuteAndStepByPeriod(TestInfo info) {
            String ns = namespace(info);
            Instant m = minuteAgo(20);
            put(ns,
                    datum("Steps", m.plusSeconds(30)).value(1.0).build(),
                    datum("Steps", m.plusSeconds(60)).value(2.0).build(),
                    datum("Steps", m.plusSeconds(150)).value(4.0).build());

            List<Datapoint> perMinute = eventually(() -> stats(ns, "Steps", List.of(), m.plusSeconds(20), m.plusSeconds(180), 60,
                    Statistic.SUM), x -> x.datapoints().size() >= 3).datapoints();
            Map<Instant, Double> sums = new TreeMap<>();
            perMinute.forEach(p -> sums.put(p.timestamp(), p.sum()));
            assertThat(sums).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                    m, 1.0, m.plusSeconds(60), 2.0, m.plusSeconds(120), 4.0)));

            List<Datapoint> threeMinutes = stats(ns, "Steps", List.of(), m, m.plusSeconds(180), 180,
                    Statistic.SUM, Statistic.SAMPLE_COUNT).datapoints();
            assertThat(threeMinutes).singleElement().satisfies(p -> {
                assertThat(p.timestamp()).isEqualTo(m);
                assertThat(p.sum()).isEqualTo(7.0);
                assertThat(p.sampleCount()).isEqualTo(3.0);
            });
        }

        @Test
        void percentilesAreWithinOnePercentOfTheExactValue(TestInfo info) {
            String ns = namespace(info);
            Instant t = minuteAgo(10);
            long seed = new Random().nextLong();
            System.out.println("percentilesAreWithinOnePercentOfTheExactValue seed=" + seed);
            List<Double> values = IntStream.rangeClosed(1, 2000).mapToObj(i -> (double) i).collect(Collectors.toList());
            Collections.shuffle(values, new Random(seed));
            List<MetricDatum> data = new ArrayList<>();
            for (int from = 0; from < values.size(); from += 150) {
                data.add(datum("Pct", t.plusSeconds(from % 60)).values(values.subList(from, Math.min(values.size(), from + 150)))
                        .unit(StandardUnit.MILLISECONDS).build());
            }
            put(ns, data.toArray(MetricDatum[]::new));

            GetMetricStatisticsResponse r = eventually(() -> cw.getMetricStatistics(q -> q.namespace(ns).metricName("Pct")
                            .startTime(t).endTime(t.plus(1, ChronoUnit.MINUTES)).period(60).extendedStatistics("p50", "p99")),
                    x -> !x.datapoints().isEmpty());
            Datapoint d = r.datapoints().get(0);
            assertThat(d.extendedStatistics()).containsOnlyKeys("p50", "p99");
            assertThat(d.extendedStatistics().get("p50")).isCloseTo(1000.0, withinPercentage(1));
            assertThat(d.extendedStatistics().get("p99")).isCloseTo(1980.0, withinPercentage(1));
            assertThat(d.unit()).isEqualTo(StandardUnit.MILLISECONDS);

            List<Double> viaMetricData = data(t, t.plus(1, ChronoUnit.MINUTES),
                    query("p", ns, "Pct", List.of(), 60, "p99")).metricDataResults().get(0).values();
            assertThat(viaMetricData).singleElement().satisfies(v -> assertThat(v).isCloseTo(1980.0, withinPercentage(1)));
        }

        @Test
        void metricThatNeverExistedHasNoDatapointsAndItsNameAsLabel(TestInfo info) {
            String ns = namespace(info);
            GetMetricStatisticsResponse r = stats(ns, "Nothing", List.of(), minuteAgo(60), minuteAgo(0), 60, Statistic.SUM);
            assertThat(r.label()).isEqualTo("Nothing");
            assertThat(r.hasDatapoints()).isTrue();
            assertThat(r.datapoints()).isEmpty();
        }

        @Test
        void aThousandDatumsArriveGzippedAndAreAllStored(TestInfo info) {
            String ns = namespace(info);
            Instant t = minuteAgo(10);
            List<SdkHttpRequest> sent = new CopyOnWriteArrayList<>();
            ExecutionInterceptor capture = new ExecutionInterceptor() {
                @Override
                public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                    sent.add(context.httpRequest());
                }
            };
            try (CloudWatchClient client = node.cloudWatch(node.admin(), capture)) {
                List<MetricDatum> data = IntStream.rangeClosed(1, 1000)
                        .mapToObj(i -> datum("Bulk", t.plusMillis(i * 37L)).value((double) i)
                                .dimensions(dim("Fleet", "alpha")).unit(StandardUnit.COUNT).build())
                        .collect(Collectors.toList());
                client.putMetricData(r -> r.namespace(ns).metricData(data));
            }
            assertThat(sent).singleElement().satisfies(req -> {
                assertThat(req.encodedPath()).isEqualTo("/service/GraniteServiceVersion20100801/operation/PutMetricData");
                assertThat(req.firstMatchingHeader("smithy-protocol")).hasValue("rpc-v2-cbor");
                assertThat(req.firstMatchingHeader("Content-Encoding")).hasValue("gzip");
            });

            Datapoint d = eventually(() -> stats(ns, "Bulk", List.of(dim("Fleet", "alpha")), t, t.plus(1, ChronoUnit.MINUTES), 60,
                    Statistic.SAMPLE_COUNT, Statistic.SUM), x -> !x.datapoints().isEmpty()
                    && x.datapoints().get(0).sampleCount() >= 1000).datapoints().get(0);
            assertThat(d.sampleCount()).isEqualTo(1000.0);
            assertThat(d.sum()).isEqualTo(500_500.0);
        }
    }

    @Nested
    class PutMetricDataErrors {

        @Test
        void valueAndValuesTogetherAreAnInvalidParameterCombination(TestInfo info) {
            InvalidParameterCombinationException e = awsError(() -> put(namespace(info),
                            datum("M", minuteAgo(5)).value(1.0).values(1.0, 2.0).build()),
                    InvalidParameterCombinationException.class, "InvalidParameterCombination", 400);
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(
                    "The parameters MetricData.member.1.Value and MetricData.member.1.Values are mutually exclusive and you have specified both.");
        }

        @Test
        void errorMessagesNameTheOffendingDatumByItsQueryPath(TestInfo info) {
            InvalidParameterCombinationException e = awsError(() -> put(namespace(info),
                            datum("M", minuteAgo(5)).value(1.0).build(),
                            datum("M", minuteAgo(5)).value(1.0).values(1.0, 2.0).build()),
                    InvalidParameterCombinationException.class, "InvalidParameterCombination", 400);
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(
                    "The parameters MetricData.member.2.Value and MetricData.member.2.Values are mutually exclusive and you have specified both.");
        }

        @Test
        void valuesAndCountsOfDifferentLengthAreAnInvalidParameterValue(TestInfo info) {
            InvalidParameterValueException e = awsError(() -> put(namespace(info),
                            datum("M", minuteAgo(5)).values(1.0, 2.0).counts(1.0).build()),
                    InvalidParameterValueException.class, "InvalidParameterValue", 400);
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(
                    "The parameters MetricData.member.1.Values and MetricData.member.1.Counts must be of the same size.");
        }

        @Test
        void valueAndStatisticValuesTogetherAreAnInvalidParameterCombination(TestInfo info) {
            InvalidParameterCombinationException e = awsError(() -> put(namespace(info),
                            datum("M", minuteAgo(5)).value(1.0).statisticValues(StatisticSet.builder()
                                    .sampleCount(1.0).sum(1.0).minimum(1.0).maximum(1.0).build()).build()),
                    InvalidParameterCombinationException.class, "InvalidParameterCombination", 400);
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(
                    "The parameters MetricData.member.1.Value and MetricData.member.1.StatisticValues are mutually exclusive and you have specified both.");
        }

        @Test
        void storageResolutionOutsideOneAndSixtyIsRejected(TestInfo info) {
            InvalidParameterValueException e = awsError(() -> put(namespace(info),
                            datum("M", minuteAgo(5)).value(1.0).storageResolution(5).build()),
                    InvalidParameterValueException.class, "InvalidParameterValue", 400);
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(
                    "The parameter MetricData.member.1.StorageResolution must be a value in the set [ 1, 60 ].");
        }

        @Test
        void notANumberIsRejected(TestInfo info) {
            awsError(() -> put(namespace(info), datum("M", minuteAgo(5)).value(Double.NaN).build()),
                    InvalidParameterValueException.class, "InvalidParameterValue", 400);
        }

        @Test
        void aRejectedRequestStoresNothing(TestInfo info) {
            String ns = namespace(info);
            Instant t = minuteAgo(5);
            awsError(() -> put(ns, datum("Good", t).value(1.0).build(), datum("Bad", t).value(1.0).values(2.0).build()),
                    InvalidParameterCombinationException.class, "InvalidParameterCombination", 400);
            assertThat(stats(ns, "Good", List.of(), t, t.plus(1, ChronoUnit.MINUTES), 60, Statistic.SUM).datapoints()).isEmpty();
        }
    }

    @Nested
    class GetMetricStatisticsErrors {

        @Test
        void startTimeEqualToEndTimeIsAnInvalidParameterValue(TestInfo info) {
            Instant t = minuteAgo(5);
            InvalidParameterValueException e = awsError(() -> stats(namespace(info), "M", List.of(), t, t, 60, Statistic.SUM),
                    InvalidParameterValueException.class, "InvalidParameterValue", 400);
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The parameter StartTime must be less than the parameter EndTime.");
        }

        @Test
        void moreThan1440DatapointsAreAnInvalidParameterCombination(TestInfo info) {
            Instant end = minuteAgo(0);
            InvalidParameterCombinationException e = awsError(
                    () -> stats(namespace(info), "M", List.of(), end.minus(1, ChronoUnit.DAYS), end, 1, Statistic.SUM),
                    InvalidParameterCombinationException.class, "InvalidParameterCombination", 400);
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(
                    "You have requested up to 86400 datapoints, which exceeds the limit of 1440. "
                            + "You may reduce the datapoints requested by increasing Period, or decreasing the time range.");
        }

        @Test
        void exactly1440DatapointsAreAllowed(TestInfo info) {
            Instant end = minuteAgo(0);
            GetMetricStatisticsResponse r = stats(namespace(info), "M", List.of(), end.minus(1440, ChronoUnit.MINUTES), end, 60, Statistic.SUM);
            assertThat(r.datapoints()).isEmpty();

            InvalidParameterCombinationException e = awsError(
                    () -> stats(namespace(info), "M", List.of(), end.minus(1441, ChronoUnit.MINUTES), end, 60, Statistic.SUM),
                    InvalidParameterCombinationException.class, "InvalidParameterCombination", 400);
            assertThat(e.awsErrorDetails().errorMessage()).startsWith("You have requested up to 1441 datapoints, which exceeds the limit of 1440.");
        }

        @Test
        void statisticsAndExtendedStatisticsAreMutuallyExclusive(TestInfo info) {
            Instant t = minuteAgo(5);
            awsError(() -> cw.getMetricStatistics(r -> r.namespace(namespace(info)).metricName("M").startTime(t)
                            .endTime(t.plusSeconds(60)).period(60).statistics(Statistic.SUM).extendedStatistics("p99")),
                    InvalidParameterCombinationException.class, "InvalidParameterCombination", 400);
        }

        @Test
        void neitherStatisticsNorExtendedStatisticsIsAnInvalidParameterCombination(TestInfo info) {
            Instant t = minuteAgo(5);
            awsError(() -> cw.getMetricStatistics(r -> r.namespace(namespace(info)).metricName("M").startTime(t)
                            .endTime(t.plusSeconds(60)).period(60)),
                    InvalidParameterCombinationException.class, "InvalidParameterCombination", 400);
        }
    }

    // ---------------------------------------------------------------- GetMetricData

    @Nested
    class GetMetricData {

        @Test
        void resultsKeepQueryOrderAndCarryIdLabelStatusAndEmptyMessages(TestInfo info) {
            String ns = namespace(info);
            Instant t = minuteAgo(10);
            put(ns, datum("A", t).value(1.0).build(), datum("B", t).value(2.0).build());
            GetMetricDataResponse r = eventually(() -> data(t, t.plus(1, ChronoUnit.MINUTES),
                            query("b", ns, "B", List.of(), 60, "Sum"), query("a", ns, "A", List.of(), 60, "Sum")),
                    x -> x.metricDataResults().stream().allMatch(m -> !m.values().isEmpty()));
            assertThat(r.hasMessages()).isTrue();
            assertThat(r.messages()).isEmpty();
            assertThat(r.nextToken()).isNull();
            assertThat(r.metricDataResults()).extracting(MetricDataResult::id).containsExactly("b", "a");
            MetricDataResult b = r.metricDataResults().get(0);
            assertThat(b.label()).isEqualTo("B");
            assertThat(b.statusCode()).isEqualTo(StatusCode.COMPLETE);
            assertThat(b.timestamps()).containsExactly(t);
            assertThat(b.values()).containsExactly(2.0);
        }

        @Test
        void averageIsPlainDoubleArithmetic(TestInfo info) {
            String ns = namespace(info);
            Instant t = minuteAgo(10);
            put(ns, datum("Avg", t).values(0.0, 2.0, 4.0, 3.5, 7.0, 100.0).build());
            List<Double> values = eventually(() -> data(t, t.plus(1, ChronoUnit.MINUTES),
                    query("avg", ns, "Avg", List.of(), 60, "Average")).metricDataResults().get(0).values(), v -> !v.isEmpty());
            assertThat(values).containsExactly(19.416666666666668);
        }

        @Test
        void defaultLabelsNameOnlyWhatDiffersBetweenQueries(TestInfo info) {
            String ns = namespace(info);
            Instant t = minuteAgo(10);
            put(ns, datum("metric1", t).value(3.0).unit(StandardUnit.COUNT).build());
            Instant end = t.plus(1, ChronoUnit.MINUTES);

            assertThat(labels(data(t, end, query("a", ns, "metric1", List.of(), 60, "Sum"))))
                    .containsExactly("metric1");
            assertThat(labels(data(t, end, query("a", ns, "metric1", List.of(), 60, "Sum"),
                    query("b", ns, "metric1", List.of(dim("X", "1")), 60, "Sum"))))
                    .containsExactly("metric1", "metric1");
            assertThat(labels(data(t, end, query("a", ns, "metric1", List.of(), 60, "Sum"),
                    query("b", ns, "metric1", List.of(), 60, "Minimum"))))
                    .containsExactly("metric1 Sum", "metric1 Minimum");
            assertThat(labels(data(t, end, query("a", ns, "metric1", List.of(), 60, "Sum"),
                    query("b", ns, "metric1", List.of(), 30, "Sum"))))
                    .containsExactly("metric1 60", "metric1 30");
            assertThat(labels(data(t, end, query("a", ns, "metric1", List.of(), 60, "Sum"),
                    query("b", ns, "metric1", List.of(), 30, "Minimum"))))
                    .containsExactly("metric1 Sum 60", "metric1 Minimum 30");
            assertThat(labels(data(t, end, query("a", ns, "metric1", 60, "Sum", StandardUnit.COUNT),
                    query("b", ns, "metric1", 60, "Sum", StandardUnit.SECONDS))))
                    .containsExactly("metric1", "metric1");
            MetricDataQuery labelled = query("a", ns, "metric1", List.of(), 60, "Sum").toBuilder().label("my label").build();
            assertThat(labels(data(t, end, labelled, query("b", ns, "metric1", List.of(), 60, "Minimum"))))
                    .containsExactly("my label", "metric1 Minimum");
        }

        private List<String> labels(GetMetricDataResponse r) {
            return r.metricDataResults().stream().map(MetricDataResult::label).collect(Collectors.toList());
        }

        @Test
        void defaultOrderIsNewestFirstAndTimestampAscendingIsTheExactReverse(TestInfo info) {
            String ns = namespace(info);
            Instant t = minuteAgo(30);
            List<MetricDatum> data = IntStream.range(0, 5)
                    .mapToObj(i -> datum("Scan", t.plus(i, ChronoUnit.MINUTES)).value(i + 1.0).build()).collect(Collectors.toList());
            put(ns, data.toArray(MetricDatum[]::new));
            Instant end = t.plus(5, ChronoUnit.MINUTES);

            MetricDataResult desc = eventually(() -> data(t, end, query("s", ns, "Scan", List.of(), 60, "Sum"))
                    .metricDataResults().get(0), x -> x.values().size() == 5);
            assertThat(desc.values()).containsExactly(5.0, 4.0, 3.0, 2.0, 1.0);
            assertThat(desc.timestamps()).isSortedAccordingTo(Collections.reverseOrder());

            MetricDataResult asc = cw.getMetricData(r -> r.startTime(t).endTime(end).scanBy(ScanBy.TIMESTAMP_ASCENDING)
                    .metricDataQueries(query("s", ns, "Scan", List.of(), 60, "Sum"))).metricDataResults().get(0);
            List<Double> reversed = new ArrayList<>(desc.values());
            Collections.reverse(reversed);
            List<Instant> reversedTimes = new ArrayList<>(desc.timestamps());
            Collections.reverse(reversedTimes);
            assertThat(asc.values()).isEqualTo(reversed);
            assertThat(asc.timestamps()).isEqualTo(reversedTimes);
        }

        @Test
        void maxDatapointsPagesWithNextToken(TestInfo info) {
            String ns = namespace(info);
            Instant t = minuteAgo(40);
            List<MetricDatum> data = IntStream.range(0, 20)
                    .mapToObj(i -> datum("Paged", t.plus(i, ChronoUnit.MINUTES)).value(i + 1.0).build()).collect(Collectors.toList());
            put(ns, data.toArray(MetricDatum[]::new));
            Instant end = t.plus(20, ChronoUnit.MINUTES);
            GetMetricDataRequest first = GetMetricDataRequest.builder().startTime(t).endTime(end).maxDatapoints(10)
                    .metricDataQueries(query("p", ns, "Paged", List.of(), 60, "Sum")).build();

            eventually(() -> data(t, end, query("p", ns, "Paged", List.of(), 60, "Sum")).metricDataResults().get(0).values(),
                    v -> v.size() == 20);
            GetMetricDataResponse page1 = cw.getMetricData(first);
            assertThat(page1.nextToken()).isNotBlank();
            MetricDataResult r1 = page1.metricDataResults().get(0);
            assertThat(r1.values()).containsExactly(20.0, 19.0, 18.0, 17.0, 16.0, 15.0, 14.0, 13.0, 12.0, 11.0);
            assertThat(r1.statusCode()).isEqualTo(StatusCode.PARTIAL_DATA);

            GetMetricDataResponse page2 = cw.getMetricData(first.toBuilder().nextToken(page1.nextToken()).build());
            assertThat(page2.nextToken()).isNull();
            MetricDataResult r2 = page2.metricDataResults().get(0);
            assertThat(r2.values()).containsExactly(10.0, 9.0, 8.0, 7.0, 6.0, 5.0, 4.0, 3.0, 2.0, 1.0);
            assertThat(r2.statusCode()).isEqualTo(StatusCode.COMPLETE);
            Set<Instant> all = new HashSet<>(r1.timestamps());
            all.addAll(r2.timestamps());
            assertThat(all).hasSize(20);

            // a page token is no way into another account's data
            try (CloudWatchClient other = node.cloudWatch(node.createAccessKey("555555555555"))) {
                awaitKeyActive(other);
                CloudWatchException e = catchThrowableOfType(CloudWatchException.class, () -> assertThat(other.getMetricData(
                        first.toBuilder().nextToken(page1.nextToken()).build()).metricDataResults().get(0).values()).isEmpty());
                if (e != null) {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidNextToken");
                }
            }
        }

        @Test
        void emptyResultsStillProduceACompleteEntry(TestInfo info) {
            String ns = namespace(info);
            Instant t = minuteAgo(10);
            put(ns, datum("Dimmed", t).value(1.0).dimensions(dim("Host", "a")).unit(StandardUnit.COUNT).build());
            Instant end = t.plus(1, ChronoUnit.MINUTES);
            eventually(() -> data(t, end, query("x", ns, "Dimmed", List.of(dim("Host", "a")), 60, "Sum"))
                    .metricDataResults().get(0).values(), v -> !v.isEmpty());

            Instant future = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
            List<MetricDataResult> results = new ArrayList<>();
            results.add(data(future, future.plus(1, ChronoUnit.HOURS), query("future", ns, "Dimmed",
                    List.of(dim("Host", "a")), 60, "Sum")).metricDataResults().get(0));
            results.add(data(t, end, query("nodims", ns, "Dimmed", List.of(), 60, "Sum")).metricDataResults().get(0));
            results.add(data(t, end, query("otherdims", ns, "Dimmed", List.of(dim("Host", "b")), 60, "Sum")).metricDataResults().get(0));
            results.add(data(t, end, MetricDataQuery.builder().id("unit").metricStat(s -> s.metric(m -> m.namespace(ns)
                    .metricName("Dimmed").dimensions(dim("Host", "a"))).period(60).stat("Sum").unit(StandardUnit.SECONDS)).build())
                    .metricDataResults().get(0));
            assertThat(results).allSatisfy(r -> {
                assertThat(r.hasValues()).isTrue();
                assertThat(r.values()).isEmpty();
                assertThat(r.timestamps()).isEmpty();
                assertThat(r.statusCode()).isEqualTo(StatusCode.COMPLETE);
            });
        }

        @Test
        void dimensionOrderInTheQueryDoesNotMatter(TestInfo info) {
            String ns = namespace(info);
            Instant t = minuteAgo(10);
            put(ns, datum("Two", t).value(8.0).dimensions(dim("A", "1"), dim("B", "2")).build());
            List<Double> values = eventually(() -> data(t, t.plus(1, ChronoUnit.MINUTES),
                    query("q", ns, "Two", List.of(dim("B", "2"), dim("A", "1")), 60, "Sum")).metricDataResults().get(0).values(),
                    v -> !v.isEmpty());
            assertThat(values).containsExactly(8.0);
        }

        @Test
        void withoutAUnitSeveralStoredUnitsReturnTheFirstAndAMultipleUnitsMessage(TestInfo info) {
            String ns = namespace(info);
            Instant t = minuteAgo(10);
            put(ns, datum("Units", t).value(5.0).unit(StandardUnit.MILLISECONDS).build(),
                    datum("Units", t.plusSeconds(1)).value(7.0).unit(StandardUnit.SECONDS).build());
            MetricDataResult r = eventually(() -> data(t, t.plus(1, ChronoUnit.MINUTES),
                    query("u", ns, "Units", List.of(), 60, "Sum")).metricDataResults().get(0), x -> !x.values().isEmpty());
            assertThat(r.values()).containsExactly(5.0);
            assertThat(r.messages()).extracting(MessageData::code, MessageData::value)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("MultipleUnits", "Multiple units returned: '[Milliseconds, Seconds]'"));
        }

        @Test
        void highResolutionDataIsReadableAtTenSecondPeriods(TestInfo info) {
            String ns = namespace(info);
            Instant now = Instant.now();
            Instant t0 = now.minusSeconds(120).minusSeconds(now.getEpochSecond() % 10).truncatedTo(ChronoUnit.SECONDS);
            put(ns, datum("Fast", t0).value(0.0).storageResolution(1).unit(StandardUnit.COUNT).build(),
                    datum("Fast", t0.plusSeconds(1)).value(5.0).storageResolution(1).unit(StandardUnit.COUNT).build());
            MetricDataResult r = eventually(() -> data(t0, t0.plusSeconds(10),
                    query("f", ns, "Fast", 10, "Maximum", StandardUnit.COUNT)).metricDataResults().get(0), x -> !x.values().isEmpty());
            assertThat(r.values()).containsExactly(5.0);
            assertThat(r.timestamps()).containsExactly(t0);
        }

        @Test
        void expressionsFailWithAnErrorInsteadOfData(TestInfo info) {
            Instant t = minuteAgo(10);
            CloudWatchException e = catchThrowableOfType(CloudWatchException.class, () -> data(t, t.plus(1, ChronoUnit.MINUTES),
                    query("m1", namespace(info), "M", List.of(), 60, "Sum").toBuilder().returnData(false).build(),
                    MetricDataQuery.builder().id("e1").expression("m1 * 2").build()));
            assertThat(e).as("metric math is not implemented and must say so").isNotNull();
            assertThat(e.statusCode()).isBetween(400, 599);
            assertThat(e.awsErrorDetails().errorCode()).isNotBlank();
            assertThat(e.awsErrorDetails().errorMessage()).isNotBlank();
        }

        @Test
        void startTimeEqualToEndTimeIsAValidationError(TestInfo info) {
            Instant t = minuteAgo(10);
            CloudWatchException e = awsError(() -> data(t, t, query("m", namespace(info), "M", List.of(), 60, "Sum")),
                    CloudWatchException.class, "ValidationError", 400);
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The parameter StartTime must not equal parameter EndTime.");
        }

        @Test
        void aGarbageNextTokenIsInvalidNextToken(TestInfo info) {
            Instant t = minuteAgo(10);
            awsError(() -> cw.getMetricData(r -> r.startTime(t).endTime(t.plusSeconds(60)).nextToken("not-a-token")
                            .metricDataQueries(query("m", namespace(info), "M", List.of(), 60, "Sum"))),
                    InvalidNextTokenException.class, "InvalidNextToken", 400);
        }
    }

    // ---------------------------------------------------------------- ListMetrics

    @Nested
    class ListMetrics {

        record Listed(String name, Map<String, String> dims) {
        }

        private Set<Listed> list(java.util.function.Consumer<software.amazon.awssdk.services.cloudwatch.model.ListMetricsRequest.Builder> request) {
            Set<Listed> out = new HashSet<>();
            String token = null;
            do {
                String next = token;
                ListMetricsResponse r = cw.listMetrics(b -> {
                    request.accept(b);
                    b.nextToken(next);
                });
                for (Metric m : r.metrics()) {
                    Map<String, String> dims = new TreeMap<>();
                    m.dimensions().forEach(d -> dims.put(d.name(), d.value()));
                    assertThat(out.add(new Listed(m.metricName(), dims))).as("listed once: %s", m).isTrue();
                }
                token = r.nextToken();
            } while (token != null);
            return out;
        }

        @Test
        void eachMetricIsListedOnceAndFiltersMatchLikeAws(TestInfo info) {
            String ns = namespace(info);
            Instant t = minuteAgo(10);
            for (int i = 0; i < 3; i++) {
                put(ns, datum("M1", t.plusSeconds(i)).value((double) i).dimensions(dim("Host", "a")).build());
            }
            put(ns,
                    datum("M1", t).value(1.0).dimensions(dim("Host", "b")).build(),
                    datum("M1", t).value(1.0).dimensions(dim("Host", "a"), dim("Disk", "x")).build(),
                    datum("M2", t).value(1.0).build(),
                    datum("M3", t).statisticValues(StatisticSet.builder().sampleCount(1.0).sum(1.0).minimum(1.0).maximum(1.0).build())
                            .dimensions(dim("Host", "a")).build());

            Listed m1a = new Listed("M1", Map.of("Host", "a"));
            Listed m1b = new Listed("M1", Map.of("Host", "b"));
            Listed m1ax = new Listed("M1", new TreeMap<>(Map.of("Host", "a", "Disk", "x")));
            Listed m2 = new Listed("M2", Map.of());
            Listed m3 = new Listed("M3", Map.of("Host", "a"));

            assertThat(eventually(() -> list(b -> b.namespace(ns)), s -> s.size() >= 5))
                    .containsExactlyInAnyOrder(m1a, m1b, m1ax, m2, m3);
            assertThat(list(b -> b.namespace(ns).metricName("M1"))).containsExactlyInAnyOrder(m1a, m1b, m1ax);
            assertThat(list(b -> b.namespace(ns).dimensions(DimensionFilter.builder().name("Host").build())))
                    .containsExactlyInAnyOrder(m1a, m1b, m1ax, m3);
            assertThat(list(b -> b.namespace(ns).dimensions(DimensionFilter.builder().name("Host").value("a").build())))
                    .containsExactlyInAnyOrder(m1a, m1ax, m3);
            assertThat(list(b -> b.namespace(ns).dimensions(DimensionFilter.builder().name("Host").value("a").build(),
                    DimensionFilter.builder().name("Disk").value("x").build()))).containsExactly(m1ax);
            assertThat(list(b -> b.namespace(ns).metricName("M2").dimensions(DimensionFilter.builder().name("Host").build())))
                    .isEmpty();
            assertThat(list(b -> b.namespace(ns).recentlyActive("PT3H"))).hasSize(5);
            assertThat(list(b -> b.namespace(ns + "-other"))).isEmpty();
        }

        @Test
        void aMetricWithSixDimensionsIsListed(TestInfo info) {
            String ns = namespace(info);
            List<Dimension> six = List.of(dim("error", "none"), dim("exception", "none"), dim("method", "GET"),
                    dim("outcome", "SUCCESS"), dim("status", "200"), dim("uri", "/actuator/health"));
            put(ns, datum("http.server.requests", minuteAgo(5)).value(1.0).dimensions(six).build());
            Set<Listed> listed = eventually(() -> list(b -> b.namespace(ns)), s -> !s.isEmpty());
            Map<String, String> expected = new TreeMap<>();
            six.forEach(d -> expected.put(d.name(), d.value()));
            assertThat(listed).containsExactly(new Listed("http.server.requests", expected));
        }

        @Test
        void pagesHoldFiveHundredMetrics(TestInfo info) {
            String ns = namespace(info);
            Instant t = minuteAgo(5);
            put(ns, IntStream.range(0, 501).mapToObj(i -> datum("m" + i, t).value((double) i).build()).toArray(MetricDatum[]::new));

            eventually(() -> list(b -> b.namespace(ns)), s -> s.size() >= 501);
            ListMetricsResponse first = cw.listMetrics(b -> b.namespace(ns));
            assertThat(first.metrics()).hasSize(500);
            assertThat(first.nextToken()).isNotBlank();
            ListMetricsResponse second = cw.listMetrics(b -> b.namespace(ns).nextToken(first.nextToken()));
            assertThat(second.metrics()).hasSize(1);
            assertThat(second.nextToken()).isNull();
            Set<String> names = new TreeSet<>();
            first.metrics().forEach(m -> names.add(m.metricName()));
            second.metrics().forEach(m -> names.add(m.metricName()));
            assertThat(names).hasSize(501);

            // a page token is no way into another account's metrics
            try (CloudWatchClient other = node.cloudWatch(node.createAccessKey("444444444444"))) {
                awaitKeyActive(other);
                CloudWatchException e = catchThrowableOfType(CloudWatchException.class,
                        () -> assertThat(other.listMetrics(b -> b.namespace(ns).nextToken(first.nextToken())).metrics()).isEmpty());
                if (e != null) {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidNextToken");
                }
            }
        }

        @Test
        void aGarbageNextTokenIsAClientError(TestInfo info) {
            CloudWatchException e = catchThrowableOfType(CloudWatchException.class,
                    () -> cw.listMetrics(b -> b.namespace(namespace(info)).nextToken("garbage!")));
            assertThat(e).isNotNull();
            assertThat(e.statusCode()).isEqualTo(400);
        }
    }

    // ---------------------------------------------------------------- Dashboards

    @Nested
    class Dashboards {
        static final String BODY = "{\"widgets\":[{\"type\":\"text\",\"x\":0,\"y\":0,\"width\":6,\"height\":3,"
                + "\"properties\":{\"markdown\":\"hello\"}}]}";
        static final String BODY2 = "{\"widgets\":[{\"type\":\"text\",\"x\":0,\"y\":0,\"width\":12,\"height\":6,"
                + "\"properties\":{\"markdown\":\"second\"}}]}";

        static String name(TestInfo info) {
            return "it-" + info.getTestMethod().map(m -> m.getName()).orElse("d") + "-" + Integer.toHexString(new Random().nextInt());
        }

        @Test
        void putGetListAndDeleteRoundTrip(TestInfo info) {
            String name = name(info);
            Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            PutDashboardResponse put = cw.putDashboard(r -> r.dashboardName(name).dashboardBody(BODY));
            assertThat(put.hasDashboardValidationMessages()).isTrue();
            assertThat(put.dashboardValidationMessages()).isEmpty();

            GetDashboardResponse got = cw.getDashboard(r -> r.dashboardName(name));
            assertThat(got.dashboardName()).isEqualTo(name);
            assertThat(got.dashboardBody()).isEqualTo(BODY);
            assertThat(got.dashboardArn()).isEqualTo("arn:aws:cloudwatch::" + node.admin().accountId() + ":dashboard/" + name);

            List<DashboardEntry> entries = cw.listDashboards(r -> r.dashboardNamePrefix(name)).dashboardEntries();
            assertThat(entries).singleElement().satisfies(e -> {
                assertThat(e.dashboardName()).isEqualTo(name);
                assertThat(e.dashboardArn()).isEqualTo(got.dashboardArn());
                assertThat(e.size()).isPositive();
                assertThat(e.lastModified()).isBetween(before.minusSeconds(1), Instant.now().plusSeconds(1));
            });
            assertThat(cw.listDashboards(r -> r.dashboardNamePrefix(name + "-nope")).dashboardEntries()).isEmpty();

            cw.putDashboard(r -> r.dashboardName(name).dashboardBody(BODY2));
            assertThat(cw.getDashboard(r -> r.dashboardName(name)).dashboardBody()).isEqualTo(BODY2);

            cw.deleteDashboards(r -> r.dashboardNames(name));
            assertThat(cw.listDashboards(r -> r.dashboardNamePrefix(name)).dashboardEntries()).isEmpty();
            awsError(() -> cw.getDashboard(r -> r.dashboardName(name)),
                    DashboardNotFoundErrorException.class, "ResourceNotFound", 404);
        }

        @Test
        void listWithoutPrefixShowsEveryDashboardOfTheAccount(TestInfo info) {
            String a = name(info) + "-a";
            String b = name(info) + "-b";
            cw.putDashboard(r -> r.dashboardName(a).dashboardBody(BODY));
            cw.putDashboard(r -> r.dashboardName(b).dashboardBody(BODY));
            List<String> names = cw.listDashboards(r -> { }).dashboardEntries().stream()
                    .map(DashboardEntry::dashboardName).collect(Collectors.toList());
            assertThat(names).contains(a, b);
            cw.deleteDashboards(r -> r.dashboardNames(a, b));
        }

        @Test
        void deletingKnownAndUnknownNamesDeletesTheKnownOnes(TestInfo info) {
            String known = name(info);
            cw.putDashboard(r -> r.dashboardName(known).dashboardBody(BODY));
            try {
                cw.deleteDashboards(r -> r.dashboardNames(known, known + "-unknown"));
            } catch (DashboardNotFoundErrorException e) {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFound");
            }
            assertThat(cw.listDashboards(r -> r.dashboardNamePrefix(known)).dashboardEntries()).isEmpty();
        }

        @Test
        void anUnknownDashboardIsDashboardNotFound(TestInfo info) {
            awsError(() -> cw.getDashboard(r -> r.dashboardName(name(info))),
                    DashboardNotFoundErrorException.class, "ResourceNotFound", 404);
        }

        @Test
        void aNameWithAColonIsRejectedWithAwsMessage() {
            InvalidParameterValueException e = awsError(() -> cw.putDashboard(r -> r.dashboardName("bad:name").dashboardBody(BODY)),
                    InvalidParameterValueException.class, "InvalidParameterValue", 400);
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The value for field DashboardName contains invalid characters. "
                    + "It can only contain alphanumerics, dash (-) and underscore (_).\n");
        }

        @Test
        void aBodyThatIsNotJsonIsInvalidParameterInput(TestInfo info) {
            awsError(() -> cw.putDashboard(r -> r.dashboardName(name(info)).dashboardBody("{not json")),
                    DashboardInvalidInputErrorException.class, "InvalidParameterInput", 400);
        }
    }

    // ---------------------------------------------------------------- Authentication and tenants

    @Nested
    class AuthenticationAndTenants {

        @Test
        void aWrongSecretIsSignatureDoesNotMatch() {
            try (CloudWatchClient bad = EmbeddedNode.cloudWatchClient(node.endpoint(), node.admin().accessKeyId(), "wrong-secret")) {
                awsError(() -> bad.listMetrics(r -> { }), CloudWatchException.class, "SignatureDoesNotMatch", 403);
            }
        }

        @Test
        void anUnknownAccessKeyIsInvalidClientTokenId() {
            try (CloudWatchClient bad = EmbeddedNode.cloudWatchClient(node.endpoint(), "AKIAUNKNOWNUNKNOWN00", "whatever")) {
                awsError(() -> bad.listMetrics(r -> { }), CloudWatchException.class, "InvalidClientTokenId", 403);
            }
        }

        @Test
        void aRevokedAccessKeyIsInvalidClientTokenId() {
            Credential key = node.createAccessKey("333333333333");
            try (CloudWatchClient client = node.cloudWatch(key)) {
                awaitKeyActive(client);
                assertThat(node.revokeAccessKey(key.accessKeyId())).isTrue();
                CloudWatchException e = eventually(() -> catchThrowableOfType(CloudWatchException.class, () -> client.listMetrics(r -> { })),
                        x -> x != null);
                assertThat(e).isNotNull();
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId");
                assertThat(e.statusCode()).isEqualTo(403);
            }
        }

        @Test
        void anotherAccountSeesNothingOfTheFirst(TestInfo info) {
            String ns = namespace(info);
            Instant t = minuteAgo(10);
            String dashboard = "tenant-" + Integer.toHexString(new Random().nextInt());
            put(ns, datum("Secret", t).value(42.0).build());
            cw.putDashboard(r -> r.dashboardName(dashboard).dashboardBody(Dashboards.BODY));
            eventually(() -> stats(ns, "Secret", List.of(), t, t.plusSeconds(60), 60, Statistic.SUM).datapoints(), d -> !d.isEmpty());

            Credential other = node.createAccessKey("222222222222");
            try (CloudWatchClient b = node.cloudWatch(other)) {
                awaitKeyActive(b);
                assertThat(b.listMetrics(r -> r.namespace(ns)).metrics()).isEmpty();
                assertThat(b.getMetricStatistics(r -> r.namespace(ns).metricName("Secret").startTime(t).endTime(t.plusSeconds(60))
                        .period(60).statistics(Statistic.SUM)).datapoints()).isEmpty();
                assertThat(b.getMetricData(r -> r.startTime(t).endTime(t.plusSeconds(60))
                        .metricDataQueries(query("s", ns, "Secret", List.of(), 60, "Sum"))).metricDataResults().get(0).values()).isEmpty();
                assertThat(b.listDashboards(r -> r.dashboardNamePrefix(dashboard)).dashboardEntries()).isEmpty();
                awsError(() -> b.getDashboard(r -> r.dashboardName(dashboard)),
                        DashboardNotFoundErrorException.class, "ResourceNotFound", 404);

                // the same names in the second account are its own
                b.putMetricData(r -> r.namespace(ns).metricData(datum("Secret", t).value(1.0).build()));
                b.putDashboard(r -> r.dashboardName(dashboard).dashboardBody(Dashboards.BODY2));
                GetDashboardResponse theirs = b.getDashboard(r -> r.dashboardName(dashboard));
                assertThat(theirs.dashboardBody()).isEqualTo(Dashboards.BODY2);
                assertThat(theirs.dashboardArn()).isEqualTo("arn:aws:cloudwatch::222222222222:dashboard/" + dashboard);
                assertThat(eventually(() -> b.getMetricStatistics(r -> r.namespace(ns).metricName("Secret").startTime(t)
                        .endTime(t.plusSeconds(60)).period(60).statistics(Statistic.SUM)).datapoints(), d -> !d.isEmpty()))
                        .singleElement().satisfies(d -> assertThat(d.sum()).isEqualTo(1.0));
                b.deleteDashboards(r -> r.dashboardNames(dashboard));
            }
            assertThat(cw.getDashboard(r -> r.dashboardName(dashboard)).dashboardBody()).isEqualTo(Dashboards.BODY);
            assertThat(stats(ns, "Secret", List.of(), t, t.plusSeconds(60), 60, Statistic.SUM).datapoints())
                    .singleElement().satisfies(d -> assertThat(d.sum()).isEqualTo(42.0));
            cw.deleteDashboards(r -> r.dashboardNames(dashboard));
        }
    }
}
