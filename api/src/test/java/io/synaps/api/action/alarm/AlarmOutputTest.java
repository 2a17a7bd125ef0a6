package io.synaps.api.action.alarm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.api.action.Inputs;
import io.synaps.api.protocol.Output;
import io.synaps.model.Dimension;
import io.synaps.model.MetricId;
import io.synaps.model.StandardUnit;
import io.synaps.model.alarm.AlarmActions;
import io.synaps.model.alarm.AlarmHistoryItem;
import io.synaps.model.alarm.AlarmState;
import io.synaps.model.alarm.AlarmStatus;
import io.synaps.model.alarm.AlarmType;
import io.synaps.model.alarm.ComparisonOperator;
import io.synaps.model.alarm.CompositeAlarm;
import io.synaps.model.alarm.HistoryItemType;
import io.synaps.model.alarm.MetricAlarm;
import io.synaps.model.alarm.TreatMissingData;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.synaps.api.action.alarm.AlarmOperationsValidationTest.compositeAlarm;
import static io.synaps.api.action.alarm.AlarmOperationsValidationTest.metricAlarm;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Output trees of the describe operations: member names and order as the model's, present-always
 * and absent-unless-set fields as AWS records them (reference 2.7, 2.9, 2.10), filters and paging.
 */
class AlarmOutputTest {
    private static final String ACCOUNT = Inputs.ACCOUNT;
    private final InMemoryAlarms alarms = new InMemoryAlarms(true);
    private final DescribeAlarmsAction describe = new DescribeAlarmsAction(alarms, new AlarmPageTokens(new byte[16]));

