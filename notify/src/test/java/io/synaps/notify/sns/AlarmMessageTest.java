package io.synaps.notify.sns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.synaps.model.Dimension;
import io.synaps.model.MetricId;
import io.synaps.model.StandardUnit;
import io.synaps.model.alarm.AlarmActions;
import io.synaps.model.alarm.AlarmArn;
import io.synaps.model.alarm.AlarmState;
import io.synaps.model.alarm.AlarmStatus;
import io.synaps.model.alarm.AlarmTransition;
import io.synaps.model.alarm.ComparisonOperator;
import io.synaps.model.alarm.MetricAlarm;
import io.synaps.model.alarm.TreatMissingData;
import io.synaps.notify.fixture.AlarmFixtures;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.synaps.notify.fixture.AlarmFixtures.ACCOUNT;
import static io.synaps.notify.fixture.AlarmFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

class AlarmMessageTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void metricAlarmMessageHasAwsKeysInAwsOrder() throws Exception {
        MetricAlarm alarm = AlarmFixtures.cpuAlarm("cpu-high", List.of(AlarmFixtures.topicArn("ops")), List.of());
        AlarmTransition t = AlarmFixtures.transition(alarm, AlarmState.ALARM, T0);

        AlarmMessage m = AlarmMessage.of(t, "us-east-1");
        JsonNode json = MAPPER.readTree(m.json());

        assertThat(fieldNames(json)).containsExactly("AlarmName", "AlarmDescription", "AWSAccountId",
                "AlarmConfigurationUpdatedTimestamp", "NewStateValue", "NewStateReason", "StateChangeTime", "Region",
                "AlarmArn", "OldStateValue", "OKActions", "AlarmActions", "InsufficientDataActions",
                "ActionExecutedAfterMuteWindow", "Trigger");
        assertThat(json.get("AlarmName").asText()).isEqualTo("cpu-high");
        assertThat(json.get("AWSAccountId").asText()).isEqualTo(ACCOUNT);
        assertThat(json.get("NewStateValue").asText()).isEqualTo("ALARM");
        assertThat(json.get("OldStateValue").asText()).isEqualTo("INSUFFICIENT_DATA");
        assertThat(json.get("NewStateReason").asText()).startsWith("Threshold Crossed: 1 datapoint [91.5");
        assertThat(json.get("StateChangeTime").asText()).isEqualTo("2024-01-03T11:36:00.000+0000");
        assertThat(json.get("AlarmConfigurationUpdatedTimestamp").asText()).isEqualTo("2024-01-03T11:34:00.000+0000");
        assertThat(json.get("Region").asText()).isEqualTo("US East (N. Virginia)");
        assertThat(json.get("AlarmActions").get(0).asText()).isEqualTo(AlarmFixtures.topicArn("ops"));
        assertThat(json.get("OKActions").isArray()).isTrue();
        assertThat(json.get("ActionExecutedAfterMuteWindow").asBoolean(true)).isFalse();

