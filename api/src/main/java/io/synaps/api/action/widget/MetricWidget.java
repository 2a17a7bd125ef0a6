package io.synaps.api.action.widget;

import io.synaps.model.MetricId;
import io.synaps.stats.Statistic;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * MetricWidget is a validated GetMetricWidgetImage {@code MetricWidget}: what to read (one
 * {@link Row} per metric array, shorthand already resolved) and how to draw it. Sizes are pixels,
 * times absolute instants (relative ones resolved against the request's clock), colours 24-bit
 * RGB ints or null for the default palette. Immutable.
 *
 * @param view                 timeSeries (lines or stacked areas) or singleValue (latest values as text)
 * @param stacked              stack the series as areas (timeSeries only)
 * @param title                drawn top left, or null
 * @param width                image width, 1..2000
 * @param height               image height, 1..2000
 * @param start                first instant shown, inclusive
 * @param end                  last instant shown, exclusive; after {@code start}
 * @param rows                 the metric rows in widget order, invisible ones included
 * @param left                 left y-axis options
 * @param right                right y-axis options
 * @param horizontal           horizontal annotations (thresholds and bands) in widget order
 * @param vertical             vertical annotations (instants and ranges) in widget order
 * @param legend               where the legend goes
 * @param timezone             the offset the time axis is labelled in (UTC by default)
 * @param liveData             show the still-aggregating most recent period
 * @param setPeriodToTimeRange singleValue: one period spanning the whole time range
 */
public record MetricWidget(View view, boolean stacked, String title, int width, int height,
                           Instant start, Instant end, List<Row> rows, Axis left, Axis right,
                           List<HorizontalAnnotation> horizontal, List<VerticalAnnotation> vertical,
                           LegendPosition legend, ZoneOffset timezone, boolean liveData,
                           boolean setPeriodToTimeRange) {

    public MetricWidget {
        rows = List.copyOf(rows);
        horizontal = List.copyOf(horizontal);
        vertical = List.copyOf(vertical);
    }

    /** View is how the widget shows its metrics. */
    public enum View { TIME_SERIES, SINGLE_VALUE }

    /** LegendPosition is where the legend is drawn, or HIDDEN for none. */
    public enum LegendPosition { BOTTOM, RIGHT, HIDDEN }

    /** Side is the y-axis a series or annotation belongs to. */
    public enum Side { LEFT, RIGHT }

    /** Fill is the shading an annotation adds: beyond a horizontal line (ABOVE/BELOW), beside a vertical one (BEFORE/AFTER). */
    public enum Fill { NONE, ABOVE, BELOW, BEFORE, AFTER }

    /**
     * Row is one metric array: the metric and statistic to read at a period, and how to draw it.
     *
     * @param path    the row's JSON pointer in the widget, e.g. {@code /metrics/2}
     * @param metric  namespace, metric name and dimensions
     * @param stat    the statistic (the row's {@code stat}, else the widget's, else Average)
     * @param period  seconds (the row's, else the widget's, else 300)
     * @param label   the row's label, or null for the default label
     * @param rgb     the row's colour, or null for the palette colour
     * @param side    the y-axis it is drawn against
     * @param visible false when {@code visible: false} (not read, not drawn)
     */
    public record Row(String path, MetricId metric, Statistic stat, int period, String label, Integer rgb,
                      Side side, boolean visible) {
    }

    /**
     * Axis is one y-axis's options: fixed bounds (null = fit the data and annotations), a label
     * (null = the unit when {@code showUnits}) and whether to show the unit.
     */
    public record Axis(Double min, Double max, String label, boolean showUnits) {
        /** No bounds, no label, units shown. */
        public static final Axis DEFAULT = new Axis(null, null, null, true);
    }

    /**
     * HorizontalAnnotation is a threshold line at {@code value}, or a band between {@code value}
     * and {@code toValue} when that is not null, on one y-axis.
     */
    public record HorizontalAnnotation(double value, Double toValue, String label, Integer rgb, Fill fill, Side side) {
    }

    /** VerticalAnnotation is a line at an instant, or a band up to {@code to} when that is not null. */
    public record VerticalAnnotation(Instant at, Instant to, String label, Integer rgb, Fill fill) {
    }
}
