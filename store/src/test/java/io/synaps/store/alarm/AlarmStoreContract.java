package io.synaps.store.alarm;

import io.synaps.store.StoreContract;
import io.synaps.model.AwsError;
import io.synaps.model.Dimension;
import io.synaps.model.MetricId;
import io.synaps.model.StandardUnit;
import io.synaps.model.alarm.Alarm;
import io.synaps.model.alarm.AlarmActions;
import io.synaps.model.alarm.AlarmArn;
import io.synaps.model.alarm.AlarmHistoryItem;
import io.synaps.model.alarm.AlarmState;
import io.synaps.model.alarm.AlarmStatus;
import io.synaps.model.alarm.AlarmType;
import io.synaps.model.alarm.ComparisonOperator;
import io.synaps.model.alarm.CompositeAlarm;
import io.synaps.model.alarm.HistoryItemType;
import io.synaps.model.alarm.MetricAlarm;
import io.synaps.model.alarm.TreatMissingData;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * AlarmStoreContract is the behaviour every {@link AlarmStore} backend must show; a backend's test
 * extends it and says how to open and close its store. Times are epoch milliseconds. Not
 * thread-safe (JUnit runs one test per instance).
 */
public abstract class AlarmStoreContract extends StoreContract<AlarmStore> {
    protected static final String ACCOUNT = "123456789012";
    protected static final String OTHER_ACCOUNT = "210987654321";
    protected static final String REGION = "us-east-1";
    /** 2026-01-01T00:00:00Z. */
    protected static final long T0 = 1_767_225_600_000L;
    protected static final Set<AlarmType> BOTH = EnumSet.allOf(AlarmType.class);

    // ---- fixtures ----

    /** A metric alarm with only the required fields; everything nullable is null. */
    protected static MetricAlarm metricAlarm(String account, String name, long configured) {
        return new MetricAlarm(account, name, AlarmArn.of(REGION, account, name), null, AlarmActions.none(),
                MetricId.of("AWS/EC2", "CPUUtilization"), "Average", null, null, 60, 1, null, 80.0,
                ComparisonOperator.GreaterThanThreshold, null, null, configured, AlarmStatus.initial(configured));
    }

    protected static MetricAlarm metricAlarm(String name, long configured) {
        return metricAlarm(ACCOUNT, name, configured);
    }

    /** A metric alarm with every field set, nullable ones included. */
    protected static MetricAlarm fullMetricAlarm(String name, long configured) {
        AlarmActions actions = new AlarmActions(false,
                List.of("arn:aws:sns:us-east-1:123456789012:page-me", "arn:aws:automate:us-east-1:ec2:stop"),
                List.of("arn:aws:sns:us-east-1:123456789012:ok"), List.of("arn:aws:sns:us-east-1:123456789012:nodata"));
        MetricId metric = MetricId.of("Synaps/Test:ns", "Latency \u00b5s",
                new Dimension("Service", "caf\u00e9 \u2603"), new Dimension("AZ", "us-east-1a"),
                new Dimension("Path", "/a:b/\uD83D\uDE80"));
        AlarmStatus status = new AlarmStatus(AlarmState.ALARM, "Threshold Crossed: 1 datapoint [21.5 (03/01/24 11:36:00)]",
                "{\"version\":\"1.0\",\"threshold\":-12.375}", configured + 60_000, configured + 30_000);
        return new MetricAlarm(ACCOUNT, name, AlarmArn.of(REGION, ACCOUNT, name), "Latency of caf\u00e9 \u2603",
                actions, metric, null, "p99.9", StandardUnit.MICROSECONDS, 30, 5, 3, -12.375,
                ComparisonOperator.LessThanOrEqualToThreshold, TreatMissingData.NOT_BREACHING, "ignore", configured,
                status);
    }

    /** A composite alarm with only the required fields. */
    protected static CompositeAlarm compositeAlarm(String account, String name, long configured) {
        return new CompositeAlarm(account, name, AlarmArn.of(REGION, account, name), null, AlarmActions.none(),
                "ALARM(\"a\") OR ALARM(\"b\")", null, null, null, configured, AlarmStatus.initial(configured), null,
                null);
    }

    /** A composite alarm with every field set. */
    protected static CompositeAlarm fullCompositeAlarm(String name, long configured) {
        AlarmActions actions = new AlarmActions(true, List.of("arn:aws:sns:us-east-1:123456789012:a"), List.of(),
                List.of("arn:aws:sns:us-east-1:123456789012:i"));
        AlarmStatus status = new AlarmStatus(AlarmState.OK, "All children are OK",
                "{\"triggeringAlarms\":[]}", configured + 5, configured + 1);
        return new CompositeAlarm(ACCOUNT, name, AlarmArn.of(REGION, ACCOUNT, name), "both \u2603",
                actions, "ALARM(\"cpu:high\") AND NOT OK(arn:aws:cloudwatch:us-east-1:123456789012:alarm:disk)",
                "maintenance-window", 120, 600, configured, status, "WaitPeriod",
                "Actions suppressed by WaitPeriod");
    }

    protected static AlarmHistoryItem item(String account, String name, AlarmType alarmType, HistoryItemType type,
                                           long at, String summary) {
        return new AlarmHistoryItem(account, name, alarmType, type, at, summary, "{\"version\":\"1.0\",\"s\":\"" + summary + "\"}");
    }

    protected static AlarmHistoryItem created(Alarm alarm) {
        return item(alarm.accountId(), alarm.name(), alarm.type(), HistoryItemType.ConfigurationUpdate,
                alarm.configurationUpdatedMillis(), "Alarm \"" + alarm.name() + "\" created");
    }

    protected static AlarmHistoryItem stateItem(String name, long at, String summary) {
        return item(ACCOUNT, name, AlarmType.MetricAlarm, HistoryItemType.StateUpdate, at, summary);
    }

    protected static HistoryQuery all(boolean newestFirst, int limit) {
        return new HistoryQuery(null, BOTH, null, Long.MIN_VALUE, Long.MAX_VALUE, newestFirst, null, limit);
    }

    protected static List<String> summaries(HistoryPage page) {
        return page.items().stream().map(AlarmHistoryItem::summary).toList();
    }

    /** Every item of the query, following NextTokens, each page at most {@code query.limit()} items. */
    protected List<AlarmHistoryItem> allPages(String account, HistoryQuery query) {
        List<AlarmHistoryItem> items = new ArrayList<>();
        HistoryQuery q = query;
        for (int pages = 0; pages < 10_000; pages++) {
            HistoryPage page = store.history(account, q);
            assertThat(page.items().size()).isLessThanOrEqualTo(q.limit());
            items.addAll(page.items());
            if (page.nextToken() == null) {
                return items;
            }
            assertThat(page.items()).as("a page with a NextToken is full").hasSize(q.limit());
            q = new HistoryQuery(q.alarmName(), q.types(), q.itemType(), q.startMillis(), q.endMillis(),
                    q.newestFirst(), page.nextToken(), q.limit());
        }
        throw new AssertionError("paging did not end");
    }

    private static void assertInvalidNextToken(Throwable thrown) {
        assertThat(thrown).isInstanceOf(AwsError.class);
        assertThat(((AwsError) thrown).code()).isEqualTo("InvalidNextToken");
    }

    // ---- put and get ----

