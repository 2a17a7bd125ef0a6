package io.synaps.api.http;

import io.synaps.api.auth.session.Session;
import io.synaps.api.auth.session.SessionStore;
import io.synaps.model.AwsError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static io.synaps.api.http.DashboardFixture.headers;
import static io.synaps.api.http.DashboardFixture.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SessionGateTest {
    @TempDir
    Path dir;

    @Test
    void findsTheSessionCookieAmongOthers() {
        assertThat(SessionGate.cookie(headers(Map.of("Cookie", "a=1; synaps_session=abc; b=2")))).isEqualTo("abc");
        assertThat(SessionGate.cookie(headers(Map.of("Cookie", "synaps_session=\"quoted\"")))).isEqualTo("quoted");
        assertThat(SessionGate.cookie(headers(Map.of("Cookie", "synaps_session=")))).isNull();
        assertThat(SessionGate.cookie(headers(Map.of("Cookie", "not_synaps_session=abc")))).isNull();
        assertThat(SessionGate.cookie(headers(Map.of()))).isNull();
    }

    @Test
    void aSignedRequestIgnoresTheCookie() {
        String cookie = "synaps_session=abc";
        assertThat(SessionGate.isSessionCall(request("POST", "/", Map.of("Cookie", cookie), ""))).isTrue();
        assertThat(SessionGate.isSessionCall(request("POST", "/", Map.of("Cookie", cookie,
                "Authorization", "AWS4-HMAC-SHA256 Credential=x"), ""))).isFalse();
        assertThat(SessionGate.isSessionCall(request("GET", "/?Action=ListMetrics&X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=x", Map.of("Cookie", cookie), null))).isFalse();
        assertThat(SessionGate.isSessionCall(request("POST", "/", Map.of(), ""))).isFalse();
    }

    @Test
    void acceptsOnlyTheServersOwnOrigin() {
        assertThat(SessionGate.sameOrigin(headers(Map.of()), false)).isTrue();
        assertThat(SessionGate.sameOrigin(headers(Map.of("Origin", "http://127.0.0.1:8780")), false)).isTrue();
        assertThat(SessionGate.sameOrigin(headers(Map.of("Origin", "https://127.0.0.1:8780")), false)).isTrue();
        assertThat(SessionGate.sameOrigin(headers(Map.of("Origin", "http://127.0.0.1:8781")), false)).isFalse();
        assertThat(SessionGate.sameOrigin(headers(Map.of("Origin", "http://evil.example")), false)).isFalse();
        assertThat(SessionGate.sameOrigin(headers(Map.of("Origin", "null")), false)).isFalse();
        assertThat(SessionGate.sameOrigin(headers(Map.of("Sec-Fetch-Site", "same-origin")), false)).isTrue();
        assertThat(SessionGate.sameOrigin(headers(Map.of("Sec-Fetch-Site", "same-site")), false)).isFalse();
        assertThat(SessionGate.sameOrigin(headers(Map.of("Sec-Fetch-Site", "cross-site")), false)).isFalse();
        assertThat(SessionGate.sameOrigin(headers(Map.of("Sec-Fetch-Site", "none")), false)).isFalse();
        assertThat(SessionGate.sameOrigin(headers(Map.of("Sec-Fetch-Site", "none")), true)).isTrue();
        assertThat(SessionGate.sameOrigin(headers(Map.of("Origin", "http://127.0.0.1:8780",
                "Sec-Fetch-Site", "cross-site")), false)).isFalse();
    }

    @Test
    void checksTheSessionThenTheOriginThenTheCsrfToken() {
        DashboardFixture f = new DashboardFixture(dir, null);
        SessionGate gate = new SessionGate(f.sessions, f.site.signIn());
        SessionStore.Created created = f.sessions.create(f.site.signIn()
                .authenticate(DashboardFixture.USER, DashboardFixture.PASSWORD.toCharArray()).orElseThrow());
        String cookie = "synaps_session=" + created.id();
        String csrf = created.session().csrfToken();

        assertThat(code(gate, Map.of("Cookie", "synaps_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                "X-Synaps-Csrf", csrf, "Origin", "http://evil.example"))).isEqualTo("SessionExpired");
        assertThat(code(gate, Map.of("Cookie", cookie, "X-Synaps-Csrf", csrf, "Origin", "http://evil.example")))
                .isEqualTo("CrossOriginRequestRefused");
        assertThat(code(gate, Map.of("Cookie", cookie, "X-Synaps-Csrf", csrf, "Sec-Fetch-Site", "cross-site")))
                .isEqualTo("CrossOriginRequestRefused");
        assertThat(code(gate, Map.of("Cookie", cookie))).isEqualTo("InvalidCsrfToken");
        assertThat(code(gate, Map.of("Cookie", cookie, "X-Synaps-Csrf", csrf + "x"))).isEqualTo("InvalidCsrfToken");
        assertThat(code(gate, Map.of("Cookie", cookie, "X-Synaps-Csrf", created.id()))).isEqualTo("InvalidCsrfToken");
        Session ok = gate.authorize(headers(Map.of("Cookie", cookie, "X-Synaps-Csrf", csrf,
                "Origin", "http://127.0.0.1:8780", "Sec-Fetch-Site", "same-origin")));
        assertThat(ok.principal().accountId()).isEqualTo(DashboardFixture.ACCOUNT);
    }

    @Test
    void aSessionEndsWhenItExpiresOrItsUserIsDeleted() {
        DashboardFixture f = new DashboardFixture(dir, null);
        SessionGate gate = new SessionGate(f.sessions, f.site.signIn());
        SessionStore.Created a = f.sessions.create(f.site.signIn()
                .authenticate(DashboardFixture.USER, DashboardFixture.PASSWORD.toCharArray()).orElseThrow());
        Map<String, String> h = Map.of("Cookie", "synaps_session=" + a.id(), "X-Synaps-Csrf", a.session().csrfToken());
        assertThat(gate.stillLive(a.id())).isTrue();
        f.clock.advance(Duration.ofMinutes(61));
        assertThat(gate.stillLive(a.id())).isFalse();
        assertThat(code(gate, h)).isEqualTo("SessionExpired");

        SessionStore.Created b = f.sessions.create(f.site.signIn()
                .authenticate(DashboardFixture.USER, DashboardFixture.PASSWORD.toCharArray()).orElseThrow());
        f.users.delete(DashboardFixture.USER);
        assertThat(code(gate, Map.of("Cookie", "synaps_session=" + b.id(), "X-Synaps-Csrf", b.session().csrfToken())))
                .isEqualTo("SessionExpired");
        assertThat(f.sessions.peek(b.id())).as("the session of a deleted user is dropped").isEmpty();
    }

    private static String code(SessionGate gate, Map<String, String> h) {
        AwsError e = catchThrowableOfType(AwsError.class, () -> gate.authorize(headers(h)));
        return e == null ? null : e.code();
    }
}