    private static List<String> fields(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static List<String> names(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(a -> out.add(a.get("AlarmName").asText()));
        return out;
    }

    private ObjectNode describe(String json) {
        return Inputs.output(describe, Inputs.context(), Inputs.json(json));
    }

    @Test
    void aNewMinimalMetricAlarmHasExactlyTheRecordedFields() {
        alarms.add(metricAlarm("m"));
        ObjectNode out = describe("{}");
        assertThat(fields(out)).containsExactly("CompositeAlarms", "MetricAlarms");
        assertThat(out.get("CompositeAlarms")).isEmpty();
        JsonNode a = out.get("MetricAlarms").get(0);
        assertThat(fields(a)).containsExactly("AlarmName", "AlarmArn", "AlarmConfigurationUpdatedTimestamp",
                "ActionsEnabled", "OKActions", "AlarmActions", "InsufficientDataActions", "StateValue", "StateReason",
                "StateUpdatedTimestamp", "MetricName", "Namespace", "Statistic", "Dimensions", "Period",
                "EvaluationPeriods", "Threshold", "ComparisonOperator", "StateTransitionedTimestamp");
        assertThat(a.get("ActionsEnabled").booleanValue()).isTrue();
        assertThat(a.get("AlarmActions").isArray()).isTrue();
        assertThat(a.get("AlarmActions")).isEmpty();
        assertThat(a.get("Dimensions")).isEmpty();
        assertThat(a.get("Threshold").isDouble()).isTrue();
        assertThat(a.get("Threshold").doubleValue()).isEqualTo(1.0);
        assertThat(a.get("Period").isInt()).isTrue();
        assertThat(a.get("StateValue").asText()).isEqualTo("INSUFFICIENT_DATA");
        assertThat(a.get("StateReason").asText()).isEqualTo("Unchecked: Initial alarm creation");
        assertThat(Output.instantOf(a.get("StateUpdatedTimestamp"))).isEqualTo(Instant.ofEpochMilli(1000));
        assertThat(Output.instantOf(a.get("AlarmConfigurationUpdatedTimestamp"))).isEqualTo(Instant.ofEpochMilli(1000));
        assertThat(a.get("AlarmArn").asText()).isEqualTo("arn:aws:cloudwatch:us-east-1:123456789012:alarm:m");
    }

    @Test
    void everyOptionalMetricAlarmFieldAppearsInModelOrderWhenSet() {
        AlarmStatus status = new AlarmStatus(AlarmState.ALARM, "Threshold Crossed", "{\"version\":\"1.0\"}", 5000, 4000);
        alarms.add(new MetricAlarm(ACCOUNT, "full", "arn:aws:cloudwatch:us-east-1:" + ACCOUNT + ":alarm:full", "desc",
                new AlarmActions(false, List.of("arn:aws:sns:us-east-1:1:a"), List.of("arn:aws:sns:us-east-1:1:o"),
                        List.of("arn:aws:sns:us-east-1:1:i")),
                new MetricId("App", "lat", List.of(new Dimension("b", "2"), new Dimension("a", "1"))), null, "p99",
                StandardUnit.fromWire("Milliseconds"), 300, 5, 3, 250.5, ComparisonOperator.GreaterThanOrEqualToThreshold,
                TreatMissingData.NOT_BREACHING, "ignore", 3000, status));
        JsonNode a = describe("{}").get("MetricAlarms").get(0);
        assertThat(fields(a)).containsExactly("AlarmName", "AlarmArn", "AlarmDescription",
                "AlarmConfigurationUpdatedTimestamp", "ActionsEnabled", "OKActions", "AlarmActions",
                "InsufficientDataActions", "StateValue", "StateReason", "StateReasonData", "StateUpdatedTimestamp",
                "MetricName", "Namespace", "ExtendedStatistic", "Dimensions", "Period", "Unit", "EvaluationPeriods",
                "DatapointsToAlarm", "Threshold", "ComparisonOperator", "TreatMissingData",
                "EvaluateLowSampleCountPercentile", "StateTransitionedTimestamp");
        assertThat(a.get("OKActions").get(0).asText()).isEqualTo("arn:aws:sns:us-east-1:1:o");
        assertThat(a.get("Dimensions").get(0).get("Name").asText()).isEqualTo("a");
        assertThat(fields(a.get("Dimensions").get(0))).containsExactly("Name", "Value");
        assertThat(a.get("Unit").asText()).isEqualTo("Milliseconds");
        assertThat(a.get("TreatMissingData").asText()).isEqualTo("notBreaching");
        assertThat(a.get("StateReasonData").asText()).isEqualTo("{\"version\":\"1.0\"}");
        assertThat(Output.instantOf(a.get("StateTransitionedTimestamp"))).isEqualTo(Instant.ofEpochMilli(4000));
    }

    @Test
    void compositeAlarmsComeOnlyWhenAskedForWithTheirFieldsInModelOrder() {
        alarms.add(metricAlarm("m"));
        CompositeAlarm plain = compositeAlarm("c", "ALARM(m)");
        alarms.add(plain);
        assertThat(describe("{}").get("CompositeAlarms")).isEmpty();
        ObjectNode out = describe("{'AlarmTypes': ['CompositeAlarm']}");
        assertThat(out.get("MetricAlarms")).isEmpty();
        JsonNode c = out.get("CompositeAlarms").get(0);
        assertThat(fields(c)).containsExactly("ActionsEnabled", "AlarmActions", "AlarmArn",
                "AlarmConfigurationUpdatedTimestamp", "AlarmName", "AlarmRule", "InsufficientDataActions", "OKActions",
                "StateReason", "StateUpdatedTimestamp", "StateValue", "StateTransitionedTimestamp");
        assertThat(c.get("AlarmRule").asText()).isEqualTo("ALARM(m)");

        alarms.add(new CompositeAlarm(ACCOUNT, "c", plain.arn(), "d", AlarmActions.none(), "ALARM(m)", "maint", 60, 120,
                1000, new AlarmStatus(AlarmState.ALARM, "r", "{\"triggeringAlarms\":[]}", 2000, 2000), "WaitPeriod",
                "waiting"));
        c = describe("{'AlarmTypes': ['CompositeAlarm', 'MetricAlarm']}").get("CompositeAlarms").get(0);
        assertThat(fields(c)).containsExactly("ActionsEnabled", "AlarmActions", "AlarmArn",
                "AlarmConfigurationUpdatedTimestamp", "AlarmDescription", "AlarmName", "AlarmRule",
                "InsufficientDataActions", "OKActions", "StateReason", "StateReasonData", "StateUpdatedTimestamp",
                "StateValue", "StateTransitionedTimestamp", "ActionsSuppressedBy", "ActionsSuppressedReason",
                "ActionsSuppressor", "ActionsSuppressorWaitPeriod", "ActionsSuppressorExtensionPeriod");
        assertThat(c.get("ActionsSuppressorWaitPeriod").intValue()).isEqualTo(60);
    }

    @Test
    void filtersByNamesPrefixStateAndActionPrefix() {
        alarms.add(metricAlarm("web-1"));
        alarms.add(metricAlarm("web-2").withStatus(new AlarmStatus(AlarmState.ALARM, "r", null, 1, 1)));
        alarms.add(metricAlarm("db-1").withActions(new AlarmActions(true, List.of(), List.of("arn:aws:sns:r:1:ops"),
                List.of())));
        alarms.add(compositeAlarm("web-c", "TRUE"));
        assertThat(names(describe("{'AlarmNamePrefix': 'web'}").get("MetricAlarms"))).containsExactly("web-1", "web-2");
        assertThat(names(describe("{'StateValue': 'ALARM'}").get("MetricAlarms"))).containsExactly("web-2");
        assertThat(names(describe("{'ActionPrefix': 'arn:aws:sns:r:1:'}").get("MetricAlarms"))).containsExactly("db-1");
        ObjectNode byNames = describe("{'AlarmNames': ['web-2', 'nope', 'db-1', 'web-c'],"
                + " 'AlarmTypes': ['MetricAlarm', 'CompositeAlarm']}");
        assertThat(names(byNames.get("MetricAlarms"))).containsExactly("db-1", "web-2");
        assertThat(names(byNames.get("CompositeAlarms"))).containsExactly("web-c");
        assertThat(describe("{'AlarmTypes': ['LogAlarm']}").get("MetricAlarms")).isEmpty();
    }

    @Test
    void pagesCoverBothTypesInNameOrderWithoutGapsOrRepeats() {
        for (int i = 0; i < 7; i++) {
            alarms.add(i % 2 == 0 ? metricAlarm("a" + i) : compositeAlarm("a" + i, "TRUE"));
        }
        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            ObjectNode out = describe("{'AlarmTypes': ['MetricAlarm', 'CompositeAlarm'], 'MaxRecords': 3"
                    + (token == null ? "" : ", 'NextToken': '" + token + "'") + "}");
            int size = out.get("MetricAlarms").size() + out.get("CompositeAlarms").size();
            assertThat(size).isLessThanOrEqualTo(3);
            seen.addAll(names(out.get("MetricAlarms")));
            seen.addAll(names(out.get("CompositeAlarms")));
            token = out.has("NextToken") ? out.get("NextToken").asText() : null;
            assertThat(fields(out)).endsWith(token == null ? "MetricAlarms" : "NextToken");
            pages++;
        } while (token != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyInAnyOrder("a0", "a1", "a2", "a3", "a4", "a5", "a6");
    }

    @Test
    void theDefaultPageHoldsFiftyAlarms() {
        for (int i = 0; i < 120; i++) {
            alarms.add(metricAlarm(String.format("a%03d", i)));
        }
        ObjectNode out = describe("{}");
        assertThat(out.get("MetricAlarms")).hasSize(50);
        assertThat(out.has("NextToken")).isTrue();
        assertThat(describe("{'MaxRecords': 100}").get("MetricAlarms")).hasSize(100);
    }

    @Test
    void childrenOfListTheRulesAlarmsWithNameArnStateAndUpdateTimeOnly() {
        alarms.add(metricAlarm("web"));
        alarms.add(compositeAlarm("inner", "TRUE"));
        alarms.add(compositeAlarm("outer", "ALARM(web) OR (OK(\"inner\") AND NOT ALARM(gone))"));
        ObjectNode out = describe("{'ChildrenOfAlarmName': 'outer'}");
        JsonNode m = out.get("MetricAlarms").get(0);
        assertThat(fields(m)).containsExactly("AlarmName", "AlarmArn", "StateValue", "StateUpdatedTimestamp");
        assertThat(out.get("MetricAlarms")).hasSize(1);
        JsonNode c = out.get("CompositeAlarms").get(0);
        assertThat(fields(c)).containsExactly("AlarmArn", "AlarmName", "StateUpdatedTimestamp", "StateValue");
        assertThat(c.get("AlarmName").asText()).isEqualTo("inner");
        assertThat(describe("{'ChildrenOfAlarmName': 'web'}").get("MetricAlarms")).isEmpty();
        assertThat(describe("{'ChildrenOfAlarmName': 'nothing'}").get("CompositeAlarms")).isEmpty();
    }

    @Test
    void parentsOfListOnlyNameAndArn() {
        CompositeAlarm parent = compositeAlarm("p", "ALARM(m)");
        alarms.parents.add(parent);
        ObjectNode out = describe("{'ParentsOfAlarmName': 'm'}");
        assertThat(out.get("MetricAlarms")).isEmpty();
        JsonNode p = out.get("CompositeAlarms").get(0);
        assertThat(fields(p)).containsExactly("AlarmArn", "AlarmName");
        assertThat(p.get("AlarmArn").asText()).isEqualTo(parent.arn());
    }

    @Test
    void describeAlarmsForMetricMatchesTheWholeMetricIdentityAndFilters() {
        MetricId withDims = new MetricId("App", "m", List.of(new Dimension("host", "a")));
        alarms.add(metricAlarm("plain"));
        MetricAlarm onHost = metricAlarm("host");
        alarms.add(new MetricAlarm(ACCOUNT, "host", onHost.arn(), null, AlarmActions.none(), withDims, null, "p90",
                null, 300, 1, null, 1.0, ComparisonOperator.LessThanThreshold, null, null, 1, AlarmStatus.initial(1)));
        alarms.add(compositeAlarm("c", "TRUE"));
        DescribeAlarmsForMetricAction forMetric = new DescribeAlarmsForMetricAction(alarms);
        ObjectNode out = Inputs.output(forMetric, Inputs.context(), Inputs.json("{'Namespace': 'App', 'MetricName': 'm'}"));
        assertThat(fields(out)).containsExactly("MetricAlarms");
        assertThat(names(out.get("MetricAlarms"))).containsExactly("plain");
        String hostQuery = "{'Namespace': 'App', 'MetricName': 'm', 'Dimensions': [{'Name': 'host', 'Value': 'a'}]";
        assertThat(names(Inputs.output(forMetric, Inputs.context(), Inputs.json(hostQuery + "}")).get("MetricAlarms")))
                .containsExactly("host");
        assertThat(Inputs.output(forMetric, Inputs.context(), Inputs.json(hostQuery + ", 'ExtendedStatistic': 'p99'}"))
                .get("MetricAlarms")).isEmpty();
        assertThat(Inputs.output(forMetric, Inputs.context(), Inputs.json(hostQuery + ", 'Period': 300,"
                + " 'ExtendedStatistic': 'p90'}")).get("MetricAlarms")).hasSize(1);
        assertThat(Inputs.output(forMetric, Inputs.context(), Inputs.json(hostQuery + ", 'Unit': 'Count'}"))
                .get("MetricAlarms")).isEmpty();
    }

    @Test
    void historyItemsRenderInModelOrderAndTheQueryCarriesEveryFilter() {
        alarms.history = List.of(new AlarmHistoryItem(ACCOUNT, "cpu", AlarmType.MetricAlarm, HistoryItemType.StateUpdate,
                7000, "Alarm updated from INSUFFICIENT_DATA to ALARM", "{\"version\":\"1.0\"}"));
        alarms.historyToken = "tok";
        DescribeAlarmHistoryAction history = new DescribeAlarmHistoryAction(alarms);
        ObjectNode out = Inputs.output(history, Inputs.context(), Inputs.json("{'AlarmName': 'cpu',"
                + " 'HistoryItemType': 'StateUpdate', 'StartDate': 1, 'EndDate': 9, 'ScanBy': 'TimestampAscending',"
                + " 'MaxRecords': 5, 'NextToken': 'prev', 'AlarmTypes': ['CompositeAlarm', 'MetricAlarm']}"));
        assertThat(fields(out)).containsExactly("AlarmHistoryItems", "NextToken");
        JsonNode item = out.get("AlarmHistoryItems").get(0);
        assertThat(fields(item)).containsExactly("AlarmName", "AlarmType", "Timestamp", "HistoryItemType",
                "HistorySummary", "HistoryData");
        assertThat(Output.instantOf(item.get("Timestamp"))).isEqualTo(Instant.ofEpochMilli(7000));
        var q = alarms.lastHistoryQuery;
        assertThat(q.alarmName()).isEqualTo("cpu");
        assertThat(q.itemType()).isEqualTo(HistoryItemType.StateUpdate);
        assertThat(q.startMillis()).isEqualTo(1000);
        assertThat(q.endMillis()).isEqualTo(9000);
        assertThat(q.newestFirst()).isFalse();
        assertThat(q.limit()).isEqualTo(5);
        assertThat(q.nextToken()).isEqualTo("prev");
        assertThat(q.types()).containsExactlyInAnyOrder(AlarmType.MetricAlarm, AlarmType.CompositeAlarm);

        alarms.historyToken = null;
        out = Inputs.output(history, Inputs.context(), Inputs.json("{}"));
        assertThat(fields(out)).containsExactly("AlarmHistoryItems");
        q = alarms.lastHistoryQuery;
        assertThat(q.types()).containsExactly(AlarmType.MetricAlarm);
        assertThat(q.newestFirst()).isTrue();
        assertThat(q.limit()).isEqualTo(100);
        assertThat(q.itemType()).isNull();

        alarms.lastHistoryQuery = null;
        out = Inputs.output(history, Inputs.context(), Inputs.json("{'HistoryItemType': 'AlarmContributorAction'}"));
        assertThat(out.get("AlarmHistoryItems")).isEmpty();
        assertThat(alarms.lastHistoryQuery).isNull();
    }
}
