package io.synaps.store.rocksdb;

import io.synaps.model.Dimension;
import io.synaps.model.MetricId;
import io.synaps.model.alarm.AlarmActions;
import io.synaps.model.alarm.AlarmArn;
import io.synaps.model.alarm.AlarmHistoryItem;
import io.synaps.model.alarm.AlarmState;
import io.synaps.model.alarm.AlarmStatus;
import io.synaps.model.alarm.AlarmType;
import io.synaps.model.alarm.ComparisonOperator;
import io.synaps.model.alarm.HistoryItemType;
import io.synaps.model.alarm.MetricAlarm;
import io.synaps.store.alarm.HistoryPage;
import io.synaps.store.alarm.HistoryQuery;
import io.synaps.store.alarm.StatusUpdate;
import io.synaps.store.dashboard.Dashboard;
import io.synaps.store.metric.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksIterator;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RocksDbAlarmStorageTest checks what the alarm and tag stores add to {@link RocksDbStorage}: reopen, old databases, close. */
class RocksDbAlarmStorageTest {
    private static final long T0 = 1_767_225_600_000L;
    private static final String ACCOUNT = "123456789012";

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(Instant.ofEpochMilli(T0));

    @Test
    void alarmsHistoryTagsAndTheHistorySequenceSurviveReopen() {
        MetricAlarm alarm = alarm("cpu:high", T0);
        String token;
        try (RocksDbStorage storage = RocksDbStorage.open(dir, clock)) {
            storage.alarmStore().put(alarm, item("cpu:high", T0, "created"));
            storage.alarmStore().appendHistory(item("cpu:high", T0, "second"));
            storage.tagStore().put(ACCOUNT, alarm.arn(), Map.of("team", "ops"));
            token = storage.alarmStore().history(ACCOUNT, query(null, 1)).nextToken();
            assertThat(token).isNotNull();
        }
        try (RocksDbStorage storage = RocksDbStorage.open(dir, clock)) {
            assertThat(storage.alarmStore().get(ACCOUNT, "cpu:high")).contains(alarm);
            assertThat(storage.tagStore().get(ACCOUNT, alarm.arn())).containsExactly(Map.entry("team", "ops"));
            // same timestamp after the restart: the sequence continues, so insertion order holds
            storage.alarmStore().appendHistory(item("cpu:high", T0, "third"));
            assertThat(summaries(storage.alarmStore().history(ACCOUNT, query(null, 10))))
                    .containsExactly("created", "second", "third");
            assertThat(summaries(storage.alarmStore().history(ACCOUNT, query("cpu:high", 10))))
                    .containsExactly("created", "second", "third");
            // a token issued before the restart still pages on
            HistoryQuery next = new HistoryQuery(null, EnumSet.allOf(AlarmType.class), null, 0, Long.MAX_VALUE, false,
                    token, 10);
            assertThat(summaries(storage.alarmStore().history(ACCOUNT, next))).containsExactly("second", "third");
            MetricAlarm updated = (MetricAlarm) storage.alarmStore().updateStatus(new StatusUpdate(ACCOUNT, "cpu:high",
                    T0, alarm.status().moveTo(AlarmState.ALARM, "Threshold Crossed", "{}", T0 + 60_000), null, null,
                    null)).orElseThrow();
            assertThat(updated.status().value()).isEqualTo(AlarmState.ALARM);
        }
        try (RocksDbStorage storage = RocksDbStorage.open(dir, clock)) {
            assertThat(storage.alarmStore().get(ACCOUNT, "cpu:high").orElseThrow().status().value())
                    .isEqualTo(AlarmState.ALARM);
            assertThat(storage.alarmStore().pruneHistory(T0 + 1)).isEqualTo(3);
        }
        try (RocksDbStorage storage = RocksDbStorage.open(dir, clock)) {
            assertThat(storage.alarmStore().history(ACCOUNT, query(null, 10)).items()).isEmpty();
            assertThat(storage.alarmStore().history(ACCOUNT, query("cpu:high", 10)).items()).isEmpty();
        }
    }

