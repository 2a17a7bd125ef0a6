package io.synaps.api.action.alarm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.api.action.Action;
import io.synaps.api.action.ActionRegistry;
import io.synaps.api.action.ActionsConfig;
import io.synaps.api.action.CloudWatchActions;
import io.synaps.api.action.Inputs;
import io.synaps.api.action.RequestContext;
import io.synaps.api.protocol.Members;
import io.synaps.api.protocol.Output;
import io.synaps.engine.EngineConfig;
import io.synaps.engine.MetricEngine;
import io.synaps.engine.alarm.AlarmEngine;
import io.synaps.engine.alarm.AlarmEngineConfig;
import io.synaps.journal.SegmentJournal;
import io.synaps.journal.SegmentJournalConfig;
import io.synaps.model.AwsError;
import io.synaps.model.alarm.AlarmTransition;
import io.synaps.store.rocksdb.RocksDbStorage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alarm and tag handlers end to end over the real engines: SegmentJournal, RocksDbStorage,
 * MetricEngine and AlarmEngine in a temporary directory, on a virtual clock (no scheduler; the
 * test calls the tick). Requests go in as Query or JSON trees, as the protocols deliver them.
 */
class AlarmActionsEngineTest {
    private static final String ACCOUNT = Inputs.ACCOUNT;
    private static final long T0 = Inputs.NOW.toEpochMilli(); // 2026-01-10T12:00:00Z
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private final VirtualClock clock = new VirtualClock(T0);
    private final List<AlarmTransition> transitions = new CopyOnWriteArrayList<>();
    private SegmentJournal journal;
    private RocksDbStorage storage;
    private MetricEngine metrics;
    private AlarmEngine alarms;
    private final Map<String, Action> actions = new HashMap<>();

    @BeforeEach
    void start() {
        journal = SegmentJournal.open(SegmentJournalConfig.of(dir.resolve("journal"), 2));
        storage = RocksDbStorage.open(dir.resolve("store"), clock);
        metrics = new MetricEngine(journal, storage.metricStore(),
                EngineConfig.defaults(2).withFlushInterval(Duration.ofHours(1)), clock);
        alarms = new AlarmEngine(metrics, metrics, storage.alarmStore(), storage.tagStore(), transitions::add,
                AlarmEngineConfig.defaults("us-east-1").withSchedulerInterval(Duration.ZERO), clock);
        metrics.start();
        alarms.start();
        for (Action a : CloudWatchActions.create(metrics, metrics, storage.dashboardStore(), alarms,
                storage.tagStore(), ActionsConfig.defaults())) {
            actions.put(a.name(), a);
        }
    }

    @AfterEach
    void stop() {
        alarms.close();
        metrics.close();
        journal.close();
        storage.close();
    }

    private RequestContext context() {
        return new RequestContext("req", ACCOUNT, "AKID", "us-east-1", clock);
    }

    private ObjectNode call(String action, Members in) {
        ObjectNode out = Inputs.output(actions.get(action), context(), in);
        alarms.awaitIdle();
        return out;
    }

    private ObjectNode call(String action, String json) {
        return call(action, Inputs.json(json));
    }

    private AwsError refused(String action, String json) {
        try {
            ObjectNode out = actions.get(action).handle(context(), Inputs.json(json)).join();
            throw new AssertionError("expected an error, got " + out);
        } catch (AwsError e) {
            return e;
        } catch (CompletionException e) {
            return (AwsError) e.getCause();
        }
    }

    private void putDatum(String metric, Instant at, double value) {
        call("PutMetricData", "{'Namespace': 'App', 'MetricData': [{'MetricName': '" + metric + "',"
                + " 'Dimensions': [{'Name': 'host', 'Value': 'a'}], 'Timestamp': '" + at + "', 'Value': " + value + "}]}");
    }

    private static Instant at(int minute, int second) {
        return Inputs.NOW.plusSeconds(minute * 60L + second);
    }

    private static List<String> names(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(a -> out.add(a.get("AlarmName").asText()));
        return out;
    }

