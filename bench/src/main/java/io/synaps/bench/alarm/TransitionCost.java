package io.synaps.bench.alarm;

import io.synaps.engine.alarm.evaluate.Datapoint;
import io.synaps.engine.alarm.evaluate.Evaluation;
import io.synaps.engine.alarm.evaluate.MetricAlarmEvaluator;
import io.synaps.model.alarm.Alarm;
import io.synaps.model.alarm.AlarmHistoryItem;
import io.synaps.model.alarm.AlarmState;
import io.synaps.model.alarm.AlarmStatus;
import io.synaps.model.alarm.MetricAlarm;
import io.synaps.store.alarm.AlarmStore;
import io.synaps.store.alarm.StatusUpdate;
import io.synaps.store.rocksdb.RocksDbStorage;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * TransitionCost times, on one thread, the steps the alarm engine runs for each state
 * transition, per alarm of an {@link AlarmFleet} (10 dimensions): the state decision
 * ({@code MetricAlarmEvaluator.state}), the reason texts and StateReasonData
 * ({@code evaluate}), the StateUpdate history item ({@code HistoryData.stateUpdate}, package-private
 * in the engine, reached reflectively) and the fsync'd {@code RocksDbAlarmStore.updateStatus}
 * (CPU and wall microseconds). Usage: {@code TransitionCost [alarms] [rounds]}. Not thread-safe.
 */
public final class TransitionCost {
    private TransitionCost() {
    }

    public static void main(String[] args) throws ReflectiveOperationException, IOException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        AlarmFleet fleet = new AlarmFleet(n, 20, 10);
        long now = Math.floorDiv(Clock.systemUTC().millis(), 60_000L) * 60_000L;
        Method history = Class.forName("io.synaps.engine.alarm.HistoryData")
                .getDeclaredMethod("stateUpdate", Alarm.class, AlarmStatus.class, AlarmStatus.class, long.class);
        history.setAccessible(true);
        MetricAlarm[] alarms = new MetricAlarm[n];
        List<List<Datapoint>> windows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            alarms[i] = fleet.alarm(i, now);
            List<Datapoint> w = new ArrayList<>();
            for (int k = 0; k < 5; k++) {
                w.add(new Datapoint(now - (5 - k) * 60_000L, fleet.value(i, k), 1));
            }
            windows.add(w);
        }
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        Path dir = Files.createTempDirectory("synaps-transition-cost");
        try (RocksDbStorage storage = RocksDbStorage.open(dir, Clock.systemUTC())) {
            AlarmStore store = storage.alarmStore();
            for (MetricAlarm a : alarms) {
                store.put(a, null);
            }
            for (int round = 0; round < rounds; round++) {
                long c0 = cpu.getCurrentThreadCpuTime();
                for (int i = 0; i < n; i++) {
                    MetricAlarmEvaluator.state(alarms[i], windows.get(i), now);
                }
                long c1 = cpu.getCurrentThreadCpuTime();
                Evaluation[] evaluations = new Evaluation[n];
                for (int i = 0; i < n; i++) {
                    evaluations[i] = MetricAlarmEvaluator.evaluate(alarms[i], AlarmState.OK, windows.get(i), now, now);
                }
                long c2 = cpu.getCurrentThreadCpuTime();
                AlarmStatus[] next = new AlarmStatus[n];
                AlarmHistoryItem[] items = new AlarmHistoryItem[n];
                for (int i = 0; i < n; i++) {
                    Evaluation e = evaluations[i];
                    AlarmStatus prev = new AlarmStatus(AlarmState.OK, e.reason(), e.reasonData(), now - 1, now - 1);
                    next[i] = prev.moveTo(AlarmState.ALARM, e.reason(), e.reasonData(), now + round);
                    items[i] = (AlarmHistoryItem) history.invoke(null, alarms[i], prev, next[i], now + round);
                }
                long c3 = cpu.getCurrentThreadCpuTime();
                long w3 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    store.updateStatus(new StatusUpdate(alarms[i].accountId(), alarms[i].name(),
                            alarms[i].configurationUpdatedMillis(), next[i], null, null, items[i]));
                }
                long c4 = cpu.getCurrentThreadCpuTime();
                long w4 = System.nanoTime();
                System.out.printf("round %d, per alarm: state %.1f µs, evaluate (texts) %.1f µs, history item %.1f µs, "
                                + "updateStatus %.1f µs CPU / %.1f µs wall (reason %d chars, reasonData %d, history %d)%n",
                        round, (c1 - c0) / 1e3 / n, (c2 - c1) / 1e3 / n, (c3 - c2) / 1e3 / n, (c4 - c3) / 1e3 / n,
                        (w4 - w3) / 1e3 / n, evaluations[0].reason().length(), evaluations[0].reasonData().length(),
                        items[0].data().length());
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
