package io.synaps.engine.alarm.rule;

import io.synaps.model.AwsError;
import io.synaps.model.alarm.AlarmArn;
import io.synaps.model.alarm.AlarmState;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * RuleParser is a recursive-descent parser for composite-alarm rules:
 * <pre>
 * rule     = or EOF
 * or       = and { "OR" and }
 * and      = not { "AND" not }
 * not      = "NOT" not | primary
 * primary  = "(" or ")" | "TRUE" | "FALSE" | function "(" argument ")"
 * function = "ALARM" | "OK" | "INSUFFICIENT_DATA"
 * argument = '"' chars '"' | "'" chars "'" | bare chars up to ")"   (trimmed, not empty)
 * </pre>
 * Keywords are upper case; whitespace may surround every token. Positions in messages are
 * 1-based character positions. One instance parses one text; not thread-safe.
 */
final class RuleParser {
    static final int MAX_LENGTH = 10_240;
    static final int MAX_CHILDREN = 100;
    static final int MAX_ELEMENTS = 500;
    /** Parentheses nesting limit (ours): keeps the recursion far from the thread's stack size. */
    static final int MAX_DEPTH = 100;

    private final String text;
    private final String region;
    private final String accountId;
    private final Set<String> children = new LinkedHashSet<>();
    private int pos;
    private int elements;
    private int depth;

    private RuleParser(String text, String region, String accountId) {
        this.text = text;
        this.region = region;
        this.accountId = accountId;
    }

    /** Parsed is a rule's tree and the alarm names it references, in rule order. */
    record Parsed(RuleNode root, Set<String> children, int elements) {
    }

    static Parsed parse(String text, String region, String accountId) {
        if (text == null) {
            throw AwsError.validation("1 validation error detected: Value null at 'alarmRule' failed to satisfy "
                    + "constraint: Member must not be null");
        }
        if (text.isEmpty()) {
            throw AwsError.validation("1 validation error detected: Value '' at 'alarmRule' failed to satisfy "
                    + "constraint: Member must have length greater than or equal to 1");
        }
        if (text.length() > MAX_LENGTH) {
            throw AwsError.validation("1 validation error detected: Value '" + text + "' at 'alarmRule' failed to "
                    + "satisfy constraint: Member must have length less than or equal to " + MAX_LENGTH);
        }
        RuleParser p = new RuleParser(text, region, accountId);
        RuleNode root = p.or();
        p.skipSpace();
        if (p.pos < text.length()) {
            throw p.syntax(p.pos, "expected AND, OR or the end of the rule but found " + p.describeHere());
        }
        return new Parsed(root, p.children, p.elements);
    }

    private RuleNode or() {
        List<RuleNode> operands = new ArrayList<>();
        addFlat(operands, and(), RuleNode.Or.class);
        while (keywordAhead("OR")) {
            element();
            pos += 2;
            addFlat(operands, and(), RuleNode.Or.class);
        }
        return operands.size() == 1 ? operands.get(0) : new RuleNode.Or(operands);
    }

    private RuleNode and() {
        List<RuleNode> operands = new ArrayList<>();
        addFlat(operands, not(), RuleNode.And.class);
        while (keywordAhead("AND")) {
            element();
            pos += 3;
            addFlat(operands, not(), RuleNode.And.class);
        }
        return operands.size() == 1 ? operands.get(0) : new RuleNode.And(operands);
    }

    /** (a AND b) AND c is a AND b AND c: one flat list keeps the canonical print unique. */
    private static void addFlat(List<RuleNode> operands, RuleNode node, Class<? extends RuleNode> kind) {
        if (node instanceof RuleNode.Or or && kind == RuleNode.Or.class) {
            operands.addAll(or.operands());
        } else if (node instanceof RuleNode.And and && kind == RuleNode.And.class) {
            operands.addAll(and.operands());
        } else {
            operands.add(node);
        }
    }

    private RuleNode not() {
        if (keywordAhead("NOT")) {
            element();
            pos += 3;
            return new RuleNode.Not(not());
        }
        return primary();
    }

    private RuleNode primary() {
        skipSpace();
        int start = pos;
        if (pos >= text.length()) {
            throw syntax(start, "expected ALARM, OK, INSUFFICIENT_DATA, TRUE, FALSE, NOT or '(' but the rule ended");
        }
        if (text.charAt(pos) == '(') {
            if (++depth > MAX_DEPTH) {
                throw syntax(start, "parentheses are nested more than " + MAX_DEPTH + " levels deep");
            }
            pos++;
            RuleNode inner = or();
            skipSpace();
            if (pos >= text.length() || text.charAt(pos) != ')') {
                throw syntax(pos, "expected AND, OR or ')' to close the '(' at position " + (start + 1)
                        + " but " + (pos >= text.length() ? "the rule ended" : "found " + describeHere()));
            }
            pos++;
            depth--;
            return inner;
        }
        String word = word();
        switch (word) {
            case "TRUE", "FALSE" -> {
                element();
                pos += word.length();
                return new RuleNode.Constant(word.equals("TRUE"));
            }
            case "ALARM", "OK", "INSUFFICIENT_DATA" -> {
                element();
                pos += word.length();
                return function(AlarmState.valueOf(word), word);
            }
            default -> {
                String hint = switch (word.toUpperCase(java.util.Locale.ROOT)) {
                    case "TRUE", "FALSE", "ALARM", "OK", "INSUFFICIENT_DATA", "NOT" -> " (keywords are upper case)";
                    default -> "";
                };
                throw syntax(start, "expected ALARM, OK, INSUFFICIENT_DATA, TRUE, FALSE, NOT or '(' but found "
                        + describeHere() + hint);
            }
        }
    }