    private JsonNode alarm(String name) {
        ObjectNode out = call("DescribeAlarms", "{'AlarmNames': ['" + name + "'],"
                + " 'AlarmTypes': ['MetricAlarm', 'CompositeAlarm']}");
        JsonNode list = out.get("MetricAlarms").isEmpty() ? out.get("CompositeAlarms") : out.get("MetricAlarms");
        assertThat(list).hasSize(1);
        return list.get(0);
    }

    private void putCpuAlarm() {
        assertThat(call("PutMetricAlarm", Inputs.query("AlarmName", "cpu", "Namespace", "App", "MetricName", "cpu",
                "Dimensions.member.1.Name", "host", "Dimensions.member.1.Value", "a", "Statistic", "Average",
                "Period", "60", "EvaluationPeriods", "1", "Threshold", "50", "ComparisonOperator", "GreaterThanThreshold",
                "AlarmActions.member.1", "arn:aws:sns:us-east-1:" + ACCOUNT + ":ops",
                "Tags.member.1.Key", "team", "Tags.member.1.Value", "infra"))).isNull();
    }

    @Test
    void theFactoryRegistersEveryAlarmAndTagOperation() {
        assertThat(ActionRegistry.of(actions.values()).implemented()).contains("PutMetricAlarm", "PutCompositeAlarm",
                "DescribeAlarms", "DescribeAlarmsForMetric", "DeleteAlarms", "EnableAlarmActions", "DisableAlarmActions",
                "SetAlarmState", "DescribeAlarmHistory", "TagResource", "UntagResource", "ListTagsForResource",
                "BacktestMetricAlarm", "PutMetricData", "DeleteDashboards", "GetMetricWidgetImage").hasSize(22);
    }

    @Test
    void aNewAlarmDescribesAsRecordedAndBreachingDataMovesItToAlarm() throws Exception {
        putCpuAlarm();
        JsonNode a = alarm("cpu");
        assertThat(a.get("StateValue").asText()).isEqualTo("INSUFFICIENT_DATA");
        assertThat(a.get("StateReason").asText()).isEqualTo("Unchecked: Initial alarm creation");
        assertThat(a.has("StateReasonData")).isFalse();
        assertThat(a.get("AlarmArn").asText()).isEqualTo("arn:aws:cloudwatch:us-east-1:" + ACCOUNT + ":alarm:cpu");
        assertThat(a.get("Threshold").doubleValue()).isEqualTo(50.0);
        assertThat(Output.instantOf(a.get("AlarmConfigurationUpdatedTimestamp"))).isEqualTo(Inputs.NOW);
        assertThat(a.has("TreatMissingData")).isFalse();
        assertThat(a.has("DatapointsToAlarm")).isFalse();

        clock.set(at(1, 10));
        putDatum("cpu", at(0, 30), 70);
        a = alarm("cpu");
        assertThat(a.get("StateValue").asText()).isEqualTo("ALARM");
        assertThat(a.get("StateReason").asText()).isEqualTo(
                "Threshold Crossed: 1 datapoint [70.0 (10/01/26 12:00:00)] was greater than the threshold (50.0).");
        JsonNode data = JSON.readTree(a.get("StateReasonData").asText());
        assertThat(data.get("version").asText()).isEqualTo("1.0");
        assertThat(data.get("recentDatapoints").get(0).doubleValue()).isEqualTo(70.0);
        assertThat(Output.instantOf(a.get("StateTransitionedTimestamp"))).isEqualTo(at(1, 10));
        assertThat(transitions).hasSize(1);

        assertThat(names(call("DescribeAlarms", "{'StateValue': 'ALARM'}").get("MetricAlarms"))).containsExactly("cpu");
        assertThat(call("DescribeAlarms", "{'StateValue': 'OK'}").get("MetricAlarms")).isEmpty();
        assertThat(names(call("DescribeAlarms", "{'ActionPrefix': 'arn:aws:sns:us-east-1:" + ACCOUNT + ":'}")
                .get("MetricAlarms"))).containsExactly("cpu");
        ObjectNode forMetric = call("DescribeAlarmsForMetric", "{'Namespace': 'App', 'MetricName': 'cpu',"
                + " 'Dimensions': [{'Name': 'host', 'Value': 'a'}], 'Statistic': 'Average', 'Period': 60}");
        assertThat(names(forMetric.get("MetricAlarms"))).containsExactly("cpu");
        assertThat(call("DescribeAlarmsForMetric", "{'Namespace': 'App', 'MetricName': 'cpu'}").get("MetricAlarms"))
                .isEmpty();
    }

