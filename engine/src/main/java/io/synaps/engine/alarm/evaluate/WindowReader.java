package io.synaps.engine.alarm.evaluate;

import io.synaps.engine.query.MetricReader;
import io.synaps.model.alarm.MetricAlarm;

import java.util.List;

/**
 * WindowReader turns the metric reader's buckets into an alarm's datapoints: the same buckets
 * GetMetricStatistics reads, so an alarm never disagrees with the graph. Units: the alarm's Unit
 * only when set, else every unit merged. Thread-safe (stateless).
 */
public final class WindowReader {
    private WindowReader() {
    }

    /** The datapoints of [fromMillis, toMillis) in the alarm's periods aligned at {@code fromMillis}, oldest first. */
    public static List<Datapoint> read(MetricReader reader, MetricAlarm alarm, long fromMillis, long toMillis) {
        throw new UnsupportedOperationException("written by the evaluator task");
    }
}
