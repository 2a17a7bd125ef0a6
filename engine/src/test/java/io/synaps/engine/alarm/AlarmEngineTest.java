package io.synaps.engine.alarm;

import io.synaps.engine.alarm.AlarmFixture.MetricAlarmBuilder;
import io.synaps.model.AwsError;
import io.synaps.model.Dimension;
import io.synaps.model.MetricDatum;
import io.synaps.model.MetricId;
import io.synaps.model.StandardUnit;
import io.synaps.model.alarm.Alarm;
import io.synaps.model.alarm.AlarmHistoryItem;
import io.synaps.model.alarm.AlarmState;
import io.synaps.model.alarm.ComparisonOperator;
import io.synaps.model.alarm.AlarmStatus;
import io.synaps.model.alarm.AlarmTransition;
import io.synaps.model.alarm.CompositeAlarm;
import io.synaps.model.alarm.HistoryItemType;
import io.synaps.model.alarm.MetricAlarm;
import io.synaps.model.alarm.TreatMissingData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

import static io.synaps.engine.alarm.AlarmFixture.ACCOUNT;
import static io.synaps.engine.alarm.AlarmFixture.metricAlarm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlarmEngineTest {
    private static final long T0 = Instant.parse("2026-01-05T10:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000;
    private static final MetricId CPU = MetricId.of("App", "Cpu", new Dimension("Host", "a"));

    @TempDir
    Path dir;

    private final VirtualClock clock = new VirtualClock(Instant.ofEpochMilli(T0));
    private AlarmFixture f;

    @BeforeEach
    void open() {
        f = new AlarmFixture(dir, clock);
    }

    @AfterEach
    void close() {
        f.close();
    }

    private static long at(int minutes, int seconds) {
        return T0 + minutes * MINUTE + seconds * 1000L;
    }

    @Test
    void describeReadsANewAlarmAsSoonAsThePutCompletes() {
        MetricAlarm put = f.putMetricAlarm(metricAlarm("HighCpu", CPU).description("cpu <high>"));

        Alarm stored = f.alarm("HighCpu");
        assertThat(stored).isInstanceOf(MetricAlarm.class);
        assertThat(stored.description()).isEqualTo("cpu <high>");
        assertThat(stored.status().value()).isEqualTo(AlarmState.INSUFFICIENT_DATA);
        assertThat(stored.status().reason()).isEqualTo("Unchecked: Initial alarm creation");
        assertThat(stored.status().updatedMillis()).isEqualTo(T0);
        assertThat(stored.configurationUpdatedMillis()).isEqualTo(T0);
        assertThat(put.name()).isEqualTo("HighCpu");
        assertThat(f.transitions).isEmpty();
        List<AlarmHistoryItem> config = f.history("HighCpu", HistoryItemType.ConfigurationUpdate);
        assertThat(config).singleElement().satisfies(h -> {
            assertThat(h.summary()).isEqualTo("Alarm \"HighCpu\" created");
            assertThat(h.data()).startsWith("{\"version\":\"1.0\",\"type\":\"Create\",\"createdAlarm\":{"
                    + "\"alarmName\":\"HighCpu\",\"alarmArn\":\"arn:aws:cloudwatch:us-east-1:123456789012:alarm:HighCpu\"");
            assertThat(h.data()).contains("\"okactions\":[]", "\"dimensions\":[{\"name\":\"Host\",\"value\":\"a\"}]",
                    "\"threshold\":50.0", "\"stateValue\":\"INSUFFICIENT_DATA\"");
        });
    }

    @Test
    void goesToAlarmWhenABreachingDatumOfAClosedPeriodArrives() {
        f.putMetricAlarm(metricAlarm("HighCpu", CPU));
        clock.set(at(1, 10));

        f.put(CPU, at(0, 30), 70);
        f.alarms.awaitIdle();

        AlarmStatus status = f.status("HighCpu");
        assertThat(status.value()).isEqualTo(AlarmState.ALARM);
        assertThat(status.reason()).isEqualTo(
                "Threshold Crossed: 1 datapoint [70.0 (05/01/26 10:00:00)] was greater than the threshold (50.0).");
        assertThat(status.reasonData()).startsWith("{\"version\":\"1.0\",\"queryDate\":\"2026-01-05T10:01:10.000+0000\"");
        assertThat(status.transitionedMillis()).isEqualTo(at(1, 10));
        assertThat(f.transitionsOf("HighCpu")).singleElement()
                .satisfies(t -> assertThat(t.previous().value()).isEqualTo(AlarmState.INSUFFICIENT_DATA));
    }

    @Test
    void transitionsStoredByOneWriteReachTheListenerInOneHandOver() {
        f.putMetricAlarm(metricAlarm("Above10", CPU).threshold(ComparisonOperator.GreaterThanThreshold, 10));
        f.putMetricAlarm(metricAlarm("Above20", CPU).threshold(ComparisonOperator.GreaterThanThreshold, 20));
        f.putMetricAlarm(metricAlarm("Above30", CPU).threshold(ComparisonOperator.GreaterThanThreshold, 30));
        f.handOvers.clear();
        clock.set(at(1, 10));

        f.put(CPU, at(0, 30), 70); // one datum, one drain on the series' shard, three transitions
        f.alarms.awaitIdle();

        assertThat(f.transitions).extracting(t -> t.alarm().name())
                .containsExactlyInAnyOrder("Above10", "Above20", "Above30");
        assertThat(f.handOvers).containsExactly(3);
    }

    @Test
    void aDatumOfTheOpenPeriodWaitsForTheTickThatClosesIt() {
        f.putMetricAlarm(metricAlarm("HighCpu", CPU));
        clock.set(at(0, 40));

        f.put(CPU, at(0, 30), 70);
        f.alarms.awaitIdle();
        assertThat(f.status("HighCpu").value()).isEqualTo(AlarmState.INSUFFICIENT_DATA);

        f.tickAt(at(1, 0));
        assertThat(f.status("HighCpu").value()).isEqualTo(AlarmState.ALARM);
    }

    @Test
    void ticksMoveAlarmsWithoutDataToInsufficientDataOrBreaching() {
        f.putMetricAlarm(metricAlarm("Missing", CPU));
        f.putMetricAlarm(metricAlarm("Breaching", CPU).missing(TreatMissingData.BREACHING));
        clock.set(at(1, 5));
        f.put(CPU, at(0, 30), 10);
        f.alarms.awaitIdle();
        assertThat(f.status("Missing").value()).isEqualTo(AlarmState.OK);
        assertThat(f.status("Breaching").value()).isEqualTo(AlarmState.OK);

        // The range is 3 periods: the 10:00 datapoint is in it until the 10:04 tick.
        f.tickAt(at(2, 0));
        f.tickAt(at(3, 0));
        assertThat(f.status("Missing").value()).isEqualTo(AlarmState.OK);
        f.tickAt(at(4, 0));

        AlarmStatus missing = f.status("Missing");
        assertThat(missing.value()).isEqualTo(AlarmState.INSUFFICIENT_DATA);
        assertThat(missing.reason()).isEqualTo("Insufficient Data: 1 datapoint was unknown.");
        assertThat(missing.transitionedMillis()).isEqualTo(at(4, 0));
        AlarmStatus breaching = f.status("Breaching");
        assertThat(breaching.value()).isEqualTo(AlarmState.ALARM);
        assertThat(breaching.reason()).isEqualTo("Threshold Crossed: no datapoints were received for 1 period and "
                + "1 missing datapoint was treated as [Breaching].");
    }

    @Test
    void highResolutionAlarmsTickAtTheirPeriod() {
        f.putMetricAlarm(metricAlarm("Fast", CPU).period(10).missing(TreatMissingData.BREACHING));
        f.putMetricAlarm(metricAlarm("Slow", CPU).missing(TreatMissingData.BREACHING));
        clock.set(at(0, 11));
        f.put(new MetricDatum(CPU, at(0, 5), StandardUnit.NONE, 1, new double[]{10}, new double[]{1}, null));
        f.alarms.awaitIdle();
        assertThat(f.status("Fast").value()).isEqualTo(AlarmState.OK);

        f.tickAt(at(0, 20));
        f.tickAt(at(0, 30));
        assertThat(f.status("Fast").value()).isEqualTo(AlarmState.OK);
        f.tickAt(at(0, 40)); // the range (3 x 10 s) no longer holds 10:00:00-10:00:10

        assertThat(f.status("Fast").value()).isEqualTo(AlarmState.ALARM);
        assertThat(f.status("Fast").transitionedMillis()).isEqualTo(at(0, 40));
        // The minute alarm was evaluated at creation only: its next tick is 10:01.
        assertThat(f.transitionsOf("Slow")).singleElement()
                .satisfies(t -> assertThat(t.timestampMillis()).isEqualTo(T0));
    }

    @Test
    void dataPublishedBeforeTheAlarmExistedCounts() {
        clock.set(at(3, 10));
        f.put(CPU, at(1, 0), 80);
        f.put(CPU, at(2, 0), 90);

        f.putMetricAlarm(metricAlarm("HighCpu", CPU).periods(2));

        AlarmStatus status = f.status("HighCpu");
        assertThat(status.value()).isEqualTo(AlarmState.ALARM);
        assertThat(status.reason()).isEqualTo("Threshold Crossed: 2 datapoints [90.0 (05/01/26 10:02:00), "
                + "80.0 (05/01/26 10:01:00)] were greater than the threshold (50.0).");
    }

    @Test
    void anUpdateKeepsTheStateAndEvaluatesTheNewDefinitionAtOnce() {
        clock.set(at(1, 10));
        f.put(CPU, at(0, 30), 70);
        f.putMetricAlarm(metricAlarm("HighCpu", CPU));
        AlarmStatus before = f.status("HighCpu");
        assertThat(before.value()).isEqualTo(AlarmState.ALARM);

        clock.set(at(1, 20));
        f.putMetricAlarm(metricAlarm("HighCpu", CPU).threshold(
                io.synaps.model.alarm.ComparisonOperator.GreaterThanThreshold, 60));
        assertThat(f.status("HighCpu")).isEqualTo(before);
        assertThat(f.alarm("HighCpu").configurationUpdatedMillis()).isEqualTo(at(1, 20));
        assertThat(f.transitionsOf("HighCpu")).hasSize(1);

        f.putMetricAlarm(metricAlarm("HighCpu", CPU).threshold(
                io.synaps.model.alarm.ComparisonOperator.GreaterThanThreshold, 100));
        assertThat(f.status("HighCpu").value()).isEqualTo(AlarmState.OK);
        assertThat(f.history("HighCpu", HistoryItemType.ConfigurationUpdate)).extracting(AlarmHistoryItem::summary)
                .containsExactly("Alarm \"HighCpu\" created", "Alarm \"HighCpu\" updated", "Alarm \"HighCpu\" updated");
    }

    @Test
    void aDefinitionTheLogRefusesIsStillEvaluatedAndTheCallerGetsTheError() {
        clock.set(at(1, 10));
        f.put(CPU, at(0, 30), 70);
        f.log.refuse = true;

        assertThatThrownBy(() -> f.putMetricAlarm(metricAlarm("HighCpu", CPU))).cause()
                .isInstanceOfSatisfying(AwsError.class, e -> assertThat(e.code()).isEqualTo("ServiceUnavailable"));
        assertThatThrownBy(() -> f.alarms.setState(ACCOUNT, "HighCpu", AlarmState.OK, "x", null).join()).cause()
                .isInstanceOf(AwsError.class);

        // The store holds the alarm, so the shard does too: evaluated at once, and on later datums.
        assertThat(f.status("HighCpu").value()).isEqualTo(AlarmState.ALARM);
        f.log.refuse = false;
        clock.set(at(2, 10));
        f.put(CPU, at(1, 30), 10);
        f.alarms.awaitIdle();
        assertThat(f.status("HighCpu").value()).isEqualTo(AlarmState.OK);
    }

    @Test
    void tagsAreSetOnCreateOnly() {
        MetricAlarm alarm = metricAlarm("HighCpu", CPU).build();
        f.alarms.putMetricAlarm(alarm, Map.of("team", "a")).join();
        f.alarms.putMetricAlarm(alarm, Map.of("team", "b", "env", "prod")).join();

        assertThat(f.storage.tagStore().get(ACCOUNT, alarm.arn())).isEqualTo(Map.of("team", "a"));
    }

    @Test
    void setAlarmStateHoldsUntilTheNextEvaluation() {
        clock.set(at(1, 10));
        f.put(CPU, at(0, 30), 10);
        f.putMetricAlarm(metricAlarm("HighCpu", CPU));
        assertThat(f.status("HighCpu").value()).isEqualTo(AlarmState.OK);

        f.alarms.setState(ACCOUNT, "HighCpu", AlarmState.ALARM, "testing purposes", "{\"a\":1}").join();
        AlarmStatus set = f.status("HighCpu");
        assertThat(set.value()).isEqualTo(AlarmState.ALARM);
        assertThat(set.reason()).isEqualTo("testing purposes");
        assertThat(set.reasonData()).isEqualTo("{\"a\":1}");

        f.tickAt(at(1, 59));
        assertThat(f.status("HighCpu").value()).isEqualTo(AlarmState.ALARM);
        f.tickAt(at(2, 0));

        AlarmStatus back = f.status("HighCpu");
        assertThat(back.value()).isEqualTo(AlarmState.OK);
        assertThat(back.reason()).isEqualTo("Threshold Crossed: 1 datapoint was not greater than the threshold (50.0)."
                + " The most recent datapoints: [10.0].");
        assertThat(f.transitionsOf("HighCpu")).extracting(t -> t.alarm().status().value())
                .containsExactly(AlarmState.OK, AlarmState.ALARM, AlarmState.OK);
        AlarmHistoryItem setItem = f.history("HighCpu", HistoryItemType.StateUpdate).get(1);
        assertThat(setItem.summary()).isEqualTo("Alarm updated from OK to ALARM");
        assertThat(setItem.data()).contains("\"newState\":{\"stateValue\":\"ALARM\",\"stateReason\":\"testing purposes\","
                + "\"stateReasonData\":{\"a\":1}}");
    }

    @Test
    void setAlarmStateOnAnUnknownAlarmIsResourceNotFoundWithoutAMessage() {
        assertThatThrownBy(() -> f.alarms.setState(ACCOUNT, "nope", AlarmState.OK, "x", null).join())
                .isInstanceOf(CompletionException.class).cause().isInstanceOfSatisfying(AwsError.class, e -> {
                    assertThat(e.code()).isEqualTo("ResourceNotFound");
                    assertThat(e.getMessage()).isNull();
                });
    }

    @Test
    void setAlarmStateToTheSameValueRewritesTheReasonWithoutATransition() {
        f.putMetricAlarm(metricAlarm("HighCpu", CPU));
        clock.set(at(0, 5));
        f.alarms.setState(ACCOUNT, "HighCpu", AlarmState.INSUFFICIENT_DATA, "checked by hand", null).join();

        AlarmStatus status = f.status("HighCpu");
        assertThat(status.reason()).isEqualTo("checked by hand");
        assertThat(status.updatedMillis()).isEqualTo(at(0, 5));
        assertThat(status.transitionedMillis()).isEqualTo(T0);
        assertThat(f.transitions).isEmpty();
        assertThat(f.history("HighCpu", HistoryItemType.StateUpdate)).isEmpty();
    }

    @Test
    void everyChangeIsOneTransitionEventAndOneStateUpdateItem() {
        f.putMetricAlarm(metricAlarm("HighCpu", CPU).of(2, 3));
        double[] values = {70, 80, 10, 20, 30, 90, 95, 99, 10, 10};
        for (int m = 0; m < values.length; m++) {
            clock.set(at(m + 1, 0));
            f.put(CPU, at(m, 30), values[m]);
            f.alarms.awaitIdle();
            f.tickAt(at(m + 1, 0));
        }
        for (int m = values.length + 1; m < values.length + 8; m++) {
            f.tickAt(at(m, 0));
        }

        List<AlarmTransition> events = f.transitionsOf("HighCpu");
        List<AlarmHistoryItem> items = f.history("HighCpu", HistoryItemType.StateUpdate);
        assertThat(events).hasSizeGreaterThanOrEqualTo(4);
        assertThat(items).hasSameSizeAs(events);
        for (int i = 0; i < events.size(); i++) {
            AlarmTransition t = events.get(i);
            assertThat(items.get(i).timestampMillis()).isEqualTo(t.timestampMillis());
            assertThat(items.get(i).summary()).isEqualTo("Alarm updated from " + t.previous().value() + " to "
                    + t.alarm().status().value());
            assertThat(t.previous().value()).isNotEqualTo(t.alarm().status().value());
            if (i > 0) {
                assertThat(t.previous()).isEqualTo(events.get(i - 1).alarm().status());
            }
        }
        assertThat(events).extracting(AlarmTransition::key).doesNotHaveDuplicates();
        assertThat(events.get(events.size() - 1).alarm().status().value()).isEqualTo(AlarmState.INSUFFICIENT_DATA);
    }

    @Test
    void compositeAlarmsFollowTheirChildren() {
        f.putMetricAlarm(metricAlarm("A", CPU));
        f.putMetricAlarm(metricAlarm("B", CPU).threshold(io.synaps.model.alarm.ComparisonOperator.GreaterThanThreshold, 85));
        f.putComposite("Either", "ALARM(A) OR ALARM(\"B\")");
        assertThat(f.status("Either").value()).isEqualTo(AlarmState.OK);

        clock.set(at(1, 10));
        f.put(CPU, at(0, 30), 70);
        f.alarms.awaitIdle();
        assertThat(f.status("A").value()).isEqualTo(AlarmState.ALARM);
        AlarmStatus either = f.status("Either");
        assertThat(either.value()).isEqualTo(AlarmState.ALARM);
        assertThat(either.reasonData()).isEqualTo("{\"triggeringAlarms\":[{\"arn\":\"" + f.alarm("A").arn()
                + "\",\"state\":{\"value\":\"ALARM\",\"timestamp\":\"2026-01-05T10:01:10.000+0000\"}}]}");

        // With A in ALARM, B going to ALARM changes nothing.
        clock.set(at(1, 20));
        f.alarms.setState(ACCOUNT, "B", AlarmState.ALARM, "by hand", null).join();
        f.alarms.awaitIdle();
        assertThat(f.status("Either")).isEqualTo(either);

        f.alarms.setState(ACCOUNT, "A", AlarmState.OK, "by hand", null).join();
        f.alarms.setState(ACCOUNT, "B", AlarmState.OK, "by hand", null).join();
        f.alarms.awaitIdle();
        assertThat(f.status("Either").value()).isEqualTo(AlarmState.OK);
        assertThat(f.transitionsOf("Either")).extracting(t -> t.alarm().status().value())
                .containsExactly(AlarmState.OK, AlarmState.ALARM, AlarmState.OK);
        assertThat(f.alarms.parentsOf(ACCOUNT, "A")).extracting(CompositeAlarm::name).containsExactly("Either");
    }

    @Test
    void compositeSetAlarmStateHoldsUntilAChildChanges() {
        f.putMetricAlarm(metricAlarm("A", CPU));
        f.putComposite("C", "ALARM(A)");
        f.alarms.setState(ACCOUNT, "C", AlarmState.ALARM, "drill", null).join();
        f.tickAt(at(5, 0));
        assertThat(f.status("C").value()).isEqualTo(AlarmState.ALARM);

        f.alarms.setState(ACCOUNT, "A", AlarmState.OK, "child changed", null).join();
        f.alarms.awaitIdle();
        assertThat(f.status("C").value()).isEqualTo(AlarmState.OK);
    }

    @Test
    void compositeRulesThatCloseACycleOrNameUnknownAlarmsAreRefused() {
        f.putMetricAlarm(metricAlarm("A", CPU));
        f.putComposite("C1", "ALARM(A)");
        f.putComposite("C2", "ALARM(C1) AND OK(A)");

        assertThatThrownBy(() -> f.putComposite("C1", "ALARM(C2)")).cause()
                .isInstanceOfSatisfying(AwsError.class, e -> {
                    assertThat(e.code()).isEqualTo("InvalidParameterValue");
                    assertThat(e.getMessage()).isEqualTo(
                            "The alarm rule of C1 would create a cycle of composite alarms: C1 -> C2 -> C1.");
                });
        assertThatThrownBy(() -> f.putComposite("Self", "ALARM(Self)")).cause().isInstanceOf(AwsError.class)
                .hasMessageContaining("cycle");
        assertThatThrownBy(() -> f.putComposite("C3", "ALARM(A) OR ALARM(Nope) OR ALARM(Gone)")).cause()
                .isInstanceOf(AwsError.class)
                .hasMessage("Could not save the composite alarm as alarms [Gone, Nope] in the alarm rule do not exist");
        assertThat(((CompositeAlarm) f.alarm("C1")).rule()).isEqualTo("ALARM(A)");
        assertThat(f.alarms.get(ACCOUNT, "C3")).isEmpty();
        assertThat(f.alarms.get(ACCOUNT, "Self")).isEmpty();
    }

    @Test
    void aMetricAlarmCannotTakeACompositeAlarmsName() {
        f.putMetricAlarm(metricAlarm("A", CPU));
        f.putComposite("C", "ALARM(A)");
        assertThatThrownBy(() -> f.putMetricAlarm(metricAlarm("C", CPU))).cause().isInstanceOf(AwsError.class);
        assertThatThrownBy(() -> f.putComposite("A", "TRUE")).cause().isInstanceOf(AwsError.class);
    }

    @Test
    void theActionsSuppressorWaitsThenSuppressesThenExtends() {
        // Without data and with "ignore", ticks leave the states SetAlarmState gives the children.
        f.putMetricAlarm(metricAlarm("A", CPU).missing(TreatMissingData.IGNORE));
        f.putMetricAlarm(metricAlarm("S", MetricId.of("App", "Maintenance")).missing(TreatMissingData.IGNORE));
        f.putComposite("C", "ALARM(A)", "S", 60, 120);
        f.alarms.setState(ACCOUNT, "S", AlarmState.OK, "no maintenance", null).join();
        f.alarms.awaitIdle();
        f.transitions.clear();

        // A goes to ALARM: C's actions wait up to 60 s for S.
        f.alarms.setState(ACCOUNT, "A", AlarmState.ALARM, "hot", null).join();
        f.alarms.awaitIdle();
        CompositeAlarm c = (CompositeAlarm) f.alarm("C");
        assertThat(c.status().value()).isEqualTo(AlarmState.ALARM);
        assertThat(c.actionsSuppressedBy()).isEqualTo("WaitPeriod");
        assertThat(f.transitionsOf("C")).isEmpty();
        f.tickAt(at(0, 59));
        assertThat(f.transitionsOf("C")).isEmpty();
        f.tickAt(at(1, 1));
        assertThat(f.transitionsOf("C")).singleElement().satisfies(t -> {
            assertThat(t.actionsSuppressed()).isFalse();
            assertThat(t.alarm().status().value()).isEqualTo(AlarmState.ALARM);
            assertThat(t.timestampMillis()).isLessThan(at(0, 1)); // the transition's own time, not the release's
        });
        assertThat(((CompositeAlarm) f.alarm("C")).actionsSuppressedBy()).isNull();

        // Back to OK, then ALARM again: this time S comes within the wait, so the actions are suppressed.
        f.alarms.setState(ACCOUNT, "A", AlarmState.OK, "cool", null).join();
        f.alarms.awaitIdle();
        clock.set(at(2, 0));
        f.alarms.setState(ACCOUNT, "A", AlarmState.ALARM, "hot", null).join();
        f.alarms.awaitIdle();
        clock.set(at(2, 30));
        f.alarms.setState(ACCOUNT, "S", AlarmState.ALARM, "maintenance", null).join();
        f.alarms.awaitIdle();
        assertThat(f.transitionsOf("C")).extracting(AlarmTransition::actionsSuppressed)
                .containsExactly(false, false, true);
        assertThat(((CompositeAlarm) f.alarm("C")).actionsSuppressedBy()).isEqualTo("Alarm");

        // S leaves ALARM: 120 s of extension, during which C's transitions stay suppressed.
        clock.set(at(3, 0));
        f.alarms.setState(ACCOUNT, "S", AlarmState.OK, "done", null).join();
        f.alarms.awaitIdle();
        assertThat(((CompositeAlarm) f.alarm("C")).actionsSuppressedBy()).isEqualTo("ExtensionPeriod");
        clock.set(at(4, 0));
        f.alarms.setState(ACCOUNT, "A", AlarmState.OK, "cool", null).join();
        f.alarms.awaitIdle();
        assertThat(f.transitionsOf("C").get(3).actionsSuppressed()).isTrue();
        f.tickAt(at(4, 59));
        assertThat(((CompositeAlarm) f.alarm("C")).actionsSuppressedBy()).isEqualTo("ExtensionPeriod");
        f.tickAt(at(5, 0));
        assertThat(((CompositeAlarm) f.alarm("C")).actionsSuppressedBy()).isNull();
        assertThat(f.transitionsOf("C")).hasSize(4);
    }

    @Test
    void deleteSkipsUnknownNamesDropsTagsRecordsHistoryAndReevaluatesParents() {
        MetricAlarm a = metricAlarm("A", CPU).build();
        f.alarms.putMetricAlarm(a, Map.of("team", "a")).join();
        f.putComposite("NotA", "NOT ALARM(A) AND OK(A)");
        f.alarms.setState(ACCOUNT, "A", AlarmState.OK, "fine", null).join();
        f.alarms.awaitIdle();
        assertThat(f.status("NotA").value()).isEqualTo(AlarmState.ALARM);

        f.alarms.delete(ACCOUNT, List.of("nope", "A")).join();
        f.alarms.awaitIdle();

        assertThat(f.alarms.get(ACCOUNT, "A")).isEmpty();
        assertThat(f.storage.tagStore().get(ACCOUNT, a.arn())).isEmpty();
        assertThat(f.history("A", HistoryItemType.ConfigurationUpdate)).last().satisfies(h -> {
            assertThat(h.summary()).isEqualTo("Alarm \"A\" deleted");
            assertThat(h.data()).startsWith("{\"version\":\"1.0\",\"type\":\"Delete\",\"deletedAlarm\":{\"alarmName\":\"A\"");
        });
        // A missing child counts as INSUFFICIENT_DATA: OK(A) is false now.
        assertThat(f.status("NotA").value()).isEqualTo(AlarmState.OK);
        // Its datums no longer reach any alarm.
        clock.set(at(1, 10));
        f.put(CPU, at(0, 30), 99);
        f.alarms.awaitIdle();
        assertThat(f.transitionsOf("A")).hasSize(1);
    }

    @Test
    void disabledActionsShowOnTheTransitions() {
        f.putMetricAlarm(metricAlarm("A", CPU));
        f.alarms.setActionsEnabled(ACCOUNT, List.of("A", "unknown"), false).join();
        assertThat(f.alarm("A").actions().enabled()).isFalse();

        f.alarms.setState(ACCOUNT, "A", AlarmState.ALARM, "x", null).join();
        assertThat(f.transitionsOf("A")).singleElement().satisfies(t -> assertThat(t.actionsDue()).isFalse());

        f.alarms.setActionsEnabled(ACCOUNT, List.of("A"), true).join();
        f.alarms.setState(ACCOUNT, "A", AlarmState.OK, "y", null).join();
        assertThat(f.transitionsOf("A").get(1).actionsDue()).isTrue();
    }

    @Test
    void anAlarmWhoseMetricChangesMovesToTheNewMetricsShard() {
        MetricId other = null;
        for (int i = 0; other == null; i++) {
            MetricId candidate = MetricId.of("App", "Cpu" + i);
            if (f.metrics.partitionOf(ACCOUNT, candidate) != f.metrics.partitionOf(ACCOUNT, CPU)) {
                other = candidate;
            }
        }
        f.putMetricAlarm(metricAlarm("A", CPU));
        f.putMetricAlarm(metricAlarm("A", other));
        clock.set(at(1, 10));

        f.put(CPU, at(0, 30), 99);
        f.alarms.awaitIdle();
        assertThat(f.status("A").value()).isEqualTo(AlarmState.INSUFFICIENT_DATA);
        f.put(other, at(0, 30), 99);
        f.alarms.awaitIdle();
        assertThat(f.status("A").value()).isEqualTo(AlarmState.ALARM);
        assertThat(f.transitionsOf("A")).hasSize(1);
    }

    @Test
    void alarmsStatesAndHistorySurviveARestartAndEvaluationContinues() {
        f.putMetricAlarm(metricAlarm("A", CPU).periods(2));
        f.putComposite("C", "ALARM(A)");
        clock.set(at(2, 10));
        f.put(CPU, at(0, 30), 70);
        f.put(CPU, at(1, 30), 80);
        f.alarms.awaitIdle();
        AlarmStatus a = f.status("A");
        AlarmStatus c = f.status("C");
        assertThat(a.value()).isEqualTo(AlarmState.ALARM);
        assertThat(c.value()).isEqualTo(AlarmState.ALARM);
        List<AlarmHistoryItem> history = f.history("A", null);

        f.restart();
        f.transitions.clear();

        assertThat(f.status("A")).isEqualTo(a);
        assertThat(f.status("C")).isEqualTo(c);
        assertThat(f.history("A", null)).isEqualTo(history);
        // Windows are rebuilt from the stored buckets: still ALARM at the next tick...
        f.tickAt(at(3, 0));
        assertThat(f.transitions).isEmpty();
        // ...and new data keeps driving the alarm and its parent.
        clock.set(at(3, 5));
        f.put(CPU, at(2, 30), 10);
        f.alarms.awaitIdle();
        assertThat(f.status("A").value()).isEqualTo(AlarmState.OK);
        assertThat(f.status("C").value()).isEqualTo(AlarmState.OK);
        assertThat(f.transitions).hasSize(2);
    }

    @Test
    void historyOlderThanTheRetentionIsPruned() {
        f.putMetricAlarm(metricAlarm("A", CPU));
        clock.set(T0 + java.time.Duration.ofDays(30).toMillis());
        assertThat(f.alarms.pruneHistory()).isZero();
        clock.set(T0 + java.time.Duration.ofDays(30).toMillis() + 1);
        assertThat(f.alarms.pruneHistory()).isEqualTo(1);
        assertThat(f.history("A", null)).isEmpty();
        assertThat(f.alarms.get(ACCOUNT, "A")).isPresent();
    }

    @Test
    void backtestRefusesRangesWithTooManyEvaluations() {
        MetricAlarm alarm = metricAlarm("A", CPU).build();
        assertThatThrownBy(() -> f.alarms.backtest(alarm, T0, T0 + 100_001 * MINUTE))
                .isInstanceOfSatisfying(AwsError.class, e -> assertThat(e.code()).isEqualTo("InvalidParameterValue"));
        assertThat(f.alarms.backtest(alarm, T0, T0 + 100_000 * MINUTE).evaluations()).isEqualTo(100_000);
    }

    @Test
    void backtestOfAFiveMinuteAlarmReadsEachAlignment() {
        clock.set(at(30, 0));
        for (int m = 0; m < 30; m++) {
            f.put(CPU, at(m, 1), m >= 12 && m < 17 ? 90 : 10);
        }
        MetricAlarm alarm = metricAlarm("A", CPU).period(300).build();
        BacktestResult r = f.alarms.backtest(alarm, T0, at(30, 0));

        assertThat(r.evaluations()).isEqualTo(30);
        // Each tick's newest period is the 5 minutes before it: above 50 on average while it holds at
        // least 3 of the 90-valued minutes 10:12-10:16, i.e. at the ticks 10:15 to 10:19.
        assertThat(r.transitions()).extracting(t -> t.to() + "@" + (t.timestampMillis() - T0) / MINUTE)
                .containsExactly("OK@1", "ALARM@15", "OK@20");
    }
}