    @Test
    void setAlarmStateHoldsUntilTheNextEvaluationAndHistoryRecordsEveryChange() throws Exception {
        putCpuAlarm();
        clock.set(at(1, 10));
        putDatum("cpu", at(0, 30), 70);

        clock.set(at(1, 20));
        assertThat(call("SetAlarmState", Inputs.query("AlarmName", "cpu", "StateValue", "OK",
                "StateReason", "testing purposes"))).isNull();
        JsonNode a = alarm("cpu");
        assertThat(a.get("StateValue").asText()).isEqualTo("OK");
        assertThat(a.get("StateReason").asText()).isEqualTo("testing purposes");
        assertThat(a.has("StateReasonData")).isFalse();
        assertThat(Output.instantOf(a.get("StateUpdatedTimestamp"))).isEqualTo(at(1, 20));

        clock.set(at(2, 0));
        alarms.tick();
        alarms.awaitIdle();
        assertThat(alarm("cpu").get("StateValue").asText()).isEqualTo("ALARM");

        AwsError unknown = refused("SetAlarmState", "{'AlarmName': 'nope', 'StateValue': 'OK', 'StateReason': 'r'}");
        assertThat(unknown.code()).isEqualTo("ResourceNotFound");
        assertThat(unknown.getMessage()).isNull();

        ObjectNode history = call("DescribeAlarmHistory", "{'AlarmName': 'cpu', 'HistoryItemType': 'StateUpdate',"
                + " 'ScanBy': 'TimestampAscending'}");
        List<String> summaries = new ArrayList<>();
        history.get("AlarmHistoryItems").forEach(i -> summaries.add(i.get("HistorySummary").asText()));
        assertThat(summaries).containsExactly("Alarm updated from INSUFFICIENT_DATA to ALARM",
                "Alarm updated from ALARM to OK", "Alarm updated from OK to ALARM");
        JsonNode second = history.get("AlarmHistoryItems").get(1);
        assertThat(second.get("AlarmType").asText()).isEqualTo("MetricAlarm");
        JsonNode data = JSON.readTree(second.get("HistoryData").asText());
        assertThat(data.get("newState").get("stateReason").asText()).isEqualTo("testing purposes");
        assertThat(data.get("oldState").get("stateValue").asText()).isEqualTo("ALARM");

        ObjectNode newestFirst = call("DescribeAlarmHistory", "{'AlarmName': 'cpu', 'MaxRecords': 2}");
        assertThat(newestFirst.get("AlarmHistoryItems")).hasSize(2);
        assertThat(newestFirst.get("AlarmHistoryItems").get(0).get("HistorySummary").asText())
                .isEqualTo("Alarm updated from OK to ALARM");
        ObjectNode rest = call("DescribeAlarmHistory", "{'AlarmName': 'cpu', 'MaxRecords': 2, 'NextToken': '"
                + newestFirst.get("NextToken").asText() + "'}");
        assertThat(rest.get("AlarmHistoryItems")).hasSize(2);
        assertThat(rest.get("AlarmHistoryItems").get(1).get("HistorySummary").asText())
                .isEqualTo("Alarm \"cpu\" created");
        assertThat(rest.has("NextToken")).isFalse();
        assertThat(call("DescribeAlarmHistory", "{'AlarmTypes': ['CompositeAlarm']}").get("AlarmHistoryItems")).isEmpty();
    }

