package io.synaps.engine.partition;

import io.synaps.model.Dimension;
import io.synaps.model.MetricId;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * NamePool interns the low-cardinality strings of metric identities (namespaces, metric names,
 * dimension names and values) so a million in-memory series share them. Bounded: once full it
 * stops interning and hands strings back unchanged. Thread-safe.
 */
public final class NamePool {
    private final ConcurrentHashMap<String, String> pool = new ConcurrentHashMap<>();
    private final int maxEntries;

    public NamePool(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    /** The pooled instance equal to {@code s}, or {@code s} itself. */
    public String intern(String s) {
        String pooled = pool.get(s);
        if (pooled != null) {
            return pooled;
        }
        if (pool.size() >= maxEntries) {
            return s;
        }
        pooled = pool.putIfAbsent(s, s);
        return pooled == null ? s : pooled;
    }

    /** A metric id equal to {@code m} whose strings come from the pool. */
    public MetricId intern(MetricId m) {
        List<Dimension> dims = m.dimensions();
        List<Dimension> pooled = dims;
        if (!dims.isEmpty()) {
            pooled = new ArrayList<>(dims.size());
            for (Dimension d : dims) {
                pooled.add(new Dimension(intern(d.name()), intern(d.value())));
            }
        }
        return new MetricId(intern(m.namespace()), intern(m.metricName()), pooled);
    }
}
