package io.synaps.api.live;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.api.action.RequestContext;
import io.synaps.api.action.SyncAction;
import io.synaps.api.protocol.Members;

import java.util.Objects;

/**
 * ListActiveMetricsAction is the Synaps extension {@code ListActiveMetrics}: the caller's metrics
 * with the most datums applied in the last one to two activity windows (10 to 20 minutes by
 * default), most first, from {@link ActiveMetrics}. Input {@code MaxResults} 1..100 (default 10).
 * Thread-safe.
 */
public final class ListActiveMetricsAction implements SyncAction {
    /** The operation name (an {@link io.synaps.api.action.ActionRegistry#EXTENSIONS} member). */
    public static final String NAME = "ListActiveMetrics";
    static final int MAX_RESULTS = 100;
    static final int DEFAULT_RESULTS = 10;

    private final ActiveMetrics active;

    public ListActiveMetricsAction(ActiveMetrics active) {
        this.active = Objects.requireNonNull(active, "active");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ObjectNode answer(RequestContext context, Members input) {
        Integer max = input.integerBetween("MaxResults", 1, MAX_RESULTS);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode metrics = out.putArray("Metrics");
        for (ActiveMetric m : active.top(context.accountId(), max == null ? DEFAULT_RESULTS : max)) {
            LiveFeed.metricJson(metrics.addObject(), m.metric()).put("SampleCount", m.sampleCount());
        }
        out.put("WindowSeconds", active.windowSeconds());
        return out;
    }
}