    @Test
    void compositeAlarmsFollowTheirChildrenAndListParentsAndChildren() {
        putCpuAlarm();
        call("PutMetricAlarm", "{'AlarmName': 'disk', 'Namespace': 'App', 'MetricName': 'disk', 'Statistic': 'Maximum',"
                + " 'Period': 60, 'EvaluationPeriods': 1, 'Threshold': 90, 'ComparisonOperator': 'GreaterThanThreshold'}");
        assertThat(call("PutCompositeAlarm", "{'AlarmName': 'host-down', 'AlarmRule': 'ALARM(cpu) OR ALARM(\\\"disk\\\")',"
                + " 'AlarmDescription': 'either', 'Tags': [{'Key': 'k', 'Value': 'v'}]}")).isNull();
        clock.set(at(1, 10));
        putDatum("cpu", at(0, 30), 70);

        ObjectNode out = call("DescribeAlarms", "{'AlarmTypes': ['CompositeAlarm']}");
        assertThat(out.get("MetricAlarms")).isEmpty();
        JsonNode c = out.get("CompositeAlarms").get(0);
        assertThat(c.get("AlarmRule").asText()).isEqualTo("ALARM(cpu) OR ALARM(\"disk\")");
        assertThat(c.get("StateValue").asText()).isEqualTo("ALARM");
        assertThat(c.get("StateReasonData").asText()).startsWith("{\"triggeringAlarms\":[");

        ObjectNode children = call("DescribeAlarms", "{'ChildrenOfAlarmName': 'host-down'}");
        assertThat(names(children.get("MetricAlarms"))).containsExactly("cpu", "disk");
        assertThat(children.get("MetricAlarms").get(0).size()).isEqualTo(4);
        ObjectNode parents = call("DescribeAlarms", "{'ParentsOfAlarmName': 'disk'}");
        assertThat(names(parents.get("CompositeAlarms"))).containsExactly("host-down");

        AwsError unknownChild = refused("PutCompositeAlarm", "{'AlarmName': 'x', 'AlarmRule': 'ALARM(ghost)'}");
        assertThat(unknownChild.code()).isEqualTo("InvalidParameterValue");
        AwsError badRule = refused("PutCompositeAlarm", "{'AlarmName': 'x', 'AlarmRule': 'ALARM(cpu) ANDD OK(disk)'}");
        assertThat(badRule.code()).isIn("ValidationError", "InvalidParameterValue");
        assertThat(alarms.get(ACCOUNT, "x")).isEmpty();

        String arn = c.get("AlarmArn").asText();
        assertThat(call("ListTagsForResource", "{'ResourceARN': '" + arn + "'}").get("Tags").get(0).get("Key").asText())
                .isEqualTo("k");
    }

    @Test
    void pagesWalkEveryAlarmOnceAndActionsSwitchOnAndOff() {
        for (int i = 0; i < 5; i++) {
            call("PutMetricAlarm", "{'AlarmName': 'a" + i + "', 'Namespace': 'App', 'MetricName': 'm" + i + "',"
                    + " 'Statistic': 'Sum', 'Period': 60, 'EvaluationPeriods': 1, 'Threshold': 1,"
                    + " 'ComparisonOperator': 'GreaterThanThreshold'}");
        }
        List<String> seen = new ArrayList<>();
        String token = null;
        do {
            ObjectNode page = call("DescribeAlarms", "{'MaxRecords': 2" + (token == null ? "" : ", 'NextToken': '"
                    + token + "'") + "}");
            seen.addAll(names(page.get("MetricAlarms")));
            token = page.has("NextToken") ? page.get("NextToken").asText() : null;
        } while (token != null);
        assertThat(seen).containsExactly("a0", "a1", "a2", "a3", "a4");

        call("DisableAlarmActions", "{'AlarmNames': ['a1', 'a3', 'unknown']}");
        assertThat(alarm("a1").get("ActionsEnabled").booleanValue()).isFalse();
        assertThat(alarm("a2").get("ActionsEnabled").booleanValue()).isTrue();
        call("EnableAlarmActions", "{'AlarmNames': ['a1']}");
        assertThat(alarm("a1").get("ActionsEnabled").booleanValue()).isTrue();
        assertThat(alarm("a3").get("ActionsEnabled").booleanValue()).isFalse();
    }

