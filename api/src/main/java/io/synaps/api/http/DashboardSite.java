package io.synaps.api.http;

import io.synaps.api.auth.session.SessionStore;
import io.synaps.api.auth.session.SignIn;
import io.synaps.api.auth.session.SignInThrottle;
import io.synaps.dashboard.DashboardAssets;

import java.util.Objects;

/**
 * DashboardSite is what the API server needs to serve the web dashboard on its port: the sign-in
 * port, the session store, the sign-in throttle, the static assets and the live event streams
 * ({@code null} when the node has no live feed: {@code /ui/api/events} then answers 503).
 * Immutable; its parts are thread-safe.
 */
public record DashboardSite(SignIn signIn, SessionStore sessions, SignInThrottle throttle, DashboardAssets assets,
                            EventStreams events) {
    public DashboardSite {
        Objects.requireNonNull(signIn, "signIn");
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(throttle, "throttle");
        Objects.requireNonNull(assets, "assets");
    }
}
