package io.synaps.engine.alarm;

import io.synaps.engine.EngineConfig;
import io.synaps.engine.MetricEngine;
import io.synaps.journal.SegmentJournal;
import io.synaps.journal.SegmentJournalConfig;
import io.synaps.model.MetricDatum;
import io.synaps.model.MetricId;
import io.synaps.model.StandardUnit;
import io.synaps.model.alarm.Alarm;
import io.synaps.model.alarm.AlarmActions;
import io.synaps.model.alarm.AlarmArn;
import io.synaps.model.alarm.AlarmHistoryItem;
import io.synaps.model.alarm.AlarmStatus;
import io.synaps.model.alarm.AlarmTransition;
import io.synaps.model.alarm.AlarmType;
import io.synaps.model.alarm.ComparisonOperator;
import io.synaps.model.alarm.CompositeAlarm;
import io.synaps.model.alarm.HistoryItemType;
import io.synaps.model.alarm.MetricAlarm;
import io.synaps.model.alarm.TreatMissingData;
import io.synaps.store.alarm.HistoryQuery;
import io.synaps.store.rocksdb.RocksDbStorage;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * AlarmFixture runs the real pipeline for alarm tests: SegmentJournal, RocksDbStorage (metrics,
 * alarms, tags), MetricEngine and AlarmEngine in a directory, on a virtual clock with no
 * scheduler (tests call {@link #tick}). It records every transition and can restart cleanly.
 * Not thread-safe.
 */
final class AlarmFixture implements AutoCloseable {
    static final String ACCOUNT = "123456789012";
    static final String REGION = "us-east-1";
    static final int PARTITIONS = 4;

    final Path dir;
    final VirtualClock clock;
    final List<AlarmTransition> transitions = new CopyOnWriteArrayList<>();
    /** How many transitions each listener call carried (onTransition: 1; onTransitions: the list's size). */
    final List<Integer> handOvers = new CopyOnWriteArrayList<>();
    private final io.synaps.store.alarm.TransitionListener recorder = new io.synaps.store.alarm.TransitionListener() {
        @Override
        public void onTransition(AlarmTransition t) {
            transitions.add(t);
            handOvers.add(1);
        }

        @Override
        public void onTransitions(List<AlarmTransition> ts) {
            transitions.addAll(ts);
            handOvers.add(ts.size());
        }
    };
    SegmentJournal journal;
    RocksDbStorage storage;
    MetricEngine metrics;
    RefusingLog log;
    AlarmEngine alarms;

    AlarmFixture(Path dir, VirtualClock clock) {
        this.dir = dir;
        this.clock = clock;
        open();
    }

    private void open() {
        journal = SegmentJournal.open(SegmentJournalConfig.of(dir.resolve("journal"), PARTITIONS));
        storage = RocksDbStorage.open(dir.resolve("store"), clock);
        metrics = new MetricEngine(journal, storage.metricStore(),
                EngineConfig.defaults(PARTITIONS).withFlushInterval(Duration.ofHours(1)), clock);
        log = new RefusingLog(metrics);
        alarms = new AlarmEngine(metrics, log, storage.alarmStore(), storage.tagStore(), recorder,
                AlarmEngineConfig.defaults(REGION).withSchedulerInterval(Duration.ZERO), clock);
        metrics.start();
        alarms.start();
    }

    /** Closes everything gracefully and opens the same directory again. */
    void restart() {
        close();
        open();
    }

    @Override
    public void close() {
        alarms.close();
        metrics.close();
        journal.close();
        storage.close();
    }

    // ---- data ----

    void put(MetricId metric, long timestampMillis, double value) {
        metrics.put(ACCOUNT, List.of(MetricDatum.ofValue(metric, timestampMillis, StandardUnit.NONE, value))).join();
    }

    void put(MetricDatum... data) {
        metrics.put(ACCOUNT, List.of(data)).join();
    }

    /** Sets the clock and runs the alarm tick there. */
    void tickAt(long epochMillis) {
        clock.set(epochMillis);
        alarms.tick();
    }

    // ---- alarms ----

    static MetricAlarmBuilder metricAlarm(String name, MetricId metric) {
        return new MetricAlarmBuilder(name, metric);
    }

    Alarm alarm(String name) {
        return alarms.get(ACCOUNT, name).orElseThrow(() -> new AssertionError("no alarm " + name));
    }

    AlarmStatus status(String name) {
        return alarm(name).status();
    }

    List<AlarmTransition> transitionsOf(String name) {
        List<AlarmTransition> out = new ArrayList<>();
        for (AlarmTransition t : transitions) {
            if (t.alarm().name().equals(name)) {
                out.add(t);
            }
        }
        return out;
    }

    List<AlarmHistoryItem> history(String name, HistoryItemType type) {
        return alarms.history(ACCOUNT, new HistoryQuery(name, Set.of(AlarmType.MetricAlarm, AlarmType.CompositeAlarm),
                type, 0, Long.MAX_VALUE, false, null, 100)).items();
    }

    MetricAlarm putMetricAlarm(MetricAlarmBuilder b) {
        return alarms.putMetricAlarm(b.build(), Map.of()).join();
    }

    CompositeAlarm putComposite(String name, String rule) {
        return putComposite(name, rule, null, null, null);
    }

    CompositeAlarm putComposite(String name, String rule, String suppressor, Integer wait, Integer extension) {
        return alarms.putCompositeAlarm(composite(name, rule, suppressor, wait, extension), Map.of()).join();
    }

    static CompositeAlarm composite(String name, String rule, String suppressor, Integer wait, Integer extension) {
        return new CompositeAlarm(ACCOUNT, name, AlarmArn.of(REGION, ACCOUNT, name), null, AlarmActions.none(), rule,
                suppressor, wait, extension, 0, AlarmStatus.initial(0), null, null);
    }

    /** MetricAlarmBuilder builds PutMetricAlarm definitions (Average, 60 s, 1 of 1, > 50 by default). Not thread-safe. */
    static final class MetricAlarmBuilder {
        final String name;
        MetricId metric;
        String statistic = "Average";
        String extendedStatistic;
        StandardUnit unit;
        int period = 60;
        int evaluationPeriods = 1;
        Integer datapointsToAlarm;
        double threshold = 50;
        ComparisonOperator comparison = ComparisonOperator.GreaterThanThreshold;
        TreatMissingData treatMissingData;
        String lowSampleCount;
        String description;

        MetricAlarmBuilder(String name, MetricId metric) {
            this.name = name;
            this.metric = metric;
        }

        MetricAlarmBuilder period(int p) {
            period = p;
            return this;
        }

        MetricAlarmBuilder of(int m, int n) {
            datapointsToAlarm = m;
            evaluationPeriods = n;
            return this;
        }

        MetricAlarmBuilder periods(int n) {
            evaluationPeriods = n;
            return this;
        }

        MetricAlarmBuilder threshold(ComparisonOperator c, double t) {
            comparison = c;
            threshold = t;
            return this;
        }

        MetricAlarmBuilder missing(TreatMissingData t) {
            treatMissingData = t;
            return this;
        }

        MetricAlarmBuilder statistic(String s) {
            statistic = s;
            extendedStatistic = null;
            return this;
        }

        MetricAlarmBuilder extendedStatistic(String s) {
            extendedStatistic = s;
            statistic = null;
            return this;
        }

        MetricAlarmBuilder lowSampleCount(String option) {
            lowSampleCount = option;
            return this;
        }

        MetricAlarmBuilder metric(MetricId m) {
            metric = m;
            return this;
        }

        MetricAlarmBuilder description(String d) {
            description = d;
            return this;
        }

        MetricAlarm build() {
            return new MetricAlarm(ACCOUNT, name, AlarmArn.of(REGION, ACCOUNT, name), description, AlarmActions.none(),
                    metric, statistic, extendedStatistic, unit, period, evaluationPeriods, datapointsToAlarm, threshold,
                    comparison, treatMissingData, lowSampleCount, 0, AlarmStatus.initial(0));
        }
    }
}