    @Test
    public void metricAlarmWithEveryFieldSetRoundTrips() {
        MetricAlarm alarm = fullMetricAlarm("latency:p99 caf\u00e9 \u2603 \uD83D\uDE80", T0);

        store.put(alarm, created(alarm));

        assertThat(store.get(ACCOUNT, alarm.name())).contains(alarm);
        assertThat(store.list(ACCOUNT, null, null, 10)).containsExactly(alarm);
    }

    @Test
    public void metricAlarmWithOptionalFieldsUnsetRoundTrips() {
        MetricAlarm alarm = metricAlarm("plain", T0);

        store.put(alarm, created(alarm));

        MetricAlarm stored = (MetricAlarm) store.get(ACCOUNT, "plain").orElseThrow();
        assertThat(stored).isEqualTo(alarm);
        assertThat(stored.description()).isNull();
        assertThat(stored.unit()).isNull();
        assertThat(stored.datapointsToAlarm()).isNull();
        assertThat(stored.treatMissingData()).isNull();
        assertThat(stored.evaluateLowSampleCountPercentile()).isNull();
        assertThat(stored.extendedStatistic()).isNull();
        assertThat(stored.status().reasonData()).isNull();
        assertThat(stored.metric().dimensions()).isEmpty();
    }

    @Test
    public void everyEnumValueAndThresholdRoundTrips() {
        List<Alarm> put = new ArrayList<>();
        double[] thresholds = {0.0, -0.0, 1e-300, -1.7976931348623157e308, 123456.789, Double.MIN_VALUE};
        int i = 0;
        for (ComparisonOperator op : ComparisonOperator.values()) {
            for (StandardUnit unit : StandardUnit.values()) {
                TreatMissingData[] modes = TreatMissingData.values();
                AlarmState state = AlarmState.values()[i % AlarmState.values().length];
                TreatMissingData mode = i % (modes.length + 1) == modes.length ? null : modes[i % (modes.length + 1)];
                String name = "a" + i;
                MetricAlarm base = metricAlarm(name, T0 + i);
                put.add(new MetricAlarm(ACCOUNT, name, base.arn(), null, base.actions(), base.metric(), "Sum", null,
                        unit, 60 * (1 + i % 5), 1 + i % 7, i % 2 == 0 ? null : 1, thresholds[i % thresholds.length],
                        op, mode, i % 3 == 0 ? "evaluate" : null, base.configurationUpdatedMillis(),
                        new AlarmStatus(state, "r" + i, null, T0 + i, T0)));
                i++;
            }
        }
        for (Alarm alarm : put) {
            store.put(alarm, created(alarm));
        }

        for (Alarm alarm : put) {
            assertThat(store.get(ACCOUNT, alarm.name())).contains(alarm);
        }
        // -0.0 and 0.0 are different thresholds; the record's equals tells them apart
        double negativeZero = ((MetricAlarm) store.get(ACCOUNT, "a1").orElseThrow()).threshold();
        assertThat(Double.doubleToRawLongBits(negativeZero)).isEqualTo(Double.doubleToRawLongBits(-0.0));
    }

    @Test
    public void compositeAlarmsRoundTripWithAndWithoutOptionalFields() {
        CompositeAlarm full = fullCompositeAlarm("both:\u2603", T0);
        CompositeAlarm minimal = compositeAlarm(ACCOUNT, "minimal", T0 + 1);

        store.put(full, created(full));
        store.put(minimal, created(minimal));

        assertThat(store.get(ACCOUNT, "both:\u2603")).contains(full);
        assertThat(store.get(ACCOUNT, "minimal")).contains(minimal);
        CompositeAlarm stored = (CompositeAlarm) store.get(ACCOUNT, "minimal").orElseThrow();
        assertThat(stored.actionsSuppressor()).isNull();
        assertThat(stored.suppressorWaitPeriod()).isNull();
        assertThat(stored.actionsSuppressedBy()).isNull();
        assertThat(stored.type()).isEqualTo(AlarmType.CompositeAlarm);
    }

    @Test
    public void putReplacesTheAlarmEvenWithAnotherType() {
        MetricAlarm first = metricAlarm("shared", T0);
        store.put(first, created(first));
        MetricAlarm second = fullMetricAlarm("shared", T0 + 1000);
        store.put(second, created(second));

        assertThat(store.get(ACCOUNT, "shared")).contains(second);

        CompositeAlarm third = compositeAlarm(ACCOUNT, "shared", T0 + 2000);
        store.put(third, created(third));

        assertThat(store.get(ACCOUNT, "shared")).contains(third);
        assertThat(store.list(ACCOUNT, null, null, 100)).containsExactly(third);
    }

    @Test
    public void getOfAnUnknownNameOrAccountIsEmpty() {
        MetricAlarm alarm = metricAlarm("cpu:high", T0);
        store.put(alarm, created(alarm));

        assertThat(store.get(ACCOUNT, "cpu")).isEmpty();
        assertThat(store.get(ACCOUNT, "cpu:high2")).isEmpty();
        assertThat(store.get(ACCOUNT, "CPU:HIGH")).isEmpty();
        assertThat(store.get("999999999999", "cpu:high")).isEmpty();
    }

    // ---- list ----

    @Test
    public void listIsSortedByNameAndHonoursPrefixAfterNameAndLimit() {
        List<String> names = List.of("web", "Api", "db-2", "db-10", "db:x", "cache_1", "Zeta", "a", "db", "caf\u00e9");
        for (String name : names) {
            MetricAlarm alarm = metricAlarm(name, T0);
            store.put(alarm, created(alarm));
        }

        assertThat(names(store.list(ACCOUNT, null, null, 100)))
                .containsExactly("Api", "Zeta", "a", "cache_1", "caf\u00e9", "db", "db-10", "db-2", "db:x", "web");
        assertThat(names(store.list(ACCOUNT, "", null, 3))).containsExactly("Api", "Zeta", "a");
        assertThat(names(store.list(ACCOUNT, "db", null, 100))).containsExactly("db", "db-10", "db-2", "db:x");
        assertThat(names(store.list(ACCOUNT, "db", "db", 100))).containsExactly("db-10", "db-2", "db:x");
        assertThat(names(store.list(ACCOUNT, "db", "db-10", 1))).containsExactly("db-2");
        assertThat(names(store.list(ACCOUNT, "db", "db-3", 100))).containsExactly("db:x");
        assertThat(names(store.list(ACCOUNT, "db", "Api", 2))).containsExactly("db", "db-10");
        assertThat(names(store.list(ACCOUNT, "db", "db:x", 100))).isEmpty();
        assertThat(names(store.list(ACCOUNT, "db", "zzz", 100))).isEmpty();
        assertThat(names(store.list(ACCOUNT, null, "cache_1", 2))).containsExactly("caf\u00e9", "db");
        assertThat(names(store.list(ACCOUNT, "caf", null, 100))).containsExactly("caf\u00e9");
        assertThat(names(store.list(ACCOUNT, "DB", null, 100))).isEmpty();
        assertThat(store.list("999999999999", null, null, 100)).isEmpty();
    }

