package io.synaps.engine.alarm;

import io.synaps.engine.alarm.evaluate.Datapoint;
import io.synaps.engine.alarm.evaluate.Evaluation;
import io.synaps.engine.alarm.evaluate.MetricAlarmEvaluator;
import io.synaps.engine.alarm.evaluate.WindowReader;
import io.synaps.engine.query.MetricReader;
import io.synaps.model.AwsError;
import io.synaps.model.alarm.AlarmState;
import io.synaps.model.alarm.MetricAlarm;

import java.util.ArrayList;
import java.util.List;

/**
 * Backtester replays stored data through the live evaluator: one evaluation at every tick time
 * the engine would have used in [start, end) (minute boundaries, period boundaries for 10/20/30 s
 * alarms), starting from INSUFFICIENT_DATA, collecting the transitions. It reads the stored range
 * once per period alignment (once for 60 s and high-resolution alarms; a 300 s alarm ticked every
 * minute sees five alignments) and slides over it in memory. Stateless and thread-safe.
 */
final class Backtester {
    private Backtester() {
    }

    /**
     * The back-test of {@code alarm} over [startMillis, endMillis).
     *
     * @throws AwsError InvalidParameterValue when the range is empty or holds more than
     *         {@code maxEvaluations} tick times
     */
    static BacktestResult run(MetricReader reader, MetricAlarm alarm, long startMillis, long endMillis,
                              int maxEvaluations) {
        if (endMillis <= startMillis) {
            throw AwsError.invalidParameterValue("The end time must be after the start time.");
        }
        long period = alarm.period() * 1000L;
        long step = alarm.highResolution() ? period : 60_000L;
        long first = Math.floorDiv(startMillis + step - 1, step) * step;
        long ticks = first >= endMillis ? 0 : (endMillis - 1 - first) / step + 1;
        if (ticks > maxEvaluations) {
            throw AwsError.invalidParameterValue("The range from " + HistoryData.date(startMillis) + " to "
                    + HistoryData.date(endMillis) + " holds " + ticks + " evaluations of a " + alarm.period()
                    + "-second alarm; at most " + maxEvaluations + " are allowed per back-test.");
        }
        if (ticks == 0) {
            return new BacktestResult(List.of(), 0, AlarmState.INSUFFICIENT_DATA);
        }
        long span = MetricAlarmEvaluator.evaluationRange(alarm) * period;
        // Ticks k, k + classes, k + 2 x classes... share their periods' alignment: one read each.
        int classes = (int) Math.min(ticks, Math.max(1, period / step));
        List<List<Datapoint>> data = new ArrayList<>(classes);
        for (int c = 0; c < classes; c++) {
            long firstEnd = first + c * step;
            long lastEnd = first + (ticks - 1 - (ticks - 1 - c) % classes) * step;
            data.add(WindowReader.read(reader, alarm, firstEnd - span, lastEnd));
        }
        List<BacktestResult.Transition> transitions = new ArrayList<>();
        AlarmState state = AlarmState.INSUFFICIENT_DATA;
        int[] from = new int[classes];
        int[] to = new int[classes];
        for (long k = 0; k < ticks; k++) {
            long end = first + k * step;
            int c = (int) (k % classes);
            List<Datapoint> points = data.get(c);
            while (from[c] < points.size() && points.get(from[c]).timestampMillis() < end - span) {
                from[c]++;
            }
            to[c] = Math.max(to[c], from[c]);
            while (to[c] < points.size() && points.get(to[c]).timestampMillis() < end) {
                to[c]++;
            }
            List<Datapoint> window = points.subList(from[c], to[c]);
            AlarmState decided = MetricAlarmEvaluator.state(alarm, window, end);
            if (decided != null && decided != state) {
                Evaluation e = MetricAlarmEvaluator.evaluate(alarm, state, window, end, end);
                transitions.add(new BacktestResult.Transition(end, state, e.state(), e.reason(), e.reasonData()));
                state = e.state();
            }
        }
        return new BacktestResult(transitions, (int) ticks, state);
    }
}
