package io.synaps.api.action.metric;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.api.action.SyncAction;
import io.synaps.api.action.RequestContext;
import io.synaps.api.protocol.Members;
import io.synaps.engine.query.MetricReader;
import io.synaps.model.AwsError;
import io.synaps.model.Dimension;
import io.synaps.model.MetricId;
import io.synaps.store.metric.MetricFilter;
import io.synaps.store.metric.MetricPage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * ListMetricsAction answers ListMetrics from the reader's metric index, one page at a time.
 * Cross-account observability is accepted but there is only ever the caller's own account:
 * OwningAccount naming another account lists nothing, and OwningAccounts (returned only with
 * IncludeLinkedAccounts=true) is the caller's account for every metric. Thread-safe.
 */
public final class ListMetricsAction implements SyncAction {
    static final int DIMENSION_FILTERS_MAX = 10;
    static final Duration RECENTLY_ACTIVE = Duration.ofHours(3);

    private final MetricReader reader;
    private final int pageSize;

    public ListMetricsAction(MetricReader reader, int pageSize) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.pageSize = pageSize;
    }

    @Override
    public String name() {
        return "ListMetrics";
    }

    @Override
    public ObjectNode answer(RequestContext context, Members in) {
        String namespace = optionalName(in, "Namespace", MetricNames.NAME_MAX);
        String metricName = optionalName(in, "MetricName", MetricNames.NAME_MAX);
        List<Members> filters = in.list("Dimensions");
        if (filters.size() > DIMENSION_FILTERS_MAX) {
            throw AwsError.invalidParameterValue("The collection Dimensions must not have a size greater than "
                    + DIMENSION_FILTERS_MAX + ".");
        }
        List<MetricFilter.DimensionFilter> dimensions = new ArrayList<>(filters.size());
        for (Members f : filters) {
            String name = f.requiredString("Name");
            MetricNames.check(name, f.pathOf("Name"), MetricNames.NAME_MAX, MetricNames.Mode.READ, false);
            String value = optionalName(f, "Value", MetricNames.VALUE_MAX);
            dimensions.add(new MetricFilter.DimensionFilter(name, value));
        }
        String recentlyActive = in.string("RecentlyActive");
        long since = 0;
        if (recentlyActive != null) {
            if (!recentlyActive.equals("PT3H")) {
                throw Members.constraint(recentlyActive, "RecentlyActive", "Member must satisfy enum value set: [PT3H]");
            }
            since = context.clock().instant().minus(RECENTLY_ACTIVE).getEpochSecond();
        }
        boolean includeLinked = in.bool("IncludeLinkedAccounts", false);
        String owningAccount = in.string("OwningAccount");
        String nextToken = in.string("NextToken");
        if (nextToken != null && nextToken.isEmpty()) {
            nextToken = null;
        }

        MetricPage page;
        if (owningAccount != null && !owningAccount.isEmpty() && !owningAccount.equals(context.accountId())) {
            page = new MetricPage(List.of(), null);
        } else {
            MetricFilter filter = new MetricFilter(namespace, metricName, dimensions.isEmpty() ? null : dimensions, since);
            page = reader.list(context.accountId(), filter, nextToken, pageSize);
        }

        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode metrics = out.putArray("Metrics");
        for (MetricId m : page.metrics()) {
            ObjectNode item = metrics.addObject();
            item.put("Namespace", m.namespace());
            item.put("MetricName", m.metricName());
            ArrayNode dims = item.putArray("Dimensions");
            for (Dimension d : m.dimensions()) {
                ObjectNode dim = dims.addObject();
                dim.put("Name", d.name());
                dim.put("Value", d.value());
            }
        }
        if (page.nextToken() != null) {
            out.put("NextToken", page.nextToken());
        }
        if (includeLinked) {
            ArrayNode owners = out.putArray("OwningAccounts");
            for (int i = 0; i < page.metrics().size(); i++) {
                owners.add(context.accountId());
            }
        }
        return out;
    }

    /** An optional name filter: absent or empty means no filter; too long is refused. */
    private static String optionalName(Members in, String member, int max) {
        String v = in.string(member);
        if (v == null || v.isEmpty()) {
            return null;
        }
        MetricNames.check(v, in.pathOf(member), max, MetricNames.Mode.READ, false);
        return v;
    }
}
