package io.synaps.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * MetricId is a metric's identity within one account: namespace, metric name and dimension set.
 * Dimensions are kept sorted by name, so two ids built from the same set in any order are equal.
 * Immutable and thread-safe. The unit is not part of the identity (AWS keeps units apart inside a metric).
 */
public record MetricId(String namespace, String metricName, List<Dimension> dimensions) {
    public MetricId {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(metricName, "metricName");
        if (dimensions == null || dimensions.isEmpty()) {
            dimensions = List.of();
        } else {
            List<Dimension> sorted = new ArrayList<>(dimensions);
            Collections.sort(sorted);
            dimensions = List.copyOf(sorted);
        }
    }

    public static MetricId of(String namespace, String metricName, Dimension... dimensions) {
        return new MetricId(namespace, metricName, List.of(dimensions));
    }
}
