package io.synaps.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.synaps.api.action.Action;
import io.synaps.api.action.ActionRegistry;
import io.synaps.api.action.RequestContext;
import io.synaps.api.auth.SigV4Verifier;
import io.synaps.api.auth.session.SessionStore;
import io.synaps.api.protocol.ApiService;
import io.synaps.api.protocol.Members;
import io.synaps.api.protocol.WireResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static io.synaps.api.http.DashboardFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

/** Session-authenticated calls through the endpoint: which requests count as one, the checks, the account, the service. */
class SessionCallTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CW_NS = "http://monitoring.amazonaws.com/doc/2010-08-01/";
    private static final String SNS_NS = "http://sns.amazonaws.com/doc/2010-03-31/";

    @TempDir
    Path dir;
    private DashboardFixture f;
    private CloudWatchEndpoint endpoint;
    private final List<String> calls = new ArrayList<>();
    private String cookie;
    private String csrf;

    private Action action(String name, ApiService service) {
        return new Action() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public ApiService service() {
                return service;
            }

            @Override
            public CompletableFuture<ObjectNode> handle(RequestContext context, Members input) {
                calls.add(service + " " + name + " " + context.accountId());
                if (name.equals("PutMetricData") || name.equals("CreateTopic")) {
                    return CompletableFuture.completedFuture(null);
                }
                ObjectNode out = JsonNodeFactory.instance.objectNode();
                out.put("NextToken", context.accountId());
                return CompletableFuture.completedFuture(out);
            }
        };
    }

    @BeforeEach
    void setUp() {
        f = new DashboardFixture(dir, null);
        ApiConfig config = ApiConfig.defaults().withPort(0);
        SigV4Verifier verifier = new SigV4Verifier(id -> Optional.empty(), config.region(), f.clock,
                Set.of("monitoring", "sns"));
        ActionRegistry registry = ActionRegistry.of(List.of(action("ListMetrics", ApiService.CLOUDWATCH),
                action("PutMetricData", ApiService.CLOUDWATCH), action("ListTopics", ApiService.SNS),
                action("CreateTopic", ApiService.SNS)));
        endpoint = new CloudWatchEndpoint(config, verifier, registry, new SimpleMeterRegistry(), f.clock,
                new SessionGate(f.sessions, f.site.signIn()));
        SessionStore.Created created = f.sessions.create(f.site.signIn()
                .authenticate(DashboardFixture.USER, DashboardFixture.PASSWORD.toCharArray()).orElseThrow());
        cookie = "synaps_session=" + created.id();
        csrf = created.session().csrfToken();
    }

    private WireResponse json(String operation, String body, Map<String, String> extra) {
        Map<String, String> h = new HashMap<>(Map.of("Content-Type", "application/x-amz-json-1.0",
                "X-Amz-Target", "GraniteServiceVersion20100801." + operation));
        h.putAll(extra);
        return endpoint.handle(request("POST", "/", h, body), "req-1").join();
    }

    private WireResponse query(String form, Map<String, String> extra) {
        Map<String, String> h = new HashMap<>(Map.of("Content-Type", "application/x-www-form-urlencoded"));
        h.putAll(extra);
        return endpoint.handle(request("POST", "/", h, form), "req-2").join();
    }

    private static String text(WireResponse r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void runsJsonCallsAsTheSessionsAccount() throws Exception {
        WireResponse r = json("ListMetrics", "{}", Map.of("Cookie", cookie, "X-Synaps-Csrf", csrf,
                "Origin", "http://" + DashboardFixture.HOST, "Sec-Fetch-Site", "same-origin"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).get("NextToken").asText()).isEqualTo(DashboardFixture.ACCOUNT);
        assertThat(calls).containsExactly("CLOUDWATCH ListMetrics " + DashboardFixture.ACCOUNT);
    }

    @Test
    void refusesJsonCallsWithoutTheCsrfTokenInJsonShapeAndRunsNothing() throws Exception {
        WireResponse r = json("PutMetricData", "{\"Namespace\":\"A\",\"MetricData\":[]}", Map.of("Cookie", cookie));
        assertThat(r.status()).isEqualTo(403);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("__type").asText()).endsWith("#InvalidCsrfToken");
        assertThat(body.get("message").asText()).contains("X-Synaps-Csrf");
        assertThat(r.headers()).containsKey("x-amzn-RequestId");

        WireResponse foreign = json("PutMetricData", "{}", Map.of("Cookie", cookie, "X-Synaps-Csrf", csrf,
                "Origin", "http://evil.example"));
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(JSON.readTree(foreign.body()).get("__type").asText()).endsWith("#CrossOriginRequestRefused");
        assertThat(calls).isEmpty();
    }

    @Test
    void answersSessionExpiredAfterSignOutOrTimeout() throws Exception {
        f.clock.advance(Duration.ofMinutes(61));
        WireResponse r = json("ListMetrics", "{}", Map.of("Cookie", cookie, "X-Synaps-Csrf", csrf));
        assertThat(r.status()).isEqualTo(401);
        assertThat(JSON.readTree(r.body()).get("__type").asText()).endsWith("#SessionExpired");
        assertThat(calls).isEmpty();
    }

    @Test
    void queryCallsNamingTheSnsVersionGoToSns() {
        WireResponse r = query("Action=ListTopics&Version=2010-03-31", Map.of("Cookie", cookie, "X-Synaps-Csrf", csrf));
        assertThat(r.status()).isEqualTo(200);
        assertThat(text(r)).startsWith("<ListTopicsResponse xmlns=\"" + SNS_NS + "\">");
        WireResponse cw = query("Action=ListMetrics&Version=2010-08-01", Map.of("Cookie", cookie, "X-Synaps-Csrf", csrf));
        assertThat(text(cw)).startsWith("<ListMetricsResponse xmlns=\"" + CW_NS + "\">");
        WireResponse noVersion = query("Action=ListMetrics", Map.of("Cookie", cookie, "X-Synaps-Csrf", csrf));
        assertThat(text(noVersion)).startsWith("<ListMetricsResponse xmlns=\"" + CW_NS + "\">");
        assertThat(calls).containsExactly("SNS ListTopics " + DashboardFixture.ACCOUNT,
                "CLOUDWATCH ListMetrics " + DashboardFixture.ACCOUNT, "CLOUDWATCH ListMetrics " + DashboardFixture.ACCOUNT);
    }

    @Test
    void refusedSnsQueryCallsAnswerInSnsXml() {
        WireResponse r = query("Action=CreateTopic&Version=2010-03-31&Name=x", Map.of("Cookie", cookie));
        assertThat(r.status()).isEqualTo(403);
        assertThat(text(r)).contains("<ErrorResponse xmlns=\"" + SNS_NS + "\">").contains("<Code>InvalidCsrfToken</Code>");
        WireResponse cw = query("Action=ListMetrics&Version=2010-08-01", Map.of("Cookie", cookie));
        assertThat(text(cw)).contains("<ErrorResponse xmlns=\"" + CW_NS + "\">").contains("<Code>InvalidCsrfToken</Code>");
        assertThat(calls).isEmpty();
    }

    @Test
    void aSignedRequestIgnoresTheCookie() {
        WireResponse r = json("ListMetrics", "{}", Map.of("Cookie", cookie, "X-Synaps-Csrf", csrf,
                "Authorization", "AWS4-HMAC-SHA256 Credential=AKIAFAKE/20261122/us-east-1/monitoring/aws4_request, "
                        + "SignedHeaders=host, Signature=00", "X-Amz-Date", "20261122T080000Z"));
        assertThat(r.status()).isEqualTo(403);
        assertThat(text(r)).contains("InvalidClientTokenId");
        assertThat(calls).isEmpty();
    }

    @Test
    void withoutACookieNothingChanges() {
        WireResponse r = json("ListMetrics", "{}", Map.of("X-Synaps-Csrf", csrf));
        assertThat(r.status()).isEqualTo(403);
        assertThat(text(r)).contains("MissingAuthenticationToken");
    }
}
