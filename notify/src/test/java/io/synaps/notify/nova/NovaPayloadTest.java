package io.synaps.notify.nova;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.synaps.model.Dimension;
import io.synaps.model.MetricId;
import io.synaps.model.alarm.AlarmActions;
import io.synaps.model.alarm.AlarmArn;
import io.synaps.model.alarm.AlarmState;
import io.synaps.model.alarm.AlarmStatus;
import io.synaps.model.alarm.AlarmTransition;
import io.synaps.model.alarm.ComparisonOperator;
import io.synaps.model.alarm.CompositeAlarm;
import io.synaps.model.alarm.MetricAlarm;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NovaPayloadTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AlarmStatus ALARM = new AlarmStatus(AlarmState.ALARM, "Threshold Crossed", null,
            1_700_000_060_000L, 1_700_000_060_000L);

    private static MetricAlarm alarm(List<Dimension> dims) {
        return new MetricAlarm("123456789012", "cpu-high", AlarmArn.of("eu-west-1", "123456789012", "cpu-high"), null,
                AlarmActions.none(), new MetricId("AWS/EC2", "CPUUtilization", dims), "Average", null, null, 60, 1,
                null, 90.0, ComparisonOperator.GreaterThanThreshold, null, null, 0L, ALARM);
    }

    @Test
    void takesTheInstanceIdDimensionAndTheTransition() throws Exception {
        MetricAlarm a = alarm(List.of(new Dimension("AutoScalingGroupName", "web"),
                new Dimension("InstanceId", "9168b536-cd40-4630-b43f-b259807c6e87")));
        AlarmTransition t = new AlarmTransition(a, AlarmStatus.initial(0L), 1_700_000_060_000L, false);
        NovaPayload p = NovaPayload.of(t, "arn:aws:automate:eu-west-1:ec2:reboot");
        assertThat(p).isEqualTo(new NovaPayload("reboot", "arn:aws:automate:eu-west-1:ec2:reboot", "eu-west-1",
                "123456789012", "cpu-high", "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:cpu-high",
                "9168b536-cd40-4630-b43f-b259807c6e87", "ALARM", 1_700_000_060_000L));
        assertThat(JSON.readTree(p.toJson())).isEqualTo(JSON.readTree("{\"action\":\"reboot\","
                + "\"actionArn\":\"arn:aws:automate:eu-west-1:ec2:reboot\",\"region\":\"eu-west-1\","
                + "\"accountId\":\"123456789012\",\"alarmName\":\"cpu-high\","
                + "\"alarmArn\":\"arn:aws:cloudwatch:eu-west-1:123456789012:alarm:cpu-high\","
                + "\"instanceId\":\"9168b536-cd40-4630-b43f-b259807c6e87\",\"newState\":\"ALARM\","
                + "\"transitionMillis\":1700000060000}"));
        assertThat(NovaPayload.parse(p.toJson())).isEqualTo(p);
    }

    @Test
    void anAlarmWithoutInstanceIdGivesANullInstance() {
        AlarmTransition t = new AlarmTransition(alarm(List.of()), AlarmStatus.initial(0L), 5L, false);
        NovaPayload p = NovaPayload.of(t, "arn:synaps:nova:RegionOne:123456789012:migrate");
        assertThat(p.instanceId()).isNull();
        assertThat(p.action()).isEqualTo("migrate");
        assertThat(p.region()).isEqualTo("RegionOne");
        assertThat(NovaPayload.parse(p.toJson())).isEqualTo(p);
    }

    @Test
    void aCompositeAlarmHasNoInstance() {
        CompositeAlarm c = new CompositeAlarm("123456789012", "all", AlarmArn.of("eu-west-1", "123456789012", "all"),
                null, AlarmActions.none(), "ALARM(cpu-high)", null, null, null, 0L, ALARM, null, null);
        NovaPayload p = NovaPayload.of(new AlarmTransition(c, AlarmStatus.initial(0L), 7L, false),
                "arn:aws:automate:eu-west-1:ec2:stop");
        assertThat(p.instanceId()).isNull();
        assertThat(p.newState()).isEqualTo("ALARM");
    }

    @Test
    void aBadArnGivesANullActionInsteadOfThrowing() {
        AlarmTransition t = new AlarmTransition(alarm(List.of()), AlarmStatus.initial(0L), 5L, false);
        NovaPayload p = NovaPayload.of(t, "arn:aws:automate:eu-west-1:ec2:explode");
        assertThat(p.action()).isNull();
        assertThat(p.region()).isNull();
    }

    @Test
    void parseRefusesWhatIsNotAPayload() {
        assertThatThrownBy(() -> NovaPayload.parse("[]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NovaPayload.parse("{\"action\":\"reboot\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("actionArn");
    }
}
