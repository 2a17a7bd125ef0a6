package io.synaps.engine.alarm.rule;

import io.synaps.model.alarm.AlarmState;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * AlarmRule is a parsed composite-alarm rule (reference 2.10): ALARM(x), OK(x),
 * INSUFFICIENT_DATA(x), TRUE, FALSE, AND, OR, NOT and parentheses, where x is an alarm name or
 * ARN, quoted or not. Precedence NOT > AND > OR; keywords upper case (engine/ALARMS.md has the
 * grammar). Immutable and thread-safe.
 */
public final class AlarmRule {
    private final RuleNode root;
    private final Set<String> children;
    private final int elements;

    private AlarmRule(RuleNode root, Set<String> children, int elements) {
        this.root = root;
        this.children = Collections.unmodifiableSet(new LinkedHashSet<>(children));
        this.elements = elements;
    }

    /**
     * Parses the rule text; ARNs of the caller's region and account are reduced to names.
     *
     * @throws io.synaps.model.AwsError ValidationError for a rule that is empty, longer than
     *         10,240 characters or does not parse (the message names the 1-based position and what
     *         was expected); InvalidParameterValue for more than 100 children or 500 elements, or
     *         an ARN that is not an alarm ARN or belongs to another account or region
     */
    public static AlarmRule parse(String text, String region, String accountId) {
        RuleParser.Parsed parsed = RuleParser.parse(text, region, accountId);
        return new AlarmRule(parsed.root(), parsed.children(), parsed.elements());
    }

    /** The alarm names the rule references, distinct, in the order they first appear. */
    public Set<String> children() {
        return children;
    }

    /** Whether the rule holds when each child is in the state {@code stateOf} gives (null: INSUFFICIENT_DATA). */
    public boolean evaluate(Function<String, AlarmState> stateOf) {
        return root.holds(stateOf);
    }

    /**
     * The children whose state predicate holds under {@code stateOf} (e.g. x for ALARM(x) while x
     * is in ALARM), distinct, in rule order; these are a composite's triggering alarms.
     */
    public List<String> satisfiedChildren(Function<String, AlarmState> stateOf) {
        Set<String> out = new LinkedHashSet<>();
        root.collect(stateOf, false, out);
        return List.copyOf(out);
    }

    /** How many elements (functions, TRUE/FALSE, AND, OR, NOT) the rule text has. */
    public int elements() {
        return elements;
    }

    /**
     * The rule in canonical form: upper-case keywords, names double-quoted (single-quoted when
     * they contain a double quote), parentheses only where precedence needs them; parsing it
     * gives an equal rule.
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        root.print(sb);
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AlarmRule r && r.root.equals(root);
    }

    @Override
    public int hashCode() {
        return root.hashCode();
    }
}
