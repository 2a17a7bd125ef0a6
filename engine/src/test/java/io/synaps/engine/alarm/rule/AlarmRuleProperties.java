package io.synaps.engine.alarm.rule;

import io.synaps.model.alarm.AlarmArn;
import io.synaps.model.alarm.AlarmState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random rule trees, written with random whitespace, redundant parentheses, quoting styles and
 * ARNs, parse to a rule that evaluates like the tree under random child states, references the
 * tree's names in order, and whose canonical print parses back to an equal rule.
 */
class AlarmRuleProperties {
    private static final String REGION = "eu-central-1";
    private static final String ACCOUNT = "111122223333";
    private static final String[] NAMES = {"a", "cpu-high", "with space", "x:y:z", "say \"hi\"", "it's", "Ünïcode",
            "arn-like:alarm:b", "OR", "TRUE", "p(1"};
    private static final String[] SPACE = {"", " ", "  ", "\n", "\t "};

    /** Node is the model tree the test generates and evaluates on its own. */
    private sealed interface Node {
    }

    private record Leaf(AlarmState state, String name) implements Node {
    }

    private record Const(boolean value) implements Node {
    }

    private record Not(Node operand) implements Node {
    }

    private record Op(boolean and, List<Node> operands) implements Node {
    }

    @Test
    void parsedRulesEvaluateLikeTheTreeAndRoundTrip() {
        long seed = Long.getLong("seed", System.nanoTime());
        System.out.println("AlarmRuleProperties seed=" + seed + " (rerun with -Dseed=" + seed + ")");
        Random random = new Random(seed);

        for (int iteration = 0; iteration < 2_000; iteration++) {
            Node tree = generate(random, 1 + random.nextInt(5));
            StringBuilder text = new StringBuilder();
            write(tree, 0, random, text);
            String context = "iteration " + iteration + ": " + text;

            AlarmRule rule = AlarmRule.parse(text.toString(), REGION, ACCOUNT);

            Set<String> names = new LinkedHashSet<>();
            names(tree, names);
            assertThat(rule.children()).as(context).containsExactlyElementsOf(names);
            for (int k = 0; k < 8; k++) {
                Map<String, AlarmState> states = new HashMap<>();
                for (String name : names) {
                    int pick = random.nextInt(4);
                    if (pick < 3) {
                        states.put(name, AlarmState.values()[pick]);
                    }
                }
                assertThat(rule.evaluate(states::get)).as(context + " with " + states).isEqualTo(holds(tree, states));
            }
            AlarmRule again = AlarmRule.parse(rule.toString(), REGION, ACCOUNT);
            assertThat(again).as(context).isEqualTo(rule);
            assertThat(again.toString()).as(context).isEqualTo(rule.toString());
        }
    }

    private static Node generate(Random random, int depth) {
        int pick = depth <= 0 ? random.nextInt(2) : random.nextInt(5);
        return switch (pick) {
            case 0 -> new Leaf(AlarmState.values()[random.nextInt(3)], NAMES[random.nextInt(NAMES.length)]);
            case 1 -> random.nextInt(4) == 0 ? new Const(random.nextBoolean())
                    : new Leaf(AlarmState.values()[random.nextInt(3)], NAMES[random.nextInt(NAMES.length)]);
            case 2 -> new Not(generate(random, depth - 1));
            default -> {
                List<Node> operands = new ArrayList<>();
                for (int i = 2 + random.nextInt(3); i > 0; i--) {
                    operands.add(generate(random, depth - 1));
                }
                yield new Op(pick == 3, operands);
            }
        };
    }

    /** Precedence of the context: 0 = OR operand, 1 = AND operand, 2 = NOT operand. */
    private static void write(Node node, int context, Random random, StringBuilder out) {
        int own = node instanceof Op op ? (op.and() ? 1 : 0) : 3;
        boolean parens = own < context || random.nextInt(6) == 0;
        if (parens) {
            out.append('(').append(space(random));
        }
        if (node instanceof Const c) {
            out.append(c.value() ? "TRUE" : "FALSE");
        } else if (node instanceof Leaf l) {
            out.append(l.state().name()).append(space(random)).append('(').append(space(random));
            out.append(argument(l.name(), random)).append(space(random)).append(')');
        } else if (node instanceof Not not) {
            out.append("NOT");
            String gap = space(random);
            out.append(gap.isEmpty() ? " " : gap);
            write(not.operand(), 2, random, out);
        } else if (node instanceof Op op) {
            for (int i = 0; i < op.operands().size(); i++) {
                if (i > 0) {
                    out.append(' ').append(op.and() ? "AND" : "OR").append(' ');
                }
                write(op.operands().get(i), op.and() ? 2 : 1, random, out);
            }
        }
        if (parens) {
            out.append(space(random)).append(')');
        }
    }

    private static String argument(String name, Random random) {
        String value = random.nextInt(4) == 0 ? AlarmArn.of(REGION, ACCOUNT, name) : name;
        int style = random.nextInt(3);
        if (style == 0 && !value.contains(")") && !value.startsWith("\"") && !value.startsWith("'")) {
            return value;
        }
        if (style == 1 && !value.contains("'")) {
            return "'" + value + "'";
        }
        return value.contains("\"") ? "'" + value + "'" : "\"" + value + "\"";
    }

    private static String space(Random random) {
        return SPACE[random.nextInt(SPACE.length)];
    }

    private static void names(Node node, Set<String> into) {
        if (node instanceof Leaf l) {
            into.add(l.name());
        } else if (node instanceof Not not) {
            names(not.operand(), into);
        } else if (node instanceof Op op) {
            op.operands().forEach(o -> names(o, into));
        }
    }

    private static boolean holds(Node node, Map<String, AlarmState> states) {
        if (node instanceof Const c) {
            return c.value();
        }
        if (node instanceof Leaf l) {
            return states.getOrDefault(l.name(), AlarmState.INSUFFICIENT_DATA) == l.state();
        }
        if (node instanceof Not not) {
            return !holds(not.operand(), states);
        }
        Op op = (Op) node;
        return op.and() ? op.operands().stream().allMatch(o -> holds(o, states))
                : op.operands().stream().anyMatch(o -> holds(o, states));
    }
}
