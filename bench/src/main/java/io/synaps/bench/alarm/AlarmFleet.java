package io.synaps.bench.alarm;

import io.synaps.bench.workload.MetricFleet;
import io.synaps.model.MetricDatum;
import io.synaps.model.MetricId;
import io.synaps.model.StandardUnit;
import io.synaps.model.alarm.AlarmActions;
import io.synaps.model.alarm.AlarmArn;
import io.synaps.model.alarm.AlarmState;
import io.synaps.model.alarm.AlarmStatus;
import io.synaps.model.alarm.ComparisonOperator;
import io.synaps.model.alarm.MetricAlarm;
import io.synaps.model.alarm.TreatMissingData;

import java.util.ArrayList;
import java.util.List;

/**
 * AlarmFleet is the alarm workload: alarm {@code i} watches series {@code i} of a
 * {@link MetricFleet} (ten EC2-style dimensions), Period 60 s, EvaluationPeriods 3,
 * DatapointsToAlarm 2, with the statistic, comparison, TreatMissingData, Unit and threshold
 * varied by {@code i}. Each series gets one datum per minute whose value breaches its alarm's
 * threshold during half of every {@code flipPeriod} minutes (a square wave with a per-alarm
 * phase), so an alarm transitions twice per flip period: about {@code 2 / flipPeriod} of the
 * alarms each minute. {@link #expectedState} is the state AWS's M-of-N rule gives once an alarm
 * has at least three datapoints in its range. Immutable and thread-safe.
 */
public final class AlarmFleet {
    public static final String ACCOUNT = "000000000001";
    public static final String REGION = "us-east-1";
    static final int PERIOD = 60;
    static final int EVALUATION_PERIODS = 3;
    static final int DATAPOINTS_TO_ALARM = 2;
    private static final String NAME_PREFIX = "bench-alarm-";
    private static final String[] STATISTICS = {"Average", "Maximum", "Minimum", "Sum", "p90"};
    private static final ComparisonOperator[] COMPARISONS = {
            ComparisonOperator.GreaterThanThreshold, ComparisonOperator.GreaterThanOrEqualToThreshold,
            ComparisonOperator.LessThanThreshold, ComparisonOperator.LessThanOrEqualToThreshold};
    private static final TreatMissingData[] MISSING = {
            null, TreatMissingData.MISSING, TreatMissingData.IGNORE, TreatMissingData.BREACHING,
            TreatMissingData.NOT_BREACHING};

    private final int size;
    private final int flipPeriod;
    private final MetricFleet series;
    private final MetricId[] metrics;

    /**
     * @param size       alarms = series, at least 1
     * @param flipPeriod minutes of one breach/no-breach cycle, even and at least 4
     * @param dimensions dimensions per series, 0..10
     */
    public AlarmFleet(int size, int flipPeriod, int dimensions) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be at least 1");
        }
        if (flipPeriod < 4 || flipPeriod % 2 != 0) {
            throw new IllegalArgumentException("flipPeriod must be even and at least 4 (minutes)");
        }
        this.size = size;
        this.flipPeriod = flipPeriod;
        this.series = new MetricFleet(size, 1000, dimensions, 42);
        this.metrics = new MetricId[size];
        for (int i = 0; i < size; i++) {
            metrics[i] = new MetricId(MetricFleet.NAMESPACE, series.metricName(i), series.dimensionsOf(i));
        }
    }

    public int size() {
        return size;
    }

    public int flipPeriod() {
        return flipPeriod;
    }

    public static String name(int i) {
        return NAME_PREFIX + String.format("%07d", i);
    }

    /** The alarm index of a name made by {@link #name}, or -1. */
    public static int indexOf(String name) {
        if (!name.startsWith(NAME_PREFIX)) {
            return -1;
        }
        try {
            return Integer.parseInt(name, NAME_PREFIX.length(), name.length(), 10);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public MetricId metric(int i) {
        return metrics[i];
    }

    public String statistic(int i) {
        return STATISTICS[i % STATISTICS.length];
    }

    public ComparisonOperator comparison(int i) {
        return COMPARISONS[(i / STATISTICS.length) % COMPARISONS.length];
    }

    public TreatMissingData treatMissingData(int i) {
        return MISSING[(i / 20) % MISSING.length];
    }

    /** Half the alarms name their series' unit, the others merge all units (no Unit). */
    public StandardUnit alarmUnit(int i) {
        return (i / 100) % 2 == 0 ? null : series.unit(i);
    }

    public double threshold(int i) {
        return 10 + (i % 90);
    }

    /** The alarm as PutMetricAlarm would hand it to the engine (the engine sets the status). */
    public MetricAlarm alarm(int i, long nowMillis) {
        String name = name(i);
        String stat = statistic(i);
        boolean extended = stat.startsWith("p");
        return new MetricAlarm(ACCOUNT, name, AlarmArn.of(REGION, ACCOUNT, name), null, AlarmActions.none(),
                metrics[i], extended ? null : stat, extended ? stat : null, alarmUnit(i), PERIOD,
                EVALUATION_PERIODS, DATAPOINTS_TO_ALARM, threshold(i), comparison(i), treatMissingData(i), null,
                nowMillis, AlarmStatus.initial(nowMillis));
    }

    /** Whether series {@code i}'s datum of data minute {@code k} breaches alarm {@code i}'s threshold. */
    public boolean breaches(int i, int k) {
        return Math.floorMod(k + phase(i), flipPeriod) < flipPeriod / 2;
    }

    private int phase(int i) {
        long mixed = (i + 1L) * 0x9E3779B97F4A7C15L;
        return (int) Math.floorMod(mixed >>> 33, (long) flipPeriod);
    }

    /** Series {@code i}'s value in data minute {@code k}: twice or half the threshold, whichever breaches or not. */
    public double value(int i, int k) {
        boolean high = comparison(i) == ComparisonOperator.GreaterThanThreshold
                || comparison(i) == ComparisonOperator.GreaterThanOrEqualToThreshold;
        boolean big = breaches(i, k) == high;
        return big ? threshold(i) * 2 : threshold(i) / 2;
    }

    /**
     * Alarm {@code i}'s state after data minutes {@code k-2, k-1, k} (all present): ALARM when at
     * least DatapointsToAlarm of them breach.
     */
    public AlarmState expectedState(int i, int k) {
        int breaching = 0;
        for (int j = k - EVALUATION_PERIODS + 1; j <= k; j++) {
            if (breaches(i, j)) {
                breaching++;
            }
        }
        return breaching >= DATAPOINTS_TO_ALARM ? AlarmState.ALARM : AlarmState.OK;
    }

    /** Alarms whose expected state after data minute {@code k} differs from the one after {@code k - 1}. */
    public int expectedTransitions(int k) {
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (expectedState(i, k) != expectedState(i, k - 1)) {
                n++;
            }
        }
        return n;
    }

    /**
     * The datums of data minute {@code k} for series [from, to), stamped {@code timestampMillis}
     * (a time inside the minute), one per series, in the series' unit.
     */
    public List<MetricDatum> datums(int k, int from, int to, long timestampMillis) {
        List<MetricDatum> out = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            out.add(MetricDatum.ofValue(metrics[i], timestampMillis, series.unit(i), value(i, k)));
        }
        return out;
    }
}
