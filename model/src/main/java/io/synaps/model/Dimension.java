package io.synaps.model;

import java.util.Objects;

/** Dimension is one name/value pair of a metric's identity. Immutable; ordered by name, then value. */
public record Dimension(String name, String value) implements Comparable<Dimension> {
    public Dimension {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }

    @Override
    public int compareTo(Dimension o) {
        int c = name.compareTo(o.name);
        return c != 0 ? c : value.compareTo(o.value);
    }
}