        JsonNode trigger = json.get("Trigger");
        assertThat(fieldNames(trigger)).containsExactly("MetricName", "Namespace", "StatisticType", "Statistic", "Unit",
                "Dimensions", "Period", "EvaluationPeriods", "ComparisonOperator", "Threshold", "TreatMissingData",
                "EvaluateLowSampleCountPercentile");
        assertThat(trigger.get("StatisticType").asText()).isEqualTo("Statistic");
        assertThat(trigger.get("Statistic").asText()).isEqualTo("AVERAGE");
        assertThat(trigger.get("Unit").isNull()).isTrue();
        assertThat(trigger.get("Dimensions").toString()).isEqualTo("[{\"value\":\"i-0abc\",\"name\":\"InstanceId\"}]");
        assertThat(trigger.get("Period").asInt()).isEqualTo(60);
        assertThat(trigger.get("Threshold").isDouble()).isTrue();
        assertThat(m.json()).contains("\"Threshold\":80.0");
        assertThat(trigger.get("TreatMissingData").asText()).isEmpty();
        assertThat(trigger.get("EvaluateLowSampleCountPercentile").asText()).isEmpty();
        assertThat(m.subject()).isEqualTo("ALARM: \"cpu-high\" in US East (N. Virginia)");
    }

    @Test
    void statisticsAreUpperSnakeCaseAndExtendedStatisticsKeepTheirName() throws Exception {
        assertThat(AlarmMessage.upperSnake("SampleCount")).isEqualTo("SAMPLE_COUNT");
        assertThat(AlarmMessage.upperSnake("Average")).isEqualTo("AVERAGE");
        assertThat(AlarmMessage.upperSnake("Maximum")).isEqualTo("MAXIMUM");

        MetricAlarm p99 = new MetricAlarm(ACCOUNT, "lat", AlarmArn.of("eu-west-1", ACCOUNT, "lat"), null,
                AlarmActions.none(), MetricId.of("App", "Latency"), null, "p99", StandardUnit.MILLISECONDS, 300, 3, 2,
                250.5, ComparisonOperator.GreaterThanOrEqualToThreshold, TreatMissingData.IGNORE, "ignore", T0,
                AlarmStatus.initial(T0));
        JsonNode json = MAPPER.readTree(AlarmMessage.of(AlarmFixtures.transition(p99, AlarmState.ALARM, T0 + 1), "x").json());
        JsonNode trigger = json.get("Trigger");

        assertThat(json.get("AlarmDescription").isNull()).isTrue();
        assertThat(json.get("Region").asText()).isEqualTo("EU (Ireland)");
        assertThat(trigger.get("StatisticType").asText()).isEqualTo("ExtendedStatistic");
        assertThat(trigger.get("ExtendedStatistic").asText()).isEqualTo("p99");
        assertThat(trigger.has("Statistic")).isFalse();
        assertThat(trigger.get("Unit").asText()).isEqualTo("Milliseconds");
        assertThat(trigger.get("Dimensions").size()).isZero();
        assertThat(trigger.get("TreatMissingData").asText()).isEqualTo("ignore");
        assertThat(trigger.get("EvaluateLowSampleCountPercentile").asText()).isEqualTo("ignore");
        assertThat(trigger.get("Threshold").asDouble()).isEqualTo(250.5);
    }

    @Test
    void privateRegionsKeepTheirCode() throws Exception {
        MetricAlarm alarm = new MetricAlarm(ACCOUNT, "a", AlarmArn.of("RegionOne", ACCOUNT, "a"), null,
                AlarmActions.none(), MetricId.of("N", "M"), "Sum", null, null, 60, 1, null, 1,
                ComparisonOperator.LessThanThreshold, null, null, T0, AlarmStatus.initial(T0));
        AlarmMessage m = AlarmMessage.of(AlarmFixtures.transition(alarm, AlarmState.OK, T0 + 1), "us-east-1");

        assertThat(MAPPER.readTree(m.json()).get("Region").asText()).isEqualTo("RegionOne");
        assertThat(m.subject()).isEqualTo("OK: \"a\" in RegionOne");
        assertThat(RegionNames.longName("eu-central-1")).isEqualTo("EU (Frankfurt)");
        assertThat(RegionNames.longName("ap-northeast-1")).isEqualTo("Asia Pacific (Tokyo)");
    }

    @Test
    void subjectIsCutToOneHundredCharacters() {
        String name = "n".repeat(255);
        MetricAlarm alarm = AlarmFixtures.cpuAlarm(name, List.of(), List.of());
        AlarmMessage m = AlarmMessage.of(AlarmFixtures.transition(alarm, AlarmState.ALARM, T0), "us-east-1");

        assertThat(m.subject()).hasSize(100).startsWith("ALARM: \"nnnn");
    }

    @Test
    void compositeMessagesCarryTheRuleAndTheTriggeringChildren() throws Exception {
        String child = AlarmArn.of("us-east-1", ACCOUNT, "cpu-high");
        AlarmTransition t = AlarmFixtures.compositeTransition("service-down", child, List.of(), T0);
        JsonNode json = MAPPER.readTree(AlarmMessage.of(t, "us-east-1").json());

        assertThat(fieldNames(json)).containsExactly("AlarmName", "AlarmDescription", "AWSAccountId",
                "AlarmConfigurationUpdatedTimestamp", "NewStateValue", "NewStateReason", "StateChangeTime", "Region",
                "AlarmArn", "OldStateValue", "OKActions", "AlarmActions", "InsufficientDataActions",
                "ActionExecutedAfterMuteWindow", "AlarmRule", "TriggeringChildren");
        assertThat(json.get("AlarmRule").asText()).isEqualTo("ALARM(\"" + child + "\") OR FALSE");
        assertThat(json.get("TriggeringChildren").toString()).isEqualTo("[{\"Arn\":\"" + child
                + "\",\"State\":{\"Value\":\"ALARM\",\"Timestamp\":\"2024-01-03T11:35:30.000+0000\"}}]");
        assertThat(json.get("OldStateValue").asText()).isEqualTo("OK");
    }

    @Test
    void snsEnvelopeHasSnsMembersAndNoAwsSignature() throws Exception {
        SnsEnvelope e = new SnsEnvelope("Notification", "m-1", null, "arn:aws:sns:us-east-1:1:t", "s", "hello", T0,
                null, "http://x/?Action=Unsubscribe", java.util.Map.of("k", "v"));
        JsonNode json = MAPPER.readTree(e.json());

        assertThat(fieldNames(json)).containsExactly("Type", "MessageId", "TopicArn", "Subject", "Message",
                "Timestamp", "UnsubscribeURL", "MessageAttributes");
        assertThat(json.get("Timestamp").asText()).isEqualTo("2024-01-03T11:36:00Z");
        assertThat(json.get("MessageAttributes").toString()).isEqualTo("{\"k\":{\"Type\":\"String\",\"Value\":\"v\"}}");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
