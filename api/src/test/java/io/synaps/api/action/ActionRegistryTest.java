package io.synaps.api.action;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.api.protocol.ApiService;
import io.synaps.api.protocol.Members;
import io.synaps.model.AwsError;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ActionRegistryTest {

    private static Action named(String name) {
        return new Action() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public CompletableFuture<ObjectNode> handle(RequestContext context, Members input) {
                return CompletableFuture.completedFuture(null);
            }
        };
    }

    @Test
    void knowsEveryOperationOfTheCurrentModel() {
        assertThat(ActionRegistry.OPERATIONS).hasSize(55)
                .contains("PutMetricData", "GetMetricData", "DescribeAlarms", "PutDashboard", "PutLogAlarm",
                        "ListAlarmMuteRules", "UpdateOTelEnrichment", "CreateResourceMetricsConfiguration");
    }

    @Test
    void findsARegisteredAction() {
        Action put = named("PutMetricData");
        ActionRegistry registry = ActionRegistry.of(List.of(put, named("ListMetrics")));
        assertThat(registry.lookup("PutMetricData")).isSameAs(put);
        assertThat(registry.implemented()).containsExactly("ListMetrics", "PutMetricData");
    }

    @Test
    void answersUnsupportedOperationForAKnownOperationWithoutHandler() {
        ActionRegistry registry = ActionRegistry.of(List.of());
        assertThatThrownBy(() -> registry.lookup("PutAnomalyDetector")).isInstanceOf(AwsError.class)
                .hasFieldOrPropertyWithValue("code", "UnsupportedOperation")
                .hasMessageContaining("PutAnomalyDetector");
    }

    @Test
    void answersInvalidActionForAnUnknownName() {
        ActionRegistry registry = ActionRegistry.of(List.of());
        assertThatThrownBy(() -> registry.lookup("PutMetricDatum")).isInstanceOf(AwsError.class)
                .hasFieldOrPropertyWithValue("code", "InvalidAction")
                .hasFieldOrPropertyWithValue("status", 400)
                .hasMessage("Could not find operation PutMetricDatum for version 2010-08-01");
    }

    private static Action sns(String name) {
        return new Action() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public ApiService service() {
                return ApiService.SNS;
            }

            @Override
            public CompletableFuture<ObjectNode> handle(RequestContext context, Members input) {
                return CompletableFuture.completedFuture(null);
            }
        };
    }

    @Test
    void filesSnsActionsApartFromCloudWatchOnes() {
        Action snsTags = sns("ListTagsForResource");
        Action cwTags = named("ListTagsForResource");
        ActionRegistry registry = ActionRegistry.of(List.of(snsTags, cwTags, sns("CreateTopic")));
        assertThat(registry.lookup(ApiService.SNS, "ListTagsForResource")).isSameAs(snsTags);
        assertThat(registry.lookup("ListTagsForResource")).isSameAs(cwTags);
        assertThat(registry.implemented()).containsExactly("ListTagsForResource");
        assertThat(registry.implemented(ApiService.SNS)).containsExactly("CreateTopic", "ListTagsForResource");
        assertThat(ActionRegistry.SNS_OPERATIONS).hasSize(42).contains("Publish", "Subscribe", "PublishBatch");
        assertThatThrownBy(() -> registry.lookup("CreateTopic")).isInstanceOf(AwsError.class)
                .hasMessage("Could not find operation CreateTopic for version 2010-08-01");
        assertThatThrownBy(() -> registry.lookup(ApiService.SNS, "PutMetricData")).isInstanceOf(AwsError.class)
                .hasFieldOrPropertyWithValue("code", "InvalidAction")
                .hasMessage("Could not find operation PutMetricData for version 2010-03-31");
        assertThatThrownBy(() -> registry.lookup(ApiService.SNS, "PublishBatch")).isInstanceOf(AwsError.class)
                .hasFieldOrPropertyWithValue("code", "UnsupportedOperation");
        assertThatThrownBy(() -> ActionRegistry.of(List.of(sns("PutMetricData")))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ActionRegistry.of(List.of(named("CreateTopic")))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesDuplicateOrUnknownActions() {
        assertThatThrownBy(() -> ActionRegistry.of(List.of(named("ListMetrics"), named("ListMetrics"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ActionRegistry.of(List.of(named("Echo")))).isInstanceOf(IllegalArgumentException.class);
    }
}
