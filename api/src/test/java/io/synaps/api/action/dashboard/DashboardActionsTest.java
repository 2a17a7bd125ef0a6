package io.synaps.api.action.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.api.action.Inputs;
import io.synaps.api.action.RequestContext;
import io.synaps.api.protocol.Members;
import io.synaps.api.protocol.Output;
import io.synaps.model.AwsError;
import io.synaps.store.dashboard.DashboardStore;
import io.synaps.store.rocksdb.RocksDbStorage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard operations over the real RocksDB dashboard store. */
class DashboardActionsTest {
    private static final String BODY = "{\"widgets\":[{\"type\":\"text\",\"x\":0,\"y\":0,\"width\":6,\"height\":3,"
            + "\"properties\":{\"markdown\":\"# hello\"}}]}";

    @TempDir
    Path dir;
    private RocksDbStorage storage;
    private DashboardStore store;
    private PutDashboardAction put;
    private GetDashboardAction get;
    private ListDashboardsAction list;
    private DeleteDashboardsAction delete;

    @BeforeEach
    void open() {
        storage = RocksDbStorage.open(dir, Clock.fixed(Inputs.NOW, ZoneOffset.UTC));
        store = storage.dashboardStore();
        put = new PutDashboardAction(store);
        get = new GetDashboardAction(store, "aws");
        list = new ListDashboardsAction(store, "aws", 2);
        delete = new DeleteDashboardsAction(store);
    }

    @AfterEach
    void close() {
        storage.close();
    }

    private ObjectNode call(io.synaps.api.action.Action action, Members in) {
        return Inputs.output(action, Inputs.context(), in);
    }

    @Test
    void putThenGetReturnsTheStoredBodyAndAGlobalArn() {
        ObjectNode out = call(put, Inputs.query("DashboardName", "ops-main_1", "DashboardBody", BODY));
        assertThat(out.get("DashboardValidationMessages").isArray()).isTrue();
        assertThat(out.get("DashboardValidationMessages")).isEmpty();

        for (Members in : List.of(Inputs.query("DashboardName", "ops-main_1"), Inputs.json("{'DashboardName': 'ops-main_1'}"))) {
            ObjectNode got = call(get, in);
            assertThat(got.get("DashboardArn").asText()).isEqualTo("arn:aws:cloudwatch::123456789012:dashboard/ops-main_1");
            assertThat(got.get("DashboardBody").asText()).isEqualTo(BODY);
            assertThat(got.get("DashboardName").asText()).isEqualTo("ops-main_1");
        }
    }

    @Test
    void dashboardsBelongToTheCallersAccount() {
        call(put, Inputs.query("DashboardName", "mine", "DashboardBody", BODY));
        RequestContext other = new RequestContext("r", "210987654321", "AKIDOTHER", "us-east-1", Clock.systemUTC());
        AwsError e = Inputs.error(get, other, Inputs.query("DashboardName", "mine"));
        assertThat(e.code()).isEqualTo("ResourceNotFound");
        assertThat(Inputs.output(list, other, Inputs.query()).get("DashboardEntries")).isEmpty();
    }

    @Test
    void getOfAMissingDashboardIsDashboardNotFound() {
        AwsError e = Inputs.error(get, Inputs.query("DashboardName", "nope"));
        assertThat(e.shape()).isEqualTo("DashboardNotFoundError");
        assertThat(e.code()).isEqualTo("ResourceNotFound");
        assertThat(e.status()).isEqualTo(404);
        assertThat(e.getMessage()).isEqualTo("Dashboard nope does not exist");
        assertThat(Inputs.error(get, Inputs.query()).getMessage()).isEqualTo("The parameter DashboardName is required.");
    }

