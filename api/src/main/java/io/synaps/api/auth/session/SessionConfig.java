package io.synaps.api.auth.session;

import java.time.Duration;
import java.util.Objects;

/**
 * SessionConfig is the dashboard session policy. Immutable.
 *
 * @param absoluteLifetime a session ends this long after sign-in, however busy (default 12 h)
 * @param idleTimeout      a session ends when unused this long (default 1 h)
 * @param maxPerUser       sessions one user may hold; signing in beyond it ends that user's oldest (default 10)
 */
public record SessionConfig(Duration absoluteLifetime, Duration idleTimeout, int maxPerUser) {
    public SessionConfig {
        Objects.requireNonNull(absoluteLifetime, "absoluteLifetime");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (absoluteLifetime.isNegative() || absoluteLifetime.isZero()
                || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("session lifetimes must be positive");
        }
        if (maxPerUser < 1) {
            throw new IllegalArgumentException("maxPerUser must be positive: " + maxPerUser);
        }
    }

    /** 12 h absolute, 1 h idle, 10 sessions per user. */
    public static SessionConfig defaults() {
        return new SessionConfig(Duration.ofHours(12), Duration.ofHours(1), 10);
    }

    public SessionConfig withAbsoluteLifetime(Duration lifetime) {
        return new SessionConfig(lifetime, idleTimeout, maxPerUser);
    }

    public SessionConfig withIdleTimeout(Duration timeout) {
        return new SessionConfig(absoluteLifetime, timeout, maxPerUser);
    }

    public SessionConfig withMaxPerUser(int max) {
        return new SessionConfig(absoluteLifetime, idleTimeout, max);
    }
}
