package io.synaps.api.live;

import io.synaps.model.MetricId;

import java.util.Objects;

/**
 * ActiveMetric is one entry of {@link ActiveMetrics#top}: a metric and the number of its datums
 * (PutMetricData entries, whatever their values or statistic set hold) applied in the last one to
 * two activity windows. Immutable.
 */
public record ActiveMetric(MetricId metric, long sampleCount) {
    public ActiveMetric {
        Objects.requireNonNull(metric, "metric");
    }
}