    @Test
    void dashboardNamesMayOnlyHoldAlphanumericsDashAndUnderscore() {
        AwsError e = Inputs.error(put, Inputs.query("DashboardName", "a:b", "DashboardBody", BODY));
        assertThat(e.code()).isEqualTo("InvalidParameterValue");
        assertThat(e.getMessage()).isEqualTo("The value for field DashboardName contains invalid characters. It can only"
                + " contain alphanumerics, dash (-) and underscore (_).\n");
        assertThat(Inputs.error(put, Inputs.query("DashboardName", "d".repeat(256), "DashboardBody", BODY)).getMessage())
                .isEqualTo("The parameter DashboardName must be shorter than 256 characters.");
        assertThat(Inputs.error(put, Inputs.query("DashboardName", "ok")).getMessage())
                .isEqualTo("The parameter DashboardBody is required.");
        assertThat(store.list(Inputs.ACCOUNT, null)).isEmpty();
    }

    @Test
    void invalidBodiesAreRefusedWithEveryProblemListed() {
        String body = "{\"widgets\":[{\"type\":\"metric\",\"x\":30,\"width\":6,\"height\":3,\"properties\":{}},"
                + "{\"type\":\"graph\",\"properties\":{}},"
                + "{\"type\":\"metric\",\"properties\":{\"metrics\":[[\"AWS/EC2\",{\"stat\":\"Sum\"},\"CPUUtilization\"]]}}]}";
        AwsError e = Inputs.error(put, withBody("d", body));
        assertThat(e.shape()).isEqualTo("DashboardInvalidInputError");
        assertThat(e.code()).isEqualTo("InvalidParameterInput");
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).isEqualTo("""
                The dashboard body is invalid, there are 4 validation errors:
                [
                  {
                    "dataPath": "/widgets/0/x",
                    "message": "Should be <= 23"
                  },
                  {
                    "dataPath": "/widgets/0/properties",
                    "message": "Should have required property 'metrics'"
                  },
                  {
                    "dataPath": "/widgets/1/type",
                    "message": "Should be equal to one of the allowed values"
                  },
                  {
                    "dataPath": "/widgets/2/properties/metrics/0/1",
                    "message": "Invalid metric field type, only \\"String\\" type is allowed"
                  }
                ]""");
        @SuppressWarnings("unchecked")
        List<Map<String, String>> messages = (List<Map<String, String>>) e.members().get("dashboardValidationMessages");
        assertThat(messages).hasSize(4);
        assertThat(messages.get(1)).containsEntry("DataPath", "/widgets/0/properties")
                .containsEntry("Message", "Should have required property 'metrics'");
        assertThat(store.get(Inputs.ACCOUNT, "d")).isEmpty();
    }

    private static Members withBody(String name, String body) {
        return Inputs.query("DashboardName", name, "DashboardBody", body);
    }

    @Test
    void bodiesThatAreNotJsonObjectsWithWidgetsAreRefused() {
        AwsError notJson = Inputs.error(put, withBody("d", "{\"widgets\": ["));
        assertThat(notJson.code()).isEqualTo("InvalidParameterInput");
        assertThat(notJson.getMessage()).isEqualTo("The field DashboardBody must be a valid JSON object");
        assertThat(Inputs.error(put, withBody("d", "{} trailing")).code()).isEqualTo("InvalidParameterInput");
        assertThat(Inputs.error(put, withBody("d", "[]")).getMessage()).contains("\"dataPath\": \"\"", "Should be object");
        assertThat(Inputs.error(put, withBody("d", "{}")).getMessage())
                .contains("there are 1 validation errors", "Should have required property 'widgets'");
        assertThat(Inputs.error(put, withBody("d", "{\"widgets\":[{\"type\":\"text\",\"properties\":{}}]}")).getMessage())
                .contains("/widgets/0/properties", "Should have required property 'markdown'");
        assertThat(Inputs.error(put, withBody("d", "{\"widgets\":[{\"type\":\"alarm\",\"height\":0,\"properties\":{\"alarms\":[1]}}]}"))
                .getMessage()).contains("/widgets/0/height", "Should be >= 1", "/widgets/0/properties/alarms/0", "Should be string");
        assertThat(Inputs.error(put, withBody("d", "{\"widgets\":[{\"type\":\"text\",\"width\":2.5,\"properties\":{\"markdown\":\"x\"}}]}"))
                .getMessage()).contains("/widgets/0/width", "Should be integer");
        assertThat(call(put, withBody("d", "{\"widgets\":[]}")).get("DashboardValidationMessages")).isEmpty();
        ObjectNode accepted = call(put, withBody("e", "{\"widgets\":[{\"type\":\"metric\",\"properties\":{\"metrics\":"
                + "[[\"AWS/EC2\",\"CPUUtilization\",\"InstanceId\",\"i-1\",{\"stat\":\"p99\"}],[\"...\",\"i-2\"],"
                + "[{\"expression\":\"m1*2\",\"label\":\"x\"}]]}},{\"type\":\"explorer\",\"properties\":{\"anything\":1}}]}"));
        assertThat(accepted.get("DashboardValidationMessages")).isEmpty();
        assertThat(store.get(Inputs.ACCOUNT, "e")).isPresent();
    }

    @Test
    void listPagesByNameWithPrefixAndReportsSizeAndLastModified() {
        for (String name : List.of("b-2", "a-1", "b-1", "c")) {
            call(put, withBody(name, BODY));
        }
        ObjectNode first = call(list, Inputs.query());
        assertThat(names(first)).containsExactly("a-1", "b-1");
        JsonNode entry = first.get("DashboardEntries").get(0);
        assertThat(entry.get("DashboardArn").asText()).isEqualTo("arn:aws:cloudwatch::123456789012:dashboard/a-1");
        assertThat(entry.get("Size").asLong()).isEqualTo(BODY.length());
        assertThat(Output.instantOf(entry.get("LastModified"))).isEqualTo(Inputs.NOW);
        String token = first.get("NextToken").asText();
        ObjectNode second = call(list, Inputs.query("NextToken", token));
        assertThat(names(second)).containsExactly("b-2", "c");
        assertThat(second.has("NextToken")).isFalse();

        assertThat(names(call(list, Inputs.json("{'DashboardNamePrefix': 'b-'}")))).containsExactly("b-1", "b-2");
        assertThat(names(call(list, Inputs.json("{'DashboardNamePrefix': 'zzz'}")))).isEmpty();
        assertThat(Inputs.error(list, Inputs.query("NextToken", "garbage!")).code()).isEqualTo("InvalidParameterValue");
        assertThat(Inputs.error(list, Inputs.query("DashboardNamePrefix", "a:")).getMessage())
                .startsWith("The value for field DashboardNamePrefix contains invalid characters.");
    }

    @Test
    void deleteRemovesWhatExistsAndReportsTheRest() {
        call(put, withBody("a", BODY));
        call(put, withBody("b", BODY));
        assertThat(call(delete, Inputs.query("DashboardNames.member.1", "a"))).isEmpty();
        assertThat(store.get(Inputs.ACCOUNT, "a")).isEmpty();

        AwsError e = Inputs.error(delete, Inputs.json("{'DashboardNames': ['b', 'ghost']}"));
        assertThat(e.shape()).isEqualTo("DashboardNotFoundError");
        assertThat(e.code()).isEqualTo("ResourceNotFound");
        assertThat(e.getMessage()).isEqualTo("Dashboard(s) [ghost] do not exist");
        assertThat(store.get(Inputs.ACCOUNT, "b")).isEmpty();
    }

    @Test
    void deleteNeedsOneToAHundredNames() {
        for (Members in : List.of(Inputs.query("DashboardNames", ""), Inputs.json("{'DashboardNames': []}"), Inputs.query())) {
            AwsError e = Inputs.error(delete, in);
            assertThat(e.code()).isEqualTo("InvalidParameterValue");
        }
        List<String> pairs = new ArrayList<>();
        for (int i = 1; i <= 101; i++) {
            pairs.add("DashboardNames.member." + i);
            pairs.add("d" + i);
        }
        assertThat(Inputs.error(delete, Inputs.query(pairs.toArray(String[]::new))).getMessage())
                .isEqualTo("The collection DashboardNames must not have a size greater than 100.");
    }

    private static List<String> names(ObjectNode out) {
        List<String> names = new ArrayList<>();
        out.get("DashboardEntries").forEach(e -> names.add(e.get("DashboardName").asText()));
        return names;
    }
}
