package io.synaps.api.auth.session;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class SignInThrottleTest {
    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-11-22T08:00:00Z"));
    private final SignInThrottle throttle = new SignInThrottle(clock);

    @Test
    void allowsFiveFailuresThenLocksForOneSecondDoubling() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("alice", "10.0.0.1");
            assertThat(throttle.retryAfter("alice", "10.0.0.1")).isEmpty();
        }
        throttle.failed("alice", "10.0.0.1");
        assertThat(throttle.retryAfter("alice", "10.0.0.1")).contains(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.retryAfter("alice", "10.0.0.1")).isEmpty();
        throttle.failed("alice", "10.0.0.1");
        assertThat(throttle.retryAfter("alice", "10.0.0.1")).contains(Duration.ofSeconds(2));
        clock.advance(Duration.ofSeconds(2));
        throttle.failed("alice", "10.0.0.1");
        assertThat(throttle.retryAfter("alice", "10.0.0.1")).contains(Duration.ofSeconds(4));
    }

    @Test
    void capsTheLockOutAtFifteenMinutes() {
        assertThat(throttle.lockoutAfter(4)).isZero();
        assertThat(throttle.lockoutAfter(5)).isEqualTo(Duration.ofSeconds(1));
        assertThat(throttle.lockoutAfter(14)).isEqualTo(Duration.ofSeconds(512));
        assertThat(throttle.lockoutAfter(15)).isEqualTo(Duration.ofMinutes(15));
        assertThat(throttle.lockoutAfter(1000)).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void countsUserNamesAndAddressesSeparately() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("alice", "10.0.0." + i); // one name from five addresses
        }
        assertThat(throttle.retryAfter("alice", "10.0.0.9")).isPresent();
        assertThat(throttle.retryAfter("bob", "10.0.0.1")).isEmpty();
        for (int i = 0; i < 5; i++) {
            throttle.failed("user" + i, "192.0.2.7"); // five names from one address
        }
        assertThat(throttle.retryAfter("carol", "192.0.2.7")).isPresent();
        assertThat(throttle.retryAfter("carol", "192.0.2.8")).isEmpty();
    }

    @Test
    void successClearsTheUserNameButNotTheAddress() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("alice", "10.0.0.1");
        }
        throttle.succeeded("alice", "10.0.0.1");
        throttle.failed("alice", "10.0.0.2");
        assertThat(throttle.retryAfter("alice", "10.0.0.2")).isEmpty();
        throttle.failed("bob", "10.0.0.1");
        assertThat(throttle.retryAfter("bob", "10.0.0.1")).as("the address had five failures").isPresent();
    }

    @Test
    void forgetsFailuresFifteenMinutesAfterTheLastOne() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("alice", "10.0.0.1");
        }
        clock.advance(Duration.ofMinutes(15));
        throttle.failed("alice", "10.0.0.1");
        assertThat(throttle.retryAfter("alice", "10.0.0.1")).isEmpty();
        assertThat(throttle.tracked()).isEqualTo(2);
        clock.advance(Duration.ofMinutes(15));
        assertThat(throttle.tracked()).isZero();
    }

    @Test
    void tracksABoundedNumberOfNamesAndAddresses() {
        SignInThrottle small = new SignInThrottle(clock, 5, Duration.ofSeconds(1), Duration.ofMinutes(15), 10);
        for (int i = 0; i < 100; i++) {
            small.failed("user" + i, "10.0.0." + i);
        }
        assertThat(small.tracked()).isLessThanOrEqualTo(10);
    }
}
