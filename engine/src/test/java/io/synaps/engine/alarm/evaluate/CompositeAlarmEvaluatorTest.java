package io.synaps.engine.alarm.evaluate;

import io.synaps.engine.alarm.rule.AlarmRule;
import io.synaps.model.alarm.Alarm;
import io.synaps.model.alarm.AlarmActions;
import io.synaps.model.alarm.AlarmArn;
import io.synaps.model.alarm.AlarmState;
import io.synaps.model.alarm.AlarmStatus;
import io.synaps.model.alarm.CompositeAlarm;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static io.synaps.engine.alarm.evaluate.TestAlarms.ACCOUNT;
import static io.synaps.engine.alarm.evaluate.TestAlarms.REGION;
import static org.assertj.core.api.Assertions.assertThat;

class CompositeAlarmEvaluatorTest {
    private static final long T1 = Instant.parse("2022-10-30T20:47:35.671Z").toEpochMilli();
    private static final long T2 = Instant.parse("2022-10-31T08:05:09.002Z").toEpochMilli();
    private static final long NOW = Instant.parse("2022-11-01T00:00:00Z").toEpochMilli();

    private final Map<String, Alarm> alarms = new HashMap<>();

    private static String arn(String name) {
        return AlarmArn.of(REGION, ACCOUNT, name);
    }

    private void child(String name, AlarmState state, long since) {
        alarms.put(name, TestAlarms.alarm().build(name, new AlarmStatus(state, "r", null, since, since)));
    }

    private static CompositeAlarm composite(String rule, AlarmState state) {
        return composite("parent", rule, state, 0L);
    }

    private static CompositeAlarm composite(String name, String rule, AlarmState state, long since) {
        return new CompositeAlarm(ACCOUNT, name, arn(name), null, AlarmActions.none(), rule, null, null, null,
                0L, new AlarmStatus(state, "r", null, since, since), null, null);
    }

    private Evaluation evaluate(String rule, AlarmState current) {
        return CompositeAlarmEvaluator.evaluate(composite(rule, current), AlarmRule.parse(rule, REGION, ACCOUNT),
                alarms::get, NOW);
    }

    @Test
    void goesToAlarmNamingTheTriggeringChildAsAwsDoes() {
        child("one", AlarmState.ALARM, T1);
        child("two", AlarmState.OK, T2);

        Evaluation e = evaluate("ALARM(\"" + arn("one") + "\") OR ALARM(\"" + arn("two") + "\")", AlarmState.OK);

        assertThat(e.state()).isEqualTo(AlarmState.ALARM);
        assertThat(e.reason()).isEqualTo(arn("one") + " transitioned to ALARM at Sunday 30 October, 2022 20:47:35 UTC");
        assertThat(e.reasonData()).isEqualTo("{\"triggeringAlarms\":[{\"arn\":\"" + arn("one") + "\",\"state\":"
                + "{\"value\":\"ALARM\",\"timestamp\":\"2022-10-30T20:47:35.671+0000\"}}]}");
    }

    @Test
    void listsEveryTrueChildInRuleOrderAndNamesTheFirst() {
        child("one", AlarmState.ALARM, T2);
        child("two", AlarmState.ALARM, T1);

        Evaluation e = evaluate("ALARM(two) OR ALARM(one)", AlarmState.OK);

        assertThat(e.reason()).startsWith(arn("two") + " transitioned to ALARM at Sunday 30 October, 2022");
        assertThat(e.reasonData()).isEqualTo("{\"triggeringAlarms\":[{\"arn\":\"" + arn("two") + "\",\"state\":"
                + "{\"value\":\"ALARM\",\"timestamp\":\"2022-10-30T20:47:35.671+0000\"}},{\"arn\":\"" + arn("one")
                + "\",\"state\":{\"value\":\"ALARM\",\"timestamp\":\"2022-10-31T08:05:09.002+0000\"}}]}");
    }

