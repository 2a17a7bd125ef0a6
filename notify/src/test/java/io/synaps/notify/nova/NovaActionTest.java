package io.synaps.notify.nova;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class NovaActionTest {

    @Test
    void acceptsEachEc2AutomateAction() {
        for (String verb : new String[] {"reboot", "stop", "terminate", "recover"}) {
            NovaAction a = NovaAction.parse("arn:aws:automate:us-east-1:ec2:" + verb);
            assertThat(a).isNotNull();
            assertThat(a.verb().wireName()).isEqualTo(verb);
            assertThat(a.region()).isEqualTo("us-east-1");
            assertThat(a.accountId()).isNull();
            assertThat(a.arn()).isEqualTo("arn:aws:automate:us-east-1:ec2:" + verb);
        }
    }

    @Test
    void acceptsOtherAwsPartitionsAsTheApiDoes() {
        assertThat(NovaAction.parse("arn:aws-cn:automate:cn-north-1:ec2:stop").verb())
                .isEqualTo(NovaAction.Verb.STOP);
    }

    @Test
    void acceptsTheSynapsMigrateAction() {
        NovaAction a = NovaAction.parse("arn:synaps:nova:RegionOne:123456789012:migrate");
        assertThat(a).isEqualTo(new NovaAction(NovaAction.Verb.MIGRATE,
                "arn:synaps:nova:RegionOne:123456789012:migrate", "RegionOne", "123456789012"));
        assertThat(NovaAction.isNovaAction("arn:synaps:nova:r:1:migrate")).isTrue();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {
            "",
            "arn:aws:automate:us-east-1:ec2:explode",
            "arn:aws:automate:us-east-1:ec2:migrate",
            "arn:aws:automate:us-east-1:ec2:Reboot",
            "arn:aws:automate::ec2:reboot",
            "arn:aws:automate:us-east-1:ec3:reboot",
            "arn:aws:automate:us-east-1:ec2:reboot:extra",
            "arn:aws:automate:us east:ec2:reboot",
            "arn::automate:us-east-1:ec2:reboot",
            "arn:aws:sns:us-east-1:123456789012:topic",
            "arn:aws:swf:us-east-1:123456789012:action/actions/AWS_EC2.InstanceId.Reboot/1.0",
            "arn:synaps:nova:RegionOne::migrate",
            "arn:synaps:nova::123456789012:migrate",
            "arn:synaps:nova:RegionOne:123456789012:reboot",
            "arn:synaps:nova:RegionOne:123456789012:migrate:live",
            "arn:synaps:glance:RegionOne:123456789012:migrate",
            "arn:aws:nova:RegionOne:123456789012:migrate",
            "urn:aws:automate:us-east-1:ec2:reboot",
            "reboot"})
    void refusesEverythingElse(String arn) {
        assertThat(NovaAction.parse(arn)).isNull();
        assertThat(NovaAction.isNovaAction(arn)).isFalse();
    }
}
