package io.synaps.api.http;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.synaps.api.auth.session.Argon2idHasher;
import io.synaps.api.auth.session.FileUserStore;
import io.synaps.api.auth.session.LocalSignIn;
import io.synaps.api.auth.session.SessionConfig;
import io.synaps.api.auth.session.SessionStore;
import io.synaps.api.auth.session.SignInThrottle;
import io.synaps.api.auth.session.SteppingClock;
import io.synaps.api.protocol.WireRequest;
import io.synaps.dashboard.DashboardAssets;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Map;

/**
 * DashboardFixture is a dashboard with one user ({@value #USER} / {@value #PASSWORD}, account
 * {@value #ACCOUNT}) in a users file under a temporary directory, a stepping clock, cheap hashes,
 * and request builders. Test fixture; not thread-safe.
 */
final class DashboardFixture {
    static final String USER = "alice";
    static final String PASSWORD = "alice-dashboard-pw";
    static final String ACCOUNT = "123456789012";
    static final String HOST = "127.0.0.1:8780";

    final SteppingClock clock = new SteppingClock(Instant.parse("2026-11-22T08:00:00Z"));
    final FileUserStore users;
    final SessionStore sessions;
    final SignInThrottle throttle;
    final DashboardSite site;

    DashboardFixture(Path dir, EventStreams events) {
        Argon2idHasher cheap = new Argon2idHasher(new Argon2idHasher.Cost(64, 1, 1), new SecureRandom());
        users = new FileUserStore(dir.resolve("users.json"), cheap, clock);
        users.add(USER, ACCOUNT, PASSWORD.toCharArray());
        sessions = new SessionStore(SessionConfig.defaults(), clock);
        throttle = new SignInThrottle(clock);
        site = new DashboardSite(new LocalSignIn(users), sessions, throttle, new DashboardAssets(), events);
    }

    static HttpHeaders headers(Map<String, String> values) {
        HttpHeaders h = new DefaultHttpHeaders();
        h.set("Host", HOST);
        values.forEach(h::set);
        return h;
    }

    static WireRequest request(String method, String uri, Map<String, String> headers, String body) {
        return WireRequest.of(method, uri, headers(headers), body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    static String signInBody(String user, String password) {
        return "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}";
    }
}
