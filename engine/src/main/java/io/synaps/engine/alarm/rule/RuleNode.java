package io.synaps.engine.alarm.rule;

import io.synaps.model.alarm.AlarmState;

import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * RuleNode is one node of a parsed composite-alarm rule. Immutable and thread-safe. Nodes print
 * themselves canonically: upper-case keywords, double-quoted names, parentheses only where
 * precedence (NOT > AND > OR) needs them.
 */
sealed interface RuleNode {

    boolean holds(Function<String, AlarmState> stateOf);

    /** Adds, in rule order, the names of the predicates that hold ({@code all}: every name). */
    void collect(Function<String, AlarmState> stateOf, boolean all, Set<String> into);

    void print(StringBuilder out);

    /** TRUE or FALSE. */
    record Constant(boolean value) implements RuleNode {
        @Override
        public boolean holds(Function<String, AlarmState> stateOf) {
            return value;
        }

        @Override
        public void collect(Function<String, AlarmState> stateOf, boolean all, Set<String> into) {
        }

        @Override
        public void print(StringBuilder out) {
            out.append(value ? "TRUE" : "FALSE");
        }
    }

    /** ALARM(name), OK(name) or INSUFFICIENT_DATA(name); a child without a state is INSUFFICIENT_DATA. */
    record StateIs(AlarmState state, String name) implements RuleNode {
        @Override
        public boolean holds(Function<String, AlarmState> stateOf) {
            AlarmState actual = stateOf.apply(name);
            return (actual == null ? AlarmState.INSUFFICIENT_DATA : actual) == state;
        }

        @Override
        public void collect(Function<String, AlarmState> stateOf, boolean all, Set<String> into) {
            if (all || holds(stateOf)) {
                into.add(name);
            }
        }

        @Override
        public void print(StringBuilder out) {
            out.append(state.name()).append('(');
            if (name.indexOf('"') < 0) {
                out.append('"').append(name).append('"');
            } else if (name.indexOf('\'') < 0) {
                out.append('\'').append(name).append('\'');
            } else {
                out.append(name); // bare: the only form left for a name with both quote characters
            }
            out.append(')');
        }
    }

    /** NOT operand. */
    record Not(RuleNode operand) implements RuleNode {
        @Override
        public boolean holds(Function<String, AlarmState> stateOf) {
            return !operand.holds(stateOf);
        }

        @Override
        public void collect(Function<String, AlarmState> stateOf, boolean all, Set<String> into) {
            operand.collect(stateOf, all, into);
        }

        @Override
        public void print(StringBuilder out) {
            out.append("NOT ");
            printOperand(operand, !(operand instanceof And || operand instanceof Or), out);
        }
    }

    /** operand AND operand AND ... (at least two). */
    record And(List<RuleNode> operands) implements RuleNode {
        public And {
            operands = List.copyOf(operands);
        }

        @Override
        public boolean holds(Function<String, AlarmState> stateOf) {
            for (RuleNode n : operands) {
                if (!n.holds(stateOf)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void collect(Function<String, AlarmState> stateOf, boolean all, Set<String> into) {
            for (RuleNode n : operands) {
                n.collect(stateOf, all, into);
            }
        }

        @Override
        public void print(StringBuilder out) {
            for (int i = 0; i < operands.size(); i++) {
                if (i > 0) {
                    out.append(" AND ");
                }
                printOperand(operands.get(i), !(operands.get(i) instanceof Or), out);
            }
        }
    }

    /** operand OR operand OR ... (at least two). */
    record Or(List<RuleNode> operands) implements RuleNode {
        public Or {
            operands = List.copyOf(operands);
        }

        @Override
        public boolean holds(Function<String, AlarmState> stateOf) {
            for (RuleNode n : operands) {
                if (n.holds(stateOf)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public void collect(Function<String, AlarmState> stateOf, boolean all, Set<String> into) {
            for (RuleNode n : operands) {
                n.collect(stateOf, all, into);
            }
        }

        @Override
        public void print(StringBuilder out) {
            for (int i = 0; i < operands.size(); i++) {
                if (i > 0) {
                    out.append(" OR ");
                }
                operands.get(i).print(out);
            }
        }
    }

    private static void printOperand(RuleNode operand, boolean bare, StringBuilder out) {
        if (bare) {
            operand.print(out);
        } else {
            out.append('(');
            operand.print(out);
            out.append(')');
        }
    }
}