    private RuleNode function(AlarmState state, String word) {
        skipSpace();
        if (pos >= text.length() || text.charAt(pos) != '(') {
            throw syntax(pos, "expected '(' after " + word + " but "
                    + (pos >= text.length() ? "the rule ended" : "found " + describeHere()));
        }
        pos++;
        skipSpace();
        int argStart = pos;
        String argument;
        if (pos < text.length() && (text.charAt(pos) == '"' || text.charAt(pos) == '\'')) {
            char quote = text.charAt(pos);
            int close = text.indexOf(quote, pos + 1);
            if (close < 0) {
                throw syntax(argStart, "the quoted alarm name that starts here is not closed with " + quote);
            }
            argument = text.substring(pos + 1, close);
            pos = close + 1;
            skipSpace();
            if (pos >= text.length() || text.charAt(pos) != ')') {
                throw syntax(pos, "expected ')' after the alarm name of " + word + " but "
                        + (pos >= text.length() ? "the rule ended" : "found " + describeHere()));
            }
        } else {
            int close = text.indexOf(')', pos);
            if (close < 0) {
                throw syntax(argStart, "expected an alarm name or ARN followed by ')' after " + word
                        + "( but the rule ended");
            }
            argument = text.substring(pos, close).strip();
            pos = close;
        }
        if (argument.isEmpty()) {
            throw syntax(argStart, "expected an alarm name or ARN inside " + word + "(...) but found none");
        }
        pos++; // the ')'
        String name = nameOf(argument, argStart);
        children.add(name);
        if (children.size() > MAX_CHILDREN) {
            throw AwsError.invalidParameterValue("The AlarmRule references more than " + MAX_CHILDREN
                    + " alarms (the limit); the alarm at position " + (argStart + 1) + " is one too many.");
        }
        return new RuleNode.StateIs(state, name);
    }

    /** The alarm name an argument stands for: ARNs of the caller's account and region reduce to names. */
    private String nameOf(String argument, int at) {
        if (!argument.startsWith("arn:")) {
            return argument;
        }
        AlarmArn.Parsed arn = AlarmArn.parse(argument);
        if (arn == null) {
            throw AwsError.invalidParameterValue("Invalid AlarmRule at position " + (at + 1) + ": '" + argument
                    + "' is not a CloudWatch alarm ARN (arn:aws:cloudwatch:<region>:<account>:alarm:<name>).");
        }
        if (!arn.accountId().equals(accountId) || !arn.region().equals(region)) {
            throw AwsError.invalidParameterValue("Invalid AlarmRule at position " + (at + 1) + ": the alarm '"
                    + argument + "' belongs to account " + arn.accountId() + " in region " + arn.region()
                    + "; a composite alarm can only reference alarms of its own account (" + accountId
                    + ") and region (" + region + ").");
        }
        return arn.name();
    }

    private void element() {
        if (++elements > MAX_ELEMENTS) {
            throw AwsError.invalidParameterValue("The AlarmRule has more than " + MAX_ELEMENTS
                    + " elements (the limit counts ALARM, OK, INSUFFICIENT_DATA, TRUE, FALSE, AND, OR and NOT).");
        }
    }

    /** Whether the next token is exactly {@code keyword} (not a longer word); skips whitespace first. */
    private boolean keywordAhead(String keyword) {
        skipSpace();
        return text.startsWith(keyword, pos) && !isWordChar(pos + keyword.length());
    }

    private String word() {
        int end = pos;
        while (isWordChar(end)) {
            end++;
        }
        return text.substring(pos, end);
    }

    private boolean isWordChar(int i) {
        if (i >= text.length()) {
            return false;
        }
        char c = text.charAt(i);
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    /** The token at pos for messages: a word, or one character. */
    private String describeHere() {
        String w = word();
        String token = w.isEmpty() ? text.substring(pos, pos + 1) : w;
        if (token.length() > 40) {
            token = token.substring(0, 40) + "...";
        }
        return "'" + token + "'";
    }

    private AwsError syntax(int at, String what) {
        return AwsError.validation("Invalid AlarmRule at position " + (at + 1) + ": " + what + ".");
    }
}
