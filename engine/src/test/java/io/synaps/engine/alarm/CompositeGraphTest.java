package io.synaps.engine.alarm;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class CompositeGraphTest {
    private static final String ACCOUNT = "123456789012";

    private static AlarmKey key(String name) {
        return new AlarmKey(ACCOUNT, name);
    }

    @Test
    void findsTheCycleANewRuleWouldCloseThroughOtherComposites() {
        CompositeGraph g = new CompositeGraph();
        g.set(key("A"), Set.of("B", "m1"), null);
        g.set(key("B"), Set.of("C"), null);
        g.set(key("C"), Set.of("m2"), null);

        assertThat(g.cycle(key("C"), Set.of("A", "m2"))).containsExactly("C", "A", "B", "C");
        assertThat(g.cycle(key("C"), Set.of("m3"))).isNull();
        assertThat(g.cycle(key("D"), Set.of("D"))).containsExactly("D", "D");
        // Another account's alarms of the same names are not edges.
        assertThat(g.cycle(new AlarmKey("000000000000", "C"), Set.of("A"))).isNull();
    }

    @Test
    void tracksParentsAndSuppressedCompositesAndForgetsRemovedOnes() {
        CompositeGraph g = new CompositeGraph();
        g.set(key("P1"), Set.of("m"), "s");
        g.set(key("P2"), Set.of("m", "s"), null);

        assertThat(g.parentsOf(key("m"))).containsExactly("P1", "P2");
        assertThat(g.parentsOf(key("s"))).containsExactly("P2");
        assertThat(g.dependentsOf(key("s"))).containsExactly("P1", "P2");

        g.set(key("P1"), Set.of("n"), null);
        assertThat(g.parentsOf(key("m"))).containsExactly("P2");
        assertThat(g.dependentsOf(key("s"))).containsExactly("P2");
        g.remove(key("P2"));
        assertThat(g.parentsOf(key("m"))).isEmpty();
        assertThat(g.dependentsOf(key("s"))).isEmpty();
    }
}
