package io.synaps.model.alarm;

import io.synaps.model.MetricId;
import io.synaps.model.StandardUnit;

import java.util.Objects;

/**
 * MetricAlarm is a single-metric CloudWatch alarm (PutMetricAlarm with MetricName, not Metrics).
 * Exactly one of {@code statistic} (a basic statistic name such as {@code Average}) and
 * {@code extendedStatistic} (e.g. {@code p99}) is set. Nullable members are the ones AWS omits
 * when unset: description, unit, datapointsToAlarm, treatMissingData,
 * evaluateLowSampleCountPercentile ({@code evaluate} or {@code ignore}). {@code period} in
 * seconds. Immutable.
 */
public record MetricAlarm(String accountId, String name, String arn, String description, AlarmActions actions,
                          MetricId metric, String statistic, String extendedStatistic, StandardUnit unit,
                          int period, int evaluationPeriods, Integer datapointsToAlarm, double threshold,
                          ComparisonOperator comparison, TreatMissingData treatMissingData,
                          String evaluateLowSampleCountPercentile, long configurationUpdatedMillis,
                          AlarmStatus status) implements Alarm {

    public MetricAlarm {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(actions, "actions");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(comparison, "comparison");
        Objects.requireNonNull(status, "status");
        if ((statistic == null) == (extendedStatistic == null)) {
            throw new IllegalArgumentException("exactly one of statistic and extendedStatistic must be set");
        }
        if (period <= 0 || evaluationPeriods <= 0) {
            throw new IllegalArgumentException("period and evaluationPeriods must be positive");
        }
    }

    @Override
    public AlarmType type() {
        return AlarmType.MetricAlarm;
    }

    /** DatapointsToAlarm, or EvaluationPeriods when unset. */
    public int effectiveDatapointsToAlarm() {
        return datapointsToAlarm == null ? evaluationPeriods : datapointsToAlarm;
    }

    /** TreatMissingData, or MISSING when unset. */
    public TreatMissingData effectiveTreatMissingData() {
        return treatMissingData == null ? TreatMissingData.MISSING : treatMissingData;
    }

    /** The statistic string to compute: {@code statistic} or {@code extendedStatistic}. */
    public String statisticText() {
        return statistic != null ? statistic : extendedStatistic;
    }

    /** Whether the period is 10, 20 or 30 seconds (evaluated at its period, not every minute). */
    public boolean highResolution() {
        return period < 60;
    }

    @Override
    public MetricAlarm withStatus(AlarmStatus s) {
        return new MetricAlarm(accountId, name, arn, description, actions, metric, statistic, extendedStatistic, unit,
                period, evaluationPeriods, datapointsToAlarm, threshold, comparison, treatMissingData,
                evaluateLowSampleCountPercentile, configurationUpdatedMillis, s);
    }

    @Override
    public MetricAlarm withActions(AlarmActions a) {
        return new MetricAlarm(accountId, name, arn, description, a, metric, statistic, extendedStatistic, unit,
                period, evaluationPeriods, datapointsToAlarm, threshold, comparison, treatMissingData,
                evaluateLowSampleCountPercentile, configurationUpdatedMillis, status);
    }
}
