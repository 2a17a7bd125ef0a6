package io.synaps.store.metric;

import io.synaps.model.MetricId;

import java.util.List;

/** MetricPage is one page of ListMetrics; {@code nextToken} is null on the last page. */
public record MetricPage(List<MetricId> metrics, String nextToken) {
}
