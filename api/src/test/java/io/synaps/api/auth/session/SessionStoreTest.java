package io.synaps.api.auth.session;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class SessionStoreTest {
    private static final Principal ALICE = new Principal("alice", "123456789012", "local");
    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-11-22T08:00:00Z"));
    private final SessionStore store = new SessionStore(SessionConfig.defaults(), clock);

    @Test
    void createsRandomUrlSafeIdsAndCsrfTokens() {
        SessionStore.Created a = store.create(ALICE);
        SessionStore.Created b = store.create(ALICE);
        assertThat(a.id()).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(b.id());
        assertThat(a.session().csrfToken()).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(a.id())
                .isNotEqualTo(b.session().csrfToken());
        assertThat(a.session().expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(12)));
        assertThat(store.find(a.id())).contains(a.session());
        assertThat(store.find(a.id() + "x")).isEmpty();
        assertThat(store.find(null)).isEmpty();
        assertThat(store.find("not a session id")).isEmpty();
    }

    @Test
    void endsAnIdleSessionAfterOneHour() {
        SessionStore.Created s = store.create(ALICE);
        clock.advance(Duration.ofMinutes(59));
        assertThat(store.find(s.id())).isPresent();
        clock.advance(Duration.ofMinutes(59));
        assertThat(store.find(s.id())).as("used 59 minutes ago").isPresent();
        clock.advance(Duration.ofHours(1));
        assertThat(store.find(s.id())).isEmpty();
        assertThat(store.size()).isZero();
    }

    @Test
    void peekingDoesNotKeepASessionAlive() {
        SessionStore.Created s = store.create(ALICE);
        clock.advance(Duration.ofMinutes(40));
        assertThat(store.peek(s.id())).isPresent();
        clock.advance(Duration.ofMinutes(20));
        assertThat(store.peek(s.id())).isEmpty();
    }

    @Test
    void endsABusySessionTwelveHoursAfterSignIn() {
        SessionStore.Created s = store.create(ALICE);
        for (int i = 0; i < 23; i++) {
            clock.advance(Duration.ofMinutes(30));
            assertThat(store.find(s.id())).isPresent();
        }
        clock.advance(Duration.ofMinutes(30));
        assertThat(store.find(s.id())).isEmpty();
    }

    @Test
    void keepsAtMostTheConfiguredNumberOfSessionsPerUser() {
        SessionStore small = new SessionStore(SessionConfig.defaults().withMaxPerUser(2), clock);
        SessionStore.Created first = small.create(ALICE);
        SessionStore.Created second = small.create(ALICE);
        SessionStore.Created bob = small.create(new Principal("bob", "123456789012", "local"));
        SessionStore.Created third = small.create(ALICE);
        assertThat(small.find(first.id())).isEmpty();
        assertThat(small.find(second.id())).isPresent();
        assertThat(small.find(third.id())).isPresent();
        assertThat(small.find(bob.id())).isPresent();
        assertThat(small.size()).isEqualTo(3);
    }

    @Test
    void signOutEndsTheSession() {
        SessionStore.Created s = store.create(ALICE);
        assertThat(store.delete(s.id())).isTrue();
        assertThat(store.delete(s.id())).isFalse();
        assertThat(store.find(s.id())).isEmpty();
    }

    @Test
    void comparesCsrfTokensExactly() {
        Session s = store.create(ALICE).session();
        assertThat(s.csrfMatches(s.csrfToken())).isTrue();
        assertThat(s.csrfMatches(s.csrfToken().substring(1))).isFalse();
        assertThat(s.csrfMatches(s.csrfToken() + "A")).isFalse();
        assertThat(s.csrfMatches("")).isFalse();
        assertThat(s.csrfMatches(null)).isFalse();
    }

    @Test
    void neverShowsIdsOrTokensInToString() {
        SessionStore.Created c = store.create(ALICE);
        assertThat(c.toString()).doesNotContain(c.id()).doesNotContain(c.session().csrfToken());
        assertThat(c.session().toString()).doesNotContain(c.session().csrfToken());
    }
}