    @Test
    void goesBackToOkNamingTheChildThatChangedLast() {
        child("one", AlarmState.OK, T2);
        child("two", AlarmState.OK, T1);

        Evaluation e = evaluate("ALARM(one) OR ALARM(two)", AlarmState.ALARM);

        assertThat(e.state()).isEqualTo(AlarmState.OK);
        assertThat(e.reason()).isEqualTo(arn("one") + " transitioned to OK at Monday 31 October, 2022 08:05:09 UTC");
        assertThat(e.reasonData()).isEqualTo("{\"triggeringAlarms\":[{\"arn\":\"" + arn("one") + "\",\"state\":"
                + "{\"value\":\"OK\",\"timestamp\":\"2022-10-31T08:05:09.002+0000\"}},{\"arn\":\"" + arn("two")
                + "\",\"state\":{\"value\":\"OK\",\"timestamp\":\"2022-10-30T20:47:35.671+0000\"}}]}");
    }

    @Test
    void theFirstEvaluationSaysTheAlarmWasCreated() {
        child("one", AlarmState.OK, T1);

        Evaluation e = evaluate("ALARM(one)", AlarmState.INSUFFICIENT_DATA);

        assertThat(e.state()).isEqualTo(AlarmState.OK);
        assertThat(e.reason()).isEqualTo(arn("parent") + " was created and its alarm rule evaluates to OK");
    }

    @Test
    void aMissingChildCountsAsInsufficientDataAndIsNotListed() {
        child("one", AlarmState.OK, T1);

        Evaluation e = evaluate("INSUFFICIENT_DATA(ghost) AND OK(one)", AlarmState.OK);

        assertThat(e.state()).isEqualTo(AlarmState.ALARM);
        assertThat(e.reason()).isEqualTo(arn("one") + " transitioned to OK at Sunday 30 October, 2022 20:47:35 UTC");
        assertThat(e.reasonData()).isEqualTo("{\"triggeringAlarms\":[{\"arn\":\"" + arn("one") + "\",\"state\":"
                + "{\"value\":\"OK\",\"timestamp\":\"2022-10-30T20:47:35.671+0000\"}}]}");
        assertThat(evaluate("ALARM(ghost)", AlarmState.ALARM).state()).isEqualTo(AlarmState.OK);
    }

    @Test
    void aRuleTrueWithoutAnyChildSaysTheRuleEvaluatesToAlarm() {
        Evaluation e = evaluate("TRUE", AlarmState.OK);

        assertThat(e.state()).isEqualTo(AlarmState.ALARM);
        assertThat(e.reason()).isEqualTo("The alarm rule of " + arn("parent")
                + " evaluates to ALARM at Tuesday 01 November, 2022 00:00:00 UTC");
        assertThat(e.reasonData()).isEqualTo("{\"triggeringAlarms\":[]}");
    }

    @Test
    void notAndOkPredicatesFollowTheChildren() {
        child("one", AlarmState.ALARM, T1);
        child("two", AlarmState.INSUFFICIENT_DATA, T1);

        assertThat(evaluate("ALARM(one) AND NOT OK(two)", AlarmState.OK).state()).isEqualTo(AlarmState.ALARM);
        assertThat(evaluate("ALARM(one) AND OK(two)", AlarmState.ALARM).state()).isEqualTo(AlarmState.OK);
        assertThat(evaluate("INSUFFICIENT_DATA(two)", AlarmState.OK).state()).isEqualTo(AlarmState.ALARM);
    }

    @Test
    void compositeChildrenCountByTheirState() {
        alarms.put("inner", composite("inner", "TRUE", AlarmState.ALARM, T1));

        Evaluation e = evaluate("ALARM(inner)", AlarmState.OK);

        assertThat(e.state()).isEqualTo(AlarmState.ALARM);
        assertThat(e.reason()).isEqualTo(arn("inner") + " transitioned to ALARM at Sunday 30 October, 2022 20:47:35 UTC");
    }
}
