package io.synaps.api.action.widget;

import io.synaps.api.action.widget.MetricWidget.Side;
import io.synaps.model.StandardUnit;

import java.util.Objects;

/**
 * WidgetSeries is one drawn series of a metric widget: its legend label, its explicit colour
 * (24-bit RGB, or null for the palette colour of its position), its y-axis, its unit (null when
 * nothing was read) and its datapoints, timestamps in epoch seconds ascending. Immutable by
 * convention (the arrays are not copied).
 */
public record WidgetSeries(String label, Integer rgb, Side side, StandardUnit unit, long[] timestamps, double[] values) {

    public WidgetSeries {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(side, "side");
        if (timestamps.length != values.length) {
            throw new IllegalArgumentException("timestamps and values differ in length");
        }
    }

    /** The number of datapoints. */
    public int size() {
        return values.length;
    }
}
