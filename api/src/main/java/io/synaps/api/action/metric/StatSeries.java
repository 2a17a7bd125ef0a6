package io.synaps.api.action.metric;

import io.synaps.engine.query.MetricReader;
import io.synaps.engine.query.UnitSeries;
import io.synaps.model.MetricId;
import io.synaps.model.StandardUnit;
import io.synaps.stats.Statistic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * StatSeries is one statistic of one metric per period over a {@link QueryWindow}, read as
 * GetMetricData reads a MetricStat: one unit (the requested one, else the alphabetically first
 * unit holding data, with AWS's MultipleUnits message when several do), buckets whose statistic
 * is NaN left out, timestamps ascending in epoch seconds. GetMetricData and GetMetricWidgetImage
 * share it. Immutable by convention (the arrays are not copied; do not change them).
 *
 * @param unit                 the unit read, or null when no unit holds data in the window
 * @param timestamps           bucket starts, epoch seconds, ascending
 * @param values               the statistic of each bucket, same length as {@code timestamps}
 * @param multipleUnitsMessage {@code Multiple units returned: '[A, B]'} or null
 */
public record StatSeries(StandardUnit unit, long[] timestamps, double[] values, String multipleUnitsMessage) {

    /** Reads {@code stat} of {@code metric} in the caller's account ({@code unit} null = any unit). */
    public static StatSeries read(MetricReader reader, String accountId, MetricId metric, StandardUnit unit,
                                  Statistic stat, QueryWindow window) {
        Objects.requireNonNull(accountId, "accountId");
        List<UnitSeries> series = reader.read(accountId, metric, unit, window.startSeconds(), window.endSeconds(),
                window.periodSeconds());
        String message = null;
        UnitSeries chosen = null;
        if (!series.isEmpty()) {
            List<UnitSeries> byName = new ArrayList<>(series);
            byName.sort(Comparator.comparing(s -> s.unit().wireName()));
            chosen = byName.get(0);
            if (unit == null && byName.size() > 1) {
                message = "Multiple units returned: '"
                        + byName.stream().map(s -> s.unit().wireName()).collect(Collectors.joining(", ", "[", "]"))
                        + "'";
            }
        }
        int n = chosen == null ? 0 : chosen.bucketStarts().length;
        long[] ts = new long[n];
        double[] vs = new double[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            double v = stat.compute(chosen.aggregates()[i]);
            if (!Double.isNaN(v)) {
                ts[k] = chosen.bucketStarts()[i];
                vs[k++] = v;
            }
        }
        if (k < n) {
            ts = Arrays.copyOf(ts, k);
            vs = Arrays.copyOf(vs, k);
        }
        return new StatSeries(chosen == null ? null : chosen.unit(), ts, vs, message);
    }

    /** The number of datapoints. */
    public int size() {
        return values.length;
    }
}
