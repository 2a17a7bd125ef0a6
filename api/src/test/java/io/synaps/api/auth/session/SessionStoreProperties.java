package io.synaps.api.auth.session;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random sign-ins, uses, peeks, sign-outs and clock steps against a plain model of the session
 * rules (12 h absolute, 1 h idle, oldest of a user evicted beyond the limit), under a virtual clock.
 */
class SessionStoreProperties {
    private static final Duration ABSOLUTE = Duration.ofHours(12);
    private static final Duration IDLE = Duration.ofHours(1);
    private static final int MAX_PER_USER = 3;

    private static final class Model {
        final String id;
        final String user;
        final Instant created;
        Instant lastUsed;
        boolean ended;

        Model(String id, String user, Instant created) {
            this.id = id;
            this.user = user;
            this.created = created;
            this.lastUsed = created;
        }

        boolean live(Instant now) {
            return !ended && now.isBefore(created.plus(ABSOLUTE)) && now.isBefore(lastUsed.plus(IDLE));
        }
    }

    @Test
    void sessionsLiveExactlyAsLongAsTheRulesSay() {
        long seed = Long.getLong("synaps.seed", System.nanoTime());
        System.out.println("SessionStoreProperties seed=" + seed);
        Random random = new Random(seed);
        for (int run = 0; run < 50; run++) {
            SteppingClock clock = new SteppingClock(Instant.parse("2026-01-01T00:00:00Z"));
            SessionStore store = new SessionStore(new SessionConfig(ABSOLUTE, IDLE, MAX_PER_USER), clock);
            List<Model> model = new ArrayList<>();
            for (int step = 0; step < 300; step++) {
                Instant now = clock.instant();
                int op = random.nextInt(10);
                if (op < 2 || model.isEmpty()) {
                    String user = "user" + random.nextInt(3);
                    SessionStore.Created c = store.create(new Principal(user, "123456789012", "local"));
                    List<Model> mine = new ArrayList<>();
                    for (Model m : model) {
                        if (m.user.equals(user) && m.live(now)) {
                            mine.add(m);
                        }
                    }
                    // The new one plus the live ones; beyond the limit the oldest end.
                    for (int i = 0; i < mine.size() + 1 - MAX_PER_USER; i++) {
                        mine.get(i).ended = true;
                    }
                    model.add(new Model(c.id(), user, now));
                } else if (op < 6) {
                    Model m = model.get(random.nextInt(model.size()));
                    Optional<Session> found = store.find(m.id);
                    boolean live = m.live(now);
                    assertThat(found.isPresent()).as("seed %d run %d step %d find", seed, run, step).isEqualTo(live);
                    if (live) {
                        m.lastUsed = now;
                        assertThat(found.get().principal().user()).isEqualTo(m.user);
                        assertThat(found.get().expiresAt()).isEqualTo(m.created.plus(ABSOLUTE));
                    } else {
                        m.ended = true;
                    }
                } else if (op < 7) {
                    Model m = model.get(random.nextInt(model.size()));
                    assertThat(store.peek(m.id).isPresent()).as("seed %d run %d step %d peek", seed, run, step)
                            .isEqualTo(m.live(now));
                } else if (op < 8) {
                    Model m = model.get(random.nextInt(model.size()));
                    assertThat(store.delete(m.id)).as("seed %d run %d step %d delete", seed, run, step)
                            .isEqualTo(m.live(now));
                    m.ended = true;
                } else {
                    long minutes = random.nextInt(4) == 0 ? random.nextInt(180) : random.nextInt(20);
                    clock.advance(Duration.ofMinutes(minutes).plusSeconds(random.nextInt(60)));
                }
                Instant t = clock.instant();
                long live = model.stream().filter(m -> m.live(t)).count();
                assertThat(store.size()).as("seed %d run %d step %d size", seed, run, step).isEqualTo((int) live);
            }
        }
    }
}
