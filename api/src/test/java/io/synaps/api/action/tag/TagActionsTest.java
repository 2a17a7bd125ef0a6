package io.synaps.api.action.tag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.api.action.Action;
import io.synaps.api.action.Inputs;
import io.synaps.api.protocol.Members;
import io.synaps.engine.alarm.AlarmService;
import io.synaps.engine.alarm.BacktestResult;
import io.synaps.model.AwsError;
import io.synaps.model.MetricId;
import io.synaps.model.alarm.Alarm;
import io.synaps.model.alarm.AlarmActions;
import io.synaps.model.alarm.AlarmState;
import io.synaps.model.alarm.AlarmStatus;
import io.synaps.model.alarm.ComparisonOperator;
import io.synaps.model.alarm.CompositeAlarm;
import io.synaps.model.alarm.MetricAlarm;
import io.synaps.store.alarm.HistoryPage;
import io.synaps.store.alarm.HistoryQuery;
import io.synaps.store.dashboard.Dashboard;
import io.synaps.store.dashboard.DashboardStore;
import io.synaps.store.rocksdb.RocksDbStorage;
import io.synaps.store.tag.TagStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** TagResource, UntagResource and ListTagsForResource over the real RocksDB tag and dashboard stores. */
class TagActionsTest {
    private static final String ACCOUNT = Inputs.ACCOUNT;
    private static final String ALARM_ARN = "arn:aws:cloudwatch:us-east-1:" + ACCOUNT + ":alarm:cpu:high";
    private static final String DASHBOARD_ARN = "arn:aws:cloudwatch::" + ACCOUNT + ":dashboard/ops";

    @TempDir
    Path dir;
    private RocksDbStorage storage;
    private TagStore tags;
    private DashboardStore dashboards;
    private final Map<String, Alarm> alarms = new HashMap<>();
    private TagResourceAction tag;
    private UntagResourceAction untag;
    private ListTagsForResourceAction list;

    /** Only the alarm lookups tagging needs; anything else fails the test. */
    private final AlarmService lookups = new AlarmService() {
        @Override
        public Optional<Alarm> get(String accountId, String name) {
            return accountId.equals(ACCOUNT) ? Optional.ofNullable(alarms.get(name)) : Optional.empty();
        }

        @Override
        public CompletableFuture<MetricAlarm> putMetricAlarm(MetricAlarm alarm, Map<String, String> t) {
            throw new AssertionError();
        }

        @Override
        public CompletableFuture<CompositeAlarm> putCompositeAlarm(CompositeAlarm alarm, Map<String, String> t) {
            throw new AssertionError();
        }

        @Override
        public List<Alarm> list(String accountId, String prefix, String afterName, int limit) {
            throw new AssertionError();
        }

        @Override
        public List<CompositeAlarm> parentsOf(String accountId, String name) {
            throw new AssertionError();
        }

        @Override
        public CompletableFuture<Void> delete(String accountId, List<String> names) {
            throw new AssertionError();
        }

        @Override
        public CompletableFuture<Void> setActionsEnabled(String accountId, List<String> names, boolean enabled) {
            throw new AssertionError();
        }

        @Override
        public CompletableFuture<Void> setState(String a, String n, AlarmState s, String r, String d) {
            throw new AssertionError();
        }

        @Override
        public HistoryPage history(String accountId, HistoryQuery query) {
            throw new AssertionError();
        }

        @Override
        public BacktestResult backtest(MetricAlarm alarm, long startMillis, long endMillis) {
            throw new AssertionError();
        }
    };

