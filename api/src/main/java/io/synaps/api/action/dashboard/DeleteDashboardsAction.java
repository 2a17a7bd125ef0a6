package io.synaps.api.action.dashboard;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.api.action.SyncAction;
import io.synaps.api.action.RequestContext;
import io.synaps.api.protocol.Members;
import io.synaps.model.AwsError;
import io.synaps.store.dashboard.DashboardStore;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * DeleteDashboardsAction deletes up to 100 dashboards. As the current API documentation says, it
 * deletes as many as it can: every named dashboard that exists is deleted, and if any name does
 * not exist the call then fails with DashboardNotFoundError (Query code ResourceNotFound, the
 * model's error for this operation) naming them. Thread-safe.
 */
public final class DeleteDashboardsAction implements SyncAction {
    static final int NAMES_MAX = 100;

    private final DashboardStore dashboards;

    public DeleteDashboardsAction(DashboardStore dashboards) {
        this.dashboards = Objects.requireNonNull(dashboards, "dashboards");
    }

    @Override
    public String name() {
        return "DeleteDashboards";
    }

    @Override
    public ObjectNode answer(RequestContext context, Members input) {
        List<String> names = input.strings("DashboardNames");
        if (names.isEmpty()) {
            throw AwsError.invalidParameterValue("The parameter DashboardNames must contain at least one dashboard name.");
        }
        if (names.size() > NAMES_MAX) {
            throw AwsError.invalidParameterValue("The collection DashboardNames must not have a size greater than "
                    + NAMES_MAX + ".");
        }
        Set<String> unique = new LinkedHashSet<>(names);
        List<String> existing = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String name : unique) {
            (dashboards.get(context.accountId(), name).isPresent() ? existing : missing).add(name);
        }
        if (!existing.isEmpty()) {
            dashboards.delete(context.accountId(), existing);
        }
        if (!missing.isEmpty()) {
            throw AwsError.dashboardNotFound("Dashboard(s) " + missing + " do not exist");
        }
        // The model's output shape exists but has no members: an empty structure.
        return JsonNodeFactory.instance.objectNode();
    }
}