    @Test
    void deletingAnAlarmKeepsItsHistoryAndDropsItsTags() {
        putCpuAlarm();
        String arn = "arn:aws:cloudwatch:us-east-1:" + ACCOUNT + ":alarm:cpu";
        assertThat(call("ListTagsForResource", "{'ResourceARN': '" + arn + "'}").get("Tags").get(0).get("Value").asText())
                .isEqualTo("infra");
        call("TagResource", "{'ResourceARN': '" + arn + "', 'Tags': [{'Key': 'env', 'Value': 'prod'}]}");
        call("UntagResource", "{'ResourceARN': '" + arn + "', 'TagKeys': ['team']}");
        JsonNode tags = call("ListTagsForResource", "{'ResourceARN': '" + arn + "'}").get("Tags");
        assertThat(tags).hasSize(1);
        assertThat(tags.get(0).get("Key").asText()).isEqualTo("env");

        assertThat(call("DeleteAlarms", "{'AlarmNames': ['cpu', 'never-existed']}")).isNull();
        ObjectNode out = call("DescribeAlarms", "{'AlarmNames': ['cpu']}");
        assertThat(out.get("MetricAlarms")).isEmpty();
        assertThat(out.get("CompositeAlarms")).isEmpty();
        assertThat(call("ListTagsForResource", "{'ResourceARN': '" + arn + "'}").get("Tags")).isEmpty();
        assertThat(refused("TagResource", "{'ResourceARN': '" + arn + "', 'Tags': [{'Key': 'k', 'Value': 'v'}]}")
                .code()).isEqualTo("ResourceNotFoundException");
        List<String> summaries = new ArrayList<>();
        call("DescribeAlarmHistory", "{'AlarmName': 'cpu', 'HistoryItemType': 'ConfigurationUpdate'}")
                .get("AlarmHistoryItems").forEach(i -> summaries.add(i.get("HistorySummary").asText()));
        assertThat(summaries).containsExactly("Alarm \"cpu\" deleted", "Alarm \"cpu\" created");

        call("PutDashboard", "{'DashboardName': 'ops', 'DashboardBody': '{\\\"widgets\\\": []}'}");
        String dashboard = "arn:aws:cloudwatch::" + ACCOUNT + ":dashboard/ops";
        call("TagResource", "{'ResourceARN': '" + dashboard + "', 'Tags': [{'Key': 'k', 'Value': 'v'}]}");
        call("DeleteDashboards", "{'DashboardNames': ['ops']}");
        call("PutDashboard", "{'DashboardName': 'ops', 'DashboardBody': '{\\\"widgets\\\": []}'}");
        assertThat(call("ListTagsForResource", "{'ResourceARN': '" + dashboard + "'}").get("Tags")).isEmpty();
    }

    @Test
    void backtestReplaysStoredDataWithoutStoringAnything() {
        clock.set(at(30, 0));
        for (int minute = 0; minute < 20; minute++) {
            putDatum("cpu", at(minute, 30), minute >= 5 && minute < 10 ? 80 : 20);
        }
        ObjectNode body = (ObjectNode) Inputs.json("{'Namespace': 'App', 'MetricName': 'cpu',"
                + " 'Dimensions': [{'Name': 'host', 'Value': 'a'}], 'Statistic': 'Average', 'Period': 60,"
                + " 'EvaluationPeriods': 2, 'Threshold': 50, 'ComparisonOperator': 'GreaterThanThreshold',"
                + " 'StartTime': '" + at(0, 0) + "', 'EndTime': '" + at(20, 0) + "'}").node();
        ObjectNode out = call("BacktestMetricAlarm", Members.root(body));
        List<String> moves = new ArrayList<>();
        for (JsonNode t : out.get("Transitions")) {
            moves.add(t.get("OldStateValue").asText() + "->" + t.get("NewStateValue").asText() + "@"
                    + Output.instantOf(t.get("Timestamp")));
            assertThat(t.get("StateReason").asText()).startsWith("Threshold Crossed");
        }
        assertThat(moves).containsExactly("INSUFFICIENT_DATA->OK@" + at(1, 0), "OK->ALARM@" + at(7, 0),
                "ALARM->OK@" + at(11, 0));
        assertThat(out.get("Evaluations").intValue()).isEqualTo(20);
        assertThat(out.get("FinalStateValue").asText()).isEqualTo("OK");
        assertThat(call("DescribeAlarms", "{}").get("MetricAlarms")).isEmpty();
        assertThat(transitions).isEmpty();
    }

    /** VirtualClock only moves when the test sets it. Thread-safe. */
    static final class VirtualClock extends Clock {
        private final AtomicLong millis;

        VirtualClock(long epochMillis) {
            this.millis = new AtomicLong(epochMillis);
        }

        void set(Instant instant) {
            millis.set(instant.toEpochMilli());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long millis() {
            return millis.get();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }
    }
}
