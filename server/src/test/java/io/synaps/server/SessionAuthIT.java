package io.synaps.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's sign-in and session-authenticated API on a real node over real HTTP
 * (java.net.http): cookie attributes, CloudWatch JSON and SNS Query calls with the session, the
 * CSRF and Origin refusals (and that nothing is written), sign-out, expiry, throttling, the static
 * files with their security headers, the {@code synaps users} CLI on the node's users file, and
 * that no password, session id or CSRF token reaches the log.
 */
class SessionAuthIT {
    private static final String ADMIN = "admin";
    private static final String ADMIN_PASSWORD = "sessionIT-admin-LEAKCHECK";
    private static final String BOB_PASSWORD = "sessionIT-bob-LEAKCHECK";
    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();

    private static final ShiftableClock CLOCK = new ShiftableClock();
    private static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();
    private static PrintStream originalErr;
    private static Path dir;
    private static ServerConfig config;
    private static SynapsServer server;
    private static URI endpoint;

    @BeforeAll
    static void start() throws IOException {
        originalErr = System.err;
        PrintStream tee = new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                originalErr.write(b);
                synchronized (LOG) {
                    LOG.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                originalErr.write(b, off, len);
                synchronized (LOG) {
                    LOG.write(b, off, len);
                }
            }
        }, true, StandardCharsets.UTF_8);
        System.setErr(tee);
        SECRETS.add(ADMIN_PASSWORD);
        SECRETS.add(BOB_PASSWORD);
        dir = Files.createTempDirectory("synaps-session-it-");
        config = ServerConfig.defaults(dir).withClock(CLOCK).withAdminUser(ADMIN, ADMIN_PASSWORD);
        server = SynapsServer.start(config);
        endpoint = URI.create("http://127.0.0.1:" + server.port());
    }

    @AfterAll
    static void stop() {
        try {
            if (server != null) {
                server.close();
            }
            EmbeddedNode.deleteRecursively(dir);
        } finally {
            System.setErr(originalErr);
        }
        String log;
        synchronized (LOG) {
            log = LOG.toString(StandardCharsets.UTF_8);
        }
        assertThat(log).as("the node logged dashboard sign-ins").contains("signed in");
        for (String secret : SECRETS) {
            assertThat(log).as("the log must not contain a password, session id or CSRF token").doesNotContain(secret);
        }
    }

    /** A signed-in client whose cookie and CSRF token are remembered as secrets. */
    private static DashboardClient signedIn(String user, String password) {
        DashboardClient c = new DashboardClient(endpoint);
        HttpResponse<String> r = c.signIn(user, password);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        SECRETS.add(c.sessionId());
        SECRETS.add(c.csrf);
        return c;
    }

    private static String code(HttpResponse<String> r) {
        JsonNode body = DashboardClient.parse(r.body());
        String type = body.has("__type") ? body.get("__type").asText() : body.get("code").asText();
        return type.substring(type.indexOf('#') + 1);
    }

    /** The metric names in a namespace of the admin account, read through a fresh admin session. */
    private static List<String> namespaces(String namespace) {
        DashboardClient c = signedIn(ADMIN, ADMIN_PASSWORD);
        HttpResponse<String> r = c.cloudWatch("ListMetrics", "{\"Namespace\":\"" + namespace + "\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        List<String> names = new java.util.ArrayList<>();
        DashboardClient.parse(r.body()).get("Metrics").forEach(m -> names.add(m.get("MetricName").asText()));
        return names;
    }

    /** The node re-reads the users file at most once a second: give it that second after the CLI wrote. */
    private static void letTheNodeSeeTheUsersFile() {
        try {
            Thread.sleep(1_100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void signInSetsAStrictHttpOnlySessionCookieForTheWholeSite() {
        DashboardClient c = signedIn(ADMIN, ADMIN_PASSWORD);
        assertThat(c.setCookie).startsWith("synaps_session=").contains("; Path=/").contains("; HttpOnly")
                .contains("; SameSite=Strict").contains("; Max-Age=43200").doesNotContain("Domain");
        assertThat(c.session.get("user").asText()).isEqualTo(ADMIN);
        assertThat(c.session.get("accountId").asText()).isEqualTo(config.adminAccountId());
        assertThat(Instant.parse(c.session.get("expiresAt").asText()))
                .isBetween(CLOCK.instant().plus(Duration.ofHours(11)), CLOCK.instant().plus(Duration.ofHours(12)));
        HttpResponse<String> again = c.get("/ui/api/session", Map.of("Cookie", c.cookie));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(DashboardClient.parse(again.body()).get("csrfToken").asText()).isEqualTo(c.csrf);
    }

    @Test
    void cloudWatchJsonCallsRunWithTheSessionsAccount() {
        DashboardClient c = signedIn(ADMIN, ADMIN_PASSWORD);
        HttpResponse<String> put = c.cloudWatch("PutMetricData",
                "{\"Namespace\":\"SessionIT/json\",\"MetricData\":[{\"MetricName\":\"Clicks\",\"Value\":3}]}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        HttpResponse<String> list = c.cloudWatch("ListMetrics", "{\"Namespace\":\"SessionIT/json\"}");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(DashboardClient.parse(list.body()).get("Metrics").get(0).get("MetricName").asText()).isEqualTo("Clicks");
        assertThat(namespaces("SessionIT/json")).as("another session of the account sees it too").containsExactly("Clicks");
        HttpResponse<String> alarms = c.cloudWatch("DescribeAlarms", "{}");
        assertThat(alarms.statusCode()).isEqualTo(200);
        assertThat(DashboardClient.parse(alarms.body()).get("MetricAlarms").isArray()).isTrue();
        HttpResponse<String> invalid = c.cloudWatch("PutMetricData", "{\"Namespace\":\"SessionIT/json\"}");
        assertThat(invalid.statusCode()).as("the normal validation applies").isEqualTo(400);
    }

    @Test
    void snsQueryCallsRunWithTheSession() {
        DashboardClient c = signedIn(ADMIN, ADMIN_PASSWORD);
        HttpResponse<String> created = c.sns("Action=CreateTopic&Name=session-it-topic", Map.of());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        assertThat(created.body()).contains("<CreateTopicResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\">")
                .contains("<TopicArn>arn:aws:sns:us-east-1:" + config.adminAccountId() + ":session-it-topic</TopicArn>");
        HttpResponse<String> listed = c.sns("Action=ListTopics", Map.of());
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.body()).contains("arn:aws:sns:us-east-1:" + config.adminAccountId() + ":session-it-topic");
    }

    @Test
    void refusesCallsWithoutTheCsrfTokenOrFromAnotherOriginAndWritesNothing() {
        DashboardClient c = signedIn(ADMIN, ADMIN_PASSWORD);
        String datum = "{\"Namespace\":\"SessionIT/refused\",\"MetricData\":[{\"MetricName\":\"Nope\",\"Value\":1}]}";
        Map<String, String> noCsrf = new java.util.HashMap<>();
        noCsrf.put("X-Synaps-Csrf", null);
        HttpResponse<String> r1 = c.cloudWatch("PutMetricData", datum, noCsrf);
        assertThat(r1.statusCode()).isEqualTo(403);
        assertThat(code(r1)).isEqualTo("InvalidCsrfToken");
        HttpResponse<String> r2 = c.cloudWatch("PutMetricData", datum, Map.of("X-Synaps-Csrf", "forged"));
        assertThat(code(r2)).isEqualTo("InvalidCsrfToken");
        HttpResponse<String> r3 = c.cloudWatch("PutMetricData", datum, Map.of("Origin", "https://evil.example"));
        assertThat(r3.statusCode()).isEqualTo(403);
        assertThat(code(r3)).isEqualTo("CrossOriginRequestRefused");
        HttpResponse<String> r4 = c.cloudWatch("PutMetricData", datum, Map.of("Sec-Fetch-Site", "cross-site"));
        assertThat(code(r4)).isEqualTo("CrossOriginRequestRefused");
        HttpResponse<String> r5 = c.sns("Action=CreateTopic&Name=session-it-refused", noCsrf);
        assertThat(r5.statusCode()).isEqualTo(403);
        assertThat(r5.body()).contains("<ErrorResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\">")
                .contains("<Code>InvalidCsrfToken</Code>");
        assertThat(namespaces("SessionIT/refused")).isEmpty();
        assertThat(c.sns("Action=ListTopics", Map.of()).body()).doesNotContain("session-it-refused");
    }

    @Test
    void signOutEndsTheSession() {
        DashboardClient c = signedIn(ADMIN, ADMIN_PASSWORD);
        HttpResponse<String> noCsrf = c.delete("/ui/api/session", Map.of("Cookie", c.cookie));
        assertThat(noCsrf.statusCode()).isEqualTo(403);
        HttpResponse<String> out = c.delete("/ui/api/session", Map.of("Cookie", c.cookie, "X-Synaps-Csrf", c.csrf));
        assertThat(out.statusCode()).isEqualTo(204);
        assertThat(out.headers().firstValue("Set-Cookie").orElseThrow()).startsWith("synaps_session=;").contains("Max-Age=0");
        HttpResponse<String> after = c.cloudWatch("ListMetrics", "{}");
        assertThat(after.statusCode()).isEqualTo(401);
        assertThat(code(after)).isEqualTo("SessionExpired");
        assertThat(c.get("/ui/api/session", Map.of("Cookie", c.cookie)).statusCode()).isEqualTo(401);
    }

    @Test
    void anIdleSessionExpiresAfterAnHour() {
        DashboardClient c = signedIn(ADMIN, ADMIN_PASSWORD);
        CLOCK.shift(Duration.ofMinutes(61));
        HttpResponse<String> r = c.cloudWatch("ListMetrics", "{}");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(code(r)).isEqualTo("SessionExpired");
        HttpResponse<String> q = c.sns("Action=ListTopics", Map.of());
        assertThat(q.statusCode()).isEqualTo(401);
        assertThat(q.body()).contains("<Code>SessionExpired</Code>");
    }

    @Test
    void repeatedFailuresAreThrottledWithRetryAfter() {
        CLOCK.shift(Duration.ofMinutes(31)); // failures of other tests from this address are forgotten
        DashboardClient c = new DashboardClient(endpoint);
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> r = c.signIn("mallory", "guess-" + i);
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(code(r)).isEqualTo("InvalidCredentials");
        }
        HttpResponse<String> locked = c.signIn("mallory", "guess-5");
        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(code(locked)).isEqualTo("Throttling");
        assertThat(locked.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isBetween(1L, 900L));
        HttpResponse<String> fromSameAddress = c.signIn(ADMIN, ADMIN_PASSWORD);
        assertThat(fromSameAddress.statusCode()).as("the address is locked too").isEqualTo(429);
        CLOCK.shift(Duration.ofMinutes(31)); // the counts are forgotten; other tests sign in again
        assertThat(c.signIn(ADMIN, ADMIN_PASSWORD).statusCode()).isEqualTo(200);
        SECRETS.add(c.sessionId());
        SECRETS.add(c.csrf);
    }

    @Test
    void servesTheDashboardWithItsSecurityHeadersAndEtags() {
        DashboardClient c = new DashboardClient(endpoint);
        HttpResponse<String> bare = c.get("/ui", Map.of());
        assertThat(bare.statusCode()).isEqualTo(301);
        assertThat(bare.headers().firstValue("Location")).contains("/ui/");
        HttpResponse<String> index = c.get("/ui/", Map.of());
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .startsWith("default-src 'self'; script-src 'self'").contains("frame-ancestors 'none'"));
        assertThat(index.headers().firstValue("X-Frame-Options")).contains("DENY");
        assertThat(index.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(index.headers().firstValue("Cache-Control")).contains("no-cache");
        String etag = index.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> cached = c.get("/ui/", Map.of("If-None-Match", etag));
        assertThat(cached.statusCode()).isEqualTo(304);
        assertThat(cached.body()).isEmpty();
        HttpResponse<String> vendor = c.get("/ui/vendor/chart.umd.js", Map.of());
        assertThat(vendor.statusCode()).isEqualTo(200);
        assertThat(vendor.headers().firstValue("Cache-Control")).contains("public, max-age=86400");
        assertThat(c.get("/ui/no-such-file.js", Map.of()).statusCode()).isEqualTo(404);
    }

    @Test
    void theUsersCliAddsAUserWhoCanSignInAtOnce() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = cli(BOB_PASSWORD + "\n", out, err, "users", "--data-dir", dir.toString(), "add", "bob",
                "--account", "222222222222", "--password-stdin");
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Added bob").doesNotContain(BOB_PASSWORD);
        letTheNodeSeeTheUsersFile();

        DashboardClient bob = signedIn("bob", BOB_PASSWORD);
        assertThat(bob.session.get("accountId").asText()).isEqualTo("222222222222");
        HttpResponse<String> put = bob.cloudWatch("PutMetricData",
                "{\"Namespace\":\"SessionIT/bob\",\"MetricData\":[{\"MetricName\":\"Mine\",\"Value\":1}]}");
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(namespaces("SessionIT/bob")).as("the admin account does not see bob's metrics").isEmpty();

        ByteArrayOutputStream listed = new ByteArrayOutputStream();
        assertThat(cli("", listed, err, "users", "--data-dir", dir.toString(), "list")).isZero();
        assertThat(listed.toString(StandardCharsets.UTF_8)).contains("admin\t" + config.adminAccountId())
                .contains("bob\t222222222222").doesNotContain("argon2");

        assertThat(cli("", new ByteArrayOutputStream(), err, "users", "--data-dir", dir.toString(), "add", "bob",
                "--account", "222222222222", "--password-stdin")).as("bob exists").isEqualTo(1);
        assertThat(cli("changed-" + BOB_PASSWORD + "\n", new ByteArrayOutputStream(), err, "users", "--data-dir",
                dir.toString(), "passwd", "bob", "--password-stdin")).isZero();
        SECRETS.add("changed-" + BOB_PASSWORD);
        letTheNodeSeeTheUsersFile();
        assertThat(new DashboardClient(endpoint).signIn("bob", BOB_PASSWORD).statusCode()).isEqualTo(401);
        DashboardClient again = signedIn("bob", "changed-" + BOB_PASSWORD);

        assertThat(cli("", new ByteArrayOutputStream(), err, "users", "--data-dir", dir.toString(), "delete", "bob")).isZero();
        letTheNodeSeeTheUsersFile();
        assertThat(again.cloudWatch("ListMetrics", "{}").statusCode()).as("a deleted user's session ends").isEqualTo(401);
        assertThat(new DashboardClient(endpoint).signIn("bob", "changed-" + BOB_PASSWORD).statusCode()).isEqualTo(401);
    }

    @Test
    void theUsersCliRefusesBadInput() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(cli("long-enough-pw\n", new ByteArrayOutputStream(), err, "users", "--data-dir", dir.toString(),
                "add", "carol", "--account", "12345", "--password-stdin")).isEqualTo(2);
        assertThat(cli("short\n", new ByteArrayOutputStream(), err, "users", "--data-dir", dir.toString(),
                "add", "carol", "--account", "333333333333", "--password-stdin")).isEqualTo(2);
        assertThat(cli("", new ByteArrayOutputStream(), err, "users", "--data-dir", dir.toString(),
                "add", "carol", "--account", "333333333333")).as("no console, no stdin flag").isEqualTo(2);
        assertThat(cli("", new ByteArrayOutputStream(), err, "users", "--data-dir", dir.toString(),
                "delete", "nobody")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--password-stdin").doesNotContain("short");
    }

    private static int cli(String stdin, ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
        Main main = new Main(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), null);
        return new CommandLine(main).execute(args);
    }
}
