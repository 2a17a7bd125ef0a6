package io.synaps.model;

/** StatisticSet is a pre-aggregated set of samples as sent in PutMetricData's StatisticValues. */
public record StatisticSet(double sampleCount, double sum, double minimum, double maximum) {
}