    @Test
    public void pagingWithTheLastNameVisitsEveryAlarmOnceInAStableOrder() {
        List<String> names = new ArrayList<>(List.of("\uD83D\uDE80 rocket", "\uFF21 fullwidth", "\uE000 private", "plain",
                "\u00e9", "\u2603", "z", ":", "a:b:c", "A"));
        for (int i = 0; i < 25; i++) {
            names.add("n" + i);
        }
        Collections.shuffle(names, new Random(3));
        for (String name : names) {
            MetricAlarm alarm = metricAlarm(name, T0);
            store.put(alarm, created(alarm));
        }
        List<String> whole = names(store.list(ACCOUNT, null, null, 100));

        List<String> paged = new ArrayList<>();
        String after = null;
        for (int pages = 0; pages < 100; pages++) {
            List<Alarm> page = store.list(ACCOUNT, null, after, 4);
            if (page.isEmpty()) {
                break;
            }
            assertThat(page.size()).isLessThanOrEqualTo(4);
            paged.addAll(names(page));
            after = page.get(page.size() - 1).name();
        }

        assertThat(whole).containsExactlyInAnyOrderElementsOf(names);
        assertThat(paged).isEqualTo(whole);
        assertThat(names(store.list(ACCOUNT, null, null, 100))).isEqualTo(whole);
    }

    // ---- accounts ----

    @Test
    public void accountsNeverSeeEachOthersAlarms() {
        MetricAlarm mine = metricAlarm(ACCOUNT, "shared", T0);
        CompositeAlarm theirs = compositeAlarm(OTHER_ACCOUNT, "shared", T0 + 1);
        MetricAlarm onlyTheirs = metricAlarm(OTHER_ACCOUNT, "only-b", T0 + 2);
        store.put(mine, created(mine));
        store.put(theirs, created(theirs));
        store.put(onlyTheirs, created(onlyTheirs));

        assertThat(store.get(ACCOUNT, "shared")).contains(mine);
        assertThat(store.get(OTHER_ACCOUNT, "shared")).contains(theirs);
        assertThat(store.get(ACCOUNT, "only-b")).isEmpty();
        assertThat(store.list(ACCOUNT, null, null, 10)).containsExactly(mine);
        assertThat(store.list(OTHER_ACCOUNT, null, null, 10)).containsExactly(onlyTheirs, theirs);
        assertThat(store.updateStatus(new StatusUpdate(ACCOUNT, "only-b", T0 + 2,
                AlarmStatus.initial(T0).moveTo(AlarmState.OK, "ok", null, T0 + 5), null, null, null))).isEmpty();
        assertThat(store.setActionsEnabled(ACCOUNT, "only-b", false)).isEmpty();
        assertThat(store.delete(ACCOUNT, "only-b", item(ACCOUNT, "only-b", AlarmType.MetricAlarm,
                HistoryItemType.ConfigurationUpdate, T0 + 9, "deleted"))).isFalse();

        assertThat(store.delete(ACCOUNT, "shared", item(ACCOUNT, "shared", AlarmType.MetricAlarm,
                HistoryItemType.ConfigurationUpdate, T0 + 9, "deleted"))).isTrue();

        assertThat(store.get(OTHER_ACCOUNT, "shared")).contains(theirs);
        assertThat(store.get(OTHER_ACCOUNT, "only-b")).contains(onlyTheirs);
        assertThat(summaries(store.history(OTHER_ACCOUNT, all(false, 10))))
                .containsExactly("Alarm \"shared\" created", "Alarm \"only-b\" created");
        assertThat(summaries(store.history(ACCOUNT, all(false, 10))))
                .containsExactly("Alarm \"shared\" created", "deleted");
    }

    @Test
    public void forEachVisitsEveryAlarmOfEveryAccount() {
        List<Alarm> put = List.of(metricAlarm(ACCOUNT, "a", T0), compositeAlarm(ACCOUNT, "b", T0),
                metricAlarm(OTHER_ACCOUNT, "a", T0 + 1), fullMetricAlarm("c:\u2603", T0),
                compositeAlarm("000000000001", "z", T0));
        for (Alarm alarm : put) {
            store.put(alarm, created(alarm));
        }
        store.delete(ACCOUNT, "b", item(ACCOUNT, "b", AlarmType.CompositeAlarm, HistoryItemType.ConfigurationUpdate,
                T0 + 5, "deleted"));

        List<Alarm> seen = new ArrayList<>();
        store.forEach(seen::add);

        assertThat(seen).containsExactlyInAnyOrder(put.get(0), put.get(2), put.get(3), put.get(4));
    }

    // ---- delete ----

    @Test
    public void deleteRemovesTheAlarmAndAppendsItsHistoryItem() {
        MetricAlarm alarm = metricAlarm("cpu", T0);
        store.put(alarm, created(alarm));

        boolean deleted = store.delete(ACCOUNT, "cpu", item(ACCOUNT, "cpu", AlarmType.MetricAlarm,
                HistoryItemType.ConfigurationUpdate, T0 + 1000, "Alarm \"cpu\" deleted"));

        assertThat(deleted).isTrue();
        assertThat(store.get(ACCOUNT, "cpu")).isEmpty();
        assertThat(store.list(ACCOUNT, null, null, 10)).isEmpty();
        assertThat(summaries(store.history(ACCOUNT, all(false, 10))))
                .containsExactly("Alarm \"cpu\" created", "Alarm \"cpu\" deleted");
    }

    @Test
    public void deleteOfAnUnknownAlarmReturnsFalseAndWritesNoHistory() {
        MetricAlarm alarm = metricAlarm("cpu", T0);
        store.put(alarm, created(alarm));

        assertThat(store.delete(ACCOUNT, "nope", item(ACCOUNT, "nope", AlarmType.MetricAlarm,
                HistoryItemType.ConfigurationUpdate, T0 + 1, "Alarm \"nope\" deleted"))).isFalse();
        assertThat(store.delete("999999999999", "cpu", item("999999999999", "cpu", AlarmType.MetricAlarm,
                HistoryItemType.ConfigurationUpdate, T0 + 1, "x"))).isFalse();

        assertThat(summaries(store.history(ACCOUNT, all(false, 10)))).containsExactly("Alarm \"cpu\" created");
        assertThat(store.history("999999999999", all(false, 10)).items()).isEmpty();
        assertThat(store.get(ACCOUNT, "cpu")).contains(alarm);
    }

    // ---- history ----

    @Test
    public void historyItemsRoundTripWithEveryField() {
        AlarmHistoryItem item = new AlarmHistoryItem(ACCOUNT, "cpu:high \u2603", AlarmType.CompositeAlarm,
                HistoryItemType.Action, T0 + 123, "Successfully executed action arn:aws:sns:us-east-1:1:t",
                "{\"actionState\":\"Succeeded\",\"note\":\"caf\u00e9 \uD83D\uDE80\"}");

        store.appendHistory(item);

        assertThat(store.history(ACCOUNT, all(false, 10)).items()).containsExactly(item);
        assertThat(store.history(ACCOUNT, new HistoryQuery("cpu:high \u2603", BOTH, null, T0, T0 + 123, true, null, 1))
                .items()).containsExactly(item);
    }

    @Test
    public void historyIsOrderedByTimestampThenByInsertion() {
        store.appendHistory(stateItem("a", T0 + 2000, "third"));
        store.appendHistory(stateItem("b", T0, "first"));
        store.appendHistory(stateItem("a", T0 + 1000, "second-1"));
        store.appendHistory(stateItem("c", T0 + 1000, "second-2"));
        store.appendHistory(stateItem("a", T0 + 1000, "second-3"));

        assertThat(summaries(store.history(ACCOUNT, all(false, 100))))
                .containsExactly("first", "second-1", "second-2", "second-3", "third");
        assertThat(summaries(store.history(ACCOUNT, all(true, 100))))
                .containsExactly("third", "second-3", "second-2", "second-1", "first");
    }

