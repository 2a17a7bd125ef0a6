package io.synaps.engine.alarm.rule;

import io.synaps.model.AwsError;
import io.synaps.model.alarm.AlarmState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlarmRuleTest {
    private static final String REGION = "us-east-1";
    private static final String ACCOUNT = "123456789012";

    private static AlarmRule parse(String text) {
        return AlarmRule.parse(text, REGION, ACCOUNT);
    }

    private static Function<String, AlarmState> states(Map<String, AlarmState> m) {
        return m::get;
    }

    private static AwsError error(String text) {
        try {
            parse(text);
        } catch (AwsError e) {
            return e;
        }
        throw new AssertionError("parsed: " + text);
    }

    // ---- parsing

    @Test
    void parsesTheRecordedRuleWithQuotedArns() {
        AlarmRule rule = parse("ALARM(\"arn:aws:cloudwatch:us-east-1:123456789012:alarm:one\") OR "
                + "ALARM(\"arn:aws:cloudwatch:us-east-1:123456789012:alarm:two\")");

        assertThat(rule.children()).containsExactly("one", "two");
        assertThat(rule.toString()).isEqualTo("ALARM(\"one\") OR ALARM(\"two\")");
        assertThat(rule.elements()).isEqualTo(3);
    }

    @Test
    void acceptsBareSingleAndDoubleQuotedNamesAndArns() {
        AlarmRule rule = parse("ALARM(CPUUtilizationTooHigh) AND OK('mem \"high\"') AND INSUFFICIENT_DATA( \"a b\" )"
                + " AND ALARM( arn:aws:cloudwatch:us-east-1:123456789012:alarm:with:colons )");

        assertThat(rule.children()).containsExactly("CPUUtilizationTooHigh", "mem \"high\"", "a b", "with:colons");
        assertThat(rule.toString()).isEqualTo("ALARM(\"CPUUtilizationTooHigh\") AND OK('mem \"high\"') AND "
                + "INSUFFICIENT_DATA(\"a b\") AND ALARM(\"with:colons\")");
    }

    @Test
    void allowsWhitespaceAndNewlinesBetweenTokens() {
        AlarmRule rule = parse("\n ALARM ( alpha )\tOR\nALARM(bravo)\n");

        assertThat(rule.toString()).isEqualTo("ALARM(\"alpha\") OR ALARM(\"bravo\")");
    }

    @Test
    void notBindsTighterThanAndWhichBindsTighterThanOr() {
        assertThat(parse("ALARM(a) OR ALARM(b) AND NOT ALARM(c)").toString())
                .isEqualTo("ALARM(\"a\") OR ALARM(\"b\") AND NOT ALARM(\"c\")");
        AlarmRule rule = parse("ALARM(a) OR ALARM(b) AND NOT ALARM(c)");
        // a OR (b AND (NOT c)): with a OK, b ALARM, c ALARM the rule is false; (a OR b) AND NOT c would be too,
        // so distinguish with c OK and b OK: a alone decides.
        assertThat(rule.evaluate(states(Map.of("a", AlarmState.ALARM, "b", AlarmState.OK, "c", AlarmState.ALARM))))
                .isTrue();
        assertThat(rule.evaluate(states(Map.of("a", AlarmState.OK, "b", AlarmState.ALARM, "c", AlarmState.OK))))
                .isTrue();
        assertThat(rule.evaluate(states(Map.of("a", AlarmState.OK, "b", AlarmState.ALARM, "c", AlarmState.ALARM))))
                .isFalse();
    }

    @Test
    void parenthesesOverridePrecedenceAndPrintOnlyWhereNeeded() {
        AlarmRule rule = parse("(ALARM(a) OR ALARM(b)) AND NOT (ALARM(c) AND ((ALARM(d))))");

        assertThat(rule.toString()).isEqualTo("(ALARM(\"a\") OR ALARM(\"b\")) AND NOT (ALARM(\"c\") AND ALARM(\"d\"))");
        assertThat(rule.evaluate(states(Map.of("a", AlarmState.ALARM, "c", AlarmState.ALARM)))).isTrue();
        assertThat(rule.evaluate(states(Map.of("b", AlarmState.ALARM, "c", AlarmState.ALARM, "d", AlarmState.ALARM))))
                .isFalse();
        assertThat(parse("ALARM(a) AND (ALARM(b) AND ALARM(c))").toString())
                .isEqualTo("ALARM(\"a\") AND ALARM(\"b\") AND ALARM(\"c\")");
    }

    @Test
    void constantsAndNotWork() {
        assertThat(parse("TRUE").evaluate(n -> null)).isTrue();
        assertThat(parse("FALSE").evaluate(n -> null)).isFalse();
        assertThat(parse("NOT FALSE").evaluate(n -> null)).isTrue();
        assertThat(parse("NOT NOT TRUE").evaluate(n -> null)).isTrue();
        assertThat(parse("NOT(TRUE)").toString()).isEqualTo("NOT TRUE");
        assertThat(parse("TRUE").children()).isEmpty();
    }

    @ParameterizedTest(name = "{0}({1}) with the child {2} holds: {3}")
    @CsvSource({"ALARM, x, ALARM, true", "ALARM, x, OK, false", "OK, x, OK, true", "OK, x, ALARM, false",
            "INSUFFICIENT_DATA, x, INSUFFICIENT_DATA, true", "INSUFFICIENT_DATA, x, OK, false",
            "INSUFFICIENT_DATA, missing, , true", "ALARM, missing, , false", "OK, missing, , false"})
    void eachFunctionTestsItsState(String function, String name, AlarmState childState, boolean holds) {
        AlarmRule rule = parse(function + "(" + name + ")");

        assertThat(rule.evaluate(n -> n.equals("x") ? childState : null)).isEqualTo(holds);
    }

    @Test
    void childrenAreDistinctInRuleOrder() {
        AlarmRule rule = parse("ALARM(b) OR OK(a) OR ALARM(b) OR INSUFFICIENT_DATA(c) OR "
                + "ALARM(\"arn:aws:cloudwatch:us-east-1:123456789012:alarm:a\")");

        assertThat(rule.children()).containsExactly("b", "a", "c");
        assertThatThrownBy(() -> rule.children().add("d")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void satisfiedChildrenAreThoseWhosePredicateHoldsInRuleOrder() {
        AlarmRule rule = parse("ALARM(c) OR ALARM(a) OR OK(b) OR NOT ALARM(d)");
        Function<String, AlarmState> s = states(Map.of("a", AlarmState.ALARM, "b", AlarmState.OK,
                "c", AlarmState.ALARM, "d", AlarmState.OK));

        assertThat(rule.satisfiedChildren(s)).containsExactly("c", "a", "b");
    }

    // ---- errors

    @Test
    void refusesAnEmptyOrOverlongRuleWithValidationErrors() {
        AwsError empty = error("");
        assertThat(empty.code()).isEqualTo("ValidationError");
        assertThat(empty.getMessage()).isEqualTo("1 validation error detected: Value '' at 'alarmRule' failed to "
                + "satisfy constraint: Member must have length greater than or equal to 1");

        String longest = "ALARM(" + "a".repeat(10_240 - 7) + ")";
        assertThat(parse(longest).children()).hasSize(1);
        AwsError tooLong = error("ALARM(" + "a".repeat(10_240 - 6) + ")");
        assertThat(tooLong.code()).isEqualTo("ValidationError");
        assertThat(tooLong.getMessage()).endsWith("failed to satisfy constraint: Member must have length less than "
                + "or equal to 10240");
    }

    @ParameterizedTest(name = "{index}: {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "ALARM(a) AND | Invalid AlarmRule at position 13: expected ALARM, OK, INSUFFICIENT_DATA, TRUE, FALSE, NOT or '(' but the rule ended.",
            "ALARM(a) and ALARM(b) | Invalid AlarmRule at position 10: expected AND, OR or the end of the rule but found 'and'.",
            "alarm(a) | Invalid AlarmRule at position 1: expected ALARM, OK, INSUFFICIENT_DATA, TRUE, FALSE, NOT or '(' but found 'alarm' (keywords are upper case).",
            "ALARMS(a) | Invalid AlarmRule at position 1: expected ALARM, OK, INSUFFICIENT_DATA, TRUE, FALSE, NOT or '(' but found 'ALARMS'.",
            "ALARM a | Invalid AlarmRule at position 7: expected '(' after ALARM but found 'a'.",
            "ALARM(a | Invalid AlarmRule at position 7: expected an alarm name or ARN followed by ')' after ALARM( but the rule ended.",
            "ALARM(\"a) | Invalid AlarmRule at position 7: the quoted alarm name that starts here is not closed with \".",
            "ALARM(\"a\" b) | Invalid AlarmRule at position 11: expected ')' after the alarm name of ALARM but found 'b'.",
            "ALARM( ) | Invalid AlarmRule at position 8: expected an alarm name or ARN inside ALARM(...) but found none.",
            "ALARM('') | Invalid AlarmRule at position 7: expected an alarm name or ARN inside ALARM(...) but found none.",
            "(ALARM(a) OR ALARM(b) | Invalid AlarmRule at position 22: expected AND, OR or ')' to close the '(' at position 1 but the rule ended.",
            "ALARM(a)) | Invalid AlarmRule at position 9: expected AND, OR or the end of the rule but found ')'.",
            "TRUE FALSE | Invalid AlarmRule at position 6: expected AND, OR or the end of the rule but found 'FALSE'.",
            "NOT | Invalid AlarmRule at position 4: expected ALARM, OK, INSUFFICIENT_DATA, TRUE, FALSE, NOT or '(' but the rule ended.",
            "ANDY(a) | Invalid AlarmRule at position 1: expected ALARM, OK, INSUFFICIENT_DATA, TRUE, FALSE, NOT or '(' but found 'ANDY'.",
            "' ' | Invalid AlarmRule at position 2: expected ALARM, OK, INSUFFICIENT_DATA, TRUE, FALSE, NOT or '(' but the rule ended."})
    void syntaxErrorsNameThePositionAndWhatWasExpected(String text, String message) {
        String rule = text.equals("' '") ? " " : text;
        AwsError e = error(rule);

        assertThat(e.code()).isEqualTo("ValidationError");
        assertThat(e.getMessage()).isEqualTo(message);
    }

    @Test
    void refusesArnsOfAnotherAccountOrRegionAndNonAlarmArns() {
        AwsError otherAccount = error("ALARM(\"arn:aws:cloudwatch:us-east-1:999999999999:alarm:x\")");
        AwsError otherRegion = error("ALARM(arn:aws:cloudwatch:eu-west-1:123456789012:alarm:x)");
        AwsError notAlarm = error("ALARM(arn:aws:sns:us-east-1:123456789012:topic)");

        assertThat(otherAccount.code()).isEqualTo("InvalidParameterValue");
        assertThat(otherAccount.getMessage()).isEqualTo("Invalid AlarmRule at position 7: the alarm "
                + "'arn:aws:cloudwatch:us-east-1:999999999999:alarm:x' belongs to account 999999999999 in region "
                + "us-east-1; a composite alarm can only reference alarms of its own account (123456789012) and "
                + "region (us-east-1).");
        assertThat(otherRegion.getMessage()).contains("in region eu-west-1");
        assertThat(notAlarm.code()).isEqualTo("InvalidParameterValue");
        assertThat(notAlarm.getMessage()).isEqualTo("Invalid AlarmRule at position 7: "
                + "'arn:aws:sns:us-east-1:123456789012:topic' is not a CloudWatch alarm ARN "
                + "(arn:aws:cloudwatch:<region>:<account>:alarm:<name>).");
    }

    @Test
    void allowsOneHundredChildrenButNotMore() {
        StringBuilder hundred = new StringBuilder("ALARM(a0)");
        for (int i = 1; i < 100; i++) {
            hundred.append(" OR ALARM(a").append(i).append(')');
        }
        assertThat(parse(hundred.toString()).children()).hasSize(100);
        // Repeating a child does not count twice.
        assertThat(parse(hundred + " OR OK(a0)").children()).hasSize(100);

        AwsError e = error(hundred + " OR ALARM(a100)");
        assertThat(e.code()).isEqualTo("InvalidParameterValue");
        assertThat(e.getMessage()).isEqualTo("The AlarmRule references more than 100 alarms (the limit); the alarm at "
                + "position " + (hundred.length() + 11) + " is one too many.");
    }

    @Test
    void allowsFiveHundredElementsButNotMore() {
        // ALARM(x) plus 249 times " OR TRUE" ... counted: 1 + 2 x 249 = 499 elements; one more NOT makes 500.
        String base = "ALARM(x)" + " OR TRUE".repeat(249);
        assertThat(parse("NOT " + base.replaceFirst("ALARM\\(x\\)", "(ALARM(x))")).elements()).isEqualTo(500);

        AwsError e = error(base + " OR TRUE");
        assertThat(e.code()).isEqualTo("InvalidParameterValue");
        assertThat(e.getMessage()).isEqualTo("The AlarmRule has more than 500 elements (the limit counts ALARM, OK, "
                + "INSUFFICIENT_DATA, TRUE, FALSE, AND, OR and NOT).");
    }

    @Test
    void refusesParenthesesNestedDeeperThanOneHundred() {
        assertThat(parse("(".repeat(100) + "TRUE" + ")".repeat(100)).evaluate(n -> null)).isTrue();

        AwsError e = error("(".repeat(5000) + "TRUE" + ")".repeat(5000));
        assertThat(e.code()).isEqualTo("ValidationError");
        assertThat(e.getMessage()).isEqualTo("Invalid AlarmRule at position 101: parentheses are nested more than "
                + "100 levels deep.");
    }

    @Test
    void equalRulesCompareEqual() {
        assertThat(parse("ALARM(a) OR (ALARM(b))")).isEqualTo(parse("ALARM('a') OR ALARM(\"b\")"))
                .hasSameHashCodeAs(parse("ALARM(a)OR ALARM(b)"));
        assertThat(parse("ALARM(a)")).isNotEqualTo(parse("OK(a)"));
    }
}
