package io.synaps.api.action.alarm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.api.action.Inputs;
import io.synaps.api.protocol.Members;
import io.synaps.model.AwsError;
import io.synaps.model.alarm.MetricAlarm;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PutMetricAlarm's validation: every bad input gets its code and message and never reaches the
 * alarm engine ({@link InMemoryAlarms#readOnly()} fails the test on a write).
 */
class PutMetricAlarmValidationTest {
    private static final String BASE = "{'AlarmName': 'cpu', 'Namespace': 'App', 'MetricName': 'm',"
            + " 'Statistic': 'Average', 'Period': 60, 'EvaluationPeriods': 3, 'Threshold': 21,"
            + " 'ComparisonOperator': 'GreaterThanThreshold'}";

    private final PutMetricAlarmAction refusing = new PutMetricAlarmAction(InMemoryAlarms.readOnly(), "aws");

    static ObjectNode base() {
        return (ObjectNode) Inputs.json(BASE).node().deepCopy();
    }

    private AwsError refused(ObjectNode body) {
        return Inputs.error(refusing, Members.root(body));
    }

    private static void expect(AwsError e, String code, String message) {
        assertThat(e.code()).isEqualTo(code);
        assertThat(e.getMessage()).isEqualTo(message);
    }

    private static MetricAlarm accepted(ObjectNode body) {
        InMemoryAlarms alarms = new InMemoryAlarms(true);
        assertThat(Inputs.output(new PutMetricAlarmAction(alarms, "aws"), Inputs.context(), Members.root(body)))
                .isNull();
        return (MetricAlarm) alarms.get(Inputs.ACCOUNT, body.get("AlarmName").asText()).orElseThrow();
    }

    private static ArrayNode strings(String... values) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (String v : values) {
            a.add(v);
        }
        return a;
    }

    @Test
    void aValidAlarmReachesTheEngineWithEveryMember() {
        ObjectNode body = base();
        body.put("AlarmDescription", "CPU <high>");
        body.put("Unit", "Percent");
        body.put("DatapointsToAlarm", 2);
        body.put("TreatMissingData", "notBreaching");
        body.set("AlarmActions", strings("arn:aws:sns:us-east-1:123456789012:ops"));
        body.set("OKActions", strings("arn:aws:automate:us-east-1:ec2:reboot"));
        body.set("InsufficientDataActions", strings("arn:synaps:nova:us-east-1:123456789012:migrate"));
        body.put("ActionsEnabled", false);
        body.set("Dimensions", Inputs.json("[{'Name': 'host', 'Value': 'a'}]").node());
        MetricAlarm a = accepted(body);
        assertThat(a.arn()).isEqualTo("arn:aws:cloudwatch:us-east-1:123456789012:alarm:cpu");
        assertThat(a.description()).isEqualTo("CPU <high>");
        assertThat(a.metric().dimensions()).hasSize(1);
        assertThat(a.unit().wireName()).isEqualTo("Percent");
        assertThat(a.datapointsToAlarm()).isEqualTo(2);
        assertThat(a.threshold()).isEqualTo(21.0);
        assertThat(a.treatMissingData().wireName()).isEqualTo("notBreaching");
        assertThat(a.actions().enabled()).isFalse();
        assertThat(a.actions().alarm()).containsExactly("arn:aws:sns:us-east-1:123456789012:ops");
        assertThat(a.configurationUpdatedMillis()).isEqualTo(Inputs.NOW.toEpochMilli());
        assertThat(a.status().reason()).isEqualTo("Unchecked: Initial alarm creation");
    }

    @Test
    void theAlarmNameIsRequiredAndAtMost255CharactersWithoutControlCharacters() {
        ObjectNode body = base();
        body.remove("AlarmName");
        expect(refused(body), "MissingParameter", "The parameter AlarmName is required.");
        body.put("AlarmName", "a".repeat(256));
        expect(refused(body), "ValidationError", "1 validation error detected: Value '" + "a".repeat(256)
                + "' at 'alarmName' failed to satisfy constraint: Member must have length less than or equal to 255");
        body.put("AlarmName", "bad\tname");
        expect(refused(body), "InvalidParameterValue", "The parameter AlarmName must not contain ASCII control characters.");
        body.put("AlarmName", "with:colons and ünïcode");
        assertThat(accepted(body).name()).isEqualTo("with:colons and ünïcode");
    }

    @Test
    void theDescriptionIsAtMost1024Characters() {
        ObjectNode body = base();
        body.put("AlarmDescription", "d".repeat(1025));
        expect(refused(body), "ValidationError", "1 validation error detected: Value '" + "d".repeat(1025)
                + "' at 'alarmDescription' failed to satisfy constraint: Member must have length less than or equal to 1024");
        body.put("AlarmDescription", "d".repeat(1024));
        assertThat(accepted(body).description()).hasSize(1024);
    }

    @Test
    void periodsAreTenTwentyThirtyOrMultiplesOfSixty() {
        ObjectNode body = base();
        body.put("Period", 45);
        expect(refused(body), "ValidationError", "Period must be 10, 20, 30 or a multiple of 60");
        body.put("Period", 0);
        expect(refused(body), "ValidationError", "1 validation error detected: Value '0' at 'period' failed to satisfy"
                + " constraint: Member must have value greater than or equal to 1");
        body.remove("Period");
        expect(refused(body), "MissingParameter", "The parameter Period is required.");
        for (int ok : new int[] {10, 20, 30, 60, 120, 3600}) {
            body.put("Period", ok);
            assertThat(accepted(body).period()).isEqualTo(ok);
        }
    }

    @Test
    void evaluationPeriodsAndDatapointsToAlarmFollowMOfN() {
        ObjectNode body = base();
        body.put("EvaluationPeriods", 0);
        expect(refused(body), "ValidationError", "1 validation error detected: Value '0' at 'evaluationPeriods' failed"
                + " to satisfy constraint: Member must have value greater than or equal to 1");
        body.remove("EvaluationPeriods");
        expect(refused(body), "MissingParameter", "The parameter EvaluationPeriods is required.");
        body.put("EvaluationPeriods", 3);
        body.put("DatapointsToAlarm", 4);
        expect(refused(body), "ValidationError", "DatapointsToAlarm must be less than or equal to EvaluationPeriods");
        body.put("DatapointsToAlarm", 0);
        expect(refused(body), "ValidationError", "1 validation error detected: Value '0' at 'datapointsToAlarm' failed"
                + " to satisfy constraint: Member must have value greater than or equal to 1");
        body.put("DatapointsToAlarm", 3);
        assertThat(accepted(body).datapointsToAlarm()).isEqualTo(3);
    }

    @Test
    void theEvaluationRangeIsOneDayBelowHourlyPeriodsAndSevenDaysOtherwise() {
        ObjectNode body = base();
        body.put("Period", 60);
        body.put("EvaluationPeriods", 1441);
        expect(refused(body), "InvalidParameterCombination",
                "Metrics cannot be checked across more than a day (EvaluationPeriods * Period must be <= 86400).");
        body.put("EvaluationPeriods", 1440);
        assertThat(accepted(body).evaluationPeriods()).isEqualTo(1440);
        body.put("Period", 3600);
        body.put("EvaluationPeriods", 169);
        expect(refused(body), "InvalidParameterCombination",
                "Metrics cannot be checked across more than a week (EvaluationPeriods * Period must be <= 604800).");
        body.put("EvaluationPeriods", 168);
        assertThat(accepted(body).evaluationPeriods()).isEqualTo(168);
        body.put("Period", 86_400 * 7);
        body.put("EvaluationPeriods", Integer.MAX_VALUE);
        expect(refused(body), "InvalidParameterCombination",
                "Metrics cannot be checked across more than a week (EvaluationPeriods * Period must be <= 604800).");
    }

    @Test
    void exactlyOneOfStatisticAndExtendedStatistic() {
        ObjectNode body = base();
        body.put("ExtendedStatistic", "p99");
        expect(refused(body), "InvalidParameterCombination",
                "The parameters Statistic and ExtendedStatistic are mutually exclusive and you have specified both.");
        body.remove("Statistic");
        body.remove("ExtendedStatistic");
        expect(refused(body), "MissingParameter",
                "One of the parameters Statistic or ExtendedStatistic must be specified.");
        body.put("Statistic", "Mean");
        expect(refused(body), "ValidationError", "1 validation error detected: Value 'Mean' at 'statistic' failed to"
                + " satisfy constraint: Member must satisfy enum value set: [SampleCount, Average, Sum, Minimum, Maximum]");
    }

    @Test
    void extendedStatisticsParseAndTrimmedRangesStayBetweenTenAndNinetyPercent() {
        ObjectNode body = base();
        body.remove("Statistic");
        for (String bad : new String[] {"90", "Average", "p101", "TM(5%:95%)", "WM(10%:91%)", "TC(9%:50%)", "tm"}) {
            body.put("ExtendedStatistic", bad);
            expect(refused(body), "InvalidParameterValue",
                    "The value " + bad + " for parameter ExtendedStatistic is not supported.");
        }
        for (String ok : new String[] {"p99", "p99.9", "tm90", "wm99", "IQM", "TM(10%:90%)", "TS(:90%)",
                "PR(100:2000)"}) {
            body.put("ExtendedStatistic", ok);
            MetricAlarm a = accepted(body);
            assertThat(a.extendedStatistic()).isEqualTo(ok);
            assertThat(a.statistic()).isNull();
        }
    }

    @Test
    void evaluateLowSampleCountPercentileIsEvaluateOrIgnore() {
        ObjectNode body = base();
        body.put("EvaluateLowSampleCountPercentile", "unknown");
        expect(refused(body), "ValidationError", "Option unknown is not supported. Supported options for parameter"
                + " EvaluateLowSampleCountPercentile are evaluate and ignore.");
        body.put("EvaluateLowSampleCountPercentile", "ignore");
        assertThat(accepted(body).evaluateLowSampleCountPercentile()).isEqualTo("ignore");
    }

    @Test
    void comparisonOperatorsAreTheModelsAndBandOperatorsNeedMetricMath() {
        ObjectNode body = base();
        body.put("ComparisonOperator", "Bigger");
        expect(refused(body), "ValidationError", "1 validation error detected: Value 'Bigger' at 'comparisonOperator'"
                + " failed to satisfy constraint: Member must satisfy enum value set: [GreaterThanOrEqualToThreshold,"
                + " GreaterThanThreshold, LessThanThreshold, LessThanOrEqualToThreshold,"
                + " LessThanLowerOrGreaterThanUpperThreshold, LessThanLowerThreshold, GreaterThanUpperThreshold]");
        body.remove("ComparisonOperator");
        expect(refused(body), "MissingParameter", "The parameter ComparisonOperator is required.");
        body.put("ComparisonOperator", "LessThanLowerOrGreaterThanUpperThreshold");
        AwsError band = refused(body);
        assertThat(band.code()).isEqualTo("UnsupportedOperation");
        assertThat(band.status()).isEqualTo(400);
        assertThat(band.getMessage()).contains("ThresholdMetricId", "metric math", "GreaterThanThreshold");
    }

    @Test
    void aStaticThresholdIsRequiredAndFinite() {
        ObjectNode body = base();
        body.remove("Threshold");
        expect(refused(body), "MissingParameter", "The parameter Threshold is required.");
        body.put("Threshold", "NaN");
        expect(refused(body), "InvalidParameterValue", "The value NaN for parameter Threshold is invalid.");
        body.put("Threshold", -0.5);
        assertThat(accepted(body).threshold()).isEqualTo(-0.5);
    }

    @Test
    void treatMissingDataAndUnitAreFromTheirSets() {
        ObjectNode body = base();
        body.put("TreatMissingData", "sometimes");
        expect(refused(body), "InvalidParameterValue",
                "The parameter TreatMissingData must be a value in the set [ breaching, notBreaching, ignore, missing ].");
        body.remove("TreatMissingData");
        body.put("Unit", "Parsecs");
        AwsError unit = refused(body);
        assertThat(unit.code()).isEqualTo("InvalidParameterValue");
        assertThat(unit.getMessage()).startsWith("The parameter Unit must be a value in the set [ Seconds, ");
    }

    @Test
    void theMetricNeedsANamespaceANameAndAtMostThirtyDimensions() {
        ObjectNode body = base();
        body.remove("MetricName");
        expect(refused(body), "MissingParameter", "The parameter MetricName is required.");
        body.put("MetricName", "m");
        body.put("Namespace", ":x");
        expect(refused(body), "ValidationError", "1 validation error detected: Value ':x' at 'namespace' failed to"
                + " satisfy constraint: Member must satisfy regular expression pattern: [^:].*");
        body.put("Namespace", "AWS/EC2");
        assertThat(accepted(body).metric().namespace()).isEqualTo("AWS/EC2");
        ArrayNode dims = body.putArray("Dimensions");
        for (int i = 0; i < 31; i++) {
            dims.addObject().put("Name", "d" + i).put("Value", "v");
        }
        expect(refused(body), "InvalidParameterValue", "The collection Dimensions must not have a size greater than 30.");
    }

    @Test
    void atMostFiveActionsPerStateEachARunnableArn() {
        ObjectNode body = base();
        String topic = "arn:aws:sns:us-east-1:123456789012:t";
        body.set("AlarmActions", strings(topic + 1, topic + 2, topic + 3, topic + 4, topic + 5, topic + 6));
        expect(refused(body), "ValidationError", "1 validation error detected: Value '[" + topic + "1, " + topic + "2, "
                + topic + "3, " + topic + "4, " + topic + "5, " + topic + "6]' at 'alarmActions' failed to satisfy"
                + " constraint: Member must have length less than or equal to 5");
        body.remove("AlarmActions");
        body.set("OKActions", strings(topic, "not-an-arn"));
        expect(refused(body), "InvalidParameterValue", "The value not-an-arn for parameter OKActions.member.2 is not a"
                + " valid ARN (arn:partition:service:region:account:resource).");
        body.set("OKActions", strings("arn:aws:lambda:us-east-1:123456789012:function:f"));
        expect(refused(body), "InvalidParameterValue", "The action arn:aws:lambda:us-east-1:123456789012:function:f"
                + " (OKActions.member.1) is not supported by this Synaps server: alarm actions may be SNS topics"
                + " (arn:aws:sns:...), EC2 actions (arn:aws:automate:<region>:ec2:...) or Synaps actions (arn:synaps:...).");
        body.set("OKActions", strings("arn:aws:automate:us-east-1:ec2:explode"));
        expect(refused(body), "InvalidParameterValue", "The value arn:aws:automate:us-east-1:ec2:explode for parameter"
                + " OKActions.member.1 is not a valid EC2 action ARN (arn:aws:automate:region:ec2:stop|terminate|reboot|recover).");
        body.set("OKActions", strings("arn:aws:sns:us-east-1::t"));
        assertThat(refused(body).getMessage()).contains("is not a valid SNS topic ARN");
        body.set("OKActions", strings(topic, "arn:aws:automate:eu-west-1:ec2:recover", "arn:synaps:nova:r:1:migrate"));
        assertThat(accepted(body).actions().ok()).hasSize(3);
    }

    @Test
    void queryPathsNameTheListMember() {
        Members in = Inputs.query("AlarmName", "a", "Namespace", "App", "MetricName", "m", "Statistic", "Sum",
                "Period", "60", "EvaluationPeriods", "1", "Threshold", "1", "ComparisonOperator", "GreaterThanThreshold",
                "InsufficientDataActions.member.1", "arn:aws:sns:us-east-1:123456789012:t",
                "InsufficientDataActions.member.2", "arn:aws:sqs:us-east-1:123456789012:q");
        AwsError e = Inputs.error(refusing, in);
        assertThat(e.getMessage()).startsWith("The action arn:aws:sqs:us-east-1:123456789012:q"
                + " (InsufficientDataActions.member.2) is not supported");
    }

    @Test
    void tagsAreAtMostFiftyWithKeyAndValueLimits() {
        ObjectNode body = base();
        ArrayNode tags = body.putArray("Tags");
        for (int i = 0; i < 51; i++) {
            tags.addObject().put("Key", "k" + i).put("Value", "v");
        }
        expect(refused(body), "InvalidParameterValue", "The collection Tags must not have a size greater than 50.");
        body.set("Tags", Inputs.json("[{'Key': '" + "k".repeat(129) + "', 'Value': 'v'}]").node());
        expect(refused(body), "ValidationError", "1 validation error detected: Value '" + "k".repeat(129)
                + "' at 'tags.1.member.key' failed to satisfy constraint: Member must have length less than or equal to 128");
        body.set("Tags", Inputs.json("[{'Key': 'k', 'Value': '" + "v".repeat(257) + "'}]").node());
        expect(refused(body), "ValidationError", "1 validation error detected: Value '" + "v".repeat(257)
                + "' at 'tags.1.member.value' failed to satisfy constraint: Member must have length less than or equal to 256");
        body.set("Tags", Inputs.json("[{'Key': 'aws:owner', 'Value': 'v'}]").node());
        expect(refused(body), "InvalidParameterValue",
                "The tag key aws:owner (Tags.member.1.Key) is invalid: the aws: prefix is reserved for AWS use.");
        body.set("Tags", Inputs.json("[{'Key': 'k', 'Value': 'a'}, {'Key': 'k', 'Value': 'b'}]").node());
        expect(refused(body), "InvalidParameterValue", "The tag key k appears more than once in Tags.");
        body.set("Tags", Inputs.json("[{'Key': 'k'}]").node());
        expect(refused(body), "MissingParameter", "The parameter Tags.member.1.Value is required.");

        body.set("Tags", Inputs.json("[{'Key': 'team', 'Value': ''}, {'Key': 'env', 'Value': 'prod'}]").node());
        InMemoryAlarms alarms = new InMemoryAlarms(true);
        Inputs.output(new PutMetricAlarmAction(alarms, "aws"), Inputs.context(), Members.root(body));
        assertThat(alarms.tagsGiven.get(0)).containsExactly(Map.entry("team", ""),
                Map.entry("env", "prod"));
    }

    @Test
    void mathAnomalyAndPromQlAlarmsAreRefusedAsNotImplemented() {
        for (String member : new String[] {"Metrics", "ThresholdMetricId", "EvaluationCriteria", "EvaluationInterval"}) {
            ObjectNode body = base();
            JsonNode value = switch (member) {
                case "Metrics" -> Inputs.json("[{'Id': 'e1', 'Expression': 'm1 * 2', 'ReturnData': true}]").node();
                case "ThresholdMetricId" -> JsonNodeFactory.instance.textNode("ad1");
                case "EvaluationCriteria" -> Inputs.json("{'PromQLCriteria': {'Query': 'up'}}").node();
                default -> JsonNodeFactory.instance.numberNode(60);
            };
            body.set(member, value);
            AwsError e = refused(body);
            assertThat(e.code()).isEqualTo("UnsupportedOperation");
            assertThat(e.shape()).isEqualTo("UnsupportedOperation");
            assertThat(e.getMessage()).contains("(" + member + ")", "not implemented by this Synaps server yet");
        }
    }
}