    @BeforeEach
    void open() {
        storage = RocksDbStorage.open(dir, Clock.fixed(Inputs.NOW, ZoneOffset.UTC));
        tags = storage.tagStore();
        dashboards = new TagCleaningDashboardStore(storage.dashboardStore(), tags, "aws");
        TaggedResources resources = new TaggedResources(lookups, dashboards, tags, "aws");
        tag = new TagResourceAction(resources);
        untag = new UntagResourceAction(resources);
        list = new ListTagsForResourceAction(resources);
        alarms.put("cpu:high", new MetricAlarm(ACCOUNT, "cpu:high", ALARM_ARN, null, AlarmActions.none(),
                MetricId.of("App", "m"), "Sum", null, null, 60, 1, null, 1, ComparisonOperator.GreaterThanThreshold,
                null, null, 1, AlarmStatus.initial(1)));
        dashboards.put(ACCOUNT, new Dashboard("ops", "{\"widgets\":[]}", 1));
    }

    @AfterEach
    void close() {
        storage.close();
    }

    private ObjectNode call(Action action, String json) {
        return Inputs.output(action, Inputs.context(), Inputs.json(json));
    }

    private AwsError refused(Action action, String json) {
        return Inputs.error(action, Inputs.json(json));
    }

    private Map<String, String> listed(String arn) {
        ObjectNode out = call(list, "{'ResourceARN': '" + arn + "'}");
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (JsonNode t : out.get("Tags")) {
            assertThat(t.size()).isEqualTo(2);
            m.put(t.get("Key").asText(), t.get("Value").asText());
        }
        return m;
    }

    @Test
    void tagsAddOverwriteListSortedAndRemoveOnAlarmsAndDashboards() {
        for (String arn : List.of(ALARM_ARN, DASHBOARD_ARN)) {
            ObjectNode out = call(tag, "{'ResourceARN': '" + arn + "', 'Tags': [{'Key': 'team', 'Value': 'a'},"
                    + " {'Key': 'env', 'Value': 'prod'}]}");
            assertThat(out).isEmpty();
            call(tag, "{'ResourceARN': '" + arn + "', 'Tags': [{'Key': 'team', 'Value': 'b'}]}");
            assertThat(listed(arn)).containsExactly(Map.entry("env", "prod"), Map.entry("team", "b"));
            assertThat(call(untag, "{'ResourceARN': '" + arn + "', 'TagKeys': ['team', 'absent']}")).isEmpty();
            assertThat(listed(arn)).containsExactly(Map.entry("env", "prod"));
        }
    }

    @Test
    void unknownResourcesAreNotFoundForChangesAndEmptyForListing() {
        String unknownAlarm = "arn:aws:cloudwatch:us-east-1:" + ACCOUNT + ":alarm:nope";
        for (String arn : List.of(unknownAlarm, "arn:aws:cloudwatch::" + ACCOUNT + ":dashboard/nope",
                "arn:aws:cloudwatch:us-east-1:210987654321:alarm:cpu:high",
                "arn:aws:cloudwatch:eu-west-1:" + ACCOUNT + ":alarm:cpu:high")) {
            AwsError e = refused(tag, "{'ResourceARN': '" + arn + "', 'Tags': [{'Key': 'k', 'Value': 'v'}]}");
            assertThat(e.shape()).isEqualTo("ResourceNotFoundException");
            assertThat(e.code()).isEqualTo("ResourceNotFoundException");
            assertThat(e.status()).isEqualTo(404);
            assertThat(e.getMessage()).isEqualTo("Unknown");
            assertThat(refused(untag, "{'ResourceARN': '" + arn + "', 'TagKeys': ['k']}").code())
                    .isEqualTo("ResourceNotFoundException");
            assertThat(call(list, "{'ResourceARN': '" + arn + "'}").get("Tags")).isEmpty();
        }
        assertThat(tags.get(ACCOUNT, unknownAlarm)).isEmpty();
    }

