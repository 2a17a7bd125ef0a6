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
 * PutDashboardAction creates or replaces a dashboard after checking its name and body
 * ({@link DashboardBodyRules}); the body is stored verbatim. Problems are errors, so the
 * answer's DashboardValidationMessages is always empty. Thread-safe.
 */
public final class PutDashboardAction implements SyncAction {
    private final DashboardStore dashboards;

    public PutDashboardAction(DashboardStore dashboards) {
        this.dashboards = Objects.requireNonNull(dashboards, "dashboards");
    }

    @Override
    public String name() {
        return "PutDashboard";
    }

    @Override
    public ObjectNode answer(RequestContext context, Members input) {
        String name = DashboardNames.name(input, "DashboardName");
        String body = input.requiredString("DashboardBody");
        DashboardBodyRules.check(body);
        dashboards.put(context.accountId(), new Dashboard(name, body, context.clock().millis()));
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.putArray("DashboardValidationMessages");
        return out;
    }
}
