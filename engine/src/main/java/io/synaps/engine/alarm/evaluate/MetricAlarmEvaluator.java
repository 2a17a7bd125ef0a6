package io.synaps.engine.alarm.evaluate;

import io.synaps.model.alarm.AlarmState;
import io.synaps.model.alarm.MetricAlarm;
import io.synaps.model.alarm.TreatMissingData;
import io.synaps.stats.Percentile;
import io.synaps.stats.Statistic;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;

/**
 * MetricAlarmEvaluator decides a metric alarm's state from the datapoints of its evaluation
 * range, with AWS's rules (reference 2.8): M out of N, TreatMissingData, the premature-alarm
 * rule, low-sample-count percentiles, and StateReason / StateReasonData texts. Pure and
 * thread-safe (stateless). engine/ALARMS.md is the specification.
 */
public final class MetricAlarmEvaluator {
    /** AWS's longest evaluation range, Period x EvaluationPeriods (7 days, in seconds). */
    static final long MAX_RANGE_SECONDS = 7L * 24 * 3600;
    static final String DYNAMODB_NAMESPACE = "AWS/DynamoDB";
    private static final BigDecimal FIFTY = BigDecimal.valueOf(50);
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

    private MetricAlarmEvaluator() {
    }

    /**
     * How many periods an evaluation reads (the evaluation range), at least EvaluationPeriods:
     * N + max(2, N / 3), capped so the range stays within 7 days.
     */
    public static int evaluationRange(MetricAlarm alarm) {
        int n = alarm.evaluationPeriods();
        long wanted = (long) n + Math.max(2, n / 3);
        long cap = Math.max(n, MAX_RANGE_SECONDS / alarm.period());
        return (int) Math.min(wanted, cap);
    }

    /**
     * Where the evaluation range of an evaluation at {@code nowMillis} ends (exclusive, epoch
     * milliseconds): the minute for periods of 60 s and more, the period for 10/20/30 s.
     */
    public static long rangeEnd(MetricAlarm alarm, long nowMillis) {
        long step = alarm.highResolution() ? alarm.period() * 1000L : 60_000L;
        return Math.floorDiv(nowMillis, step) * step;
    }

    /**
     * Evaluates the alarm. {@code window} holds the datapoints of the range
     * [rangeEndMillis - range x period, rangeEndMillis) in any order, periods without data absent;
     * {@code queryDateMillis} is the evaluation's clock time (StateReasonData's queryDate);
     * {@code current} is the alarm's state now (it decides the wording of some reasons; null
     * reads as INSUFFICIENT_DATA). Datapoints outside the range and NaN values are ignored.
     *
     * @throws IllegalArgumentException when a datapoint inside the range does not start a period
     *         of the range or two datapoints share a period
     */
    public static Evaluation evaluate(MetricAlarm alarm, AlarmState current, List<Datapoint> window,
                                      long rangeEndMillis, long queryDateMillis) {
        AlarmState from = current == null ? AlarmState.INSUFFICIENT_DATA : current;
        Verdict verdict = decide(alarm, window, rangeEndMillis);
        String lowSamples = lowSampleCount(alarm, verdict);
        if (lowSamples != null) {
            return Evaluation.retain(lowSamples);
        }
        if (verdict.state() == null) {
            return Evaluation.retain(StateReasons.retained(alarm, verdict));
        }
        return new Evaluation(verdict.state(), StateReasons.reason(alarm, from, verdict),
                ReasonData.json(alarm, verdict, rangeEndMillis, queryDateMillis));
    }

    /**
     * The state {@link #evaluate} would set, or null when it would keep the current one, without
     * wording any reason: the state never depends on the current state or the query date, so a
     * caller can skip building texts while nothing changes. Same window contract as evaluate.
     */
    public static AlarmState state(MetricAlarm alarm, List<Datapoint> window, long rangeEndMillis) {
        Verdict verdict = decide(alarm, window, rangeEndMillis);
        return lowSampleCount(alarm, verdict) != null ? null : verdict.state();
    }

    /** The decision rules of ALARMS.md on the range's periods (state null: keep the current one). */
    static Verdict decide(MetricAlarm alarm, List<Datapoint> window, long rangeEndMillis) {
        int n = alarm.evaluationPeriods();
        int m = alarm.effectiveDatapointsToAlarm();
        int range = evaluationRange(alarm);
        long period = alarm.period() * 1000L;
        Datapoint[] slots = slots(window, rangeEndMillis - range * period, range, period);
        TreatMissingData mode = mode(alarm);

        List<Integer> real = new ArrayList<>();
        for (int i = 0; i < range; i++) {
            if (slots[i] != null) {
                real.add(i);
            }
        }
        int r = real.size();
        if (r == 0) {
            long[] filled = newestMissing(slots, rangeEndMillis, period, n);
            return switch (mode) {
                case MISSING -> new Verdict(AlarmState.INSUFFICIENT_DATA, Verdict.Kind.NO_DATA, mode, List.of(),
                        filled, false, 0, 0);
                case IGNORE -> new Verdict(null, Verdict.Kind.NO_DATA, mode, List.of(), new long[0], false, 0, 0);
                case BREACHING -> new Verdict(AlarmState.ALARM, Verdict.Kind.NO_DATA, mode, List.of(), filled,
                        true, 0, 0);
                case NOT_BREACHING -> new Verdict(AlarmState.OK, Verdict.Kind.NO_DATA, mode, List.of(), filled,
                        false, 0, 0);
            };
        }
        if (r >= n) {
            List<Datapoint> evaluated = new ArrayList<>(n);
            for (int k = r - n; k < r; k++) {
                evaluated.add(slots[real.get(k)]);
            }
            return threshold(alarm, mode, evaluated, new long[0], false, m);
        }
        List<Datapoint> all = new ArrayList<>(r);
        for (int i : real) {
            all.add(slots[i]);
        }
        if (mode == TreatMissingData.BREACHING || mode == TreatMissingData.NOT_BREACHING) {
            long[] filled = newestMissing(slots, rangeEndMillis, period, n - r);
            return threshold(alarm, mode, all, filled, mode == TreatMissingData.BREACHING, m);
        }
        if (r < m && premature(alarm, slots, n, m)) {
            AlarmState state = mode == TreatMissingData.MISSING ? AlarmState.ALARM : null;
            int breaching = countBreaching(alarm, all);
            return new Verdict(state, Verdict.Kind.PREMATURE, mode, all, new long[0], false, breaching,
                    r - breaching);
        }
        return threshold(alarm, mode, all, new long[0], false, m);
    }

