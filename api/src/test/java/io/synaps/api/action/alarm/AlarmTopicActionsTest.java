package io.synaps.api.action.alarm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.api.action.Action;
import io.synaps.api.action.ActionRegistry;
import io.synaps.api.action.ActionsConfig;
import io.synaps.api.action.CloudWatchActions;
import io.synaps.api.action.Inputs;
import io.synaps.api.action.Unreachable;
import io.synaps.api.action.sns.RecordingTopicDelivery;
import io.synaps.api.protocol.ApiService;
import io.synaps.model.AwsError;
import io.synaps.model.alarm.MetricAlarm;
import io.synaps.store.rocksdb.RocksDbStorage;
import io.synaps.store.topic.Topic;
import io.synaps.store.topic.TopicStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PutMetricAlarm and PutCompositeAlarm built with a topic store (the real RocksDB one) refuse an
 * SNS action whose topic the caller does not have, and the refusal writes nothing.
 */
class AlarmTopicActionsTest {
    private static final String MINE = "arn:aws:sns:us-east-1:" + Inputs.ACCOUNT + ":ops";
    private static final String METRIC = "{'AlarmName': 'cpu', 'Namespace': 'App', 'MetricName': 'm', 'Statistic': 'Average',"
            + " 'Period': 60, 'EvaluationPeriods': 1, 'Threshold': 1, 'ComparisonOperator': 'GreaterThanThreshold', ";

    @TempDir
    Path dir;
    private RocksDbStorage storage;
    private TopicStore topics;

    @BeforeEach
    void open() {
        storage = RocksDbStorage.open(dir, Clock.fixed(Inputs.NOW, ZoneOffset.UTC));
        topics = storage.topicStore();
        topics.createTopic(new Topic(Inputs.ACCOUNT, "ops", MINE, Map.of(), 0));
        topics.createTopic(new Topic("210987654321", "ops", "arn:aws:sns:us-east-1:210987654321:ops", Map.of(), 0));
    }

    @AfterEach
    void close() {
        storage.close();
    }

    private AwsError refusedMetric(String actions) {
        return Inputs.error(new PutMetricAlarmAction(InMemoryAlarms.readOnly(), "aws", topics),
                Inputs.json(METRIC + actions + "}"));
    }

    @Test
    void aMetricAlarmOnAnExistingTopicOfTheCallerIsStored() {
        InMemoryAlarms alarms = new InMemoryAlarms(true);
        ObjectNode out = Inputs.output(new PutMetricAlarmAction(alarms, "aws", topics), Inputs.context(),
                Inputs.json(METRIC + "'AlarmActions': ['" + MINE + "', 'arn:aws:automate:us-east-1:ec2:reboot'],"
                        + " 'OKActions': ['" + MINE + "', 'arn:synaps:nova:us-east-1:" + Inputs.ACCOUNT + ":migrate']}"));
        assertThat(out).isNull();
        MetricAlarm stored = (MetricAlarm) alarms.get(Inputs.ACCOUNT, "cpu").orElseThrow();
        assertThat(stored.actions().alarm()).containsExactly(MINE, "arn:aws:automate:us-east-1:ec2:reboot");
    }

    @Test
    void aMetricAlarmNamingAMissingTopicIsRefusedWithItsArn() {
        String missing = "arn:aws:sns:us-east-1:" + Inputs.ACCOUNT + ":opps";
        AwsError e = refusedMetric("'AlarmActions': ['" + MINE + "', '" + missing + "']");
        assertThat(e.code()).isEqualTo("InvalidParameterValue");
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).isEqualTo("The SNS topic " + missing + " (AlarmActions.member.2) does not exist in "
                + "this account and region; create it with CreateTopic first.");
    }

    @Test
    void aTopicOfAnotherAccountRegionOrPartitionIsNeverTheCallers() {
        for (String arn : new String[]{"arn:aws:sns:us-east-1:210987654321:ops", "arn:aws:sns:eu-west-1:"
                + Inputs.ACCOUNT + ":ops", "arn:aws-cn:sns:us-east-1:" + Inputs.ACCOUNT + ":ops"}) {
            AwsError e = refusedMetric("'InsufficientDataActions': ['" + arn + "']");
            assertThat(e.getMessage()).isEqualTo("The SNS topic " + arn + " (InsufficientDataActions.member.1) does not"
                    + " exist in this account and region; create it with CreateTopic first.");
        }
    }

    @Test
    void syntaxErrorsComeBeforeTheTopicCheck() {
        AwsError e = refusedMetric("'OKActions': ['arn:aws:sns:us-east-1:1:gone'], 'Period': 0");
        assertThat(e.code()).isEqualTo("ValidationError");
    }

    @Test
    void aCompositeAlarmNamingAMissingTopicIsRefused() {
        String missing = "arn:aws:sns:us-east-1:" + Inputs.ACCOUNT + ":gone";
        PutCompositeAlarmAction put = new PutCompositeAlarmAction(InMemoryAlarms.readOnly(), "aws", topics);
        AwsError e = Inputs.error(put, Inputs.json("{'AlarmName': 'c', 'AlarmRule': 'ALARM(a)',"
                + " 'OKActions': ['" + missing + "']}"));
        assertThat(e.getMessage()).isEqualTo("The SNS topic " + missing + " (OKActions.member.1) does not exist in "
                + "this account and region; create it with CreateTopic first.");
        InMemoryAlarms alarms = new InMemoryAlarms(true);
        assertThat(Inputs.output(new PutCompositeAlarmAction(alarms, "aws", topics), Inputs.context(),
                Inputs.json("{'AlarmName': 'c', 'AlarmRule': 'ALARM(a)', 'AlarmActions': ['" + MINE + "']}"))).isNull();
        assertThat(alarms.get(Inputs.ACCOUNT, "c")).isPresent();
    }

    @Test
    void cloudWatchActionsWithTopicsServeBothApisAndCheckAlarmTopics() {
        List<Action> actions = CloudWatchActions.create(new Unreachable(), new Unreachable(), storage.dashboardStore(),
                InMemoryAlarms.readOnly(), storage.tagStore(), topics, new RecordingTopicDelivery(), ActionsConfig.defaults());
        ActionRegistry registry = ActionRegistry.of(actions);
        assertThat(registry.implemented(ApiService.SNS)).contains("CreateTopic", "Publish", "Subscribe",
                "ConfirmSubscription", "ListTagsForResource");
        assertThat(registry.implemented()).contains("PutMetricAlarm", "ListTagsForResource", "BacktestMetricAlarm");
        AwsError e = Inputs.error(registry.lookup("PutMetricAlarm"),
                Inputs.json(METRIC + "'AlarmActions': ['arn:aws:sns:us-east-1:" + Inputs.ACCOUNT + ":none']}"));
        assertThat(e.getMessage()).startsWith("The SNS topic arn:aws:sns:us-east-1:" + Inputs.ACCOUNT + ":none");
    }

    @Test
    void withoutATopicStoreOnlyTheSyntaxIsChecked() {
        InMemoryAlarms alarms = new InMemoryAlarms(true);
        Inputs.output(new PutMetricAlarmAction(alarms, "aws"), Inputs.context(),
                Inputs.json(METRIC + "'AlarmActions': ['arn:aws:sns:us-east-1:" + Inputs.ACCOUNT + ":unknown']}"));
        assertThat(alarms.get(Inputs.ACCOUNT, "cpu")).isPresent();
    }
}
