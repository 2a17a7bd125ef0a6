package io.synaps.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.server.ProtocolClient.Protocol;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.AlarmHistoryItem;
import software.amazon.awssdk.services.cloudwatch.model.AlarmType;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.CompositeAlarm;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmHistoryRequest;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmHistoryResponse;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsResponse;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.HistoryItemType;
import software.amazon.awssdk.services.cloudwatch.model.InvalidFormatException;
import software.amazon.awssdk.services.cloudwatch.model.InvalidNextTokenException;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricAlarmRequest;
import software.amazon.awssdk.services.cloudwatch.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.cloudwatch.model.Tag;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * AlarmSdkIT drives alarms on a real Synaps node with the real AWS SDK for Java v2 (RPC v2 CBOR):
 * PutMetricAlarm and PutCompositeAlarm, DescribeAlarms with its filters and paging, evaluation on
 * datum arrival, SetAlarmState, DescribeAlarmHistory, Enable/DisableAlarmActions, DeleteAlarms,
 * tags and bad input, each checked against what AWS records (cloudwatch-reference.md 2.7-2.11 and
 * 4.4), plus the BacktestMetricAlarm extension over raw JSON and Query requests.
 */
class AlarmSdkIT {
    static final String ARN_PREFIX = "arn:aws:cloudwatch:us-east-1:" + ServerConfig.DEFAULT_ACCOUNT_ID + ":alarm:";
    static final String TOPIC = "arn:aws:sns:us-east-1:" + ServerConfig.DEFAULT_ACCOUNT_ID + ":";
    static final DateTimeFormatter REASON_DATE = DateTimeFormatter.ofPattern("dd/MM/yy HH:mm:ss").withZone(ZoneOffset.UTC);
    static final DateTimeFormatter DATA_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'+0000'")
            .withZone(ZoneOffset.UTC);
    static final Pattern DATA_DATE_PATTERN = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}\\+0000");
    static final List<String> METRIC_REASON_DATA_KEYS = List.of("version", "queryDate", "startDate", "statistic", "period",
            "recentDatapoints", "threshold", "evaluatedDatapoints");
    static final Duration EVALUATION_WAIT = Duration.ofSeconds(15);
    static final ObjectMapper JSON = new ObjectMapper();

    private static EmbeddedNode node;
    private static CloudWatchClient cw;
    private static software.amazon.awssdk.services.sns.SnsClient sns;

    @BeforeAll
    static void startNode() {
        node = EmbeddedNode.start();
        cw = node.cloudWatch();
        sns = NotifyIT.snsClient(node.endpoint(), node.admin().accessKeyId(), node.admin().secretAccessKey());
        // Alarm actions must name topics that exist (checked at configuration time).
        for (String t : List.of("page", "mail", "ok", "nodata", "pager")) {
            topic(t);
        }
    }

    /** Creates the topic (idempotent) and returns its ARN, which is TOPIC + name. */
    static String topic(String name) {
        return sns.createTopic(b -> b.name(name)).topicArn();
    }

    @AfterAll
    static void stopNode() {
        if (cw != null) {
            cw.close();
        }
        if (sns != null) {
            sns.close();
        }
        if (node != null) {
            node.close();
        }
    }

    // ---------------------------------------------------------------- helpers

    /** A name (alarm name prefix or namespace) no other test uses. */
    static String unique(TestInfo info) {
        String method = info.getTestMethod().map(m -> m.getName()).orElse("test");
        return "it-" + method + "-" + Long.toHexString(new Random().nextLong()).substring(0, 8);
    }

    /** The minimal alarm of reference 2.7: Sum over 60 s, one period, GreaterThanThreshold 30. */
    static PutMetricAlarmRequest.Builder alarm(String name, String ns, String metric) {
        return PutMetricAlarmRequest.builder().alarmName(name).namespace(ns).metricName(metric)
                .statistic(Statistic.SUM).period(60).evaluationPeriods(1).threshold(30.0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD);
    }

    static void putAlarm(PutMetricAlarmRequest.Builder request) {
        cw.putMetricAlarm(request.build());
    }

    static Optional<MetricAlarm> findMetricAlarm(String name) {
        DescribeAlarmsResponse r = cw.describeAlarms(b -> b.alarmNames(name));
        assertThat(r.metricAlarms().size()).as("alarms named %s", name).isLessThanOrEqualTo(1);
        return r.metricAlarms().stream().findFirst();
    }

    static MetricAlarm metricAlarm(String name) {
        return findMetricAlarm(name).orElseThrow(() -> new AssertionError("no metric alarm " + name));
    }

    static Optional<CompositeAlarm> findCompositeAlarm(String name) {
        DescribeAlarmsResponse r = cw.describeAlarms(b -> b.alarmNames(name).alarmTypes(AlarmType.COMPOSITE_ALARM));
        return r.compositeAlarms().stream().findFirst();
    }

    static CompositeAlarm compositeAlarm(String name) {
        return findCompositeAlarm(name).orElseThrow(() -> new AssertionError("no composite alarm " + name));
    }

    static <T> T await(String what, Supplier<T> read, Predicate<T> done, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        T value = read.get();
        while (!done.test(value) && System.nanoTime() < deadline) {
            sleep(100);
            value = read.get();
        }
        assertThat(done.test(value)).as("%s within %s; last seen: %s", what, within, value).isTrue();
        return value;
    }

    static MetricAlarm awaitState(String name, StateValue state) {
        return await(name + " in " + state, () -> metricAlarm(name), a -> a.stateValue() == state, EVALUATION_WAIT);
    }

    static CompositeAlarm awaitCompositeState(String name, StateValue state) {
        return await(name + " in " + state, () -> compositeAlarm(name), a -> a.stateValue() == state, EVALUATION_WAIT);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Instant floor(Instant t, int seconds) {
        return Instant.ofEpochSecond(Math.floorDiv(t.getEpochSecond(), seconds) * seconds);
    }

    /** One PutMetricData call with one datum per value at {@code at}. */
    static void put(String ns, String metric, Instant at, int storageResolution, double... values) {
        List<MetricDatum> data = Arrays.stream(values).mapToObj(v -> MetricDatum.builder().metricName(metric).timestamp(at)
                .storageResolution(storageResolution).value(v).build()).toList();
        cw.putMetricData(r -> r.namespace(ns).metricData(data));
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }

    static List<String> keys(JsonNode object) {
        List<String> keys = new ArrayList<>();
        object.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    static <E extends CloudWatchException> E awsError(ThrowingCallable call, Class<E> type, String code, int status) {
        E e = catchThrowableOfType(type, call);
        assertThat(e).as("expected %s (%s)", type.getSimpleName(), code).isNotNull();
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
        assertThat(e.statusCode()).isEqualTo(status);
        assertThat(e.requestId()).as("x-amzn-RequestId").isNotBlank();
        return e;
    }

    static List<String> names(List<MetricAlarm> alarms) {
        return alarms.stream().map(MetricAlarm::alarmName).toList();
    }

    static List<AlarmHistoryItem> history(Consumer<DescribeAlarmHistoryRequest.Builder> request) {
        return cw.describeAlarmHistory(request).alarmHistoryItems();
    }

    static List<String> summaries(List<AlarmHistoryItem> items) {
        return items.stream().map(AlarmHistoryItem::historySummary).toList();
    }

    // ---------------------------------------------------------------- PutMetricAlarm + DescribeAlarms

    @Nested
    class CreateAndDescribe {

        @Test
        void aNewAlarmShowsEveryRecordedFieldAndStartsInInsufficientData(TestInfo info) {
            String name = unique(info);
            Instant before = Instant.now().minusSeconds(1);
            putAlarm(alarm(name, "IT/" + name, "Requests"));

            DescribeAlarmsResponse r = cw.describeAlarms(b -> b.alarmNames(name));
            assertThat(r.hasCompositeAlarms()).as("CompositeAlarms present even when empty").isTrue();
            assertThat(r.compositeAlarms()).isEmpty();
            assertThat(r.nextToken()).isNull();
            assertThat(r.metricAlarms()).hasSize(1);
            MetricAlarm a = r.metricAlarms().get(0);
            Instant after = Instant.now().plusSeconds(1);

            assertThat(a.alarmName()).isEqualTo(name);
            assertThat(a.alarmArn()).isEqualTo(ARN_PREFIX + name);
            assertThat(a.actionsEnabled()).isTrue();
            assertThat(a.hasAlarmActions()).as("AlarmActions present").isTrue();
            assertThat(a.alarmActions()).isEmpty();
            assertThat(a.hasOkActions()).as("OKActions present").isTrue();
            assertThat(a.okActions()).isEmpty();
            assertThat(a.hasInsufficientDataActions()).as("InsufficientDataActions present").isTrue();
            assertThat(a.insufficientDataActions()).isEmpty();
            assertThat(a.hasDimensions()).as("Dimensions present").isTrue();
            assertThat(a.dimensions()).isEmpty();
            assertThat(a.namespace()).isEqualTo("IT/" + name);
            assertThat(a.metricName()).isEqualTo("Requests");
            assertThat(a.statistic()).isEqualTo(Statistic.SUM);
            assertThat(a.period()).isEqualTo(60);
            assertThat(a.evaluationPeriods()).isEqualTo(1);
            assertThat(a.threshold()).isEqualTo(30.0);
            assertThat(a.comparisonOperator()).isEqualTo(ComparisonOperator.GREATER_THAN_THRESHOLD);
            assertThat(a.stateValue()).isEqualTo(StateValue.INSUFFICIENT_DATA);
            assertThat(a.stateReason()).isEqualTo("Unchecked: Initial alarm creation");
            assertThat(a.alarmConfigurationUpdatedTimestamp()).isBetween(before, after);
            assertThat(a.stateUpdatedTimestamp()).isBetween(before, after);
            assertThat(a.stateTransitionedTimestamp()).isBetween(before, after);

            // absent unless set (reference 2.7)
            assertThat(a.alarmDescription()).isNull();
            assertThat(a.unit()).isNull();
            assertThat(a.treatMissingData()).isNull();
            assertThat(a.datapointsToAlarm()).isNull();
            assertThat(a.extendedStatistic()).isNull();
            assertThat(a.hasMetrics()).as("Metrics absent").isFalse();
            assertThat(a.stateReasonData()).isNull();
            assertThat(a.evaluationState()).isNull();
            assertThat(a.thresholdMetricId()).isNull();
        }

        @Test
        void everyOptionalMemberRoundTrips(TestInfo info) {
            String name = unique(info) + ":with:colons";
            String ns = "AWS/EC2";
            List<Dimension> dims = List.of(Dimension.builder().name("InstanceId").value("i-0123").build(),
                    Dimension.builder().name("AutoScalingGroupName").value("web").build());
            putAlarm(PutMetricAlarmRequest.builder().alarmName(name).alarmDescription("p99 <latency> & \"more\"")
                    .namespace(ns).metricName("Latency").dimensions(dims)
                    .extendedStatistic("p99").evaluateLowSampleCountPercentile("ignore")
                    .unit(StandardUnit.MILLISECONDS).period(300).evaluationPeriods(3).datapointsToAlarm(2)
                    .threshold(250.5).comparisonOperator(ComparisonOperator.LESS_THAN_OR_EQUAL_TO_THRESHOLD)
                    .treatMissingData("notBreaching").actionsEnabled(false)
                    .alarmActions(TOPIC + "page", TOPIC + "mail").okActions(TOPIC + "ok")
                    .insufficientDataActions(TOPIC + "nodata"));

            MetricAlarm a = metricAlarm(name);
            assertThat(a.alarmArn()).isEqualTo(ARN_PREFIX + name);
            assertThat(a.alarmDescription()).isEqualTo("p99 <latency> & \"more\"");
            assertThat(a.namespace()).isEqualTo(ns);
            assertThat(a.dimensions()).containsExactlyInAnyOrderElementsOf(dims);
            assertThat(a.statistic()).isNull();
            assertThat(a.extendedStatistic()).isEqualTo("p99");
            assertThat(a.evaluateLowSampleCountPercentile()).isEqualTo("ignore");
            assertThat(a.unit()).isEqualTo(StandardUnit.MILLISECONDS);
            assertThat(a.period()).isEqualTo(300);
            assertThat(a.evaluationPeriods()).isEqualTo(3);
            assertThat(a.datapointsToAlarm()).isEqualTo(2);
            assertThat(a.threshold()).isEqualTo(250.5);
            assertThat(a.comparisonOperator()).isEqualTo(ComparisonOperator.LESS_THAN_OR_EQUAL_TO_THRESHOLD);
            assertThat(a.treatMissingData()).isEqualTo("notBreaching");
            assertThat(a.actionsEnabled()).isFalse();
            assertThat(a.alarmActions()).containsExactly(TOPIC + "page", TOPIC + "mail");
            assertThat(a.okActions()).containsExactly(TOPIC + "ok");
            assertThat(a.insufficientDataActions()).containsExactly(TOPIC + "nodata");
        }

        @Test
        void updatingAnAlarmKeepsItsStateAndIgnoresTags(TestInfo info) {
            String name = unique(info);
            String ns = "IT/" + name;
            // ignore: evaluations without data keep whatever state SetAlarmState gave
            putAlarm(alarm(name, ns, "Errors").treatMissingData("ignore")
                    .tags(Tag.builder().key("team").value("core").build()));
            cw.setAlarmState(b -> b.alarmName(name).stateValue(StateValue.OK).stateReason("checked by hand"));
            MetricAlarm before = awaitState(name, StateValue.OK);
            sleep(20);

            putAlarm(alarm(name, ns, "Errors").treatMissingData("ignore").threshold(99.0).alarmDescription("updated")
                    .tags(Tag.builder().key("ignored").value("on update").build()));

            MetricAlarm after = metricAlarm(name);
            assertThat(after.threshold()).isEqualTo(99.0);
            assertThat(after.alarmDescription()).isEqualTo("updated");
            assertThat(after.alarmConfigurationUpdatedTimestamp()).isAfter(before.alarmConfigurationUpdatedTimestamp());
            assertThat(after.stateValue()).isEqualTo(StateValue.OK);
            assertThat(after.stateReason()).isEqualTo("checked by hand");
            assertThat(after.stateTransitionedTimestamp()).isEqualTo(before.stateTransitionedTimestamp());
            List<Tag> tags = cw.listTagsForResource(b -> b.resourceARN(ARN_PREFIX + name)).tags();
            assertThat(tags).containsExactly(Tag.builder().key("team").value("core").build());
        }
    }

    // ---------------------------------------------------------------- evaluation

    @Nested
    class Evaluation {

        @Test
        void breachingHighResolutionDataPutsTheAlarmInAlarmWithAwsReasonAndData(TestInfo info) {
            // the recorded AWS case: Period 10, Average, threshold 21, datapoints 21 and 22
            String name = unique(info);
            String ns = "IT/" + name;
            putAlarm(alarm(name, ns, "Temperature").statistic(Statistic.AVERAGE).period(10).threshold(21.0));
            assertThat(metricAlarm(name).stateValue()).isEqualTo(StateValue.INSUFFICIENT_DATA);

            Instant at = floor(Instant.now(), 10).minusSeconds(5);
            Instant bucket = floor(at, 10);
            put(ns, "Temperature", at, 1, 21.0, 22.0);

            MetricAlarm a = awaitState(name, StateValue.ALARM);
            assertThat(a.stateReason()).isEqualTo("Threshold Crossed: 1 datapoint [21.5 (" + REASON_DATE.format(bucket)
                    + ")] was greater than the threshold (21.0).");
            JsonNode data = json(a.stateReasonData());
            assertThat(keys(data)).containsExactlyElementsOf(METRIC_REASON_DATA_KEYS);
            assertThat(data.get("version").asText()).isEqualTo("1.0");
            assertThat(data.get("queryDate").asText()).matches(DATA_DATE_PATTERN);
            assertThat(data.get("startDate").asText()).matches(DATA_DATE_PATTERN);
            assertThat(data.get("statistic").asText()).isEqualTo("Average");
            assertThat(data.get("period").asInt()).isEqualTo(10);
            assertThat(data.get("recentDatapoints").toString()).isEqualTo("[21.5]");
            assertThat(data.get("threshold").asDouble()).isEqualTo(21.0);
            JsonNode evaluated = data.get("evaluatedDatapoints");
            assertThat(evaluated).hasSize(1);
            assertThat(keys(evaluated.get(0))).containsExactly("timestamp", "sampleCount", "value");
            assertThat(evaluated.get(0).get("timestamp").asText()).isEqualTo(DATA_DATE.format(bucket));
            assertThat(evaluated.get(0).get("sampleCount").asDouble()).isEqualTo(2.0);
            assertThat(evaluated.get(0).get("value").asDouble()).isEqualTo(21.5);
            assertThat(a.stateTransitionedTimestamp()).isAfterOrEqualTo(a.alarmConfigurationUpdatedTimestamp());
            assertThat(a.stateUpdatedTimestamp()).isEqualTo(a.stateTransitionedTimestamp());
        }

        @Test
        void aMinuteAlarmEvaluatesOnDatumArrivalBothWaysWithAwsReasonsAndHistory(TestInfo info) {
            String name = unique(info);
            String ns = "IT/" + name;
            putAlarm(alarm(name, ns, "Queue").statistic(Statistic.MINIMUM).threshold(50.0));
            // a timestamp inside the newest complete minute: evaluated on arrival, not at the next tick
            Instant at = floor(Instant.now(), 60).minusSeconds(30);
            Instant minute = floor(at, 60);

            put(ns, "Queue", at, 60, 80.0);
            MetricAlarm alarmed = awaitState(name, StateValue.ALARM);
            assertThat(alarmed.stateReason()).isEqualTo("Threshold Crossed: 1 datapoint [80.0 (" + REASON_DATE.format(minute)
                    + ")] was greater than the threshold (50.0).");
            JsonNode alarmData = json(alarmed.stateReasonData());
            assertThat(keys(alarmData)).containsExactlyElementsOf(METRIC_REASON_DATA_KEYS);
            assertThat(alarmData.get("statistic").asText()).isEqualTo("Minimum");
            assertThat(alarmData.get("period").asInt()).isEqualTo(60);

            put(ns, "Queue", at, 60, 10.0);
            MetricAlarm ok = awaitState(name, StateValue.OK);
            assertThat(ok.stateReason()).isEqualTo(
                    "Threshold Crossed: 1 datapoint was not greater than the threshold (50.0). The most recent datapoints: [10.0].");
            JsonNode okData = json(ok.stateReasonData());
            assertThat(keys(okData)).containsExactlyElementsOf(METRIC_REASON_DATA_KEYS);
            assertThat(okData.get("recentDatapoints").toString()).isEqualTo("[10.0]");
            assertThat(okData.get("evaluatedDatapoints").get(0).get("timestamp").asText()).isEqualTo(DATA_DATE.format(minute));
            assertThat(okData.get("evaluatedDatapoints").get(0).get("sampleCount").asDouble()).isEqualTo(2.0);
            assertThat(ok.stateTransitionedTimestamp()).isAfterOrEqualTo(alarmed.stateTransitionedTimestamp());

            List<AlarmHistoryItem> updates = history(b -> b.alarmName(name).historyItemType(HistoryItemType.STATE_UPDATE));
            assertThat(summaries(updates)).containsExactly("Alarm updated from ALARM to OK",
                    "Alarm updated from INSUFFICIENT_DATA to ALARM");
            AlarmHistoryItem toOk = updates.get(0);
            assertThat(toOk.alarmName()).isEqualTo(name);
            assertThat(toOk.alarmType()).isEqualTo(AlarmType.METRIC_ALARM);
            assertThat(toOk.historyItemType()).isEqualTo(HistoryItemType.STATE_UPDATE);
            assertThat(toOk.timestamp()).isEqualTo(ok.stateTransitionedTimestamp());
            JsonNode h = json(toOk.historyData());
            assertThat(keys(h)).containsExactly("version", "oldState", "newState");
            assertThat(h.get("version").asText()).isEqualTo("1.0");
            assertThat(keys(h.get("oldState"))).containsExactly("stateValue", "stateReason", "stateReasonData");
            assertThat(h.get("oldState").get("stateValue").asText()).isEqualTo("ALARM");
            assertThat(h.get("oldState").get("stateReason").asText()).isEqualTo(alarmed.stateReason());
            assertThat(h.get("oldState").get("stateReasonData")).as("embedded as an object").isEqualTo(alarmData);
            assertThat(h.get("newState").get("stateValue").asText()).isEqualTo("OK");
            assertThat(h.get("newState").get("stateReason").asText()).isEqualTo(ok.stateReason());
            assertThat(h.get("newState").get("stateReasonData")).isEqualTo(okData);
            JsonNode first = json(updates.get(1).historyData());
            assertThat(keys(first.get("oldState"))).as("no stateReasonData before the first evaluation")
                    .containsExactly("stateValue", "stateReason");
            assertThat(first.get("oldState").get("stateReason").asText()).isEqualTo("Unchecked: Initial alarm creation");
        }

        @Test
        void dataPublishedBeforeTheAlarmExistedCounts(TestInfo info) {
            String name = unique(info);
            String ns = "IT/" + name;
            put(ns, "Errors", floor(Instant.now(), 60).minusSeconds(45), 60, 40.0);
            putAlarm(alarm(name, ns, "Errors"));
            MetricAlarm a = awaitState(name, StateValue.ALARM);
            assertThat(a.stateReason()).startsWith("Threshold Crossed: 1 datapoint [40.0 (");
        }

        @Test
        void missingDataTreatedAsBreachingAlarmsWithoutAnyDatapoint(TestInfo info) {
            String name = unique(info);
            putAlarm(alarm(name, "IT/" + name, "Heartbeat").period(10).evaluationPeriods(2).treatMissingData("breaching"));
            MetricAlarm a = awaitState(name, StateValue.ALARM);
            assertThat(a.stateReason()).isEqualTo("Threshold Crossed: no datapoints were received for 2 periods and "
                    + "2 missing datapoints were treated as [Breaching].");
            JsonNode data = json(a.stateReasonData());
            assertThat(keys(data)).as("no startDate without real data")
                    .containsExactly("version", "queryDate", "statistic", "period", "recentDatapoints", "threshold",
                            "evaluatedDatapoints");
            assertThat(data.get("recentDatapoints")).isEmpty();
            assertThat(data.get("evaluatedDatapoints")).hasSize(2).allSatisfy(p -> {
                assertThat(keys(p)).containsExactly("timestamp");
                assertThat(p.get("timestamp").asText()).matches(DATA_DATE_PATTERN);
            });
        }
    }

    // ---------------------------------------------------------------- SetAlarmState

    @Nested
    class SetAlarmState {

        @Test
        void setsStateAndReasonUntilTheNextEvaluation(TestInfo info) {
            String name = unique(info);
            // high resolution, no data, missing: the next 10 s evaluation brings INSUFFICIENT_DATA back
            putAlarm(alarm(name, "IT/" + name, "Nothing").period(10));
            MetricAlarm created = metricAlarm(name);
            sleep(20);

            cw.setAlarmState(b -> b.alarmName(name).stateValue(StateValue.ALARM).stateReason("testing purposes")
                    .stateReasonData("{\"source\":\"it\",\"n\":1}"));
            MetricAlarm set = metricAlarm(name);
            if (set.stateValue() == StateValue.ALARM) { // an evaluation may already have undone it
                assertThat(set.stateReason()).isEqualTo("testing purposes");
                assertThat(json(set.stateReasonData())).isEqualTo(json("{\"source\":\"it\",\"n\":1}"));
                assertThat(set.stateUpdatedTimestamp()).isAfter(created.stateUpdatedTimestamp());
                assertThat(set.stateTransitionedTimestamp()).isAfter(created.stateTransitionedTimestamp());
            }

            MetricAlarm back = awaitState(name, StateValue.INSUFFICIENT_DATA);
            assertThat(back.stateReason()).isEqualTo("Insufficient Data: 1 datapoint was unknown.");
            List<AlarmHistoryItem> updates = history(b -> b.alarmName(name).historyItemType(HistoryItemType.STATE_UPDATE));
            assertThat(summaries(updates)).containsExactly("Alarm updated from ALARM to INSUFFICIENT_DATA",
                    "Alarm updated from INSUFFICIENT_DATA to ALARM");
            JsonNode manual = json(updates.get(1).historyData()).get("newState");
            assertThat(manual.get("stateReason").asText()).isEqualTo("testing purposes");
            assertThat(manual.get("stateReasonData")).isEqualTo(json("{\"source\":\"it\",\"n\":1}"));
        }

        @Test
        void withoutReasonDataNoStateReasonDataAppears(TestInfo info) {
            String name = unique(info);
            putAlarm(alarm(name, "IT/" + name, "Nothing").treatMissingData("ignore"));
            cw.setAlarmState(b -> b.alarmName(name).stateValue(StateValue.ALARM).stateReason("first"));
            MetricAlarm first = metricAlarm(name);
            assertThat(first.stateValue()).isEqualTo(StateValue.ALARM);
            assertThat(first.stateReason()).isEqualTo("first");
            assertThat(first.stateReasonData()).isNull();
            sleep(20);

            // same value again: reason and StateUpdatedTimestamp change, StateTransitionedTimestamp does not
            cw.setAlarmState(b -> b.alarmName(name).stateValue(StateValue.ALARM).stateReason("second"));
            MetricAlarm second = metricAlarm(name);
            assertThat(second.stateReason()).isEqualTo("second");
            assertThat(second.stateUpdatedTimestamp()).isAfter(first.stateUpdatedTimestamp());
            assertThat(second.stateTransitionedTimestamp()).isEqualTo(first.stateTransitionedTimestamp());
        }

        @Test
        void anUnknownStateValueIsTheRecordedValidationError(TestInfo info) {
            String name = unique(info);
            putAlarm(alarm(name, "IT/" + name, "Nothing"));
            CloudWatchException e = awsError(() -> cw.setAlarmState(b -> b.alarmName(name).stateValue("INVALID")
                    .stateReason("x")), CloudWatchException.class, "ValidationError", 400);
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("1 validation error detected: Value 'INVALID' at "
                    + "'stateValue' failed to satisfy constraint: Member must satisfy enum value set: [INSUFFICIENT_DATA, ALARM, OK]");
            assertThat(metricAlarm(name).stateValue()).isEqualTo(StateValue.INSUFFICIENT_DATA);
        }

        @Test
        void anUnknownAlarmIsResourceNotFound(TestInfo info) {
            // SDK v2 models only ResourceNotFoundException (the tag operations' shape), so AWS's
            // ResourceNotFound (shape ResourceNotFound, no message) arrives as a plain CloudWatchException
            CloudWatchException e = awsError(() -> cw.setAlarmState(b -> b.alarmName(unique(info)).stateValue(StateValue.OK)
                    .stateReason("x")), CloudWatchException.class, "ResourceNotFound", 404);
            assertThat(e).isNotInstanceOf(ResourceNotFoundException.class);
        }

        @Test
        void reasonDataThatIsNotJsonIsInvalidFormat(TestInfo info) {
            String name = unique(info);
            putAlarm(alarm(name, "IT/" + name, "Nothing"));
            awsError(() -> cw.setAlarmState(b -> b.alarmName(name).stateValue(StateValue.OK).stateReason("x")
                    .stateReasonData("{not json")), InvalidFormatException.class, "InvalidFormat", 400);
            MetricAlarm a = metricAlarm(name);
            assertThat(a.stateValue()).isEqualTo(StateValue.INSUFFICIENT_DATA);
            assertThat(a.stateReason()).isEqualTo("Unchecked: Initial alarm creation");
        }
    }

    // ---------------------------------------------------------------- DescribeAlarms filters and paging

    @Nested
    class DescribeFilters {

        @Test
        void filtersByNamesPrefixStateAndActionPrefix(TestInfo info) {
            String p = unique(info);
            String ns = "IT/" + p;
            putAlarm(alarm(p + "-a", ns, "M").treatMissingData("ignore"));
            putAlarm(alarm(p + "-b", ns, "M").treatMissingData("ignore"));
            putAlarm(alarm(p + "-c", ns, "M").treatMissingData("ignore").alarmActions(topic(p + "-pager")));
            putAlarm(alarm(p + "x-d", ns, "M").treatMissingData("ignore"));
            cw.setAlarmState(b -> b.alarmName(p + "-a").stateValue(StateValue.ALARM).stateReason("by hand"));

            assertThat(names(cw.describeAlarms(b -> b.alarmNames(p + "-b", p + "-a", p + "-nope")).metricAlarms()))
                    .containsExactly(p + "-a", p + "-b");
            assertThat(names(cw.describeAlarms(b -> b.alarmNamePrefix(p + "-")).metricAlarms()))
                    .containsExactly(p + "-a", p + "-b", p + "-c");
            assertThat(names(cw.describeAlarms(b -> b.alarmNamePrefix(p)).metricAlarms()))
                    .containsExactly(p + "-a", p + "-b", p + "-c", p + "x-d");
            assertThat(names(cw.describeAlarms(b -> b.alarmNamePrefix(p).stateValue(StateValue.ALARM)).metricAlarms()))
                    .containsExactly(p + "-a");
            assertThat(names(cw.describeAlarms(b -> b.alarmNamePrefix(p).stateValue(StateValue.INSUFFICIENT_DATA))
                    .metricAlarms())).containsExactly(p + "-b", p + "-c", p + "x-d");
            assertThat(names(cw.describeAlarms(b -> b.actionPrefix(TOPIC + p + "-pa")).metricAlarms()))
                    .containsExactly(p + "-c");
            assertThat(cw.describeAlarms(b -> b.alarmNamePrefix(p + "-zzz")).metricAlarms()).isEmpty();
        }

        @Test
        void compositeAlarmsAppearOnlyWhenAskedForAndLinkParentsAndChildren(TestInfo info) {
            String p = unique(info);
            String ns = "IT/" + p;
            putAlarm(alarm(p + "-a", ns, "M").treatMissingData("ignore"));
            putAlarm(alarm(p + "-b", ns, "M").treatMissingData("ignore"));
            putAlarm(alarm(p + "-lonely", ns, "M").treatMissingData("ignore"));
            String rule = "ALARM(\"" + p + "-a\") OR ALARM(\"" + ARN_PREFIX + p + "-b\")";
            cw.putCompositeAlarm(b -> b.alarmName(p + "-comp").alarmRule(rule));

            DescribeAlarmsResponse plain = cw.describeAlarms(b -> b.alarmNamePrefix(p));
            assertThat(names(plain.metricAlarms())).containsExactly(p + "-a", p + "-b", p + "-lonely");
            assertThat(plain.hasCompositeAlarms()).isTrue();
            assertThat(plain.compositeAlarms()).isEmpty();

            DescribeAlarmsResponse composite = cw.describeAlarms(b -> b.alarmNamePrefix(p).alarmTypes(AlarmType.COMPOSITE_ALARM));
            assertThat(composite.metricAlarms()).isEmpty();
            assertThat(composite.compositeAlarms()).singleElement().satisfies(c -> {
                assertThat(c.alarmName()).isEqualTo(p + "-comp");
                assertThat(c.alarmArn()).isEqualTo(ARN_PREFIX + p + "-comp");
                assertThat(c.alarmRule()).isEqualTo(rule);
                assertThat(c.actionsEnabled()).isTrue();
                assertThat(c.hasAlarmActions()).isTrue();
                assertThat(c.alarmActions()).isEmpty();
                assertThat(c.hasOkActions()).isTrue();
                assertThat(c.hasInsufficientDataActions()).isTrue();
                assertThat(c.alarmConfigurationUpdatedTimestamp()).isNotNull();
                assertThat(c.stateValue()).isNotNull();
                assertThat(c.stateUpdatedTimestamp()).isNotNull();
            });

            DescribeAlarmsResponse both = cw.describeAlarms(b -> b.alarmNamePrefix(p)
                    .alarmTypes(AlarmType.METRIC_ALARM, AlarmType.COMPOSITE_ALARM));
            assertThat(names(both.metricAlarms())).containsExactly(p + "-a", p + "-b", p + "-lonely");
            assertThat(both.compositeAlarms()).extracting(CompositeAlarm::alarmName).containsExactly(p + "-comp");

            DescribeAlarmsResponse children = cw.describeAlarms(b -> b.childrenOfAlarmName(p + "-comp"));
            assertThat(names(children.metricAlarms())).containsExactlyInAnyOrder(p + "-a", p + "-b");
            assertThat(children.compositeAlarms()).isEmpty();

            DescribeAlarmsResponse parents = cw.describeAlarms(b -> b.parentsOfAlarmName(p + "-b"));
            assertThat(parents.metricAlarms()).isEmpty();
            assertThat(parents.compositeAlarms()).extracting(CompositeAlarm::alarmName).containsExactly(p + "-comp");
            assertThat(cw.describeAlarms(b -> b.parentsOfAlarmName(p + "-lonely")).compositeAlarms()).isEmpty();
        }

        @Test
        void maxRecordsAndNextTokenPageThroughManyAlarmsInNameOrder(TestInfo info) {
            String p = unique(info);
            String ns = "IT/" + p;
            List<String> expected = IntStream.range(0, 120).mapToObj(i -> String.format("%s-%03d", p, i)).toList();
            for (String name : expected) {
                putAlarm(alarm(name, ns, "M").treatMissingData("ignore"));
            }

            List<String> seen = new ArrayList<>();
            List<Integer> pageSizes = new ArrayList<>();
            String token = null;
            do {
                String next = token;
                DescribeAlarmsResponse page = cw.describeAlarms(b -> b.alarmNamePrefix(p).maxRecords(50).nextToken(next));
                pageSizes.add(page.metricAlarms().size());
                seen.addAll(names(page.metricAlarms()));
                token = page.nextToken();
            } while (token != null && pageSizes.size() < 10);
            assertThat(pageSizes).containsExactly(50, 50, 20);
            assertThat(seen).containsExactlyElementsOf(expected);

            DescribeAlarmsResponse defaultPage = cw.describeAlarms(b -> b.alarmNamePrefix(p));
            assertThat(defaultPage.metricAlarms()).as("default page size (reference 4.4)").hasSize(50);
            assertThat(defaultPage.nextToken()).isNotNull();

            List<String> paginated = new ArrayList<>();
            cw.describeAlarmsPaginator(b -> b.alarmNamePrefix(p).maxRecords(7)).metricAlarms()
                    .forEach(a -> paginated.add(a.alarmName()));
            assertThat(paginated).containsExactlyElementsOf(expected);
        }

        @Test
        void maxRecordsAbove100AndAForeignNextTokenAreRefused() {
            CloudWatchException tooMany = awsError(() -> cw.describeAlarms(b -> b.maxRecords(101)),
                    CloudWatchException.class, "ValidationError", 400);
            assertThat(tooMany.awsErrorDetails().errorMessage()).isEqualTo("1 validation error detected: Value '101' at "
                    + "'maxRecords' failed to satisfy constraint: Member must have value less than or equal to 100");
            awsError(() -> cw.describeAlarms(b -> b.nextToken("not-a-token")), InvalidNextTokenException.class,
                    "InvalidNextToken", 400);
            awsError(() -> cw.describeAlarmHistory(b -> b.nextToken("not-a-token")), InvalidNextTokenException.class,
                    "InvalidNextToken", 400);
        }

        @Test
        void describeAlarmsForMetricMatchesTheExactMetric(TestInfo info) {
            String p = unique(info);
            String ns = "IT/" + p;
            Dimension hostA = Dimension.builder().name("Host").value("a").build();
            Dimension hostB = Dimension.builder().name("Host").value("b").build();
            putAlarm(alarm(p + "-avg-a", ns, "Cpu").statistic(Statistic.AVERAGE).dimensions(hostA));
            putAlarm(alarm(p + "-max-a", ns, "Cpu").statistic(Statistic.MAXIMUM).period(300).dimensions(hostA));
            putAlarm(alarm(p + "-avg-b", ns, "Cpu").statistic(Statistic.AVERAGE).dimensions(hostB));
            putAlarm(alarm(p + "-mem", ns, "Mem").dimensions(hostA));

            assertThat(names(cw.describeAlarmsForMetric(b -> b.namespace(ns).metricName("Cpu").dimensions(hostA)).metricAlarms()))
                    .containsExactlyInAnyOrder(p + "-avg-a", p + "-max-a");
            assertThat(names(cw.describeAlarmsForMetric(b -> b.namespace(ns).metricName("Cpu").dimensions(hostA)
                    .statistic(Statistic.AVERAGE)).metricAlarms())).containsExactly(p + "-avg-a");
            assertThat(names(cw.describeAlarmsForMetric(b -> b.namespace(ns).metricName("Cpu").dimensions(hostA)
                    .period(300)).metricAlarms())).containsExactly(p + "-max-a");
            assertThat(names(cw.describeAlarmsForMetric(b -> b.namespace(ns).metricName("Cpu").dimensions(hostB)).metricAlarms()))
                    .containsExactly(p + "-avg-b");
            assertThat(cw.describeAlarmsForMetric(b -> b.namespace(ns).metricName("Cpu")).metricAlarms())
                    .as("a metric is its namespace, name and all its dimensions").isEmpty();
            assertThat(cw.describeAlarmsForMetric(b -> b.namespace(ns + "-other").metricName("Cpu").dimensions(hostA))
                    .metricAlarms()).isEmpty();
        }
    }

    // ---------------------------------------------------------------- DescribeAlarmHistory

    @Nested
    class History {

        @Test
        void recordsConfigurationAndStateUpdatesPagesThemAndKeepsThemAfterDelete(TestInfo info) {
            String name = unique(info);
            String ns = "IT/" + name;
            Instant start = Instant.now().minusSeconds(1);
            putAlarm(alarm(name, ns, "M").treatMissingData("ignore"));
            sleep(5);
            cw.setAlarmState(b -> b.alarmName(name).stateValue(StateValue.ALARM).stateReason("testing purposes")
                    .stateReasonData("{\"ticket\":\"OPS-1\"}"));
            sleep(5);
            putAlarm(alarm(name, ns, "M").treatMissingData("ignore").threshold(31.0));
            sleep(5);
            cw.setAlarmState(b -> b.alarmName(name).stateValue(StateValue.OK).stateReason("fixed"));
            sleep(5);
            cw.deleteAlarms(b -> b.alarmNames(name));
            assertThat(findMetricAlarm(name)).isEmpty();

            List<AlarmHistoryItem> all = history(b -> b.alarmName(name));
            assertThat(summaries(all)).as("newest first by default").containsExactly(
                    "Alarm \"" + name + "\" deleted",
                    "Alarm updated from ALARM to OK",
                    "Alarm \"" + name + "\" updated",
                    "Alarm updated from INSUFFICIENT_DATA to ALARM",
                    "Alarm \"" + name + "\" created");
            assertThat(all).extracting(AlarmHistoryItem::historyItemType).containsExactly(HistoryItemType.CONFIGURATION_UPDATE,
                    HistoryItemType.STATE_UPDATE, HistoryItemType.CONFIGURATION_UPDATE, HistoryItemType.STATE_UPDATE,
                    HistoryItemType.CONFIGURATION_UPDATE);
            assertThat(all).allSatisfy(item -> {
                assertThat(item.alarmName()).isEqualTo(name);
                assertThat(item.alarmType()).isEqualTo(AlarmType.METRIC_ALARM);
                assertThat(item.timestamp()).isBetween(start, Instant.now().plusSeconds(1));
            });
            assertThat(all).extracting(AlarmHistoryItem::timestamp).isSortedAccordingTo((x, y) -> y.compareTo(x));

            JsonNode created = json(all.get(4).historyData());
            assertThat(keys(created)).containsExactly("version", "type", "createdAlarm");
            assertThat(created.get("type").asText()).isEqualTo("Create");
            assertThat(created.get("createdAlarm").get("alarmName").asText()).isEqualTo(name);
            assertThat(created.get("createdAlarm").get("alarmArn").asText()).isEqualTo(ARN_PREFIX + name);
            assertThat(created.get("createdAlarm").get("threshold").asDouble()).isEqualTo(30.0);
            JsonNode updated = json(all.get(2).historyData());
            assertThat(keys(updated)).containsExactly("version", "type", "updatedAlarm");
            assertThat(updated.get("type").asText()).isEqualTo("Update");
            assertThat(updated.get("updatedAlarm").get("threshold").asDouble()).isEqualTo(31.0);
            JsonNode deleted = json(all.get(0).historyData());
            assertThat(keys(deleted)).containsExactly("version", "type", "deletedAlarm");
            assertThat(deleted.get("type").asText()).isEqualTo("Delete");

            JsonNode toAlarm = json(all.get(3).historyData());
            assertThat(toAlarm.get("oldState").get("stateValue").asText()).isEqualTo("INSUFFICIENT_DATA");
            assertThat(toAlarm.get("newState").get("stateReason").asText()).isEqualTo("testing purposes");
            assertThat(toAlarm.get("newState").get("stateReasonData")).isEqualTo(json("{\"ticket\":\"OPS-1\"}"));
            JsonNode toOk = json(all.get(1).historyData());
            assertThat(toOk.get("oldState").get("stateReasonData")).isEqualTo(json("{\"ticket\":\"OPS-1\"}"));
            assertThat(keys(toOk.get("newState"))).containsExactly("stateValue", "stateReason");

            List<AlarmHistoryItem> ascending = history(b -> b.alarmName(name).scanBy(ScanBy.TIMESTAMP_ASCENDING));
            List<String> reversed = new ArrayList<>(summaries(all));
            java.util.Collections.reverse(reversed);
            assertThat(summaries(ascending)).containsExactlyElementsOf(reversed);

            assertThat(summaries(history(b -> b.alarmName(name).historyItemType(HistoryItemType.CONFIGURATION_UPDATE))))
                    .containsExactly("Alarm \"" + name + "\" deleted", "Alarm \"" + name + "\" updated",
                            "Alarm \"" + name + "\" created");
            assertThat(history(b -> b.alarmName(name).historyItemType(HistoryItemType.ACTION))).isEmpty();
            assertThat(history(b -> b.alarmName(name).endDate(start))).isEmpty();
            assertThat(history(b -> b.alarmName(name).startDate(all.get(1).timestamp()))).extracting(AlarmHistoryItem::historySummary)
                    .containsExactly(all.get(0).historySummary(), all.get(1).historySummary());
            assertThat(history(b -> b.alarmName(name).alarmTypes(AlarmType.COMPOSITE_ALARM))).isEmpty();

            List<String> paged = new ArrayList<>();
            List<Integer> sizes = new ArrayList<>();
            String token = null;
            do {
                String next = token;
                DescribeAlarmHistoryResponse page = cw.describeAlarmHistory(b -> b.alarmName(name).maxRecords(2).nextToken(next));
                sizes.add(page.alarmHistoryItems().size());
                paged.addAll(summaries(page.alarmHistoryItems()));
                token = page.nextToken();
            } while (token != null && sizes.size() < 10);
            assertThat(sizes).containsExactly(2, 2, 1);
            assertThat(paged).containsExactlyElementsOf(summaries(all));
        }
    }

    // ---------------------------------------------------------------- actions, delete

    @Nested
    class ActionsAndDelete {

        @Test
        void disableAndEnableToggleActionsEnabledAndSkipUnknownNames(TestInfo info) {
            String name = unique(info);
            putAlarm(alarm(name, "IT/" + name, "M").alarmActions(TOPIC + "pager"));
            cw.disableAlarmActions(b -> b.alarmNames(name, name + "-unknown"));
            MetricAlarm disabled = metricAlarm(name);
            assertThat(disabled.actionsEnabled()).isFalse();
            assertThat(disabled.alarmActions()).containsExactly(TOPIC + "pager");
            cw.enableAlarmActions(b -> b.alarmNames(name, name + "-unknown"));
            assertThat(metricAlarm(name).actionsEnabled()).isTrue();
            assertThat(findMetricAlarm(name + "-unknown")).isEmpty();
        }

        @Test
        void deleteRemovesKnownAlarmsAndSkipsUnknownNames(TestInfo info) {
            String p = unique(info);
            putAlarm(alarm(p + "-1", "IT/" + p, "M"));
            putAlarm(alarm(p + "-2", "IT/" + p, "M"));
            cw.deleteAlarms(b -> b.alarmNames(p + "-1", p + "-never-existed"));
            DescribeAlarmsResponse r = cw.describeAlarms(b -> b.alarmNames(p + "-1"));
            assertThat(r.metricAlarms()).isEmpty();
            assertThat(r.compositeAlarms()).isEmpty();
            assertThat(names(cw.describeAlarms(b -> b.alarmNamePrefix(p)).metricAlarms())).containsExactly(p + "-2");
            cw.deleteAlarms(b -> b.alarmNames(p + "-1"));
        }
    }

    // ---------------------------------------------------------------- composite alarms

    @Nested
    class Composite {

        @Test
        void aCompositeFollowsItsChildrenAsAwsRecorded(TestInfo info) {
            String p = unique(info);
            String ns = "IT/" + p;
            String a1 = p + "-child1";
            String a2 = p + "-child2";
            String comp = p + "-comp";
            putAlarm(alarm(a1, ns, "M").treatMissingData("ignore"));
            putAlarm(alarm(a2, ns, "M").treatMissingData("ignore"));
            cw.putCompositeAlarm(b -> b.alarmName(comp).alarmDescription("either child")
                    .alarmRule("ALARM(\"" + ARN_PREFIX + a1 + "\") OR ALARM(\"" + ARN_PREFIX + a2 + "\")"));
            assertThat(compositeAlarm(comp).stateValue()).isIn(StateValue.INSUFFICIENT_DATA, StateValue.OK);

            cw.setAlarmState(b -> b.alarmName(a1).stateValue(StateValue.ALARM).stateReason("child 1 down"));
            CompositeAlarm first = awaitCompositeState(comp, StateValue.ALARM);
            assertTriggeredBy(first, a1, "ALARM");
            assertThat(first.stateReason()).contains(ARN_PREFIX + a1);

            cw.setAlarmState(b -> b.alarmName(a1).stateValue(StateValue.OK).stateReason("child 1 up"));
            CompositeAlarm ok = awaitCompositeState(comp, StateValue.OK);
            assertThat(json(ok.stateReasonData()).get("triggeringAlarms")).isNotEmpty();

            cw.setAlarmState(b -> b.alarmName(a2).stateValue(StateValue.ALARM).stateReason("child 2 down"));
            CompositeAlarm second = awaitCompositeState(comp, StateValue.ALARM);
            assertTriggeredBy(second, a2, "ALARM");

            // child 1 joining while child 2 already alarms changes nothing (reference 2.10)
            cw.setAlarmState(b -> b.alarmName(a1).stateValue(StateValue.ALARM).stateReason("child 1 down again"));
            sleep(1500);
            CompositeAlarm still = compositeAlarm(comp);
            assertThat(still.stateValue()).isEqualTo(StateValue.ALARM);
            assertThat(still.stateTransitionedTimestamp()).isEqualTo(second.stateTransitionedTimestamp());
            assertThat(still.stateReasonData()).isEqualTo(second.stateReasonData());

            assertThat(history(b -> b.alarmName(comp))).as("history defaults to metric alarms").isEmpty();
            List<AlarmHistoryItem> items = history(b -> b.alarmName(comp).alarmTypes(AlarmType.COMPOSITE_ALARM)
                    .historyItemType(HistoryItemType.STATE_UPDATE));
            assertThat(items).allSatisfy(i -> assertThat(i.alarmType()).isEqualTo(AlarmType.COMPOSITE_ALARM));
            assertThat(items.size()).isBetween(3, 4);
            assertThat(items.get(0).historySummary()).isEqualTo("Alarm updated from OK to ALARM");
            assertThat(items.get(1).historySummary()).isEqualTo("Alarm updated from ALARM to OK");
            assertThat(items.get(2).historySummary()).matches("Alarm updated from (INSUFFICIENT_DATA|OK) to ALARM");
        }

        private void assertTriggeredBy(CompositeAlarm c, String child, String state) {
            JsonNode data = json(c.stateReasonData());
            assertThat(keys(data)).as("no version key in composite reason data").containsExactly("triggeringAlarms");
            JsonNode trigger = data.get("triggeringAlarms");
            assertThat(trigger).hasSize(1);
            assertThat(keys(trigger.get(0))).containsExactly("arn", "state");
            assertThat(trigger.get(0).get("arn").asText()).isEqualTo(ARN_PREFIX + child);
            assertThat(keys(trigger.get(0).get("state"))).containsExactly("value", "timestamp");
            assertThat(trigger.get(0).get("state").get("value").asText()).isEqualTo(state);
            assertThat(trigger.get(0).get("state").get("timestamp").asText()).matches(DATA_DATE_PATTERN);
        }

        @Test
        void aCycleAndAnUnknownChildAreRefusedAndChangeNothing(TestInfo info) {
            String p = unique(info);
            putAlarm(alarm(p + "-m", "IT/" + p, "M"));
            cw.putCompositeAlarm(b -> b.alarmName(p + "-c1").alarmRule("ALARM(" + p + "-m)"));
            cw.putCompositeAlarm(b -> b.alarmName(p + "-c2").alarmRule("ALARM(" + p + "-c1) AND NOT OK(" + p + "-m)"));

            CloudWatchException cycle = catchThrowableOfType(CloudWatchException.class,
                    () -> cw.putCompositeAlarm(b -> b.alarmName(p + "-c1").alarmRule("ALARM(" + p + "-c2)")));
            assertThat(cycle).as("a rule closing a cycle is refused").isNotNull();
            assertThat(cycle.statusCode()).isEqualTo(400);
            assertThat(compositeAlarm(p + "-c1").alarmRule()).isEqualTo("ALARM(" + p + "-m)");

            CloudWatchException unknown = catchThrowableOfType(CloudWatchException.class,
                    () -> cw.putCompositeAlarm(b -> b.alarmName(p + "-c3").alarmRule("ALARM(" + p + "-m) OR ALARM(" + p + "-nope)")));
            assertThat(unknown).as("a rule naming an unknown alarm is refused").isNotNull();
            assertThat(unknown.statusCode()).isEqualTo(400);
            assertThat(unknown.awsErrorDetails().errorMessage()).contains(p + "-nope");
            assertThat(findCompositeAlarm(p + "-c3")).isEmpty();

            CloudWatchException garbage = catchThrowableOfType(CloudWatchException.class,
                    () -> cw.putCompositeAlarm(b -> b.alarmName(p + "-c4").alarmRule("ALARM(" + p + "-m) OR")));
            assertThat(garbage).as("a rule that does not parse is refused").isNotNull();
            assertThat(garbage.statusCode()).isEqualTo(400);
            assertThat(findCompositeAlarm(p + "-c4")).isEmpty();
        }
    }

    // ---------------------------------------------------------------- tags

    @Nested
    class Tags {

        @Test
        void tagsAreSetOnCreateChangedByTagAndUntagAndEmptyAfterDelete(TestInfo info) {
            String name = unique(info);
            String arn = ARN_PREFIX + name;
            putAlarm(alarm(name, "IT/" + name, "M").tags(tag("team", "core"), tag("env", "prod")));
            assertThat(tags(arn)).containsExactly(tag("env", "prod"), tag("team", "core"));

            cw.tagResource(b -> b.resourceARN(arn).tags(tag("env", "staging"), tag("cost", "42")));
            assertThat(tags(arn)).containsExactly(tag("cost", "42"), tag("env", "staging"), tag("team", "core"));

            cw.untagResource(b -> b.resourceARN(arn).tagKeys("team", "not-there"));
            assertThat(tags(arn)).containsExactly(tag("cost", "42"), tag("env", "staging"));

            cw.deleteAlarms(b -> b.alarmNames(name));
            var afterDelete = cw.listTagsForResource(b -> b.resourceARN(arn));
            assertThat(afterDelete.hasTags()).as("Tags: [] rather than absent").isTrue();
            assertThat(afterDelete.tags()).isEmpty();

            putAlarm(alarm(name, "IT/" + name, "M"));
            assertThat(tags(arn)).as("a re-created alarm does not inherit the deleted one's tags").isEmpty();
        }

        private List<Tag> tags(String arn) {
            return cw.listTagsForResource(b -> b.resourceARN(arn)).tags().stream()
                    .sorted((x, y) -> x.key().compareTo(y.key())).toList();
        }
    }

    static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    // ---------------------------------------------------------------- bad input

    @Nested
    class BadInput {

        /** Sends a bad PutMetricAlarm, expects {@code code}, and checks that no alarm of that name appeared. */
        private CloudWatchException refused(PutMetricAlarmRequest.Builder request, String code) {
            String name = request.build().alarmName();
            CloudWatchException e = awsError(() -> cw.putMetricAlarm(request.build()), CloudWatchException.class, code, 400);
            assertThat(findMetricAlarm(name)).as("nothing created for %s", name).isEmpty();
            assertThat(history(b -> b.alarmName(name))).as("no history for %s", name).isEmpty();
            return e;
        }

        @Test
        void aPeriodThatIsNotTenTwentyThirtyOrAMultipleOfSixtyIsRefused(TestInfo info) {
            // AWS answers ValidationError "Period must be 10, 30 or a multiple of 60" (recorded through
            // CloudFormation in awsdocs/aws-cloudformation-user-guide#777, before 20 s periods existed)
            String name = unique(info);
            CloudWatchException e = refused(alarm(name, "IT/" + name, "M").period(45), "ValidationError");
            assertThat(e.awsErrorDetails().errorMessage()).contains("Period must be 10, 20, 30");
        }

        @Test
        void moreDatapointsToAlarmThanEvaluationPeriodsIsRefused(TestInfo info) {
            String name = unique(info);
            CloudWatchException e = refused(alarm(name, "IT/" + name, "M").evaluationPeriods(2).datapointsToAlarm(3),
                    "ValidationError");
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("DatapointsToAlarm must be less than or equal to EvaluationPeriods");
        }

        @Test
        void sixAlarmActionsAreRefused(TestInfo info) {
            String name = unique(info);
            CloudWatchException e = refused(alarm(name, "IT/" + name, "M").alarmActions(
                    IntStream.range(0, 6).mapToObj(i -> TOPIC + "t" + i).toList()), "ValidationError");
            assertThat(e.awsErrorDetails().errorMessage()).startsWith("1 validation error detected: Value '[")
                    .endsWith("]' at 'alarmActions' failed to satisfy constraint: Member must have length less than or equal to 5");
        }

        @Test
        void fiftyOneTagsAreRefused(TestInfo info) {
            String name = unique(info);
            List<Tag> tags = IntStream.range(0, 51).mapToObj(i -> tag("k" + i, "v")).toList();
            CloudWatchException e = refused(alarm(name, "IT/" + name, "M").tags(tags), "InvalidParameterValue");
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The collection Tags must not have a size greater than 50.");
            assertThat(cw.listTagsForResource(b -> b.resourceARN(ARN_PREFIX + name)).tags()).isEmpty();
        }

        @Test
        void anUnknownComparisonOperatorIsAValidationError(TestInfo info) {
            String name = unique(info);
            CloudWatchException e = refused(alarm(name, "IT/" + name, "M").comparisonOperator("Bigger"), "ValidationError");
            assertThat(e.awsErrorDetails().errorMessage()).startsWith("1 validation error detected: Value 'Bigger' at "
                    + "'comparisonOperator' failed to satisfy constraint: Member must satisfy enum value set: [");
        }

        @Test
        void evaluationRangesOverOneDayBelowHourlyPeriodsOrOverSevenDaysAreRefused(TestInfo info) {
            String name = unique(info);
            assertThat(refused(alarm(name + "-day", "IT/" + name, "M").period(60).evaluationPeriods(1441),
                    "InvalidParameterCombination").awsErrorDetails().errorMessage())
                    .isEqualTo("Metrics cannot be checked across more than a day (EvaluationPeriods * Period must be <= 86400).");
            assertThat(refused(alarm(name + "-week", "IT/" + name, "M").period(3600).evaluationPeriods(169),
                    "InvalidParameterCombination").awsErrorDetails().errorMessage())
                    .isEqualTo("Metrics cannot be checked across more than a week (EvaluationPeriods * Period must be <= 604800).");
            // the limits themselves are fine
            putAlarm(alarm(name + "-1440", "IT/" + name, "M").period(60).evaluationPeriods(1440));
            putAlarm(alarm(name + "-168", "IT/" + name, "M").period(3600).evaluationPeriods(168));
            assertThat(metricAlarm(name + "-1440").evaluationPeriods()).isEqualTo(1440);
            assertThat(metricAlarm(name + "-168").evaluationPeriods()).isEqualTo(168);
        }

        @Test
        void aBadUpdateKeepsTheOldDefinition(TestInfo info) {
            String name = unique(info);
            putAlarm(alarm(name, "IT/" + name, "M").period(120));
            MetricAlarm before = metricAlarm(name);
            CloudWatchException e = catchThrowableOfType(CloudWatchException.class,
                    () -> cw.putMetricAlarm(alarm(name, "IT/" + name, "M").period(120).evaluationPeriods(2).datapointsToAlarm(3).build()));
            assertThat(e).isNotNull();
            assertThat(e.statusCode()).isEqualTo(400);
            MetricAlarm after = metricAlarm(name);
            assertThat(after).isEqualTo(before);
            assertThat(history(b -> b.alarmName(name).historyItemType(HistoryItemType.CONFIGURATION_UPDATE))).hasSize(1);
        }
    }

    // ---------------------------------------------------------------- BacktestMetricAlarm (Synaps extension)

    /** Transition is one back-test transition as a protocol answered it. */
    record Transition(Instant timestamp, String from, String to, String reason, String reasonData) {
    }

    @Nested
    class Backtest {

        @Test
        void replaysStoredDataIntoTransitionsOverJsonAndQuery(TestInfo info) {
            String ns = "IT/" + unique(info);
            Instant t0 = floor(Instant.now(), 60).minus(Duration.ofMinutes(30));
            // minutes 0..24 after t0: 10, except 90 in minutes 10..14
            List<MetricDatum> data = IntStream.range(0, 25).mapToObj(i -> MetricDatum.builder().metricName("Load")
                    .timestamp(t0.plusSeconds(60L * i + 15)).value(i >= 10 && i <= 14 ? 90.0 : 10.0).build()).toList();
            cw.putMetricData(r -> r.namespace(ns).metricData(data));

            for (Protocol protocol : List.of(Protocol.JSON, Protocol.QUERY)) {
                ObjectNode in = backtestInput(ns, "bt-" + protocol.dir(), t0, t0.plus(Duration.ofMinutes(25)));
                RawHttp.Response r = protocolClient().call(protocol, "BacktestMetricAlarm", in);
                assertThat(r.status()).as("%s: %s", protocol, r.bodyText()).isEqualTo(200);
                Backtested result = parse(protocol, r);
                assertThat(result.evaluations()).as("%s: one evaluation per minute tick in [start, end)", protocol).isEqualTo(25);
                assertThat(result.finalState()).isEqualTo("OK");
                assertThat(result.transitions()).extracting(Transition::timestamp, Transition::from, Transition::to)
                        .as("%s transitions", protocol).containsExactly(
                                tuple(t0.plusSeconds(60), "INSUFFICIENT_DATA", "OK"),
                                tuple(t0.plusSeconds(12 * 60), "OK", "ALARM"),
                                tuple(t0.plusSeconds(16 * 60), "ALARM", "OK"));
                assertThat(result.transitions().get(1).reason()).isEqualTo("Threshold Crossed: 2 out of the last 2 datapoints ["
                        + "90.0 (" + REASON_DATE.format(t0.plusSeconds(11 * 60)) + "), 90.0 (" + REASON_DATE.format(t0.plusSeconds(10 * 60))
                        + ")] were greater than the threshold (50.0) (minimum 2 datapoints for OK -> ALARM transition).");
                assertThat(result.transitions().get(2).reason()).isEqualTo("Threshold Crossed: 1 datapoint was not greater than "
                        + "the threshold (50.0). The most recent datapoints: [90.0, 10.0].");
                JsonNode reasonData = json(result.transitions().get(1).reasonData());
                assertThat(keys(reasonData)).containsExactlyElementsOf(METRIC_REASON_DATA_KEYS);
                assertThat(reasonData.get("queryDate").asText()).isEqualTo(DATA_DATE.format(t0.plusSeconds(12 * 60)));
                assertThat(reasonData.get("recentDatapoints").toString()).isEqualTo("[90.0,90.0]");
                assertThat(findMetricAlarm("bt-" + protocol.dir())).as("a back-test stores no alarm").isEmpty();
                assertThat(history(b -> b.alarmName("bt-" + protocol.dir()))).as("nor history").isEmpty();
            }
        }

        @Test
        void refusesWhatPutMetricAlarmRefusesAndAnEmptyRange(TestInfo info) {
            String ns = "IT/" + unique(info);
            Instant t0 = floor(Instant.now(), 60).minus(Duration.ofMinutes(30));
            for (Protocol protocol : List.of(Protocol.JSON, Protocol.QUERY)) {
                RawHttp.Response badPeriod = protocolClient().call(protocol, "BacktestMetricAlarm",
                        backtestInput(ns, "bt", t0, t0.plusSeconds(600)).put("Period", 45));
                assertThat(badPeriod.status()).isEqualTo(400);
                assertThat(badPeriod.bodyText()).contains("Period must be 10, 20, 30");

                RawHttp.Response empty = protocolClient().call(protocol, "BacktestMetricAlarm", backtestInput(ns, "bt", t0, t0));
                assertThat(empty.status()).isEqualTo(400);
                assertThat(empty.bodyText()).contains("InvalidParameterValue")
                        .contains("The parameter StartTime must be less than the parameter EndTime.");
            }
        }

        private ObjectNode backtestInput(String ns, String name, Instant start, Instant end) {
            ObjectNode in = ProtocolClient.input().put("AlarmName", name).put("Namespace", ns).put("MetricName", "Load")
                    .put("Statistic", "Maximum").put("Period", 60).put("EvaluationPeriods", 2).put("Threshold", 50.0)
                    .put("ComparisonOperator", "GreaterThanThreshold");
            in.set("StartTime", ProtocolClient.timestamp(start));
            in.set("EndTime", ProtocolClient.timestamp(end));
            return in;
        }
    }

    /** Backtested is a back-test answer read from any protocol. */
    record Backtested(List<Transition> transitions, int evaluations, String finalState) {
    }

    static ProtocolClient protocolClient() {
        return new ProtocolClient(node.port(), node.admin().accessKeyId(), node.admin().secretAccessKey(), Clock.systemUTC());
    }

    static Backtested parse(Protocol protocol, RawHttp.Response r) {
        if (protocol == Protocol.JSON) {
            JsonNode body = json(r.bodyText());
            List<Transition> transitions = new ArrayList<>();
            for (JsonNode t : body.get("Transitions")) {
                double seconds = t.get("Timestamp").asDouble();
                transitions.add(new Transition(Instant.ofEpochMilli(Math.round(seconds * 1000)), t.get("OldStateValue").asText(),
                        t.get("NewStateValue").asText(), t.get("StateReason").asText(),
                        t.has("StateReasonData") ? t.get("StateReasonData").asText() : null));
            }
            return new Backtested(transitions, body.get("Evaluations").asInt(), body.get("FinalStateValue").asText());
        }
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(false);
            Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(r.body()));
            Element result = (Element) doc.getElementsByTagName("BacktestMetricAlarmResult").item(0);
            assertThat(result).as("BacktestMetricAlarmResult in %s", r.bodyText()).isNotNull();
            List<Transition> transitions = new ArrayList<>();
            Element list = (Element) result.getElementsByTagName("Transitions").item(0);
            NodeList members = list.getChildNodes();
            for (int i = 0; i < members.getLength(); i++) {
                if (members.item(i) instanceof Element m) {
                    transitions.add(new Transition(Instant.parse(text(m, "Timestamp")), text(m, "OldStateValue"),
                            text(m, "NewStateValue"), text(m, "StateReason"), text(m, "StateReasonData")));
                }
            }
            return new Backtested(transitions, Integer.parseInt(text(result, "Evaluations")), text(result, "FinalStateValue"));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new AssertionError("not XML: " + r.bodyText(), e);
        }
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent();
    }
}
