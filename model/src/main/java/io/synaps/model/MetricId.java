package io.synaps.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * MetricId is a metric's identity within one account: namespace, metric name and dimension set.
 * Dimensions are kept sorted by name, so two ids built from the same set in any order are equal.
 * Immutable and thread-safe. The unit is not part of the identity (AWS keeps units apart inside a metric).
 *
 * <p>A final class rather than a record so the hash code is computed once: ids are map keys on
 * every ingest step, and a record would rehash every string on each lookup. Equality, hash code
 * and toString keep the record semantics.
 */
public final class MetricId {
    private final String namespace;
    private final String metricName;
    private final List<Dimension> dimensions;
    private final int hash;

    public MetricId(String namespace, String metricName, List<Dimension> dimensions) {
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.metricName = Objects.requireNonNull(metricName, "metricName");
        if (dimensions == null || dimensions.isEmpty()) {
            this.dimensions = List.of();
        } else {
            List<Dimension> sorted = new ArrayList<>(dimensions);
            Collections.sort(sorted);
            this.dimensions = List.copyOf(sorted);
        }
        this.hash = (31 * namespace.hashCode() + metricName.hashCode()) * 31 + this.dimensions.hashCode();
    }

    public static MetricId of(String namespace, String metricName, Dimension... dimensions) {
        return new MetricId(namespace, metricName, List.of(dimensions));
    }

    public String namespace() {
        return namespace;
    }

    public String metricName() {
        return metricName;
    }

    /** The dimensions, sorted by name then value; immutable. */
    public List<Dimension> dimensions() {
        return dimensions;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof MetricId m && m.hash == hash && m.namespace.equals(namespace)
                && m.metricName.equals(metricName) && m.dimensions.equals(dimensions);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return "MetricId[namespace=" + namespace + ", metricName=" + metricName + ", dimensions=" + dimensions + "]";
    }
}
