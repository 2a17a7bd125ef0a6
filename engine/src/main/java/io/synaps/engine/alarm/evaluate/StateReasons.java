package io.synaps.engine.alarm.evaluate;

import io.synaps.model.alarm.AlarmState;
import io.synaps.model.alarm.MetricAlarm;
import io.synaps.model.alarm.TreatMissingData;

import java.util.List;

/**
 * StateReasons words a metric alarm's {@link Verdict} as StateReason text, in AWS's format where
 * AWS's is recorded (engine/ALARMS.md lists which texts are AWS's and which are ours). Values are
 * printed as Java doubles ({@code 21.5}, {@code 30.0}), dates as {@code dd/MM/yy HH:mm:ss} UTC.
 * Stateless and thread-safe.
 */
final class StateReasons {
    private StateReasons() {
    }

    /** The StateReason for a verdict that sets a state, as seen from the {@code from} state. */
    static String reason(MetricAlarm alarm, AlarmState from, Verdict v) {
        if (v.kind() == Verdict.Kind.NO_DATA) {
            return noData(alarm, v);
        }
        return v.state() == AlarmState.ALARM ? alarm(alarm, from, v) : ok(alarm, from, v);
    }

    private static String noData(MetricAlarm alarm, Verdict v) {
        int n = alarm.evaluationPeriods();
        if (v.state() == AlarmState.INSUFFICIENT_DATA) {
            return "Insufficient Data: " + n + " " + datapoints(n) + " " + wasWere(n) + " unknown.";
        }
        return "Threshold Crossed: no datapoints were received for " + n + " " + (n == 1 ? "period" : "periods")
                + " and " + n + " missing " + datapoints(n) + " " + wasWere(n) + " treated as "
                + (v.filledBreach() ? "[Breaching]" : "[NonBreaching]") + ".";
    }

    private static String alarm(MetricAlarm alarm, AlarmState from, Verdict v) {
        String phrase = alarm.comparison().phrase();
        String threshold = number(alarm.threshold());
        int m = alarm.effectiveDatapointsToAlarm();
        int b = v.breaching();
        if (from == AlarmState.OK) {
            return "Threshold Crossed: " + b + " out of the last " + v.evaluated().size() + " datapoints "
                    + datedNewestFirst(v.evaluated()) + " " + wasWere(b) + " " + phrase + " the threshold ("
                    + threshold + ") (minimum " + m + " " + datapoints(m) + " for OK -> ALARM transition)"
                    + filled(v) + ".";
        }
        if (b == 0) {
            // Only filled periods breach (breaching mode with every real point good).
            int f = v.filled().length;
            return "Threshold Crossed: " + f + " missing " + datapoints(f) + " " + wasWere(f)
                    + " treated as [Breaching] and " + v.nonBreaching() + " " + datapoints(v.nonBreaching()) + " "
                    + datedNewestFirst(v.evaluated()) + " " + wasWere(v.nonBreaching()) + " not " + phrase
                    + " the threshold (" + threshold + ").";
        }
        return "Threshold Crossed: " + b + " " + datapoints(b) + " " + datedNewestFirst(breaching(alarm, v, true))
                + " " + wasWere(b) + " " + phrase + " the threshold (" + threshold + ")" + filled(v) + ".";
    }

    private static String ok(MetricAlarm alarm, AlarmState from, Verdict v) {
        String phrase = alarm.comparison().phrase();
        String threshold = number(alarm.threshold());
        int nb = v.nonBreaching();
        String count;
        String listed;
        String rest;
        if (nb > 0) {
            count = nb + " " + datapoints(nb);
            listed = datedNewestFirst(breaching(alarm, v, false));
            rest = wasWere(nb) + " not " + phrase + " the threshold (" + threshold + ")";
        } else {
            // Every real point breached, but fewer than DatapointsToAlarm of them.
            int b = v.breaching();
            count = b + " " + datapoints(b);
            listed = datedNewestFirst(v.evaluated());
            rest = wasWere(b) + " " + phrase + " the threshold (" + threshold + "), fewer than the "
                    + alarm.effectiveDatapointsToAlarm() + " needed for ALARM";
        }
        if (from == AlarmState.ALARM) {
            return "Threshold Crossed: " + count + " " + rest + filled(v) + ". The most recent datapoints: "
                    + valuesOldestFirst(v.evaluated()) + ".";
        }
        return "Threshold Crossed: " + count + " " + listed + " " + rest + filled(v) + ".";
    }

    /** The reason kept with a retained state (ours: AWS does not show one). */
    static String retained(MetricAlarm alarm, Verdict v) {
        String who = MetricAlarmEvaluator.DYNAMODB_NAMESPACE.equals(alarm.metric().namespace())
                ? "Missing data is ignored for " + MetricAlarmEvaluator.DYNAMODB_NAMESPACE
                : "TreatMissingData ignore";
        int n = alarm.evaluationPeriods();
        if (v.kind() == Verdict.Kind.NO_DATA) {
            return who + ": no datapoints were received for " + n + " " + (n == 1 ? "period" : "periods")
                    + "; the current state is kept.";
        }
        int b = v.breaching();
        int m = alarm.effectiveDatapointsToAlarm();
        return who + ": " + b + " " + datapoints(b) + " " + datedNewestFirst(breaching(alarm, v, true)) + " "
                + wasWere(b) + " " + alarm.comparison().phrase() + " the threshold (" + number(alarm.threshold())
                + ") but only " + v.evaluated().size() + " of the " + m + " " + datapoints(m)
                + " needed for ALARM were received; the current state is kept.";
    }

    /** The reason kept when a percentile's datapoint has too few samples (ours). */
    static String lowSampleCount(MetricAlarm alarm, Datapoint d, double minimum) {
        String needed = Double.isInfinite(minimum)
                ? "; " + alarm.extendedStatistic() + " never has enough samples (10/(1-p) or 10/p is infinite)"
                : ", fewer than the " + (long) Math.ceil(minimum) + " that " + alarm.extendedStatistic() + " needs";
        return "EvaluateLowSampleCountPercentile ignore: the datapoint [" + dated(d) + "] has "
                + number(d.sampleCount()) + " samples" + needed + "; the current state is kept.";
    }

    private static String filled(Verdict v) {
        int f = v.filled().length;
        if (f == 0 || v.mode() == TreatMissingData.MISSING) {
            return "";
        }
        return " and " + f + " missing " + datapoints(f) + " " + wasWere(f) + " treated as "
                + (v.filledBreach() ? "[Breaching]" : "[NonBreaching]");
    }

    private static List<Datapoint> breaching(MetricAlarm alarm, Verdict v, boolean wanted) {
        return v.evaluated().stream().filter(d -> MetricAlarmEvaluator.breaches(alarm, d) == wanted).toList();
    }

    private static String datedNewestFirst(List<Datapoint> points) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = points.size() - 1; i >= 0; i--) {
            sb.append(dated(points.get(i)));
            if (i > 0) {
                sb.append(", ");
            }
        }
        return sb.append(']').toString();
    }

    private static String valuesOldestFirst(List<Datapoint> points) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < points.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(number(points.get(i).value()));
        }
        return sb.append(']').toString();
    }

    private static String dated(Datapoint d) {
        return number(d.value()) + " (" + ReasonDates.reason(d.timestampMillis()) + ")";
    }

    static String number(double v) {
        return Double.toString(v);
    }

    private static String datapoints(int count) {
        return count == 1 ? "datapoint" : "datapoints";
    }

    private static String wasWere(int count) {
        return count == 1 ? "was" : "were";
    }
}