    @Test
    void aDeletedResourceListsNoTagsAndADeletedDashboardLosesThem() {
        call(tag, "{'ResourceARN': '" + ALARM_ARN + "', 'Tags': [{'Key': 'k', 'Value': 'v'}]}");
        alarms.clear();
        assertThat(call(list, "{'ResourceARN': '" + ALARM_ARN + "'}").get("Tags")).isEmpty();

        call(tag, "{'ResourceARN': '" + DASHBOARD_ARN + "', 'Tags': [{'Key': 'k', 'Value': 'v'}]}");
        dashboards.delete(ACCOUNT, List.of("ops"));
        assertThat(tags.get(ACCOUNT, DASHBOARD_ARN)).isEmpty();
        dashboards.put(ACCOUNT, new Dashboard("ops", "{\"widgets\":[]}", 2));
        assertThat(listed(DASHBOARD_ARN)).isEmpty();
    }

    @Test
    void aResourceKeepsAtMostFiftyTagsAfterTheMerge() {
        ArrayNode forty = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < 40; i++) {
            forty.addObject().put("Key", "k" + i).put("Value", "v");
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("ResourceARN", ALARM_ARN);
        body.set("Tags", forty);
        Inputs.output(tag, Inputs.context(), Members.root(body));
        ArrayNode more = JsonNodeFactory.instance.arrayNode();
        for (int i = 35; i < 51; i++) {
            more.addObject().put("Key", "k" + i).put("Value", "w");
        }
        body.set("Tags", more);
        AwsError e = Inputs.error(tag, Members.root(body));
        assertThat(e.code()).isEqualTo("InvalidParameterValue");
        assertThat(e.getMessage()).isEqualTo("The resource " + ALARM_ARN + " can have at most 50 tags; this request"
                + " would give it 51.");
        assertThat(listed(ALARM_ARN)).hasSize(40).containsEntry("k35", "v");
        more.remove(15);
        Inputs.output(tag, Inputs.context(), Members.root(body));
        assertThat(listed(ALARM_ARN)).hasSize(50).containsEntry("k35", "w");
    }

    @Test
    void badArnsAndMissingMembersAreRefused() {
        AwsError e = refused(list, "{'ResourceARN': 'arn:aws:cloudwatch:us-east-1:" + ACCOUNT + ":metric-stream/s'}");
        assertThat(e.code()).isEqualTo("InvalidParameterValue");
        assertThat(e.getMessage()).isEqualTo("The value arn:aws:cloudwatch:us-east-1:" + ACCOUNT + ":metric-stream/s"
                + " for parameter ResourceARN is invalid: this Synaps server tags alarms"
                + " (arn:aws:cloudwatch:<region>:<account>:alarm:<name>) and dashboards"
                + " (arn:aws:cloudwatch::<account>:dashboard/<name>).");
        assertThat(refused(list, "{'ResourceARN': 'cpu'}").code()).isEqualTo("InvalidParameterValue");
        assertThat(refused(list, "{}").getMessage()).isEqualTo("The parameter ResourceARN is required.");
        assertThat(refused(list, "{'ResourceARN': '" + "a".repeat(1025) + "'}").getMessage())
                .endsWith("at 'resourceARN' failed to satisfy constraint: Member must have length less than or equal to 1024");
        assertThat(refused(tag, "{'ResourceARN': '" + ALARM_ARN + "'}").getMessage())
                .isEqualTo("The parameter Tags is required.");
        assertThat(refused(untag, "{'ResourceARN': '" + ALARM_ARN + "'}").getMessage())
                .isEqualTo("The parameter TagKeys is required.");
        assertThat(refused(untag, "{'ResourceARN': '" + ALARM_ARN + "', 'TagKeys': ['" + "k".repeat(129) + "']}")
                .getMessage()).endsWith("at 'tagKeys.1.member' failed to satisfy constraint: Member must have length"
                + " less than or equal to 128");
        assertThat(refused(tag, "{'ResourceARN': '" + ALARM_ARN + "', 'Tags': [{'Key': 'aws:x', 'Value': 'v'}]}")
                .code()).isEqualTo("InvalidParameterValue");
        assertThat(tags.get(ACCOUNT, ALARM_ARN)).isEmpty();
    }
}
