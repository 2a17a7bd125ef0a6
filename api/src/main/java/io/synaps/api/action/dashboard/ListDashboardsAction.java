package io.synaps.api.action.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.api.action.SyncAction;
import io.synaps.api.action.RequestContext;
import io.synaps.api.protocol.Members;
import io.synaps.api.protocol.Output;
import io.synaps.model.AwsError;
import io.synaps.store.dashboard.Dashboard;
import io.synaps.store.dashboard.DashboardStore;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * ListDashboardsAction lists the account's dashboards by name, optionally by prefix, a page at a
 * time; the NextToken carries the last name returned, so pages stay consistent while dashboards
 * are added or removed. Thread-safe.
 */
public final class ListDashboardsAction implements SyncAction {
    private static final String TOKEN_VERSION = "d1:";

    private final DashboardStore dashboards;
    private final String partition;
    private final int pageSize;

    public ListDashboardsAction(DashboardStore dashboards, String partition, int pageSize) {
        this.dashboards = Objects.requireNonNull(dashboards, "dashboards");
        this.partition = Objects.requireNonNull(partition, "partition");
        this.pageSize = pageSize;
    }

    @Override
    public String name() {
        return "ListDashboards";
    }

    @Override
    public ObjectNode answer(RequestContext context, Members input) {
        String prefix = DashboardNames.prefix(input, "DashboardNamePrefix");
        String token = input.string("NextToken");
        String after = token == null || token.isEmpty() ? null : lastName(token);
        List<Dashboard> all = dashboards.list(context.accountId(), prefix);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode entries = out.putArray("DashboardEntries");
        String last = null;
        boolean more = false;
        for (Dashboard d : all) {
            if (after != null && d.name().compareTo(after) <= 0) {
                continue;
            }
            if (entries.size() == pageSize) {
                more = true;
                break;
            }
            ObjectNode e = entries.addObject();
            e.put("DashboardName", d.name());
            e.put("DashboardArn", DashboardNames.arn(partition, context.accountId(), d.name()));
            e.set("LastModified", Output.timestamp(Instant.ofEpochMilli(d.lastModifiedMillis())));
            e.put("Size", d.size());
            last = d.name();
        }
        if (more) {
            out.put("NextToken", Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((TOKEN_VERSION + last).getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    private static String lastName(String token) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (raw.startsWith(TOKEN_VERSION) && raw.length() > TOKEN_VERSION.length()) {
                return raw.substring(TOKEN_VERSION.length());
            }
        } catch (IllegalArgumentException e) {
            // falls through to the AWS error
        }
        throw AwsError.invalidParameterValue("Request parameter NextToken is invalid");
    }
}
