package io.synaps.engine.alarm.evaluate;

import io.synaps.engine.query.MetricReader;
import io.synaps.engine.query.UnitSeries;
import io.synaps.model.alarm.MetricAlarm;
import io.synaps.stats.Aggregate;
import io.synaps.stats.Statistic;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * WindowReader turns the metric reader's buckets into an alarm's datapoints: the same buckets
 * GetMetricStatistics reads, so an alarm never disagrees with the graph. Units: the alarm's Unit
 * only when set, else every unit merged per period. A period whose statistic cannot be computed
 * (NaN, e.g. a percentile over statistic sets) is left out, i.e. missing. Thread-safe (stateless).
 */
public final class WindowReader {
    private WindowReader() {
    }

    /**
     * The datapoints of [fromMillis, toMillis) in the alarm's periods aligned at {@code fromMillis}, oldest first.
     * The reader works in whole seconds: {@code fromMillis} and {@code toMillis} are floored to the second.
     *
     * @throws IllegalArgumentException when the alarm's statistic is not one CloudWatch knows
     */
    public static List<Datapoint> read(MetricReader reader, MetricAlarm alarm, long fromMillis, long toMillis) {
        Statistic statistic = Statistic.parse(alarm.statisticText());
        if (statistic == null) {
            throw new IllegalArgumentException("unknown statistic " + alarm.statisticText());
        }
        long from = Math.floorDiv(fromMillis, 1000);
        long to = Math.floorDiv(toMillis, 1000);
        if (to <= from) {
            return List.of();
        }
        List<UnitSeries> series = reader.read(alarm.accountId(), alarm.metric(), alarm.unit(), from, to,
                alarm.period());
        List<Datapoint> out = new ArrayList<>();
        if (series.size() == 1) {
            UnitSeries only = series.get(0);
            for (int i = 0; i < only.bucketStarts().length; i++) {
                add(out, statistic, only.bucketStarts()[i], only.aggregates()[i]);
            }
            return out;
        }
        // Several units (the alarm has no Unit): one aggregate per period over all of them. The
        // reader's aggregates are ours to keep, so the first one of a period absorbs the others.
        Map<Long, Aggregate> merged = new TreeMap<>();
        for (UnitSeries s : series) {
            for (int i = 0; i < s.bucketStarts().length; i++) {
                Aggregate a = s.aggregates()[i];
                Aggregate into = merged.putIfAbsent(s.bucketStarts()[i], a);
                if (into != null) {
                    into.merge(a);
                }
            }
        }
        for (Map.Entry<Long, Aggregate> e : merged.entrySet()) {
            add(out, statistic, e.getKey(), e.getValue());
        }
        return out;
    }

    private static void add(List<Datapoint> out, Statistic statistic, long bucketStartSeconds, Aggregate a) {
        if (a.isEmpty()) {
            return;
        }
        double value = statistic.compute(a);
        if (Double.isNaN(value)) {
            return;
        }
        out.add(new Datapoint(bucketStartSeconds * 1000, value, a.sampleCount()));
    }
}
