package io.synaps.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.synaps.api.action.Action;
import io.synaps.api.action.ActionRegistry;
import io.synaps.api.action.RequestContext;
import io.synaps.api.protocol.Members;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard routes on a real ApiServer over real sockets: sign-in, a session call, and the
 * hand-over of a connection to the event stream (with a stand-in stream that answers one line).
 */
class DashboardServerIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private ApiServer server;
    private int port;
    private final List<String> opened = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        EventStreams standIn = (ctx, version, account, lastEventId) -> {
            opened.add(account + " " + lastEventId);
            FullHttpResponse r = new DefaultFullHttpResponse(version, HttpResponseStatus.OK,
                    Unpooled.copiedBuffer("stream of " + account, StandardCharsets.UTF_8));
            r.headers().setInt("Content-Length", r.content().readableBytes());
            ctx.writeAndFlush(r);
        };
        DashboardFixture f = new DashboardFixture(dir, standIn);
        Action listMetrics = new Action() {
            @Override
            public String name() {
                return "ListMetrics";
            }

            @Override
            public CompletableFuture<ObjectNode> handle(RequestContext context, Members input) {
                return CompletableFuture.completedFuture(JsonNodeFactory.instance.objectNode()
                        .put("NextToken", context.accountId()));
            }
        };
        ApiConfig config = ApiConfig.defaults().withHost("127.0.0.1").withPort(0).withWorkers(2, 16).withIoThreads(1);
        server = new ApiServer(config, id -> Optional.empty(), ActionRegistry.of(List.of(listMetrics)),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), f.clock, () -> "req", f.site);
        port = server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private record Signed(String cookie, String csrf) {
    }

    private Signed signIn(RawHttp http) throws Exception {
        String body = DashboardFixture.signInBody(DashboardFixture.USER, DashboardFixture.PASSWORD);
        http.write("POST /ui/api/session HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/json\r\n"
                + "Origin: http://127.0.0.1:" + port + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
        RawHttp.Response r = http.read();
        assertThat(r.status()).isEqualTo(200);
        String setCookie = r.headers().get("set-cookie");
        assertThat(setCookie).contains("HttpOnly").contains("SameSite=Strict").contains("Path=/");
        JsonNode json = JSON.readTree(r.body());
        return new Signed(setCookie.substring(0, setCookie.indexOf(';')), json.get("csrfToken").asText());
    }

    @Test
    void signsInAndCallsTheApiWithTheSession() throws Exception {
        try (RawHttp http = new RawHttp(port)) {
            Signed s = signIn(http);
            String body = "{}";
            http.write("POST / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/x-amz-json-1.0\r\n"
                    + "X-Amz-Target: GraniteServiceVersion20100801.ListMetrics\r\nCookie: " + s.cookie() + "\r\n"
                    + "X-Synaps-Csrf: " + s.csrf() + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
            RawHttp.Response r = http.read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(JSON.readTree(r.body()).get("NextToken").asText()).isEqualTo(DashboardFixture.ACCOUNT);
        }
    }

    @Test
    void handsTheConnectionToTheEventStreamAfterTheSessionCheck() throws Exception {
        try (RawHttp http = new RawHttp(port)) {
            http.write("GET /ui/api/events HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n");
            RawHttp.Response refused = http.read();
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.headers()).containsKey("content-security-policy");
            Signed s = signIn(http);
            http.write("GET /ui/api/events?lastEventId=abc-1 HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nCookie: "
                    + s.cookie() + "\r\n\r\n");
            RawHttp.Response stream = http.read();
            assertThat(stream.text()).isEqualTo("stream of " + DashboardFixture.ACCOUNT);
            assertThat(opened).containsExactly(DashboardFixture.ACCOUNT + " abc-1");
            // The connection now belongs to the stream: further requests on it are not answered.
            http.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
        }
        try (RawHttp other = new RawHttp(port)) {
            other.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(other.read().status()).isEqualTo(200);
        }
    }

    @Test
    void refusesAnEventStreamBehindPipelinedRequests() throws Exception {
        String cookie;
        try (RawHttp http = new RawHttp(port)) {
            cookie = signIn(http).cookie();
        }
        try (RawHttp http = new RawHttp(port)) {
            http.write("GET /ui/ HTTP/1.1\r\nHost: x\r\n\r\nGET /ui/api/events HTTP/1.1\r\nHost: x\r\nCookie: " + cookie
                    + "\r\n\r\n");
            assertThat(http.read().status()).isEqualTo(200);
            RawHttp.Response refused = http.read();
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.text()).contains("only request in flight");
            assertThat(http.closedByServer()).isTrue();
        }
        assertThat(opened).isEmpty();
    }
}