    @Test
    public void historyFiltersByAlarmNameExactly() {
        store.appendHistory(stateItem("cpu", T0, "cpu-1"));
        store.appendHistory(stateItem("cpu-2", T0 + 1, "cpu2-1"));
        store.appendHistory(stateItem("cp", T0 + 2, "cp-1"));
        store.appendHistory(stateItem("cpu", T0 + 3, "cpu-2"));
        store.appendHistory(item(OTHER_ACCOUNT, "cpu", AlarmType.MetricAlarm, HistoryItemType.StateUpdate, T0 + 4,
                "other"));

        assertThat(summaries(store.history(ACCOUNT, new HistoryQuery("cpu", BOTH, null, Long.MIN_VALUE,
                Long.MAX_VALUE, false, null, 10)))).containsExactly("cpu-1", "cpu-2");
        assertThat(summaries(store.history(ACCOUNT, new HistoryQuery("cpu", BOTH, null, Long.MIN_VALUE,
                Long.MAX_VALUE, true, null, 10)))).containsExactly("cpu-2", "cpu-1");
        assertThat(store.history(ACCOUNT, new HistoryQuery("CPU", BOTH, null, Long.MIN_VALUE, Long.MAX_VALUE,
                false, null, 10)).items()).isEmpty();
    }

    @Test
    public void historyFiltersByAlarmTypeAndItemType() {
        store.appendHistory(item(ACCOUNT, "m", AlarmType.MetricAlarm, HistoryItemType.ConfigurationUpdate, T0, "m-config"));
        store.appendHistory(item(ACCOUNT, "m", AlarmType.MetricAlarm, HistoryItemType.StateUpdate, T0 + 1, "m-state"));
        store.appendHistory(item(ACCOUNT, "m", AlarmType.MetricAlarm, HistoryItemType.Action, T0 + 2, "m-action"));
        store.appendHistory(item(ACCOUNT, "c", AlarmType.CompositeAlarm, HistoryItemType.ConfigurationUpdate, T0 + 3, "c-config"));
        store.appendHistory(item(ACCOUNT, "c", AlarmType.CompositeAlarm, HistoryItemType.StateUpdate, T0 + 4, "c-state"));

        Set<AlarmType> metricOnly = EnumSet.of(AlarmType.MetricAlarm);
        Set<AlarmType> compositeOnly = EnumSet.of(AlarmType.CompositeAlarm);
        assertThat(summaries(store.history(ACCOUNT, new HistoryQuery(null, metricOnly, null, Long.MIN_VALUE,
                Long.MAX_VALUE, false, null, 10)))).containsExactly("m-config", "m-state", "m-action");
        assertThat(summaries(store.history(ACCOUNT, new HistoryQuery(null, compositeOnly, null, Long.MIN_VALUE,
                Long.MAX_VALUE, false, null, 10)))).containsExactly("c-config", "c-state");
        assertThat(summaries(store.history(ACCOUNT, new HistoryQuery(null, BOTH, HistoryItemType.StateUpdate,
                Long.MIN_VALUE, Long.MAX_VALUE, false, null, 10)))).containsExactly("m-state", "c-state");
        assertThat(summaries(store.history(ACCOUNT, new HistoryQuery(null, compositeOnly,
                HistoryItemType.ConfigurationUpdate, Long.MIN_VALUE, Long.MAX_VALUE, false, null, 10))))
                .containsExactly("c-config");
        assertThat(summaries(store.history(ACCOUNT, new HistoryQuery("m", compositeOnly, null, Long.MIN_VALUE,
                Long.MAX_VALUE, false, null, 10)))).isEmpty();
        assertThat(summaries(store.history(ACCOUNT, new HistoryQuery("m", metricOnly, HistoryItemType.Action,
                Long.MIN_VALUE, Long.MAX_VALUE, true, null, 10)))).containsExactly("m-action");
    }

    @Test
    public void historyTimeRangeIsInclusiveAtBothEnds() {
        for (int i = 0; i < 5; i++) {
            store.appendHistory(stateItem("a", T0 + i * 1000L, "t" + i));
        }

        assertThat(summaries(store.history(ACCOUNT, new HistoryQuery(null, BOTH, null, T0 + 1000, T0 + 3000, false,
                null, 10)))).containsExactly("t1", "t2", "t3");
        assertThat(summaries(store.history(ACCOUNT, new HistoryQuery("a", BOTH, null, T0 + 1000, T0 + 3000, true,
                null, 10)))).containsExactly("t3", "t2", "t1");
        assertThat(summaries(store.history(ACCOUNT, new HistoryQuery(null, BOTH, null, T0 + 1001, T0 + 2999, false,
                null, 10)))).containsExactly("t2");
        assertThat(summaries(store.history(ACCOUNT, new HistoryQuery(null, BOTH, null, T0 + 4000, T0 + 4000, false,
                null, 10)))).containsExactly("t4");
        assertThat(store.history(ACCOUNT, new HistoryQuery(null, BOTH, null, T0 + 3000, T0 + 1000, false, null, 10))
                .items()).isEmpty();
        assertThat(store.history(ACCOUNT, new HistoryQuery(null, BOTH, null, T0 + 5000, Long.MAX_VALUE, true, null,
                10)).items()).isEmpty();
    }

    @Test
    public void historyPagesThroughEqualTimestampsWithoutLosingOrRepeatingItems() {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            long at = T0 + (i < 8 ? 0 : 1000); // eight items share one timestamp, across page boundaries
            store.appendHistory(stateItem(i % 2 == 0 ? "even" : "odd", at, "i" + i));
            expected.add("i" + i);
        }

        HistoryPage first = store.history(ACCOUNT, all(false, 3));
        assertThat(summaries(first)).containsExactly("i0", "i1", "i2");
        assertThat(first.nextToken()).isNotNull();
        HistoryPage second = store.history(ACCOUNT, new HistoryQuery(null, BOTH, null, Long.MIN_VALUE,
                Long.MAX_VALUE, false, first.nextToken(), 3));
        assertThat(summaries(second)).containsExactly("i3", "i4", "i5");
        // a token can be used twice: the page is the same
        assertThat(summaries(store.history(ACCOUNT, new HistoryQuery(null, BOTH, null, Long.MIN_VALUE,
                Long.MAX_VALUE, false, first.nextToken(), 3)))).containsExactly("i3", "i4", "i5");