    /** TreatMissingData as it applies: AWS/DynamoDB metrics always ignore missing data. */
    static TreatMissingData mode(MetricAlarm alarm) {
        if (DYNAMODB_NAMESPACE.equals(alarm.metric().namespace())) {
            return TreatMissingData.IGNORE;
        }
        return alarm.effectiveTreatMissingData();
    }

    private static Datapoint[] slots(List<Datapoint> window, long rangeStart, int range, long period) {
        Datapoint[] slots = new Datapoint[range];
        long rangeEnd = rangeStart + range * period;
        for (Datapoint d : window) {
            long t = d.timestampMillis();
            if (t < rangeStart || t >= rangeEnd || Double.isNaN(d.value())) {
                continue;
            }
            long offset = t - rangeStart;
            if (offset % period != 0) {
                throw new IllegalArgumentException("datapoint at " + t + " does not start a period of the range "
                        + "starting at " + rangeStart + " (period " + period + " ms)");
            }
            int i = (int) (offset / period);
            if (slots[i] != null) {
                throw new IllegalArgumentException("two datapoints for the period starting at " + t);
            }
            slots[i] = d;
        }
        return slots;
    }

    /** Start times of the newest {@code count} periods without data, newest first. */
    private static long[] newestMissing(Datapoint[] slots, long rangeEnd, long period, int count) {
        long[] out = new long[count];
        int k = 0;
        for (int i = slots.length - 1; i >= 0 && k < count; i--) {
            if (slots[i] == null) {
                out[k++] = rangeEnd - (slots.length - i) * period;
            }
        }
        return out;
    }

    /**
     * The premature-alarm rule: within the newest N periods the oldest real breaching point is at
     * least M periods old (the newest period is 1 old) and no real non-breaching point is newer.
     */
    private static boolean premature(MetricAlarm alarm, Datapoint[] slots, int n, int m) {
        int range = slots.length;
        int oldestBreaching = -1;
        for (int i = range - n; i < range; i++) {
            if (slots[i] != null && breaches(alarm, slots[i])) {
                oldestBreaching = i;
                break;
            }
        }
        if (oldestBreaching < 0 || range - oldestBreaching < m) {
            return false;
        }
        for (int j = oldestBreaching + 1; j < range; j++) {
            if (slots[j] != null && !breaches(alarm, slots[j])) {
                return false;
            }
        }
        return true;
    }

    private static Verdict threshold(MetricAlarm alarm, TreatMissingData mode, List<Datapoint> evaluated,
                                     long[] filled, boolean filledBreach, int m) {
        int breaching = countBreaching(alarm, evaluated);
        int total = breaching + (filledBreach ? filled.length : 0);
        AlarmState state = total >= m ? AlarmState.ALARM : AlarmState.OK;
        return new Verdict(state, Verdict.Kind.THRESHOLD, mode, evaluated, filled, filledBreach, breaching,
                evaluated.size() - breaching);
    }

    private static int countBreaching(MetricAlarm alarm, List<Datapoint> points) {
        int count = 0;
        for (Datapoint d : points) {
            if (breaches(alarm, d)) {
                count++;
            }
        }
        return count;
    }

    static boolean breaches(MetricAlarm alarm, Datapoint d) {
        return alarm.comparison().breaches(d.value(), alarm.threshold());
    }

    /**
     * With EvaluateLowSampleCountPercentile = ignore on a percentile, the retain reason when an
     * evaluated datapoint has fewer samples than 10/(1-p) (p >= 0.5) or 10/p (p < 0.5); else null.
     */
    private static String lowSampleCount(MetricAlarm alarm, Verdict verdict) {
        if (!"ignore".equals(alarm.evaluateLowSampleCountPercentile()) || alarm.extendedStatistic() == null) {
            return null;
        }
        if (!(Statistic.parseExtended(alarm.extendedStatistic()) instanceof Percentile percentile)) {
            return null;
        }
        double minimum = minimumSamples(percentile.percent());
        for (int i = verdict.evaluated().size() - 1; i >= 0; i--) {
            Datapoint d = verdict.evaluated().get(i);
            if (d.sampleCount() < minimum) {
                return StateReasons.lowSampleCount(alarm, d, minimum);
            }
        }
        return null;
    }

    /**
     * The fewest samples a percentile needs: 10/(1-p) for p >= 0.5, 10/p below (p = percent / 100),
     * in decimal arithmetic so that p90 needs exactly 100, not 100.00000000000001.
     */
    static double minimumSamples(double percent) {
        BigDecimal p = BigDecimal.valueOf(percent);
        BigDecimal share = p.compareTo(FIFTY) >= 0 ? HUNDRED.subtract(p) : p;
        if (share.signum() == 0) {
            return Double.POSITIVE_INFINITY; // p0 and p100: no sample count is ever enough
        }
        return THOUSAND.divide(share, MathContext.DECIMAL64).doubleValue();
    }
}
