package io.synaps.notify.nova;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class AlarmCooldownTest {
    private final AlarmCooldown cooldown = new AlarmCooldown(Duration.ofMinutes(10));

    @Test
    void aSecondDeliveryWaitsWhileTheFirstIsStillRunning() {
        AlarmCooldown.Decision first = cooldown.reserve("acct/a", "k1", 0);
        assertThat(first.kind()).isEqualTo(AlarmCooldown.Decision.Kind.GRANTED);
        assertThat(cooldown.reserve("acct/a", "k2", 1).kind()).isEqualTo(AlarmCooldown.Decision.Kind.RUNNING);
        assertThat(cooldown.reserve("acct/b", "k3", 1).kind()).isEqualTo(AlarmCooldown.Decision.Kind.GRANTED);
    }

    @Test
    void releasingGivesTheAlarmBackToItsPreviousWindow() {
        AlarmCooldown.Decision first = cooldown.reserve("acct/a", "k1", 0);
        cooldown.commit("acct/a", first);
        AlarmCooldown.Decision later = cooldown.reserve("acct/a", "k2", 600_000);
        assertThat(later.kind()).isEqualTo(AlarmCooldown.Decision.Kind.GRANTED);
        cooldown.release("acct/a", later);
        // k1's window (0..600 s) is back, so k1 is still known as done and a new one is free again.
        assertThat(cooldown.reserve("acct/a", "k1", 600_001).kind())
                .isEqualTo(AlarmCooldown.Decision.Kind.ALREADY_DONE);
        assertThat(cooldown.reserve("acct/a", "k3", 600_001).kind()).isEqualTo(AlarmCooldown.Decision.Kind.GRANTED);
    }

    @Test
    void aCommittedActionHoldsTheAlarmForTheWholeWindow() {
        AlarmCooldown.Decision first = cooldown.reserve("acct/a", "k1", 1_000);
        cooldown.commit("acct/a", first);
        AlarmCooldown.Decision inside = cooldown.reserve("acct/a", "k2", 600_999);
        assertThat(inside.kind()).isEqualTo(AlarmCooldown.Decision.Kind.COOLING_DOWN);
        assertThat(inside.entry().startedMillis()).isEqualTo(1_000);
        assertThat(cooldown.reserve("acct/a", "k2", 601_000).kind()).isEqualTo(AlarmCooldown.Decision.Kind.GRANTED);
    }

    @Test
    void aZeroCooldownOnlyKeepsDuplicatesAndRunningActionsOut() {
        AlarmCooldown none = new AlarmCooldown(Duration.ZERO);
        AlarmCooldown.Decision first = none.reserve("acct/a", "k1", 5);
        none.commit("acct/a", first);
        assertThat(none.reserve("acct/a", "k1", 5).kind()).isEqualTo(AlarmCooldown.Decision.Kind.ALREADY_DONE);
        assertThat(none.reserve("acct/a", "k2", 5).kind()).isEqualTo(AlarmCooldown.Decision.Kind.GRANTED);
    }
}
