package io.synaps.api.action;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.api.protocol.Members;
import io.synaps.api.protocol.Output;
import io.synaps.engine.EngineConfig;
import io.synaps.engine.MetricEngine;
import io.synaps.journal.SegmentJournal;
import io.synaps.journal.SegmentJournalConfig;
import io.synaps.model.AwsError;
import io.synaps.store.rocksdb.RocksDbStorage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The metric actions end to end over the real engine: a MetricEngine on a SegmentJournal and a
 * RocksDB store in a temporary directory, with AWS's recorded behaviour as the expectation.
 */
class CloudWatchActionsEngineTest {
    private static final Clock CLOCK = Clock.fixed(Inputs.NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;
    private SegmentJournal journal;
    private RocksDbStorage storage;
    private MetricEngine engine;
    private final Map<String, Action> actions = new HashMap<>();

    @BeforeEach
    void start() {
        journal = SegmentJournal.open(SegmentJournalConfig.of(dir.resolve("journal"), 2));
        storage = RocksDbStorage.open(dir.resolve("store"), CLOCK);
        engine = new MetricEngine(journal, storage.metricStore(),
                EngineConfig.defaults(2).withFlushInterval(Duration.ofHours(1)), CLOCK);
        engine.start();
        for (Action a : CloudWatchActions.create(engine, engine, storage.dashboardStore(),
                new ActionsConfig(3, 1000, 100_800, "aws"))) {
            actions.put(a.name(), a);
        }
    }

    @AfterEach
    void stop() {
        engine.close();
        journal.close();
        storage.close();
    }

    private ObjectNode call(String action, Members in) {
        return Inputs.output(actions.get(action), Inputs.context(), in);
    }

    private ObjectNode call(String action, String json) {
        return call(action, Inputs.json(json));
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    @Test
    void theFactoryBuildsTheEightMetricAndDashboardOperations() {
        assertThat(ActionRegistry.of(actions.values()).implemented()).containsExactly(
                "DeleteDashboards", "GetDashboard", "GetMetricData", "GetMetricStatistics", "ListDashboards",
                "ListMetrics", "PutDashboard", "PutMetricData");
    }

    @Test
    void valuesAndCountsBecomeWeightedSamplesInOneMinute() {
        assertThat(call("PutMetricData", Inputs.query("Namespace", "App", "MetricData.member.1.MetricName", "m",
                "MetricData.member.1.Unit", "Count", "MetricData.member.1.Timestamp", "2026-01-10T11:30:10Z",
                "MetricData.member.1.Values.member.1", "1", "MetricData.member.1.Values.member.2", "10",
                "MetricData.member.1.Counts.member.1", "2", "MetricData.member.1.Counts.member.2", "4"))).isNull();
        ObjectNode out = call("GetMetricStatistics", Inputs.query("Namespace", "App", "MetricName", "m",
                "StartTime", "2026-01-10T11:00:00Z", "EndTime", "2026-01-10T12:00:00Z", "Period", "60",
                "Statistics.member.1", "SampleCount", "Statistics.member.2", "Sum", "Statistics.member.3", "Maximum"));
        assertThat(out.get("Label").asText()).isEqualTo("m");
        List<JsonNode> points = list(out.get("Datapoints"));
        assertThat(points).hasSize(1);
        JsonNode p = points.get(0);
        assertThat(Output.instantOf(p.get("Timestamp"))).isEqualTo(Instant.parse("2026-01-10T11:30:00Z"));
        assertThat(p.get("SampleCount").asDouble()).isEqualTo(6.0);
        assertThat(p.get("Sum").asDouble()).isEqualTo(42.0);
        assertThat(p.get("Maximum").asDouble()).isEqualTo(10.0);
        assertThat(p.get("Unit").asText()).isEqualTo("Count");
        List<String> fields = new ArrayList<>();
        p.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("Timestamp", "SampleCount", "Sum", "Maximum", "Unit");
    }

    @Test
    void aValueAndAStatisticSetInTheSameMinuteAggregateTogether() {
        call("PutMetricData", "{'Namespace': 'App', 'MetricData': ["
                + "{'MetricName': 'm', 'Timestamp': '2026-01-10T11:30:00Z', 'Value': 11},"
                + "{'MetricName': 'm', 'Timestamp': '2026-01-10T11:30:30Z',"
                + " 'StatisticValues': {'SampleCount': 10, 'Sum': 55, 'Minimum': 1, 'Maximum': 10}}]}");
        JsonNode p = call("GetMetricStatistics", "{'Namespace': 'App', 'MetricName': 'm',"
                + " 'StartTime': '2026-01-10T11:30:00Z', 'EndTime': '2026-01-10T11:31:00Z', 'Period': 60,"
                + " 'Statistics': ['Sum', 'SampleCount', 'Minimum', 'Maximum', 'Average']}").get("Datapoints").get(0);
        assertThat(p.get("Sum").asDouble()).isEqualTo(66.0);
        assertThat(p.get("SampleCount").asDouble()).isEqualTo(11.0);
        assertThat(p.get("Minimum").asDouble()).isEqualTo(1.0);
        assertThat(p.get("Maximum").asDouble()).isEqualTo(11.0);
        assertThat(p.get("Average").asDouble()).isEqualTo(6.0);
        assertThat(p.get("Unit").asText()).isEqualTo("None");
    }

    @Test
    void unitsAreNeverMergedIntoOneDatapoint() {
        call("PutMetricData", "{'Namespace': 'App', 'MetricData': ["
                + "{'MetricName': 'm', 'Timestamp': '2026-01-10T11:30:00Z', 'Value': 1, 'Unit': 'Seconds'},"
                + "{'MetricName': 'm', 'Timestamp': '2026-01-10T11:30:01Z', 'Value': 5, 'Unit': 'Count'},"
                + "{'MetricName': 'm', 'Timestamp': '2026-01-10T11:30:02Z', 'Value': 10}]}");
        Map<String, Double> byUnit = new HashMap<>();
        call("GetMetricStatistics", "{'Namespace': 'App', 'MetricName': 'm', 'StartTime': '2026-01-10T11:00:00Z',"
                + " 'EndTime': '2026-01-10T12:00:00Z', 'Period': 60, 'Statistics': ['Average']}")
                .get("Datapoints").forEach(p -> byUnit.put(p.get("Unit").asText(), p.get("Average").asDouble()));
        assertThat(byUnit).containsExactlyInAnyOrderEntriesOf(Map.of("Seconds", 1.0, "Count", 5.0, "None", 10.0));

        List<JsonNode> counted = list(call("GetMetricStatistics", "{'Namespace': 'App', 'MetricName': 'm',"
                + " 'StartTime': '2026-01-10T11:00:00Z', 'EndTime': '2026-01-10T12:00:00Z', 'Period': 60,"
                + " 'Statistics': ['Sum'], 'Unit': 'Count'}").get("Datapoints"));
        assertThat(counted).hasSize(1);
        assertThat(counted.get(0).get("Sum").asDouble()).isEqualTo(5.0);
    }

    @Test
    void anUnknownMetricHasNoDatapointsButKeepsItsLabel() {
        ObjectNode out = call("GetMetricStatistics", "{'Namespace': 'App', 'MetricName': 'never',"
                + " 'StartTime': '2026-01-10T11:00:00Z', 'EndTime': '2026-01-10T12:00:00Z', 'Period': 60, 'Statistics': ['Sum']}");
        assertThat(out.get("Label").asText()).isEqualTo("never");
        assertThat(out.get("Datapoints").isArray()).isTrue();
        assertThat(out.get("Datapoints")).isEmpty();
    }

    @Test
    void bucketsStartAtTheStartTimeRoundedToTheMinute() {
        call("PutMetricData", "{'Namespace': 'App', 'MetricData': ["
                + "{'MetricName': 'm', 'Timestamp': '2026-01-10T09:20:00Z', 'Value': 1},"
                + "{'MetricName': 'm', 'Timestamp': '2026-01-10T10:17:59Z', 'Value': 2},"
                + "{'MetricName': 'm', 'Timestamp': '2026-01-10T10:18:00Z', 'Value': 4}]}");
        List<JsonNode> points = list(call("GetMetricStatistics", "{'Namespace': 'App', 'MetricName': 'm',"
                + " 'StartTime': '2026-01-10T09:18:42Z', 'EndTime': '2026-01-10T11:18:00Z', 'Period': 3600,"
                + " 'Statistics': ['Sum']}").get("Datapoints"));
        Map<Instant, Double> sums = new HashMap<>();
        points.forEach(p -> sums.put(Output.instantOf(p.get("Timestamp")), p.get("Sum").asDouble()));
        assertThat(sums).containsExactlyInAnyOrderEntriesOf(Map.of(
                Instant.parse("2026-01-10T09:18:00Z"), 3.0,
                Instant.parse("2026-01-10T10:18:00Z"), 4.0));
    }

    @Test
    void percentilesComeAsAnExtendedStatisticsMapAndAreOmittedWhenUnavailable() {
        StringBuilder values = new StringBuilder();
        for (int i = 1; i <= 100; i++) {
            values.append(i == 1 ? "" : ",").append(i);
        }
        call("PutMetricData", "{'Namespace': 'App', 'MetricData': [{'MetricName': 'lat', 'Unit': 'Milliseconds',"
                + " 'Timestamp': '2026-01-10T11:30:00Z', 'Values': [" + values + "]},"
                + "{'MetricName': 'sets', 'Timestamp': '2026-01-10T11:30:00Z',"
                + " 'StatisticValues': {'SampleCount': 3, 'Sum': 6, 'Minimum': 1, 'Maximum': 3}}]}");
        JsonNode p = call("GetMetricStatistics", "{'Namespace': 'App', 'MetricName': 'lat',"
                + " 'StartTime': '2026-01-10T11:30:00Z', 'EndTime': '2026-01-10T11:31:00Z', 'Period': 60,"
                + " 'ExtendedStatistics': ['p50', 'p99']}").get("Datapoints").get(0);
        assertThat(Output.isMap(p.get("ExtendedStatistics"))).isTrue();
        assertThat(p.get("ExtendedStatistics").get("p50").asDouble()).isCloseTo(50.0, within(1.0));
        assertThat(p.get("ExtendedStatistics").get("p99").asDouble()).isCloseTo(99.0, within(1.5));
        assertThat(p.has("Sum")).isFalse();
        assertThat(p.get("Unit").asText()).isEqualTo("Milliseconds");

        JsonNode set = call("GetMetricStatistics", "{'Namespace': 'App', 'MetricName': 'sets',"
                + " 'StartTime': '2026-01-10T11:30:00Z', 'EndTime': '2026-01-10T11:31:00Z', 'Period': 60,"
                + " 'ExtendedStatistics': ['p50']}").get("Datapoints").get(0);
        assertThat(set.has("ExtendedStatistics")).isFalse();
        assertThat(Output.instantOf(set.get("Timestamp"))).isEqualTo(Instant.parse("2026-01-10T11:30:00Z"));
    }

    @Test
    void highResolutionDataIsReadWithShortPeriods() {
        call("PutMetricData", "{'Namespace': 'App', 'MetricData': ["
                + "{'MetricName': 'hr', 'Unit': 'Count', 'StorageResolution': 1, 'Timestamp': '2026-01-10T11:59:41Z', 'Value': 0},"
                + "{'MetricName': 'hr', 'Unit': 'Count', 'StorageResolution': 1, 'Timestamp': '2026-01-10T11:59:43Z', 'Value': 5}]}");
        ObjectNode out = call("GetMetricData", "{'StartTime': '2026-01-10T11:59:40Z', 'EndTime': '2026-01-10T11:59:50Z',"
                + " 'MetricDataQueries': [{'Id': 'hr', 'MetricStat': {'Metric': {'Namespace': 'App', 'MetricName': 'hr'},"
                + " 'Period': 10, 'Stat': 'Maximum', 'Unit': 'Count'}}]}");
        JsonNode r = out.get("MetricDataResults").get(0);
        assertThat(list(r.get("Values"))).extracting(JsonNode::asDouble).containsExactly(5.0);
        assertThat(Output.instantOf(r.get("Timestamps").get(0))).isEqualTo(Instant.parse("2026-01-10T11:59:40Z"));
    }

    private void putMinutes(String name, int minutes, String unit) {
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < minutes; i++) {
            data.append(i == 0 ? "" : ",").append("{'MetricName': '").append(name).append("', 'Unit': '").append(unit)
                    .append("', 'Timestamp': ").append(Inputs.NOW.getEpochSecond() - 3600 + i * 60L)
                    .append(", 'Value': ").append(i).append("}");
        }
        call("PutMetricData", "{'Namespace': 'App', 'MetricData': [" + data + "]}");
    }

    private static String stat(String id, String metric, String stat, int period) {
        return "{'Id': '" + id + "', 'MetricStat': {'Metric': {'Namespace': 'App', 'MetricName': '" + metric
                + "'}, 'Period': " + period + ", 'Stat': '" + stat + "'}}";
    }

    private static final String HOUR = "'StartTime': " + (Inputs.NOW.getEpochSecond() - 3600)
            + ", 'EndTime': " + Inputs.NOW.getEpochSecond();

    @Test
    void getMetricDataAnswersInQueryOrderNewestFirstWithDefaultLabels() {
        putMinutes("m", 3, "Count");
        ObjectNode out = call("GetMetricData", "{" + HOUR + ", 'MetricDataQueries': ["
                + stat("b", "m", "Sum", 60) + "," + stat("a", "m", "Minimum", 60) + ","
                + "{'Id': 'c', 'Label': 'mine', 'ReturnData': true, 'MetricStat': {'Metric': {'Namespace': 'App',"
                + " 'MetricName': 'm'}, 'Period': 60, 'Stat': 'Sum'}},"
                + "{'Id': 'hidden', 'ReturnData': false, 'MetricStat': {'Metric': {'Namespace': 'App',"
                + " 'MetricName': 'm'}, 'Period': 60, 'Stat': 'Sum'}}]}");
        List<JsonNode> results = list(out.get("MetricDataResults"));
        assertThat(results).extracting(r -> r.get("Id").asText()).containsExactly("b", "a", "c");
        assertThat(results).extracting(r -> r.get("Label").asText()).containsExactly("m Sum", "m Minimum", "mine");
        JsonNode b = results.get(0);
        assertThat(list(b.get("Values"))).extracting(JsonNode::asDouble).containsExactly(2.0, 1.0, 0.0);
        assertThat(Output.instantOf(b.get("Timestamps").get(0))).isEqualTo(Inputs.NOW.minusSeconds(3600 - 120));
        assertThat(b.get("StatusCode").asText()).isEqualTo("Complete");
        assertThat(b.has("Messages")).isFalse();
        assertThat(out.get("Messages").isArray()).isTrue();
        assertThat(out.get("Messages")).isEmpty();
        assertThat(out.has("NextToken")).isFalse();

        ObjectNode asc = call("GetMetricData", "{" + HOUR + ", 'ScanBy': 'TimestampAscending', 'MetricDataQueries': ["
                + stat("b", "m", "Sum", 60) + "]}");
        JsonNode only = asc.get("MetricDataResults").get(0);
        assertThat(list(only.get("Values"))).extracting(JsonNode::asDouble).containsExactly(0.0, 1.0, 2.0);
        assertThat(only.get("Label").asText()).isEqualTo("m");
    }

    @Test
    void defaultLabelsNameThePeriodWhenPeriodsDiffer() {
        putMinutes("m", 2, "Count");
        List<JsonNode> samePeriodOnly = list(call("GetMetricData", "{" + HOUR + ", 'MetricDataQueries': ["
                + stat("a", "m", "Sum", 60) + "," + stat("b", "m", "Sum", 120) + "]}").get("MetricDataResults"));
        assertThat(samePeriodOnly).extracting(r -> r.get("Label").asText()).containsExactly("m 60", "m 120");
        List<JsonNode> both = list(call("GetMetricData", "{" + HOUR + ", 'MetricDataQueries': ["
                + stat("a", "m", "Sum", 60) + "," + stat("b", "m", "Minimum", 120) + "]}").get("MetricDataResults"));
        assertThat(both).extracting(r -> r.get("Label").asText()).containsExactly("m Sum 60", "m Minimum 120");
    }

    @Test
    void severalUnitsWithoutAUnitFilterAnswerTheAlphabeticallyFirstWithAMessage() {
        putMinutes("mixed", 1, "Seconds");
        putMinutes("mixed", 2, "Milliseconds");
        JsonNode r = call("GetMetricData", "{" + HOUR + ", 'MetricDataQueries': [" + stat("a", "mixed", "SampleCount", 60) + "]}")
                .get("MetricDataResults").get(0);
        assertThat(r.get("Values")).hasSize(2);
        JsonNode message = r.get("Messages").get(0);
        assertThat(message.get("Code").asText()).isEqualTo("MultipleUnits");
        assertThat(message.get("Value").asText()).isEqualTo("Multiple units returned: '[Milliseconds, Seconds]'");
    }

    @Test
    void dimensionsMatchExactly() {
        call("PutMetricData", "{'Namespace': 'App', 'MetricData': [{'MetricName': 'd', 'Timestamp': "
                + (Inputs.NOW.getEpochSecond() - 600) + ", 'Value': 1,"
                + " 'Dimensions': [{'Name': 'Host', 'Value': 'a'}, {'Name': 'Az', 'Value': 'z1'}]}]}");
        String none = "{'Id': 'x', 'MetricStat': {'Metric': {'Namespace': 'App', 'MetricName': 'd'}, 'Period': 60, 'Stat': 'Sum'}}";
        String reordered = "{'Id': 'y', 'MetricStat': {'Metric': {'Namespace': 'App', 'MetricName': 'd', 'Dimensions':"
                + " [{'Name': 'Az', 'Value': 'z1'}, {'Name': 'Host', 'Value': 'a'}]}, 'Period': 60, 'Stat': 'Sum'}}";
        List<JsonNode> results = list(call("GetMetricData", "{" + HOUR + ", 'MetricDataQueries': [" + none + "," + reordered + "]}")
                .get("MetricDataResults"));
        assertThat(results.get(0).get("Values")).isEmpty();
        assertThat(results.get(0).get("StatusCode").asText()).isEqualTo("Complete");
        assertThat(results.get(1).get("Values")).hasSize(1);
    }

    @Test
    void maxDatapointsPagesWithANextTokenBoundToTheRequest() {
        putMinutes("p", 20, "Count");
        String request = HOUR + ", 'MaxDatapoints': 10, 'MetricDataQueries': [" + stat("a", "p", "Sum", 60) + "]";
        ObjectNode first = call("GetMetricData", "{" + request + "}");
        JsonNode r1 = first.get("MetricDataResults").get(0);
        assertThat(r1.get("Values")).hasSize(10);
        assertThat(r1.get("StatusCode").asText()).isEqualTo("PartialData");
        String token = first.get("NextToken").asText();

        ObjectNode second = call("GetMetricData", "{" + request + ", 'NextToken': '" + token + "'}");
        JsonNode r2 = second.get("MetricDataResults").get(0);
        assertThat(list(r2.get("Values"))).extracting(JsonNode::asDouble).containsExactly(9.0, 8.0, 7.0, 6.0, 5.0, 4.0, 3.0, 2.0, 1.0, 0.0);
        assertThat(r2.get("StatusCode").asText()).isEqualTo("Complete");
        assertThat(second.has("NextToken")).isFalse();

        AwsError garbage = Inputs.error(actions.get("GetMetricData"), Inputs.json("{" + request + ", 'NextToken': 'nope'}"));
        assertThat(garbage.code()).isEqualTo("InvalidNextToken");
        AwsError other = Inputs.error(actions.get("GetMetricData"), Inputs.json("{" + HOUR + ", 'MaxDatapoints': 10,"
                + " 'MetricDataQueries': [" + stat("a", "p", "Maximum", 60) + "], 'NextToken': '" + token + "'}"));
        assertThat(other.code()).isEqualTo("InvalidNextToken");
    }

    @Test
    void listMetricsListsEachMetricOnceWithFiltersAndPages() {
        call("PutMetricData", "{'Namespace': 'App', 'MetricData': ["
                + "{'MetricName': 'a', 'Value': 1}, {'MetricName': 'a', 'Value': 2},"
                + "{'MetricName': 'b', 'Value': 1, 'Dimensions': [{'Name': 'Host', 'Value': 'h1'}]},"
                + "{'MetricName': 'b', 'Value': 1, 'Dimensions': [{'Name': 'Host', 'Value': 'h2'}, {'Name': 'Az', 'Value': 'z'}]},"
                + "{'MetricName': 'c', 'StatisticValues': {'SampleCount': 1, 'Sum': 1, 'Minimum': 1, 'Maximum': 1}}]}");
        call("PutMetricData", "{'Namespace': 'Other', 'MetricData': [{'MetricName': 'a', 'Value': 1}]}");
        engine.flush().join();

        List<String> all = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            ObjectNode page = call("ListMetrics", token == null ? Inputs.json("{'Namespace': 'App'}")
                    : Inputs.json("{'Namespace': 'App', 'NextToken': '" + token + "'}"));
            assertThat(page.get("Metrics").size()).isLessThanOrEqualTo(3);
            page.get("Metrics").forEach(m -> all.add(m.get("MetricName").asText() + m.get("Dimensions").size()));
            token = page.has("NextToken") ? page.get("NextToken").asText() : null;
            pages++;
        } while (token != null);
        assertThat(pages).isEqualTo(2);
        assertThat(all).containsExactlyInAnyOrder("a0", "b1", "b2", "c0");

        ObjectNode byDimension = call("ListMetrics", "{'Dimensions': [{'Name': 'Host'}]}");
        assertThat(byDimension.get("Metrics")).hasSize(2);
        ObjectNode byValue = call("ListMetrics", Inputs.query("Dimensions.member.1.Name", "Host",
                "Dimensions.member.1.Value", "h2"));
        JsonNode only = byValue.get("Metrics").get(0);
        assertThat(byValue.get("Metrics")).hasSize(1);
        assertThat(only.get("Namespace").asText()).isEqualTo("App");
        assertThat(only.get("Dimensions")).hasSize(2);
        assertThat(only.get("Dimensions").get(0).has("Name")).isTrue();

        ObjectNode named = call("ListMetrics", "{'MetricName': 'a', 'RecentlyActive': 'PT3H', 'IncludeLinkedAccounts': true}");
        assertThat(named.get("Metrics")).hasSize(2);
        assertThat(list(named.get("OwningAccounts"))).extracting(JsonNode::asText)
                .containsExactly(Inputs.ACCOUNT, Inputs.ACCOUNT);
        assertThat(call("ListMetrics", "{'MetricName': 'a'}").has("OwningAccounts")).isFalse();
        assertThat(call("ListMetrics", "{'OwningAccount': '999999999999'}").get("Metrics")).isEmpty();
    }

    @Test
    void anotherAccountSeesNoneOfTheData() {
        putMinutes("mine", 2, "Count");
        engine.flush().join();
        RequestContext other = new RequestContext("r", "210987654321", "AKIDOTHER", "us-east-1", CLOCK);
        ObjectNode data = Inputs.output(actions.get("GetMetricData"), other,
                Inputs.json("{" + HOUR + ", 'MetricDataQueries': [" + stat("a", "mine", "Sum", 60) + "]}"));
        assertThat(data.get("MetricDataResults").get(0).get("Values")).isEmpty();
        assertThat(Inputs.output(actions.get("ListMetrics"), other, Inputs.query()).get("Metrics")).isEmpty();
    }
}
