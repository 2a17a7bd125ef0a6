package io.synaps.api.action.dashboard;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.api.action.SyncAction;
import io.synaps.api.action.RequestContext;
import io.synaps.api.protocol.Members;
import io.synaps.model.AwsError;
import io.synaps.store.dashboard.Dashboard;
import io.synaps.store.dashboard.DashboardStore;

import java.util.Objects;

/**
 * GetDashboardAction returns a dashboard's ARN, stored body and name; an unknown name is
 * DashboardNotFoundError (Query code ResourceNotFound, 404). Thread-safe.
 */
public final class GetDashboardAction implements SyncAction {
    private final DashboardStore dashboards;
    private final String partition;

    public GetDashboardAction(DashboardStore dashboards, String partition) {
        this.dashboards = Objects.requireNonNull(dashboards, "dashboards");
        this.partition = Objects.requireNonNull(partition, "partition");
    }

    @Override
    public String name() {
        return "GetDashboard";
    }

    @Override
    public ObjectNode answer(RequestContext context, Members input) {
        String name = input.requiredString("DashboardName");
        Dashboard d = dashboards.get(context.accountId(), name)
                .orElseThrow(() -> AwsError.dashboardNotFound("Dashboard " + name + " does not exist"));
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("DashboardArn", DashboardNames.arn(partition, context.accountId(), d.name()));
        out.put("DashboardBody", d.body());
        out.put("DashboardName", d.name());
        return out;
    }
}
