package io.synaps.store.metric;

import java.util.List;

/**
 * MetricFilter is ListMetrics' filter. Null fields match anything. A dimension filter with a null
 * value matches any value of that name; metrics with more dimensions than filtered still match.
 * {@code recentlyActiveSinceSeconds} (epoch seconds, or 0 for no limit) keeps metrics with data
 * received since then (RecentlyActive=PT3H).
 */
public record MetricFilter(String namespace, String metricName, List<DimensionFilter> dimensions,
                           long recentlyActiveSinceSeconds) {
    public record DimensionFilter(String name, String value) {
    }
}