        for (int limit : List.of(1, 2, 3, 4, 10, 11, 12)) {
            assertThat(allPages(ACCOUNT, all(false, limit))).extracting(AlarmHistoryItem::summary)
                    .as("ascending, limit %d", limit).containsExactlyElementsOf(expected);
            List<String> reversed = new ArrayList<>(expected);
            Collections.reverse(reversed);
            assertThat(allPages(ACCOUNT, all(true, limit))).extracting(AlarmHistoryItem::summary)
                    .as("descending, limit %d", limit).containsExactlyElementsOf(reversed);
            assertThat(allPages(ACCOUNT, new HistoryQuery("even", BOTH, null, Long.MIN_VALUE, Long.MAX_VALUE, true,
                    null, limit))).extracting(AlarmHistoryItem::summary).as("by name, limit %d", limit)
                    .containsExactly("i10", "i8", "i6", "i4", "i2", "i0");
        }
    }

    @Test
    public void theLastPageHasNoNextToken() {
        for (int i = 0; i < 4; i++) {
            store.appendHistory(stateItem("a", T0 + i, "i" + i));
        }
        store.appendHistory(item(ACCOUNT, "c", AlarmType.CompositeAlarm, HistoryItemType.StateUpdate, T0 + 9, "c"));

        assertThat(store.history(ACCOUNT, all(false, 5)).nextToken()).isNull();
        assertThat(store.history(ACCOUNT, all(false, 6)).nextToken()).isNull();
        assertThat(store.history(ACCOUNT, all(false, 4)).nextToken()).isNotNull();
        // the fifth item is filtered out, so four metric items fill the page and there is no more
        assertThat(store.history(ACCOUNT, new HistoryQuery(null, EnumSet.of(AlarmType.MetricAlarm), null,
                Long.MIN_VALUE, Long.MAX_VALUE, false, null, 4)).nextToken()).isNull();
        assertThat(store.history("999999999999", all(false, 4))).isEqualTo(new HistoryPage(List.of(), null));
    }

    @Test
    public void aGarbageOrTamperedNextTokenIsInvalidNextToken() {
        for (int i = 0; i < 4; i++) {
            store.appendHistory(stateItem("a", T0 + i, "i" + i));
        }
        String token = store.history(ACCOUNT, all(false, 1)).nextToken();
        char flipped = token.charAt(token.length() / 2) == 'A' ? 'B' : 'A';
        String tampered = token.substring(0, token.length() / 2) + flipped + token.substring(token.length() / 2 + 1);

        for (String bad : List.of("garbage", "", "!!!not base64!!!", tampered, token + "A", "AAAAAAAAAAAAAAAAAAAAAAAA")) {
            assertInvalidNextToken(catchThrowable(() -> store.history(ACCOUNT,
                    new HistoryQuery(null, BOTH, null, Long.MIN_VALUE, Long.MAX_VALUE, false, bad, 1))));
        }
    }

    @Test
    public void aNextTokenOfAnotherAccountIsInvalidNextToken() {
        for (int i = 0; i < 3; i++) {
            store.appendHistory(stateItem("a", T0 + i, "mine" + i));
            store.appendHistory(item(OTHER_ACCOUNT, "a", AlarmType.MetricAlarm, HistoryItemType.StateUpdate, T0 + i,
                    "theirs" + i));
        }
        String theirs = store.history(OTHER_ACCOUNT, all(false, 1)).nextToken();
        assertThat(theirs).isNotNull();

        assertInvalidNextToken(catchThrowable(() -> store.history(ACCOUNT,
                new HistoryQuery(null, BOTH, null, Long.MIN_VALUE, Long.MAX_VALUE, false, theirs, 1))));
        assertInvalidNextToken(catchThrowable(() -> store.history("999999999999",
                new HistoryQuery(null, BOTH, null, Long.MIN_VALUE, Long.MAX_VALUE, false, theirs, 1))));
        assertThat(summaries(store.history(OTHER_ACCOUNT,
                new HistoryQuery(null, BOTH, null, Long.MIN_VALUE, Long.MAX_VALUE, false, theirs, 5))))
                .containsExactly("theirs1", "theirs2");
    }

    @Test
    public void historyOutlivesTheDeletedAlarmAndItsSuccessor() {
        MetricAlarm alarm = metricAlarm("cpu", T0);
        store.put(alarm, created(alarm));
        store.appendHistory(stateItem("cpu", T0 + 60_000, "Alarm updated from INSUFFICIENT_DATA to OK"));
        store.delete(ACCOUNT, "cpu", item(ACCOUNT, "cpu", AlarmType.MetricAlarm,
                HistoryItemType.ConfigurationUpdate, T0 + 120_000, "Alarm \"cpu\" deleted"));
        MetricAlarm again = metricAlarm("cpu", T0 + 180_000);
        store.put(again, created(again));

        assertThat(summaries(store.history(ACCOUNT, new HistoryQuery("cpu", BOTH, null, Long.MIN_VALUE,
                Long.MAX_VALUE, false, null, 10)))).containsExactly("Alarm \"cpu\" created",
                "Alarm updated from INSUFFICIENT_DATA to OK", "Alarm \"cpu\" deleted", "Alarm \"cpu\" created");
    }

    @Test
    public void pruneHistoryDeletesItemsBeforeTheCutoffInEveryAccount() {
        for (int i = 0; i < 6; i++) {
            store.appendHistory(stateItem(i % 2 == 0 ? "a" : "b", T0 + i * 1000L, "t" + i));
            store.appendHistory(item(OTHER_ACCOUNT, "a", AlarmType.MetricAlarm, HistoryItemType.StateUpdate,
                    T0 + i * 1000L, "o" + i));
        }
        MetricAlarm alarm = metricAlarm("a", T0 - 10_000);
        store.put(alarm, created(alarm));

        long pruned = store.pruneHistory(T0 + 3000);

        assertThat(pruned).isEqualTo(7); // three per account and the created item
        assertThat(summaries(store.history(ACCOUNT, all(false, 100)))).containsExactly("t3", "t4", "t5");
        assertThat(summaries(store.history(OTHER_ACCOUNT, all(false, 100)))).containsExactly("o3", "o4", "o5");
        assertThat(summaries(store.history(ACCOUNT, new HistoryQuery("a", BOTH, null, Long.MIN_VALUE,
                Long.MAX_VALUE, true, null, 100)))).containsExactly("t4");
        assertThat(store.get(ACCOUNT, "a")).contains(alarm); // alarms are not history
        assertThat(store.pruneHistory(T0 + 3000)).isZero();
        assertThat(store.pruneHistory(Long.MAX_VALUE)).isEqualTo(6);
        assertThat(store.history(ACCOUNT, all(false, 100)).items()).isEmpty();
        // writing after a prune works as before
        store.appendHistory(stateItem("a", T0, "again"));
        assertThat(summaries(store.history(ACCOUNT, all(false, 100)))).containsExactly("again");
    }

    // ---- status updates ----

    @Test
    public void updateStatusWritesTheStatusAndItsHistoryItem() {
        MetricAlarm alarm = fullMetricAlarm("cpu", T0);
        store.put(alarm, created(alarm));
        AlarmStatus next = alarm.status().moveTo(AlarmState.OK, "Threshold Crossed: 1 datapoint was not less",
                "{\"version\":\"1.0\"}", T0 + 120_000);
        AlarmHistoryItem history = stateItem("cpu", T0 + 120_000, "Alarm updated from ALARM to OK");

        Optional<Alarm> updated = store.updateStatus(new StatusUpdate(ACCOUNT, "cpu", T0, next, "Alarm", "ignored",
                history));

        MetricAlarm expected = alarm.withStatus(next);
        assertThat(updated).contains(expected);
        assertThat(store.get(ACCOUNT, "cpu")).contains(expected);
        assertThat(store.history(ACCOUNT, all(true, 1)).items()).containsExactly(history);
    }

    @Test
    public void updateStatusWithoutAHistoryItemWritesOnlyTheStatus() {
        MetricAlarm alarm = metricAlarm("cpu", T0);
        store.put(alarm, created(alarm));
        AlarmStatus next = new AlarmStatus(AlarmState.INSUFFICIENT_DATA, "set by hand", null, T0 + 5, T0);

        assertThat(store.updateStatus(new StatusUpdate(ACCOUNT, "cpu", T0, next, null, null, null)))
                .contains(alarm.withStatus(next));

        assertThat(store.get(ACCOUNT, "cpu")).contains(alarm.withStatus(next));
        assertThat(summaries(store.history(ACCOUNT, all(false, 10)))).containsExactly("Alarm \"cpu\" created");
    }

    @Test
    public void updateStatusOfAReconfiguredAlarmWritesNothing() {
        MetricAlarm alarm = metricAlarm("cpu", T0);
        store.put(alarm, created(alarm));
        MetricAlarm reconfigured = fullMetricAlarm("cpu", T0 + 1000);
        store.put(reconfigured, created(reconfigured));

        for (long stale : List.of(T0, T0 + 999, T0 + 1001)) {
            Optional<Alarm> result = store.updateStatus(new StatusUpdate(ACCOUNT, "cpu", stale,
                    AlarmStatus.initial(T0).moveTo(AlarmState.ALARM, "stale", null, T0 + 2000), null, null,
                    stateItem("cpu", T0 + 2000, "stale " + stale)));
            assertThat(result).as("expected %d", stale).isEmpty();
        }

        assertThat(store.get(ACCOUNT, "cpu")).contains(reconfigured);
        assertThat(summaries(store.history(ACCOUNT, all(false, 10))))
                .containsExactly("Alarm \"cpu\" created", "Alarm \"cpu\" created");
    }

    @Test
    public void updateStatusOfAMissingAlarmWritesNothing() {
        MetricAlarm alarm = metricAlarm("cpu", T0);
        store.put(alarm, created(alarm));
        store.delete(ACCOUNT, "cpu", item(ACCOUNT, "cpu", AlarmType.MetricAlarm, HistoryItemType.ConfigurationUpdate,
                T0 + 1, "deleted"));

        for (String[] target : List.of(new String[] {ACCOUNT, "cpu"}, new String[] {ACCOUNT, "never"},
                new String[] {"999999999999", "cpu"})) {
            assertThat(store.updateStatus(new StatusUpdate(target[0], target[1], T0,
                    AlarmStatus.initial(T0).moveTo(AlarmState.ALARM, "gone", null, T0 + 5), null, null,
                    item(target[0], target[1], AlarmType.MetricAlarm, HistoryItemType.StateUpdate, T0 + 5, "ghost"))))
                    .isEmpty();
        }

        assertThat(store.get(ACCOUNT, "cpu")).isEmpty();
        assertThat(summaries(store.history(ACCOUNT, all(false, 10)))).containsExactly("Alarm \"cpu\" created", "deleted");
        assertThat(store.history("999999999999", all(false, 10)).items()).isEmpty();
    }

    @Test
    public void updateStatusWritesAndClearsACompositeAlarmsSuppressionFields() {
        CompositeAlarm alarm = compositeAlarm(ACCOUNT, "both", T0);
        store.put(alarm, created(alarm));
        AlarmStatus alarming = alarm.status().moveTo(AlarmState.ALARM, "arn transitioned to ALARM", "{}", T0 + 10);

        Optional<Alarm> suppressed = store.updateStatus(new StatusUpdate(ACCOUNT, "both", T0, alarming, "WaitPeriod",
                "Actions suppressed by WaitPeriod", null));

        CompositeAlarm expected = alarm.withStatus(alarming).withSuppression("WaitPeriod",
                "Actions suppressed by WaitPeriod");
        assertThat(suppressed).contains(expected);
        assertThat(store.get(ACCOUNT, "both")).contains(expected);

        Optional<Alarm> cleared = store.updateStatus(new StatusUpdate(ACCOUNT, "both", T0, alarming, null, null, null));

        assertThat(cleared).contains(alarm.withStatus(alarming));
        CompositeAlarm stored = (CompositeAlarm) store.get(ACCOUNT, "both").orElseThrow();
        assertThat(stored.actionsSuppressedBy()).isNull();
        assertThat(stored.actionsSuppressedReason()).isNull();
        assertThat(stored.rule()).isEqualTo(alarm.rule());
    }

    @Test
    public void updateStatusesWritesOnlyTheValidUpdatesAndAnswersInOrder() {
        MetricAlarm cpu = fullMetricAlarm("cpu", T0);
        MetricAlarm disk = metricAlarm("disk", T0);
        CompositeAlarm both = compositeAlarm(ACCOUNT, "both", T0);
        MetricAlarm reconfigured = metricAlarm("mem", T0 + 1000);
        for (Alarm alarm : List.of(cpu, disk, both, reconfigured)) {
            store.put(alarm, created(alarm));
        }
        AlarmStatus cpuOk = cpu.status().moveTo(AlarmState.OK, "ok", "{\"version\":\"1.0\"}", T0 + 120_000);
        AlarmStatus diskAlarm = disk.status().moveTo(AlarmState.ALARM, "high", null, T0 + 120_000);
        AlarmStatus bothAlarm = both.status().moveTo(AlarmState.ALARM, "child", "{}", T0 + 120_000);
        AlarmStatus stale = AlarmStatus.initial(T0).moveTo(AlarmState.ALARM, "stale", null, T0 + 120_000);
        AlarmHistoryItem cpuItem = stateItem("cpu", T0 + 120_000, "cpu to OK");
        AlarmHistoryItem diskItem = stateItem("disk", T0 + 120_000, "disk to ALARM");

        List<Optional<Alarm>> results = store.updateStatuses(List.of(
                new StatusUpdate(ACCOUNT, "cpu", T0, cpuOk, null, null, cpuItem),
                new StatusUpdate(ACCOUNT, "mem", T0, stale, null, null, stateItem("mem", T0 + 120_000, "stale")),
                new StatusUpdate(ACCOUNT, "never", T0, stale, null, null, stateItem("never", T0 + 120_000, "missing")),
                new StatusUpdate(ACCOUNT, "disk", T0, diskAlarm, null, null, diskItem),
                new StatusUpdate("999999999999", "cpu", T0, stale, null, null, null),
                new StatusUpdate(ACCOUNT, "both", T0, bothAlarm, "WaitPeriod", "waiting", null)));

        CompositeAlarm bothExpected = both.withStatus(bothAlarm).withSuppression("WaitPeriod", "waiting");
        assertThat(results).containsExactly(Optional.of(cpu.withStatus(cpuOk)), Optional.empty(), Optional.empty(),
                Optional.of(disk.withStatus(diskAlarm)), Optional.empty(), Optional.of(bothExpected));
        assertThat(store.get(ACCOUNT, "cpu")).contains(cpu.withStatus(cpuOk));
        assertThat(store.get(ACCOUNT, "disk")).contains(disk.withStatus(diskAlarm));
        assertThat(store.get(ACCOUNT, "both")).contains(bothExpected);
        assertThat(store.get(ACCOUNT, "mem")).contains(reconfigured);
        assertThat(store.get(ACCOUNT, "never")).isEmpty();
        assertThat(summaries(store.history(ACCOUNT, new HistoryQuery(null, BOTH, HistoryItemType.StateUpdate,
                Long.MIN_VALUE, Long.MAX_VALUE, false, null, 10)))).containsExactly("cpu to OK", "disk to ALARM");
        assertThat(store.history("999999999999", all(false, 10)).items()).isEmpty();
        assertThat(store.updateStatuses(List.of())).isEmpty();
    }

    @Test
    public void updateStatusesWritesStatusesAndHistoryTogetherDurably() {
        MetricAlarm cpu = metricAlarm("cpu", T0);
        store.put(cpu, created(cpu));
        AlarmStatus alarming = cpu.status().moveTo(AlarmState.ALARM, "high", null, T0 + 60_000);
        AlarmStatus ok = alarming.moveTo(AlarmState.OK, "low", null, T0 + 120_000);

        // Two updates of one alarm in one call: the second applies on top of the first.
        List<Optional<Alarm>> results = store.updateStatuses(List.of(
                new StatusUpdate(ACCOUNT, "cpu", T0, alarming, null, null, stateItem("cpu", T0 + 60_000, "to ALARM")),
                new StatusUpdate(ACCOUNT, "cpu", T0, ok, null, null, stateItem("cpu", T0 + 120_000, "to OK"))));
        reopen();

        assertThat(results).containsExactly(Optional.of(cpu.withStatus(alarming)), Optional.of(cpu.withStatus(ok)));
        assertThat(store.get(ACCOUNT, "cpu")).contains(cpu.withStatus(ok));
        assertThat(summaries(store.history(ACCOUNT, all(false, 10))))
                .containsExactly("Alarm \"cpu\" created", "to ALARM", "to OK");
        assertThat(summaries(store.history(ACCOUNT, new HistoryQuery("cpu", BOTH, HistoryItemType.StateUpdate,
                Long.MIN_VALUE, Long.MAX_VALUE, true, null, 10)))).containsExactly("to OK", "to ALARM");
    }

    @Test
    public void setActionsEnabledChangesOnlyTheFlag() {
        MetricAlarm alarm = fullMetricAlarm("cpu", T0);
        CompositeAlarm composite = fullCompositeAlarm("both", T0);
        store.put(alarm, created(alarm));
        store.put(composite, created(composite));

        assertThat(store.setActionsEnabled(ACCOUNT, "cpu", true))
                .contains(alarm.withActions(alarm.actions().withEnabled(true)));
        assertThat(store.setActionsEnabled(ACCOUNT, "both", false))
                .contains(composite.withActions(composite.actions().withEnabled(false)));
        assertThat(store.setActionsEnabled(ACCOUNT, "both", false))
                .contains(composite.withActions(composite.actions().withEnabled(false)));

        assertThat(store.get(ACCOUNT, "cpu")).contains(alarm.withActions(alarm.actions().withEnabled(true)));
        assertThat(store.get(ACCOUNT, "both")).contains(composite.withActions(composite.actions().withEnabled(false)));
        assertThat(store.setActionsEnabled(ACCOUNT, "nope", true)).isEmpty();
        assertThat(store.get(ACCOUNT, "nope")).isEmpty();
        // the configuration timestamp is unchanged, so evaluations of this definition still apply
        assertThat(store.updateStatus(new StatusUpdate(ACCOUNT, "cpu", T0, alarm.status(), null, null, null)))
                .isPresent();
    }

    // ---- durability ----

    @Test
    public void alarmsAndHistorySurviveReopenAndKeepTheirOrder() {
        MetricAlarm alarm = fullMetricAlarm("cpu:\u2603", T0);
        CompositeAlarm composite = fullCompositeAlarm("both", T0);
        store.put(alarm, created(alarm));
        store.put(composite, created(composite));
        store.appendHistory(stateItem("cpu:\u2603", T0 + 1000, "before-1"));
        store.appendHistory(stateItem("cpu:\u2603", T0 + 1000, "before-2"));
        String token = store.history(ACCOUNT, all(false, 2)).nextToken();

        reopen();

        store.appendHistory(stateItem("cpu:\u2603", T0 + 1000, "after-1"));
        store.appendHistory(stateItem("cpu:\u2603", T0 + 1000, "after-2"));
        assertThat(store.get(ACCOUNT, "cpu:\u2603")).contains(alarm);
        assertThat(store.get(ACCOUNT, "both")).contains(composite);
        assertThat(summaries(store.history(ACCOUNT, new HistoryQuery("cpu:\u2603", BOTH, null, T0 + 1000, T0 + 1000,
                false, null, 10)))).containsExactly("before-1", "before-2", "after-1", "after-2");
        assertThat(summaries(store.history(ACCOUNT, new HistoryQuery(null, BOTH, null, Long.MIN_VALUE,
                Long.MAX_VALUE, false, token, 10)))).containsExactly("before-1", "before-2", "after-1", "after-2");
    }

    // ---- concurrency ----

    @Test
    public void concurrentStatusUpdatesNeverUndoAPut() throws Exception {
        int alarms = 4;
        int putsPerAlarm = 60;
        for (int a = 0; a < alarms; a++) {
            MetricAlarm alarm = metricAlarm("alarm-" + a, T0);
            store.put(alarm, created(alarm));
        }
        AtomicInteger statusWrites = new AtomicInteger();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        CountDownLatch puttersDone = new CountDownLatch(alarms);
        for (int a = 0; a < alarms; a++) {
            String name = "alarm-" + a;
            threads.add(new Thread(() -> {
                try {
                    start.await();
                    for (int i = 1; i <= putsPerAlarm; i++) {
                        MetricAlarm current = (MetricAlarm) store.get(ACCOUNT, name).orElseThrow();
                        MetricAlarm next = new MetricAlarm(ACCOUNT, name, current.arn(), "v" + i, current.actions(),
                                current.metric(), "Average", null, null, 60, 1, null, i, current.comparison(), null,
                                null, T0 + i, current.status()); // a PutMetricAlarm update keeps the state
                        store.put(next, item(ACCOUNT, name, AlarmType.MetricAlarm,
                                HistoryItemType.ConfigurationUpdate, T0 + i, "put " + i));
                    }
                } catch (Throwable t) {
                    failures.add(t);
                } finally {
                    puttersDone.countDown();
                }
            }));
        }
        for (int e = 0; e < 3; e++) {
            int evaluator = e;
            threads.add(new Thread(() -> {
                Random random = new Random(evaluator);
                try {
                    start.await();
                    while (puttersDone.getCount() > 0) {
                        String name = "alarm-" + random.nextInt(alarms);
                        Alarm seen = store.get(ACCOUNT, name).orElseThrow();
                        AlarmState state = AlarmState.values()[random.nextInt(3)];
                        AlarmStatus status = seen.status().moveTo(state, "evaluated " + seen.configurationUpdatedMillis(),
                                null, T0 + 100_000);
                        Optional<Alarm> written = store.updateStatus(new StatusUpdate(ACCOUNT, name,
                                seen.configurationUpdatedMillis(), status, null, null,
                                stateItem(name, T0 + 100_000, "status")));
                        if (written.isPresent()) {
                            statusWrites.incrementAndGet();
                            if (written.get().configurationUpdatedMillis() != seen.configurationUpdatedMillis()) {
                                throw new AssertionError("status written onto another definition");
                            }
                        }
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        threads.forEach(Thread::start);
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(failures).isEmpty();
        for (int a = 0; a < alarms; a++) {
            MetricAlarm stored = (MetricAlarm) store.get(ACCOUNT, "alarm-" + a).orElseThrow();
            assertThat(stored.configurationUpdatedMillis()).isEqualTo(T0 + putsPerAlarm);
            assertThat(stored.threshold()).isEqualTo(putsPerAlarm);
            assertThat(stored.description()).isEqualTo("v" + putsPerAlarm);
        }
        List<AlarmHistoryItem> history = allPages(ACCOUNT, all(false, 100));
        assertThat(history).hasSize(alarms + alarms * putsPerAlarm + statusWrites.get());
        assertThat(history.stream().filter(i -> i.type() == HistoryItemType.StateUpdate)).hasSize(statusWrites.get());
    }

    // ---- a randomized comparison with a simple model ----

    @Test
    public void randomOperationsMatchASimpleModel() {
        long seed = System.nanoTime();
        System.out.println("AlarmStoreContract.randomOperationsMatchASimpleModel seed=" + seed);
        Random random = new Random(seed);
        // names whose String order equals their code point order, so the model can use a TreeMap
        List<String> names = List.of("a", "a:b", "a-b", "ab", "b", "caf\u00e9", "caf", "\u2603", "x:y:z", "A");
        List<String> accounts = List.of(ACCOUNT, OTHER_ACCOUNT);
        Map<String, TreeMap<String, Alarm>> alarms = new HashMap<>();
        Map<String, List<AlarmHistoryItem>> history = new HashMap<>();
        accounts.forEach(a -> {
            alarms.put(a, new TreeMap<>());
            history.put(a, new ArrayList<>());
        });

        for (int step = 0; step < 600; step++) {
            String account = accounts.get(random.nextInt(accounts.size()));
            String name = names.get(random.nextInt(names.size()));
            TreeMap<String, Alarm> modelAlarms = alarms.get(account);
            List<AlarmHistoryItem> modelHistory = history.get(account);
            long at = T0 + random.nextInt(20) * 1000L; // few distinct timestamps: many ties
            Alarm current = modelAlarms.get(name);
            String context = "seed " + seed + " step " + step;
            switch (random.nextInt(9)) {
                case 0, 1 -> {
                    Alarm alarm = random.nextBoolean() ? metricAlarm(account, name, at)
                            : compositeAlarm(account, name, at);
                    AlarmHistoryItem item = item(account, name, alarm.type(), HistoryItemType.ConfigurationUpdate, at,
                            "put " + step);
                    store.put(alarm, item);
                    modelAlarms.put(name, alarm);
                    modelHistory.add(item);
                }
                case 2 -> {
                    long expected = current != null && random.nextInt(4) > 0 ? current.configurationUpdatedMillis() : at;
                    AlarmStatus status = new AlarmStatus(AlarmState.values()[random.nextInt(3)], "step " + step,
                            random.nextBoolean() ? null : "{\"step\":" + step + "}", at, at - 1);
                    String by = random.nextBoolean() ? null : "Alarm";
                    AlarmHistoryItem item = random.nextBoolean() ? null : item(account, name,
                            current == null ? AlarmType.MetricAlarm : current.type(), HistoryItemType.StateUpdate, at,
                            "status " + step);
                    Optional<Alarm> result = store.updateStatus(new StatusUpdate(account, name, expected, status, by,
                            by == null ? null : "reason " + step, item));
                    if (current != null && current.configurationUpdatedMillis() == expected) {
                        Alarm updated = current.withStatus(status);
                        if (updated instanceof CompositeAlarm c) {
                            updated = c.withSuppression(by, by == null ? null : "reason " + step);
                        }
                        assertThat(result).as(context).contains(updated);
                        modelAlarms.put(name, updated);
                        if (item != null) {
                            modelHistory.add(item);
                        }
                    } else {
                        assertThat(result).as(context).isEmpty();
                    }
                }
                case 3 -> {
                    AlarmHistoryItem item = item(account, name, current == null ? AlarmType.MetricAlarm : current.type(),
                            HistoryItemType.ConfigurationUpdate, at, "delete " + step);
                    assertThat(store.delete(account, name, item)).as(context).isEqualTo(current != null);
                    if (current != null) {
                        modelAlarms.remove(name);
                        modelHistory.add(item);
                    }
                }
                case 4 -> {
                    boolean on = random.nextBoolean();
                    Optional<Alarm> result = store.setActionsEnabled(account, name, on);
                    if (current == null) {
                        assertThat(result).as(context).isEmpty();
                    } else {
                        Alarm updated = current.withActions(current.actions().withEnabled(on));
                        assertThat(result).as(context).contains(updated);
                        modelAlarms.put(name, updated);
                    }
                }
                case 5 -> {
                    AlarmHistoryItem item = item(account, name, random.nextBoolean() ? AlarmType.MetricAlarm
                            : AlarmType.CompositeAlarm, HistoryItemType.Action, at, "action " + step);
                    store.appendHistory(item);
                    modelHistory.add(item);
                }
                case 6 -> {
                    String prefix = random.nextInt(3) == 0 ? null : name.substring(0, random.nextInt(name.length() + 1));
                    String after = random.nextBoolean() ? null : names.get(random.nextInt(names.size()));
                    int limit = 1 + random.nextInt(6);
                    List<Alarm> expected = modelAlarms.values().stream()
                            .filter(a -> prefix == null || a.name().startsWith(prefix))
                            .filter(a -> after == null || a.name().compareTo(after) > 0)
                            .limit(limit).toList();
                    assertThat(store.list(account, prefix, after, limit)).as(context).isEqualTo(expected);
                }
                case 7 -> {
                    String alarmName = random.nextBoolean() ? null : name;
                    Set<AlarmType> types = switch (random.nextInt(3)) {
                        case 0 -> EnumSet.of(AlarmType.MetricAlarm);
                        case 1 -> EnumSet.of(AlarmType.CompositeAlarm);
                        default -> BOTH;
                    };
                    HistoryItemType itemType = random.nextBoolean() ? null
                            : HistoryItemType.values()[random.nextInt(HistoryItemType.values().length)];
                    long from = random.nextBoolean() ? Long.MIN_VALUE : T0 + random.nextInt(20) * 1000L;
                    long to = random.nextBoolean() ? Long.MAX_VALUE : T0 + random.nextInt(20) * 1000L;
                    boolean newestFirst = random.nextBoolean();
                    HistoryQuery query = new HistoryQuery(alarmName, types, itemType, from, to, newestFirst, null,
                            1 + random.nextInt(7));
                    List<AlarmHistoryItem> expected = new ArrayList<>(modelHistory.stream()
                            .filter(i -> alarmName == null || i.alarmName().equals(alarmName))
                            .filter(i -> types.contains(i.alarmType()))
                            .filter(i -> itemType == null || i.type() == itemType)
                            .filter(i -> i.timestampMillis() >= from && i.timestampMillis() <= to)
                            .sorted(Comparator.comparingLong(AlarmHistoryItem::timestampMillis)) // stable: insertion order
                            .toList());
                    if (newestFirst) {
                        Collections.reverse(expected);
                    }
                    assertThat(allPages(account, query)).as(context).isEqualTo(expected);
                }
                default -> {
                    if (random.nextInt(10) == 0) {
                        long before = T0 + random.nextInt(10) * 1000L;
                        long expected = history.values().stream().flatMap(List::stream)
                                .filter(i -> i.timestampMillis() < before).count();
                        assertThat(store.pruneHistory(before)).as(context).isEqualTo(expected);
                        history.values().forEach(list -> list.removeIf(i -> i.timestampMillis() < before));
                    } else {
                        assertThat(store.get(account, name)).as(context).isEqualTo(Optional.ofNullable(current));
                    }
                }
            }
        }

        List<Alarm> everything = new ArrayList<>();
        store.forEach(everything::add);
        List<Alarm> modelled = alarms.values().stream().flatMap(m -> m.values().stream()).toList();
        assertThat(everything).as("seed %d", seed).containsExactlyInAnyOrderElementsOf(modelled);
        Set<String> seen = new HashSet<>();
        everything.forEach(a -> assertThat(seen.add(a.accountId() + "/" + a.name())).isTrue());
    }

    private static List<String> names(List<Alarm> alarms) {
        return alarms.stream().map(Alarm::name).toList();
    }
}
