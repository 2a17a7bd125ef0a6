package io.synaps.api.live;

import io.synaps.api.auth.session.SteppingClock;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.api.action.ActionRegistry;
import io.synaps.api.action.Inputs;
import io.synaps.model.AwsError;
import io.synaps.model.Dimension;
import io.synaps.model.MetricId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ListActiveMetricsActionTest {
    private SteppingClock clock;
    private LiveFeed feed;
    private ListActiveMetricsAction action;

    @BeforeEach
    void setUp() {
        clock = new SteppingClock(Inputs.NOW);
        feed = new LiveFeed(LiveFeedConfig.defaults(), clock);
        action = new ListActiveMetricsAction(feed);
    }

    private void datums(String account, MetricId m, int n) {
        for (int i = 0; i < n; i++) {
            feed.onDatum(0, account, m, clock.millis());
        }
    }

    @Test
    void isAKnownExtensionOfTheCloudWatchEndpoint() {
        assertThat(action.name()).isEqualTo("ListActiveMetrics");
        assertThat(ActionRegistry.EXTENSIONS).contains(action.name());
        assertThat(ActionRegistry.of(List.of(action)).lookup("ListActiveMetrics")).isSameAs(action);
    }

    @Test
    void answersTheCallersMostActiveMetricsWithTheirDimensionsAndCounts() {
        datums(Inputs.ACCOUNT, MetricId.of("App", "Requests", new Dimension("Service", "api"),
                new Dimension("AZ", "us-east-1a")), 3);
        datums(Inputs.ACCOUNT, MetricId.of("App", "Errors"), 1);
        datums("999999999999", MetricId.of("Other", "Hidden"), 50);
        ObjectNode out = Inputs.output(action, Inputs.context(), Inputs.json("{}"));
        assertThat(out.toString()).isEqualTo("{\"Metrics\":["
                + "{\"Namespace\":\"App\",\"MetricName\":\"Requests\",\"Dimensions\":[{\"Name\":\"AZ\",\"Value\":"
                + "\"us-east-1a\"},{\"Name\":\"Service\",\"Value\":\"api\"}],\"SampleCount\":3},"
                + "{\"Namespace\":\"App\",\"MetricName\":\"Errors\",\"Dimensions\":[],\"SampleCount\":1}],"
                + "\"WindowSeconds\":600}");
    }

    @Test
    void answersAnEmptyListWhenNothingArrivedLately() {
        ObjectNode out = Inputs.output(action, Inputs.context(), Inputs.query());
        assertThat(out.toString()).isEqualTo("{\"Metrics\":[],\"WindowSeconds\":600}");
    }

    @Test
    void returnsTenByDefaultAndMaxResultsWhenGiven() {
        for (int i = 0; i < 120; i++) {
            datums(Inputs.ACCOUNT, MetricId.of("App", "m" + i), 1 + i);
        }
        ObjectNode byDefault = Inputs.output(action, Inputs.context(), Inputs.query());
        assertThat(byDefault.get("Metrics")).hasSize(10);
        assertThat(byDefault.get("Metrics").get(0).get("MetricName").asText()).isEqualTo("m119");
        assertThat(Inputs.output(action, Inputs.context(), Inputs.query("MaxResults", "1")).get("Metrics")).hasSize(1);
        assertThat(Inputs.output(action, Inputs.context(), Inputs.json("{'MaxResults': 100}")).get("Metrics"))
                .hasSize(100);
    }

    @Test
    void refusesMaxResultsOutsideOneToAHundred() {
        AwsError low = Inputs.error(action, Inputs.json("{'MaxResults': 0}"));
        assertThat(low.code()).isEqualTo("ValidationError");
        assertThat(low.getMessage()).isEqualTo("1 validation error detected: Value '0' at 'maxResults' failed to"
                + " satisfy constraint: Member must have value greater than or equal to 1");
        AwsError high = Inputs.error(action, Inputs.query("MaxResults", "101"));
        assertThat(high.code()).isEqualTo("ValidationError");
        assertThat(high.getMessage()).isEqualTo("1 validation error detected: Value '101' at 'maxResults' failed to"
                + " satisfy constraint: Member must have value less than or equal to 100");
        AwsError text = Inputs.error(action, Inputs.query("MaxResults", "ten"));
        assertThat(text.code()).isEqualTo("InvalidParameterValue");
        assertThat(text.getMessage()).contains("MaxResults");
    }
}
