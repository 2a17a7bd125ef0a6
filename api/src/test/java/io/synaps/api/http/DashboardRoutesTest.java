package io.synaps.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.synaps.api.protocol.WireResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static io.synaps.api.http.DashboardFixture.PASSWORD;
import static io.synaps.api.http.DashboardFixture.USER;
import static io.synaps.api.http.DashboardFixture.request;
import static io.synaps.api.http.DashboardFixture.signInBody;
import static org.assertj.core.api.Assertions.assertThat;

class DashboardRoutesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLIENT = "192.0.2.10";

    @TempDir
    Path dir;
    private DashboardFixture f;
    private DashboardRoutes routes;

    @BeforeEach
    void setUp() {
        f = new DashboardFixture(dir, null);
        routes = new DashboardRoutes(f.site);
    }

    private WireResponse signIn(String user, String password, Map<String, String> extra) {
        Map<String, String> h = new HashMap<>(Map.of("Content-Type", "application/json"));
        h.putAll(extra);
        return routes.handle(request("POST", "/ui/api/session", h, signInBody(user, password)), CLIENT);
    }

    private static JsonNode json(WireResponse r) throws IOException {
        return JSON.readTree(r.body());
    }

    private static void assertSecurityHeaders(WireResponse r) {
        assertThat(r.headers()).containsEntry("Content-Security-Policy", "default-src 'self'; script-src 'self'; "
                        + "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; "
                        + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
                .containsEntry("X-Content-Type-Options", "nosniff")
                .containsEntry("Referrer-Policy", "same-origin")
                .containsEntry("X-Frame-Options", "DENY");
    }

    private static String cookieId(WireResponse r) {
        String setCookie = r.headers().get("Set-Cookie");
        return setCookie.substring("synaps_session=".length(), setCookie.indexOf(';'));
    }

    @Test
    void redirectsTheBarePathToTheIndex() {
        WireResponse r = routes.handle(request("GET", "/ui", Map.of(), null), CLIENT);
        assertThat(r.status()).isEqualTo(301);
        assertThat(r.headers()).containsEntry("Location", "/ui/");
        assertSecurityHeaders(r);
    }

    @Test
    void servesTheIndexWithAnEtagAndAnswers304WhenUnchanged() {
        WireResponse r = routes.handle(request("GET", "/ui/", Map.of(), null), CLIENT);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers()).containsEntry("Content-Type", "text/html; charset=utf-8")
                .containsEntry("Cache-Control", "no-cache");
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).containsIgnoringCase("<html");
        assertSecurityHeaders(r);
        String etag = r.headers().get("ETag");
        assertThat(etag).startsWith("\"").endsWith("\"");
        WireResponse again = routes.handle(request("GET", "/ui/index.html", Map.of("If-None-Match", etag), null), CLIENT);
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.headers()).containsEntry("ETag", etag);
        assertSecurityHeaders(again);
        assertThat(routes.handle(request("GET", "/ui/", Map.of("If-None-Match", "W/" + etag + ", \"other\""), null),
                CLIENT).status()).isEqualTo(304);
        assertThat(routes.handle(request("GET", "/ui/", Map.of("If-None-Match", "\"other\""), null), CLIENT).status())
                .isEqualTo(200);
    }

    @Test
    void cachesVendorLibrariesForADay() {
        WireResponse r = routes.handle(request("GET", "/ui/vendor/chart.umd.js", Map.of(), null), CLIENT);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers()).containsEntry("Cache-Control", "public, max-age=86400")
                .containsEntry("Content-Type", "text/javascript; charset=utf-8");
        assertSecurityHeaders(r);
    }

    @Test
    void answers404ForMissingFilesAndPathTricks() {
        for (String path : new String[]{"/ui/missing.js", "/ui/../pom.xml", "/ui/vendor/nothing.js", "/ui/api/nothing"}) {
            WireResponse r = routes.handle(request("GET", path, Map.of(), null), CLIENT);
            assertThat(r.status()).as(path).isEqualTo(404);
            assertSecurityHeaders(r);
        }
        assertThat(routes.handle(request("POST", "/ui/index.html", Map.of(), ""), CLIENT).status()).isEqualTo(405);
        assertThat(routes.handle(request("PUT", "/ui/api/session", Map.of(), ""), CLIENT).status()).isEqualTo(405);
    }

    @Test
    void signsInWithAStrictHttpOnlyCookieAndACsrfToken() throws Exception {
        WireResponse r = signIn(USER, PASSWORD, Map.of("Origin", "http://127.0.0.1:8780"));
        assertThat(r.status()).isEqualTo(200);
        assertSecurityHeaders(r);
        assertThat(r.headers()).containsEntry("Cache-Control", "no-store");
        String setCookie = r.headers().get("Set-Cookie");
        assertThat(setCookie).matches("synaps_session=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Strict; Max-Age=43200");
        JsonNode body = json(r);
        assertThat(body.get("user").asText()).isEqualTo(USER);
        assertThat(body.get("accountId").asText()).isEqualTo(DashboardFixture.ACCOUNT);
        assertThat(body.get("csrfToken").asText()).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(cookieId(r));
        assertThat(Instant.parse(body.get("expiresAt").asText())).isEqualTo(f.clock.instant().plus(Duration.ofHours(12)));
        assertThat(body.toString()).doesNotContain(cookieId(r));

        WireResponse current = routes.handle(request("GET", "/ui/api/session",
                Map.of("Cookie", "synaps_session=" + cookieId(r)), null), CLIENT);
        assertThat(current.status()).isEqualTo(200);
        assertThat(current.headers()).doesNotContainKey("Set-Cookie");
        assertThat(json(current).get("csrfToken")).isEqualTo(body.get("csrfToken"));
    }

    @Test
    void marksTheCookieSecureBehindHttps() {
        WireResponse r = signIn(USER, PASSWORD, Map.of("X-Forwarded-Proto", "https"));
        assertThat(r.headers().get("Set-Cookie")).endsWith("; Secure");
    }

    @Test
    void refusesWrongPasswordsAndUnknownUsersAlike() throws Exception {
        WireResponse wrong = signIn(USER, "not-the-password", Map.of());
        WireResponse unknown = signIn("mallory", "not-the-password", Map.of());
        for (WireResponse r : new WireResponse[]{wrong, unknown}) {
            assertThat(r.status()).isEqualTo(401);
            assertThat(json(r).get("code").asText()).isEqualTo("InvalidCredentials");
            assertThat(json(r).get("message").asText()).isEqualTo("The user name or password is incorrect.");
            assertThat(r.headers()).doesNotContainKey("Set-Cookie");
        }
    }

    @Test
    void throttlesAfterFiveFailuresWithRetryAfter() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(signIn(USER, "wrong-" + i, Map.of()).status()).isEqualTo(401);
        }
        WireResponse locked = signIn(USER, PASSWORD, Map.of());
        assertThat(locked.status()).isEqualTo(429);
        assertThat(json(locked).get("code").asText()).isEqualTo("Throttling");
        assertThat(locked.headers()).containsEntry("Retry-After", "1");
        f.clock.advance(Duration.ofSeconds(1));
        assertThat(signIn(USER, PASSWORD, Map.of()).status()).isEqualTo(200);
    }

    @Test
    void refusesBadSignInRequests() throws Exception {
        assertThat(signIn(USER, PASSWORD, Map.of("Origin", "http://evil.example")).status()).isEqualTo(403);
        assertThat(json(signIn(USER, PASSWORD, Map.of("Origin", "http://evil.example"))).get("code").asText())
                .isEqualTo("CrossOriginRequestRefused");
        assertThat(signIn(USER, PASSWORD, Map.of("Sec-Fetch-Site", "cross-site")).status()).isEqualTo(403);
        WireResponse form = routes.handle(request("POST", "/ui/api/session",
                Map.of("Content-Type", "application/x-www-form-urlencoded"), "username=alice&password=x"), CLIENT);
        assertThat(form.status()).isEqualTo(400);
        for (String body : new String[]{"", "[]", "{\"username\":\"alice\"}", "{\"username\":1,\"password\":\"x\"}",
                "{\"username\":\"alice\",\"password\":\"x\"} trailing", "{\"username\":\"a b\",\"password\":\"x\"}",
                "{\"username\":\"alice\",\"password\":\"\"}"}) {
            WireResponse r = routes.handle(request("POST", "/ui/api/session",
                    Map.of("Content-Type", "application/json"), body), CLIENT);
            assertThat(r.status()).as(body).isEqualTo(400);
            assertThat(json(r).get("code").asText()).isEqualTo("ValidationError");
        }
        assertThat(f.throttle.retryAfter(USER, CLIENT)).as("malformed requests are not failures").isEmpty();
    }

    @Test
    void signOutNeedsTheCsrfTokenAndEndsTheSession() throws Exception {
        WireResponse r = signIn(USER, PASSWORD, Map.of());
        String cookie = "synaps_session=" + cookieId(r);
        String csrf = json(r).get("csrfToken").asText();
        WireResponse noCsrf = routes.handle(request("DELETE", "/ui/api/session", Map.of("Cookie", cookie), null), CLIENT);
        assertThat(noCsrf.status()).isEqualTo(403);
        assertThat(json(noCsrf).get("code").asText()).isEqualTo("InvalidCsrfToken");
        WireResponse out = routes.handle(request("DELETE", "/ui/api/session",
                Map.of("Cookie", cookie, "X-Synaps-Csrf", csrf), null), CLIENT);
        assertThat(out.status()).isEqualTo(204);
        assertThat(out.headers().get("Set-Cookie")).isEqualTo("synaps_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
        WireResponse after = routes.handle(request("GET", "/ui/api/session", Map.of("Cookie", cookie), null), CLIENT);
        assertThat(after.status()).isEqualTo(401);
        assertThat(json(after).get("code").asText()).isEqualTo("SessionExpired");
    }

    @Test
    void aNewSignInReplacesTheSessionItCameWith() throws Exception {
        String first = cookieId(signIn(USER, PASSWORD, Map.of()));
        String second = cookieId(signIn(USER, PASSWORD, Map.of("Cookie", "synaps_session=" + first)));
        assertThat(second).isNotEqualTo(first);
        assertThat(f.sessions.peek(first)).isEmpty();
        assertThat(f.sessions.peek(second)).isPresent();
    }

    @Test
    void theEventStreamNeedsALiveSessionAndALiveFeed() throws Exception {
        WireResponse none = routes.eventsSession(request("GET", "/ui/api/events", Map.of(), null)).error();
        assertThat(none.status()).isEqualTo(401);
        String cookie = "synaps_session=" + cookieId(signIn(USER, PASSWORD, Map.of()));
        WireResponse off = routes.eventsSession(request("GET", "/ui/api/events", Map.of("Cookie", cookie), null)).error();
        assertThat(off.status()).as("no live feed configured").isEqualTo(503);
        DashboardRoutes live = new DashboardRoutes(new DashboardSite(f.site.signIn(), f.sessions, f.throttle,
                f.site.assets(), (ctx, version, account, last) -> { }));
        DashboardRoutes.EventsCheck ok = live.eventsSession(request("GET", "/ui/api/events",
                Map.of("Cookie", cookie, "Sec-Fetch-Site", "same-origin"), null));
        assertThat(ok.error()).isNull();
        assertThat(ok.session().principal().accountId()).isEqualTo(DashboardFixture.ACCOUNT);
        assertThat(live.eventsSession(request("GET", "/ui/api/events",
                Map.of("Cookie", cookie, "Origin", "http://evil.example"), null)).error().status()).isEqualTo(403);
    }

    @Test
    void refusesSignInsBeyondTheHashingLimitWithoutHashing() throws Exception {
        java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger hashed = new java.util.concurrent.atomic.AtomicInteger();
        io.synaps.api.auth.session.SignIn slow = (user, password) -> {
            hashed.incrementAndGet();
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return java.util.Optional.empty();
        };
        DashboardRoutes one = new DashboardRoutes(new DashboardSite(slow, f.sessions, f.throttle, f.site.assets(), null), 1);
        Map<String, String> json = Map.of("Content-Type", "application/json");
        java.util.concurrent.CompletableFuture<WireResponse> first = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> one.handle(request("POST", "/ui/api/session", json, signInBody("a", "p")), "192.0.2.1"));
        entered.await();
        WireResponse second = one.handle(request("POST", "/ui/api/session", json, signInBody("b", "p")), "192.0.2.2");
        assertThat(second.status()).isEqualTo(429);
        assertThat(second.headers()).containsEntry("Retry-After", "1");
        release.countDown();
        assertThat(first.get().status()).isEqualTo(401);
        assertThat(hashed).hasValue(1);
        assertThat(one.handle(request("POST", "/ui/api/session", json, signInBody("b", "p")), "192.0.2.2").status())
                .as("the permit is back").isEqualTo(401);
    }

    @Test
    void takesTheResumePointFromTheHeaderOrTheQuery() {
        assertThat(DashboardRoutes.lastEventId(request("GET", "/ui/api/events", Map.of("Last-Event-ID", "k1-7"), null)))
                .isEqualTo("k1-7");
        assertThat(DashboardRoutes.lastEventId(request("GET", "/ui/api/events?lastEventId=k1-9", Map.of(), null)))
                .isEqualTo("k1-9");
        assertThat(DashboardRoutes.lastEventId(request("GET", "/ui/api/events?lastEventId=k1-9",
                Map.of("Last-Event-ID", "k1-10"), null))).isEqualTo("k1-10");
        assertThat(DashboardRoutes.lastEventId(request("GET", "/ui/api/events", Map.of(), null))).isNull();
    }
}