    @Test
    void aDatabaseCreatedBeforeAlarmsOpensWithItsDataAndGainsTheNewFamilies() throws Exception {
        // the column families a database had before the alarm and tag stores existed
        List<String> older = new ArrayList<>(List.of(RocksDbStorage.CF_SERIES, RocksDbStorage.CF_DASHBOARDS));
        for (io.synaps.store.metric.Tier tier : io.synaps.store.metric.Tier.values()) {
            older.add(RocksDbStorage.bucketFamily(tier));
        }
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY));
        older.forEach(name -> descriptors.add(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8))));
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (DBOptions options = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
             RocksDB db = RocksDB.open(options, dir.toString(), descriptors, handles)) {
            handles.forEach(ColumnFamilyHandle::close);
        }
        try (RocksDbStorage storage = RocksDbStorage.open(dir, clock)) {
            storage.dashboardStore().put(ACCOUNT, new Dashboard("Ops", "{}", T0));
            storage.alarmStore().put(alarm("a", T0), item("a", T0, "created"));
        }
        try (RocksDbStorage storage = RocksDbStorage.open(dir, clock)) {
            assertThat(storage.alarmStore().get(ACCOUNT, "a")).isPresent();
            assertThat(storage.dashboardStore().get(ACCOUNT, "Ops")).isPresent();
        }
    }

    @Test
    void pruningInSmallChunksRemovesHistoryAndItsNameIndexInEveryAccount() {
        try (RocksDbStorage storage = RocksDbStorage.open(dir, clock)) {
            RocksDbAlarmStore store = (RocksDbAlarmStore) storage.alarmStore();
            for (String account : List.of(ACCOUNT, "210987654321", "000000000001")) {
                for (int i = 0; i < 10; i++) {
                    store.appendHistory(new AlarmHistoryItem(account, "alarm-" + (i % 3), AlarmType.MetricAlarm,
                            HistoryItemType.StateUpdate, T0 + i * 1000L, "i" + i, "{}"));
                }
            }
            assertThat(count(storage, storage.alarmHistory())).isEqualTo(30);
            assertThat(count(storage, storage.alarmHistoryByName())).isEqualTo(30);

            assertThat(store.pruneHistory(T0 + 7000, 3)).isEqualTo(21);

            assertThat(count(storage, storage.alarmHistory())).isEqualTo(9);
            assertThat(count(storage, storage.alarmHistoryByName())).isEqualTo(9);
            assertThat(summaries(store.history(ACCOUNT, query(null, 10)))).containsExactly("i7", "i8", "i9");
            assertThat(summaries(store.history("000000000001", query("alarm-1", 10)))).containsExactly("i7");

            assertThat(store.pruneHistory(Long.MAX_VALUE, 2)).isEqualTo(9);

            assertThat(count(storage, storage.alarmHistory())).isZero();
            assertThat(count(storage, storage.alarmHistoryByName())).isZero();
        }
    }

    @Test
    void alarmAndTagCallsAfterCloseAreRejected() {
        RocksDbStorage storage = RocksDbStorage.open(dir, clock);
        storage.close();

        assertThatThrownBy(() -> storage.alarmStore().get(ACCOUNT, "a")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> storage.alarmStore().put(alarm("a", T0), null)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> storage.tagStore().get(ACCOUNT, "arn")).isInstanceOf(IllegalStateException.class);
    }

    private static long count(RocksDbStorage storage, ColumnFamilyHandle family) {
        long n = 0;
        try (RocksIterator it = storage.db().newIterator(family)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                n++;
            }
        }
        return n;
    }

    private static MetricAlarm alarm(String name, long configured) {
        return new MetricAlarm(ACCOUNT, name, AlarmArn.of("us-east-1", ACCOUNT, name), null, AlarmActions.none(),
                MetricId.of("AWS/EC2", "CPUUtilization", new Dimension("InstanceId", "i-1")), "Average", null, null,
                60, 3, null, 80.0, ComparisonOperator.GreaterThanThreshold, null, null, configured,
                AlarmStatus.initial(configured));
    }

    private static AlarmHistoryItem item(String name, long at, String summary) {
        return new AlarmHistoryItem(ACCOUNT, name, AlarmType.MetricAlarm, HistoryItemType.ConfigurationUpdate, at,
                summary, "{}");
    }

    private static HistoryQuery query(String name, int limit) {
        return new HistoryQuery(name, EnumSet.allOf(AlarmType.class), null, 0, Long.MAX_VALUE, false, null, limit);
    }

    private static List<String> summaries(HistoryPage page) {
        return page.items().stream().map(AlarmHistoryItem::summary).toList();
    }
}
