package io.synaps.api.action.alarm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.api.action.Action;
import io.synaps.api.action.ActionRegistry;
import io.synaps.api.action.Inputs;
import io.synaps.api.action.RequestContext;
import io.synaps.api.protocol.Members;
import io.synaps.api.protocol.Output;
import io.synaps.engine.alarm.BacktestResult;
import io.synaps.model.AwsError;
import io.synaps.model.MetricId;
import io.synaps.model.alarm.AlarmActions;
import io.synaps.model.alarm.AlarmState;
import io.synaps.model.alarm.AlarmStatus;
import io.synaps.model.alarm.CompositeAlarm;
import io.synaps.model.alarm.ComparisonOperator;
import io.synaps.model.alarm.MetricAlarm;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Validation of the alarm operations other than PutMetricAlarm: each bad input gets its code and
 * message, and a refused request never writes ({@link InMemoryAlarms#readOnly()}).
 */
class AlarmOperationsValidationTest {
    private static final String ACCOUNT = Inputs.ACCOUNT;
    private final InMemoryAlarms readOnly = InMemoryAlarms.readOnly();
    private final AlarmPageTokens tokens = new AlarmPageTokens(new byte[32]);

    private static void expect(AwsError e, String code, String message) {
        assertThat(e.code()).isEqualTo(code);
        assertThat(e.getMessage()).isEqualTo(message);
    }

    private AwsError refused(Action action, String json) {
        return Inputs.error(action, Inputs.json(json));
    }

    static MetricAlarm metricAlarm(String name) {
        return new MetricAlarm(ACCOUNT, name, "arn:aws:cloudwatch:us-east-1:" + ACCOUNT + ":alarm:" + name, null,
                AlarmActions.none(), MetricId.of("App", "m"), "Sum", null, null, 60, 1, null, 1.0,
                ComparisonOperator.GreaterThanThreshold, null, null, 1000, AlarmStatus.initial(1000));
    }

    static CompositeAlarm compositeAlarm(String name, String rule) {
        return new CompositeAlarm(ACCOUNT, name, "arn:aws:cloudwatch:us-east-1:" + ACCOUNT + ":alarm:" + name, null,
                AlarmActions.none(), rule, null, null, null, 1000, AlarmStatus.initial(1000), null, null);
    }

    private static String names(int n) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ", ").append("'a").append(i).append("'");
        }
        return b.append("]").toString();
    }

    // ---- PutCompositeAlarm ----

    @Test
    void compositeAlarmsNeedARuleOfAtMost10240Characters() {
        PutCompositeAlarmAction put = new PutCompositeAlarmAction(readOnly, "aws");
        expect(refused(put, "{'AlarmName': 'c'}"), "MissingParameter", "The parameter AlarmRule is required.");
        String rule = "ALARM(a) OR ".repeat(854) + "ALARM(b)"; // 10,256 characters
        AwsError e = refused(put, "{'AlarmName': 'c', 'AlarmRule': '" + rule + "'}");
        expect(e, "ValidationError", "1 validation error detected: Value '" + rule + "' at 'alarmRule' failed to satisfy"
                + " constraint: Member must have length less than or equal to 10240");
        expect(refused(put, "{'AlarmRule': 'TRUE'}"), "MissingParameter", "The parameter AlarmName is required.");
    }

    @Test
    void anActionsSuppressorNeedsBothPeriodsAndThePeriodsNeedASuppressor() {
        PutCompositeAlarmAction put = new PutCompositeAlarmAction(readOnly, "aws");
        expect(refused(put, "{'AlarmName': 'c', 'AlarmRule': 'TRUE', 'ActionsSuppressor': 's',"
                        + " 'ActionsSuppressorExtensionPeriod': 60}"),
                "MissingParameter", "The parameter ActionsSuppressorWaitPeriod is required.");
        expect(refused(put, "{'AlarmName': 'c', 'AlarmRule': 'TRUE', 'ActionsSuppressor': 's',"
                        + " 'ActionsSuppressorWaitPeriod': 60}"),
                "MissingParameter", "The parameter ActionsSuppressorExtensionPeriod is required.");
        expect(refused(put, "{'AlarmName': 'c', 'AlarmRule': 'TRUE', 'ActionsSuppressorWaitPeriod': 60}"),
                "InvalidParameterCombination", "The parameters ActionsSuppressorWaitPeriod and"
                        + " ActionsSuppressorExtensionPeriod can only be used with ActionsSuppressor.");
        expect(refused(put, "{'AlarmName': 'c', 'AlarmRule': 'TRUE', 'ActionsSuppressor': 's',"
                        + " 'ActionsSuppressorWaitPeriod': -1, 'ActionsSuppressorExtensionPeriod': 60}"),
                "InvalidParameterValue", "The parameter ActionsSuppressorWaitPeriod must be greater than or equal to 0.");
        expect(refused(put, "{'AlarmName': 'c', 'AlarmRule': 'TRUE', 'ActionsSuppressorWaitPeriod': 60,"
                        + " 'ActionsSuppressorExtensionPeriod': 60,"
                        + " 'ActionsSuppressor': 'arn:aws:cloudwatch:us-east-1:210987654321:alarm:s'}"),
                "InvalidParameterValue", "The ActionsSuppressor arn:aws:cloudwatch:us-east-1:210987654321:alarm:s is not"
                        + " an alarm of this account and region.");
        expect(refused(put, "{'AlarmName': 'c', 'AlarmRule': 'TRUE', 'AlarmActions': ['arn:aws:sqs:r:1:q']}"),
                "InvalidParameterValue", "The action arn:aws:sqs:r:1:q (AlarmActions.member.1) is not supported by this"
                        + " Synaps server: alarm actions may be SNS topics (arn:aws:sns:...), EC2 actions"
                        + " (arn:aws:automate:<region>:ec2:...) or Synaps actions (arn:synaps:...).");
    }

    @Test
    void aValidCompositeAlarmReachesTheEngineWithItsSuppressor() {
        InMemoryAlarms alarms = new InMemoryAlarms(true);
        assertThat(Inputs.output(new PutCompositeAlarmAction(alarms, "aws"), Inputs.context(), Inputs.json(
                "{'AlarmName': 'c', 'AlarmRule': 'ALARM(a) AND NOT OK(b)', 'AlarmDescription': 'd',"
                        + " 'ActionsSuppressor': 'maintenance', 'ActionsSuppressorWaitPeriod': 120,"
                        + " 'ActionsSuppressorExtensionPeriod': 180, 'Tags': [{'Key': 'k', 'Value': 'v'}]}"))).isNull();
        CompositeAlarm c = (CompositeAlarm) alarms.get(ACCOUNT, "c").orElseThrow();
        assertThat(c.rule()).isEqualTo("ALARM(a) AND NOT OK(b)");
        assertThat(c.arn()).isEqualTo("arn:aws:cloudwatch:us-east-1:123456789012:alarm:c");
        assertThat(c.actionsSuppressor()).isEqualTo("maintenance");
        assertThat(c.suppressorWaitPeriod()).isEqualTo(120);
        assertThat(c.suppressorExtensionPeriod()).isEqualTo(180);
        assertThat(alarms.tagsGiven).containsExactly(Map.of("k", "v"));
    }

    // ---- DescribeAlarms ----

    @Test
    void describeAlarmsLimitsAndExclusiveFilters() {
        DescribeAlarmsAction describe = new DescribeAlarmsAction(readOnly, tokens);
        expect(refused(describe, "{'MaxRecords': 999}"), "ValidationError", "1 validation error detected: Value '999'"
                + " at 'maxRecords' failed to satisfy constraint: Member must have value less than or equal to 100");
        expect(refused(describe, "{'MaxRecords': 0}"), "ValidationError", "1 validation error detected: Value '0'"
                + " at 'maxRecords' failed to satisfy constraint: Member must have value greater than or equal to 1");
        AwsError tooMany = refused(describe, "{'AlarmNames': " + names(101) + "}");
        assertThat(tooMany.code()).isEqualTo("ValidationError");
        assertThat(tooMany.getMessage()).startsWith("1 validation error detected: Value '[a0, a1, ")
                .endsWith("a100]' at 'alarmNames' failed to satisfy constraint: Member must have length less than or equal to 100");
        expect(refused(describe, "{'AlarmNames': ['a'], 'AlarmNamePrefix': 'a'}"), "InvalidParameterCombination",
                "AlarmNamePrefix and AlarmNames.member are mutually exclusive");
        expect(refused(describe, "{'StateValue': 'BROKEN'}"), "ValidationError", "1 validation error detected: Value"
                + " 'BROKEN' at 'stateValue' failed to satisfy constraint: Member must satisfy enum value set:"
                + " [INSUFFICIENT_DATA, ALARM, OK]");
        expect(Inputs.error(describe, Inputs.query("AlarmTypes.member.1", "MetricAlarm", "AlarmTypes.member.2",
                        "Alarm")), "ValidationError", "1 validation error detected: Value 'Alarm' at 'alarmTypes.2.member'"
                        + " failed to satisfy constraint: Member must satisfy enum value set: [CompositeAlarm, MetricAlarm, LogAlarm]");
        expect(refused(describe, "{'ChildrenOfAlarmName': 'c', 'StateValue': 'OK'}"), "ValidationError",
                "If ChildrenOfAlarmName is specified, no other parameters except MaxRecords and NextToken may be specified.");
        expect(refused(describe, "{'ParentsOfAlarmName': 'c', 'AlarmNamePrefix': 'x'}"), "ValidationError",
                "If ParentsOfAlarmName is specified, no other parameters except MaxRecords and NextToken may be specified.");
        expect(refused(describe, "{'ChildrenOfAlarmName': 'c', 'ParentsOfAlarmName': 'd'}"), "ValidationError",
                "If ChildrenOfAlarmName is specified, no other parameters except MaxRecords and NextToken may be specified.");
        expect(refused(describe, "{'AlarmNamePrefix': '" + "p".repeat(256) + "'}"), "ValidationError",
                "1 validation error detected: Value '" + "p".repeat(256) + "' at 'alarmNamePrefix' failed to satisfy"
                        + " constraint: Member must have length less than or equal to 255");
    }

    @Test
    void aNextTokenOnlyContinuesTheListingItWasIssuedFor() {
        InMemoryAlarms alarms = new InMemoryAlarms(true);
        for (String n : List.of("a", "b", "c")) {
            alarms.add(metricAlarm(n));
        }
        DescribeAlarmsAction describe = new DescribeAlarmsAction(alarms, tokens);
        ObjectNode first = Inputs.output(describe, Inputs.context(), Inputs.json("{'MaxRecords': 2}"));
        String token = first.get("NextToken").asText();
        ObjectNode second = Inputs.output(describe, Inputs.context(), Inputs.json("{'MaxRecords': 2, 'NextToken': '"
                + token + "'}"));
        assertThat(second.get("MetricAlarms").get(0).get("AlarmName").asText()).isEqualTo("c");

        expect(refused(describe, "{'NextToken': 'garbage!'}"), "InvalidNextToken", "Request parameter NextToken is invalid");
        char[] chars = token.toCharArray();
        chars[1] = chars[1] == 'A' ? 'B' : 'A';
        expect(refused(describe, "{'NextToken': '" + new String(chars) + "'}"), "InvalidNextToken",
                "Request parameter NextToken is invalid");
        expect(refused(describe, "{'StateValue': 'OK', 'NextToken': '" + token + "'}"), "InvalidNextToken",
                "Request parameter NextToken is invalid");
        RequestContext other = new RequestContext("r", "210987654321", "AKID2", "us-east-1",
                Clock.fixed(Inputs.NOW, ZoneOffset.UTC));
        expect(Inputs.error(describe, other, Inputs.json("{'NextToken': '" + token + "'}")), "InvalidNextToken",
                "Request parameter NextToken is invalid");
        DescribeAlarmsAction otherKey = new DescribeAlarmsAction(alarms, AlarmPageTokens.random());
        expect(refused(otherKey, "{'NextToken': '" + token + "'}"), "InvalidNextToken",
                "Request parameter NextToken is invalid");
    }

    // ---- DescribeAlarmsForMetric ----

    @Test
    void describeAlarmsForMetricNeedsTheMetricAndValidFilters() {
        DescribeAlarmsForMetricAction describe = new DescribeAlarmsForMetricAction(readOnly);
        expect(refused(describe, "{'Namespace': 'App'}"), "MissingParameter", "The parameter MetricName is required.");
        expect(refused(describe, "{'MetricName': 'm'}"), "MissingParameter", "The parameter Namespace is required.");
        expect(refused(describe, "{'Namespace': 'App', 'MetricName': 'm', 'Statistic': 'Mean'}"), "ValidationError",
                "1 validation error detected: Value 'Mean' at 'statistic' failed to satisfy constraint: Member must"
                        + " satisfy enum value set: [SampleCount, Average, Sum, Minimum, Maximum]");
        expect(refused(describe, "{'Namespace': 'App', 'MetricName': 'm', 'ExtendedStatistic': 'p200'}"),
                "InvalidParameterValue", "The value p200 for parameter ExtendedStatistic is not supported.");
        expect(refused(describe, "{'Namespace': 'App', 'MetricName': 'm', 'Statistic': 'Sum', 'ExtendedStatistic': 'p9'}"),
                "InvalidParameterCombination",
                "The parameters Statistic and ExtendedStatistic are mutually exclusive and you have specified both.");
        expect(refused(describe, "{'Namespace': 'App', 'MetricName': 'm', 'Period': 0}"), "ValidationError",
                "1 validation error detected: Value '0' at 'period' failed to satisfy constraint: Member must have value"
                        + " greater than or equal to 1");
    }

    // ---- DeleteAlarms, Enable/DisableAlarmActions ----

    @Test
    void deleteAlarmsTakesOneToAHundredNamesAndAtMostOneComposite() {
        readOnly.add(compositeAlarm("c1", "TRUE"));
        readOnly.add(compositeAlarm("c2", "FALSE"));
        readOnly.add(metricAlarm("m"));
        DeleteAlarmsAction delete = new DeleteAlarmsAction(readOnly);
        expect(refused(delete, "{}"), "MissingParameter", "The parameter AlarmNames is required.");
        expect(refused(delete, "{'AlarmNames': []}"), "MissingParameter", "The parameter AlarmNames is required.");
        assertThat(refused(delete, "{'AlarmNames': " + names(101) + "}").getMessage())
                .endsWith("at 'alarmNames' failed to satisfy constraint: Member must have length less than or equal to 100");
        expect(refused(delete, "{'AlarmNames': ['m', 'c1', 'c2']}"), "InvalidParameterCombination",
                "DeleteAlarms can delete at most one composite alarm per call; AlarmNames names 2: c1, c2.");
        expect(Inputs.error(delete, Inputs.query("AlarmNames.member.1", "m", "AlarmNames.member.2", "x".repeat(256))),
                "ValidationError", "1 validation error detected: Value '" + "x".repeat(256) + "' at 'alarmNames.2.member'"
                        + " failed to satisfy constraint: Member must have length less than or equal to 255");

        InMemoryAlarms alarms = new InMemoryAlarms(true);
        alarms.add(compositeAlarm("c1", "TRUE"));
        alarms.add(metricAlarm("m"));
        Inputs.output(new DeleteAlarmsAction(alarms), Inputs.context(),
                Inputs.json("{'AlarmNames': ['m', 'c1', 'unknown', 'm']}"));
        assertThat(alarms.calls).contains("delete [m, c1, unknown]");
    }

    @Test
    void enableAndDisableAlarmActionsNeedNames() {
        for (boolean enable : new boolean[] {true, false}) {
            AlarmActionsSwitchAction action = new AlarmActionsSwitchAction(readOnly, enable);
            assertThat(action.name()).isEqualTo(enable ? "EnableAlarmActions" : "DisableAlarmActions");
            expect(refused(action, "{}"), "MissingParameter", "The parameter AlarmNames is required.");
        }
        InMemoryAlarms alarms = new InMemoryAlarms(true);
        Inputs.output(new AlarmActionsSwitchAction(alarms, false), Inputs.context(), Inputs.query(
                "AlarmNames.member.1", "a", "AlarmNames.member.2", "b"));
        assertThat(alarms.calls).containsExactly("setActionsEnabled [a, b] false");
    }

    // ---- SetAlarmState ----

    @Test
    void setAlarmStateAnswersAwsRecordedErrors() {
        readOnly.add(metricAlarm("cpu"));
        SetAlarmStateAction set = new SetAlarmStateAction(readOnly);
        expect(refused(set, "{'AlarmName': 'cpu', 'StateValue': 'INVALID', 'StateReason': 'r'}"), "ValidationError",
                "1 validation error detected: Value 'INVALID' at 'stateValue' failed to satisfy constraint: Member must"
                        + " satisfy enum value set: [INSUFFICIENT_DATA, ALARM, OK]");
        AwsError missing = refused(set, "{'AlarmName': 'nope', 'StateValue': 'ALARM', 'StateReason': 'r'}");
        assertThat(missing.code()).isEqualTo("ResourceNotFound");
        assertThat(missing.shape()).isEqualTo("ResourceNotFound");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.getMessage()).isNull();
        expect(refused(set, "{'AlarmName': 'cpu', 'StateValue': 'OK'}"), "MissingParameter",
                "The parameter StateReason is required.");
        expect(refused(set, "{'AlarmName': 'cpu', 'StateValue': 'OK', 'StateReason': '" + "r".repeat(1024) + "'}"),
                "ValidationError", "1 validation error detected: Value '" + "r".repeat(1024) + "' at 'stateReason' failed"
                        + " to satisfy constraint: Member must have length less than or equal to 1023");
        String big = "{\\\"k\\\": \\\"" + "x".repeat(4000) + "\\\"}";
        AwsError tooBig = refused(set, "{'AlarmName': 'cpu', 'StateValue': 'OK', 'StateReason': 'r', 'StateReasonData': '"
                + big + "'}");
        assertThat(tooBig.code()).isEqualTo("ValidationError");
        assertThat(tooBig.getMessage()).endsWith("at 'stateReasonData' failed to satisfy constraint: Member must have"
                + " length less than or equal to 4000");
        for (String bad : new String[] {"{not json", "{} {}", "{\\\"a\\\": 1, \\\"a\\\": 2}", "plain text"}) {
            AwsError e = refused(set, "{'AlarmName': 'cpu', 'StateValue': 'OK', 'StateReason': 'r', 'StateReasonData': '"
                    + bad + "'}");
            expect(e, "InvalidFormat", "StateReasonData was not syntactically valid JSON");
            assertThat(e.shape()).isEqualTo("InvalidFormatFault");
            assertThat(e.status()).isEqualTo(400);
        }
    }

    @Test
    void setAlarmStatePassesTheStateReasonAndData() {
        InMemoryAlarms alarms = new InMemoryAlarms(true);
        alarms.add(metricAlarm("cpu"));
        assertThat(Inputs.output(new SetAlarmStateAction(alarms), Inputs.context(), Inputs.query("AlarmName", "cpu",
                "StateValue", "ALARM", "StateReason", "testing purposes", "StateReasonData", "{\"a\":1}"))).isNull();
        assertThat(alarms.calls).containsExactly("setState cpu ALARM testing purposes {\"a\":1}");
    }

    // ---- DescribeAlarmHistory ----

    @Test
    void describeAlarmHistoryChecksItsEnumsDatesAndLimits() {
        DescribeAlarmHistoryAction history = new DescribeAlarmHistoryAction(readOnly);
        expect(refused(history, "{'HistoryItemType': 'Everything'}"), "ValidationError", "1 validation error detected:"
                + " Value 'Everything' at 'historyItemType' failed to satisfy constraint: Member must satisfy enum value"
                + " set: [ConfigurationUpdate, StateUpdate, Action, AlarmContributorStateUpdate, AlarmContributorAction]");
        expect(refused(history, "{'ScanBy': 'Sideways'}"), "ValidationError", "1 validation error detected: Value"
                + " 'Sideways' at 'scanBy' failed to satisfy constraint: Member must satisfy enum value set:"
                + " [TimestampDescending, TimestampAscending]");
        expect(refused(history, "{'MaxRecords': 101}"), "ValidationError", "1 validation error detected: Value '101'"
                + " at 'maxRecords' failed to satisfy constraint: Member must have value less than or equal to 100");
        expect(refused(history, "{'StartDate': '2026-01-02T00:00:00Z', 'EndDate': '2026-01-01T00:00:00Z'}"),
                "InvalidParameterValue", "The parameter EndDate must be greater than StartDate.");
        expect(refused(history, "{'AlarmTypes': ['Metric']}"), "ValidationError", "1 validation error detected: Value"
                + " 'Metric' at 'alarmTypes.1.member' failed to satisfy constraint: Member must satisfy enum value set:"
                + " [CompositeAlarm, MetricAlarm, LogAlarm]");
    }

    // ---- BacktestMetricAlarm ----

    @Test
    void backtestValidatesLikePutMetricAlarmAndNeedsAnOrderedRange() {
        BacktestMetricAlarmAction backtest = new BacktestMetricAlarmAction(readOnly, "aws");
        ObjectNode body = PutMetricAlarmValidationTest.base();
        expect(Inputs.error(backtest, Members.root(body)), "MissingParameter", "The parameter StartTime is required.");
        body.put("StartTime", "2026-01-10T10:00:00Z");
        expect(Inputs.error(backtest, Members.root(body)), "MissingParameter", "The parameter EndTime is required.");
        body.put("EndTime", "2026-01-10T10:00:00Z");
        expect(Inputs.error(backtest, Members.root(body)), "InvalidParameterValue",
                "The parameter StartTime must be less than the parameter EndTime.");
        body.put("EndTime", "2026-01-10T11:00:00Z");
        body.put("Period", 45);
        expect(Inputs.error(backtest, Members.root(body)), "ValidationError",
                "Period must be 10, 20, 30 or a multiple of 60");
        body.put("Period", 60);
        ArrayNode tags = body.putArray("Tags");
        tags.addObject().put("Key", "aws:x").put("Value", "v");
        assertThat(Inputs.error(backtest, Members.root(body)).code()).isEqualTo("InvalidParameterValue");
    }

    @Test
    void backtestRendersTheEnginesTransitions() {
        InMemoryAlarms alarms = new InMemoryAlarms(true);
        long t1 = Inputs.NOW.minusSeconds(600).toEpochMilli();
        long t2 = Inputs.NOW.minusSeconds(300).toEpochMilli();
        alarms.backtestResult = new BacktestResult(List.of(
                new BacktestResult.Transition(t1, AlarmState.INSUFFICIENT_DATA, AlarmState.ALARM, "up", "{\"v\":1}"),
                new BacktestResult.Transition(t2, AlarmState.ALARM, AlarmState.OK, "down", null)), 60, AlarmState.OK);
        ObjectNode body = PutMetricAlarmValidationTest.base();
        body.remove("AlarmName");
        body.put("StartTime", "2026-01-10T11:00:00Z");
        body.put("EndTime", "2026-01-10T12:00:00Z");
        ObjectNode out = Inputs.output(new BacktestMetricAlarmAction(alarms, "aws"), Inputs.context(), Members.root(body));
        assertThat(alarms.backtested.name()).isEqualTo("backtest");
        assertThat(alarms.backtestRange).containsExactly(Inputs.NOW.minusSeconds(3600).toEpochMilli(),
                Inputs.NOW.toEpochMilli());
        List<String> fields = new ArrayList<>();
        out.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("Transitions", "Evaluations", "FinalStateValue");
        assertThat(out.get("Evaluations").intValue()).isEqualTo(60);
        assertThat(out.get("FinalStateValue").asText()).isEqualTo("OK");
        ObjectNode first = (ObjectNode) out.get("Transitions").get(0);
        List<String> transitionFields = new ArrayList<>();
        first.fieldNames().forEachRemaining(transitionFields::add);
        assertThat(transitionFields).containsExactly("Timestamp", "OldStateValue", "NewStateValue", "StateReason",
                "StateReasonData");
        assertThat(Output.instantOf(first.get("Timestamp")).toEpochMilli()).isEqualTo(t1);
        assertThat(first.get("NewStateValue").asText()).isEqualTo("ALARM");
        assertThat(out.get("Transitions").get(1).has("StateReasonData")).isFalse();
    }

    @Test
    void backtestIsAKnownOperationNotAnInvalidAction() {
        assertThat(ActionRegistry.isOperation(BacktestMetricAlarmAction.NAME)).isTrue();
        try {
            ActionRegistry.of(List.of()).lookup(BacktestMetricAlarmAction.NAME);
            throw new AssertionError("expected UnsupportedOperation");
        } catch (AwsError e) {
            assertThat(e.code()).isEqualTo("UnsupportedOperation");
        }
        assertThat(ActionRegistry.of(List.of(new BacktestMetricAlarmAction(readOnly, "aws")))
                .lookup(BacktestMetricAlarmAction.NAME)).isInstanceOf(BacktestMetricAlarmAction.class);
    }
}
