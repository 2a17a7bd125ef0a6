package io.synaps.model;

/**
 * MetricDatum is one validated PutMetricData datum, ready to be journaled and aggregated.
 *
 * <p>A datum carries raw samples ({@code values} with matching {@code counts}; a single Value is
 * one value with count 1), a {@code statisticValues} set, or both (AWS accepts Values together
 * with StatisticValues). Arrays are owned by the datum and must not be changed after construction.
 *
 * @param metric            the metric's identity
 * @param timestampMillis   sample time, epoch milliseconds (UTC)
 * @param unit              never null; NONE when the request gave no unit
 * @param storageResolution 1 (high resolution) or 60 seconds
 * @param values            raw values, possibly empty, never null
 * @param counts            weights of {@code values}, same length
 * @param statisticValues   a statistic set, or null
 */
public record MetricDatum(MetricId metric, long timestampMillis, StandardUnit unit, int storageResolution,
                          double[] values, double[] counts, StatisticSet statisticValues) {

    public MetricDatum {
        if (values.length != counts.length) {
            throw new IllegalArgumentException("values and counts differ in length");
        }
    }

    public static MetricDatum ofValue(MetricId metric, long timestampMillis, StandardUnit unit, double value) {
        return new MetricDatum(metric, timestampMillis, unit, 60, new double[]{value}, new double[]{1}, null);
    }
}
