package io.synaps.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.synaps.api.action.Action;
import io.synaps.api.action.ActionRegistry;
import io.synaps.api.action.RawBodyAction;
import io.synaps.api.action.RequestContext;
import io.synaps.api.auth.Credential;
import io.synaps.api.auth.CredentialSource;
import io.synaps.api.auth.SdkSigner;
import io.synaps.api.protocol.Members;
import io.synaps.api.protocol.Output;
import io.synaps.api.protocol.WireProtocol;
import io.synaps.model.AwsError;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpRequest;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Starts ApiServer on a free port with small test actions and talks to it over real sockets, signed by the AWS SDK's signer. */
class ApiServerIT {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-10-06T14:45:00Z"), ZoneOffset.UTC);
    private static final Credential ALICE = new Credential("AKIAALICE0000000TEST", "alice-secret-00000000000000000000000000", "111122223333");
    private static final CredentialSource KEYS = id -> id.equals(ALICE.accessKeyId()) ? Optional.of(ALICE) : Optional.empty();
    private static final SdkSigner SIGNER = new SdkSigner(ALICE, "us-east-1", CLOCK);
    private static final String CBOR_PATH = "/service/GraniteServiceVersion20100801/operation/";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");

    private static final AtomicInteger IDS = new AtomicInteger();
    private static final java.util.concurrent.atomic.AtomicReference<CountDownLatch> LIST_METRICS_RAN =
            new java.util.concurrent.atomic.AtomicReference<>(new CountDownLatch(1));
    private static PrometheusMeterRegistry meters;
    private static ApiServer server;
    private static int port;

    /** A test action under a real operation name (the registry accepts CloudWatch names only). */
    private static Action action(String name, Function<Members, CompletableFuture<ObjectNode>> body) {
        return new Action() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public CompletableFuture<ObjectNode> handle(RequestContext context, Members input) {
                return body.apply(input);
            }
        };
    }

    /** Echoes the input with the caller's account, a timestamp and a double. */
    private static CompletableFuture<ObjectNode> echo(Members input, RequestContext context) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.set("Input", input.node().deepCopy());
        out.put("Account", context.accountId());
        out.put("RequestId", context.requestId());
        out.set("At", Output.timestamp(context.clock().instant()));
        out.put("Answer", 30.0);
        out.putArray("Empty");
        return CompletableFuture.completedFuture(out);
    }

    @BeforeAll
    static void start() throws Exception {
        meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        List<Action> actions = new ArrayList<>();
        actions.add(new Action() {
            @Override
            public String name() {
                return "ListMetrics";
            }

            @Override
            public CompletableFuture<ObjectNode> handle(RequestContext context, Members input) {
                LIST_METRICS_RAN.get().countDown();
                return echo(input, context);
            }
        });
        actions.add(action("PutMetricData", in -> CompletableFuture.completedFuture(null)));
        actions.add(new RawBodyAction() {
            @Override
            public String name() {
                return "PutDashboard";
            }

            @Override
            public CompletableFuture<ObjectNode> handle(RequestContext context, Members input) {
                return CompletableFuture.completedFuture(JsonNodeFactory.instance.objectNode()
                        .put("Path", "tree").put("Name", input.string("DashboardName")));
            }

            /** Answers bodies that mention "fast" without the tree; leaves the rest to handle. */
            @Override
            public CompletableFuture<ObjectNode> handleRaw(RequestContext context, WireProtocol protocol, byte[] body) {
                if (!new String(body, StandardCharsets.ISO_8859_1).contains("fast")) {
                    return null;
                }
                return CompletableFuture.completedFuture(JsonNodeFactory.instance.objectNode()
                        .put("Path", "raw " + protocol.tag()).put("Account", context.accountId()));
            }
        });
        actions.add(action("SetAlarmState", in -> {
            throw AwsError.resourceNotFound(null);
        }));
        actions.add(action("DeleteAlarms", in -> CompletableFuture.failedFuture(
                AwsError.resourceNotFound("Alarm x does not exist."))));
        actions.add(action("GetDashboard", in -> {
            throw new IllegalStateException("bug with a secret detail");
        }));
        actions.add(action("DescribeAlarms", in -> CompletableFuture.supplyAsync(() -> {
            try {
                // Finishes only after the pipelined ListMetrics behind it has run.
                LIST_METRICS_RAN.get().await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            out.putArray("MetricAlarms");
            return out;
        })));
        ApiConfig config = ApiConfig.defaults().withHost("127.0.0.1").withPort(0).withMaxBodyBytes(64 * 1024)
                .withWorkers(4, 64).withIoThreads(1);
        server = new ApiServer(config, KEYS, ActionRegistry.of(actions), meters, CLOCK,
                () -> "req-" + IDS.incrementAndGet());
        port = server.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    // ---- helpers ----

    private static URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    private static HttpResponse<byte[]> send(String method, String pathAndQuery, Map<String, String> headers, byte[] body)
            throws Exception {
        Map<String, List<String>> h = new LinkedHashMap<>();
        headers.forEach((k, v) -> h.put(k, List.of(v)));
        SdkHttpRequest signed = SIGNER.sign(method, uri(pathAndQuery), h, body);
        return sendSigned(signed, body);
    }

    private static HttpResponse<byte[]> sendSigned(SdkHttpRequest signed, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(signed.getUri())
                .method(signed.method().name(), body.length == 0 && signed.method().name().equals("GET")
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        signed.forEachHeader((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase())) {
                values.forEach(v -> b.header(name, v));
            }
        });
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpResponse<byte[]> query(String form) throws Exception {
        return send("POST", "/", Map.of("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
                form.getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<byte[]> json(String op, String body, boolean queryMode) throws Exception {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/x-amz-json-1.0");
        h.put("X-Amz-Target", "GraniteServiceVersion20100801." + op);
        if (queryMode) {
            h.put("x-amzn-query-mode", "true");
        }
        return send("POST", "/", h, body.getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<byte[]> cbor(String op, byte[] body, boolean queryMode) throws Exception {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("smithy-protocol", "rpc-v2-cbor");
        h.put("Accept", "application/cbor");
        if (body.length > 0) {
            h.put("Content-Type", "application/cbor");
        }
        if (queryMode) {
            h.put("x-amzn-query-mode", "true");
        }
        return send("POST", CBOR_PATH + op, h, body);
    }

    private static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    private static String header(HttpResponse<byte[]> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }

    private static String rawSigned(String op, String jsonBody, Map<String, String> extra) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        h.put("Content-Type", List.of("application/x-amz-json-1.0"));
        h.put("X-Amz-Target", List.of("GraniteServiceVersion20100801." + op));
        extra.forEach((k, v) -> h.put(k, List.of(v)));
        byte[] body = jsonBody.getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest signed = SIGNER.sign("POST", uri("/"), h, body);
        StringBuilder sb = new StringBuilder("POST / HTTP/1.1\r\n");
        signed.forEachHeader((name, values) -> values.forEach(v -> sb.append(name).append(": ").append(v).append("\r\n")));
        if (signed.firstMatchingHeader("Host").isEmpty()) {
            sb.append("Host: 127.0.0.1:").append(port).append("\r\n");
        }
        sb.append("Content-Length: ").append(body.length).append("\r\n\r\n").append(jsonBody);
        return sb.toString();
    }

    // ---- routes ----

    @Test
    void answersHealthzWithOk() throws Exception {
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(uri("/healthz")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(text(r)).isEqualTo("ok\n");
        assertThat(header(r, "x-amzn-RequestId")).startsWith("req-");
    }

    @Test
    void servesPrometheusMetricsOfTheRequests() throws Exception {
        query("Action=ListMetrics&Version=2010-08-01");
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(uri("/metrics")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(header(r, "Content-Type")).startsWith("text/plain");
        assertThat(text(r)).contains("synaps_api_requests_seconds_count{action=\"ListMetrics\",outcome=\"success\",protocol=\"query\"}");
    }

    // ---- the three protocols ----

    @Test
    void answersAQueryPostInXml() throws Exception {
        HttpResponse<byte[]> r = query("Action=ListMetrics&Version=2010-08-01&Namespace=My+App&Dimensions.member.1.Name=Host");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(header(r, "Content-Type")).isEqualTo("text/xml");
        String id = header(r, "x-amzn-RequestId");
        assertThat(text(r)).startsWith("<ListMetricsResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\"><ListMetricsResult>")
                .contains("<Input><Namespace>My App</Namespace><Dimensions><member><Name>Host</Name></member></Dimensions></Input>")
                .contains("<Account>111122223333</Account>")
                .contains("<RequestId>" + id + "</RequestId>")
                .contains("<At>2025-10-06T14:45:00Z</At><Answer>30.0</Answer><Empty/>")
                .endsWith("<ResponseMetadata><RequestId>" + id + "</RequestId></ResponseMetadata></ListMetricsResponse>");
    }

    @Test
    void answersAQueryGetWithParametersInTheUrl() throws Exception {
        HttpResponse<byte[]> r = send("GET", "/?Action=ListMetrics&Version=2010-08-01&Namespace=App%2Fprod", Map.of(), new byte[0]);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(text(r)).contains("<Namespace>App/prod</Namespace>");
    }

    @Test
    void answersJsonInJson() throws Exception {
        HttpResponse<byte[]> r = json("ListMetrics", "{\"Namespace\":\"App\",\"Limit\":5}", true);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(header(r, "Content-Type")).isEqualTo("application/x-amz-json-1.0");
        JsonNode body = new ObjectMapper().readTree(r.body());
        assertThat(body.at("/Input/Limit").intValue()).isEqualTo(5);
        assertThat(body.get("At").decimalValue()).isEqualByComparingTo("1759761900");
        assertThat(text(r)).contains("\"At\":1759761900.0").contains("\"Empty\":[]");
    }

    @Test
    void answersCborInIndefiniteLengthCbor() throws Exception {
        byte[] input = new CBORMapper().writeValueAsBytes(Map.of("Namespace", "App"));
        HttpResponse<byte[]> r = cbor("ListMetrics", input, true);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(header(r, "smithy-protocol")).isEqualTo("rpc-v2-cbor");
        assertThat(header(r, "Content-Type")).isEqualTo("application/cbor");
        assertThat(r.body()[0] & 0xFF).isEqualTo(0xBF);
        JsonNode body = new CBORMapper().readTree(r.body());
        assertThat(body.at("/Input/Namespace").textValue()).isEqualTo("App");
        assertThat(body.get("At").doubleValue()).isEqualTo(1759761900.0);
    }

    @Test
    void runsARawBodyActionOnJsonAndCborBytesAndFallsBackToTheTreeWhenItDeclines() throws Exception {
        JsonNode raw = new ObjectMapper().readTree(json("PutDashboard", "{\"DashboardName\":\"fast\"}", false).body());
        assertThat(raw.get("Path").textValue()).isEqualTo("raw json");
        assertThat(raw.get("Account").textValue()).isEqualTo(ALICE.accountId());
        byte[] cborInput = new CBORMapper().writeValueAsBytes(Map.of("DashboardName", "fast"));
        assertThat(new CBORMapper().readTree(cbor("PutDashboard", cborInput, false).body()).get("Path").textValue())
                .isEqualTo("raw cbor");
        JsonNode declined = new ObjectMapper().readTree(json("PutDashboard", "{\"DashboardName\":\"slow\"}", false).body());
        assertThat(declined.get("Path").textValue()).isEqualTo("tree");
        assertThat(declined.get("Name").textValue()).isEqualTo("slow");
        assertThat(text(query("Action=PutDashboard&Version=2010-08-01&DashboardName=fast")))
                .contains("<Path>tree</Path>");
        HttpResponse<byte[]> malformed = json("PutDashboard", "{\"DashboardName\":", false);
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(text(malformed)).contains("SerializationException");
    }

    @Test
    void answersAnOperationWithoutOutputPerProtocol() throws Exception {
        HttpResponse<byte[]> c = cbor("PutMetricData", new byte[0], true);
        assertThat(c.statusCode()).isEqualTo(200);
        assertThat(c.body()).isEmpty();
        assertThat(header(c, "smithy-protocol")).isEqualTo("rpc-v2-cbor");
        assertThat(header(c, "Content-Type")).isNull();
        assertThat(text(json("PutMetricData", "", true))).isEqualTo("{}");
        assertThat(text(query("Action=PutMetricData&Version=2010-08-01")))
                .startsWith("<PutMetricDataResponse xmlns=").doesNotContain("PutMetricDataResult");
    }

    @Test
    void inflatesGzipBodiesSignedAsSent() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write("{\"Namespace\":\"Zipped\"}".getBytes(StandardCharsets.UTF_8));
        }
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/x-amz-json-1.0");
        h.put("X-Amz-Target", "GraniteServiceVersion20100801.ListMetrics");
        h.put("Content-Encoding", "gzip");
        HttpResponse<byte[]> r = send("POST", "/", h, out.toByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(text(r)).contains("\"Namespace\":\"Zipped\"");
    }

    /** A gzip body of a JSON ListMetrics request padded with whitespace to {@code plainBytes}. */
    private static byte[] gzippedListMetrics(String namespace, int plainBytes) throws Exception {
        String json = "{\"Namespace\":\"" + namespace + "\"}";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(json.getBytes(StandardCharsets.UTF_8));
            gz.write(" ".repeat(plainBytes - json.length()).getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static HttpResponse<byte[]> sendGzippedListMetrics(byte[] gzipped) throws Exception {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/x-amz-json-1.0");
        h.put("X-Amz-Target", "GraniteServiceVersion20100801.ListMetrics");
        h.put("Content-Encoding", "gzip");
        return send("POST", "/", h, gzipped);
    }

    @Test
    void acceptsAGzipBodyThatInflatesPastTheWireLimitButWithinTheDecodedLimit() throws Exception {
        // the server under test has a 64 KiB wire limit, so 5 x that inflated is allowed (8 x is the cap)
        byte[] gzipped = gzippedListMetrics("Inflated", 5 * 64 * 1024);
        assertThat(gzipped.length).isLessThan(64 * 1024);
        HttpResponse<byte[]> r = sendGzippedListMetrics(gzipped);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(text(r)).contains("\"Namespace\":\"Inflated\"");
    }

    @Test
    void refusesAGzipBodyThatInflatesPastTheDecodedLimit() throws Exception {
        byte[] gzipped = gzippedListMetrics("TooBig", ApiConfig.DECODED_BODY_FACTOR * 64 * 1024 + 1);
        assertThat(gzipped.length).isLessThan(64 * 1024);
        HttpResponse<byte[]> r = sendGzippedListMetrics(gzipped);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(header(r, "x-amzn-query-error")).isEqualTo("RequestEntityTooLarge;Sender");
    }

    // ---- errors ----

    @Test
    void answersResourceNotFoundWith404InQueryAndInQueryMode() throws Exception {
        HttpResponse<byte[]> q = query("Action=SetAlarmState&Version=2010-08-01&AlarmName=x");
        assertThat(q.statusCode()).isEqualTo(404);
        assertThat(text(q)).isEqualTo("<ErrorResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\"><Error>"
                + "<Type>Sender</Type><Code>ResourceNotFound</Code></Error><RequestId>" + header(q, "x-amzn-RequestId")
                + "</RequestId></ErrorResponse>");

        HttpResponse<byte[]> j = json("SetAlarmState", "{}", true);
        assertThat(j.statusCode()).isEqualTo(404);
        assertThat(header(j, "x-amzn-query-error")).isEqualTo("ResourceNotFound;Sender");
        assertThat(text(j)).isEqualTo("{\"__type\":\"com.amazonaws.cloudwatch.v2010_08_01#ResourceNotFound\"}");

        HttpResponse<byte[]> c = cbor("DeleteAlarms", new byte[0], true);
        assertThat(c.statusCode()).isEqualTo(404);
        assertThat(header(c, "smithy-protocol")).isEqualTo("rpc-v2-cbor");
        JsonNode error = new CBORMapper().readTree(c.body());
        assertThat(error.get("__type").textValue()).isEqualTo("com.amazonaws.cloudwatch.v2010_08_01#ResourceNotFound");
        assertThat(error.get("message").textValue()).isEqualTo("Alarm x does not exist.");
    }

    @Test
    void answersResourceNotFoundWith400OutsideQueryMode() throws Exception {
        assertThat(json("SetAlarmState", "{}", false).statusCode()).isEqualTo(400);
        HttpResponse<byte[]> c = cbor("DeleteAlarms", new byte[0], false);
        assertThat(c.statusCode()).isEqualTo(400);
        assertThat(header(c, "x-amzn-query-error")).isEqualTo("ResourceNotFound;Sender");
    }

    @Test
    void answersUnknownAndUnimplementedOperations() throws Exception {
        HttpResponse<byte[]> unknown = query("Action=PutMetricDatum&Version=2010-08-01");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(text(unknown)).contains("<Code>InvalidAction</Code>")
                .contains("<Message>Could not find operation PutMetricDatum for version 2010-08-01</Message>");
        HttpResponse<byte[]> unimplemented = json("PutAnomalyDetector", "{}", true);
        assertThat(unimplemented.statusCode()).isEqualTo(400);
        assertThat(header(unimplemented, "x-amzn-query-error")).isEqualTo("UnsupportedOperation;Sender");
    }

    @Test
    void hidesInternalFailuresBehindAGenericMessage() throws Exception {
        HttpResponse<byte[]> r = cbor("GetDashboard", new byte[0], true);
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(header(r, "x-amzn-query-error")).isEqualTo("InternalServiceError;Receiver");
        JsonNode error = new CBORMapper().readTree(r.body());
        assertThat(error.get("__type").textValue()).endsWith("#InternalServiceFault");
        assertThat(error.get("message").textValue()).doesNotContain("secret");
    }

    @Test
    void refusesUnsignedRequestsInTheirProtocol() throws Exception {
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(uri("/"))
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "GraniteServiceVersion20100801.ListMetrics")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(header(r, "x-amzn-query-error")).isEqualTo("MissingAuthenticationToken;Sender");
        assertThat(header(r, "x-amzn-RequestId")).isNotNull();
        assertThat(text(r)).contains("\"message\":\"Request is missing Authentication Token\"");
    }

    @Test
    void refusesABadSignature() throws Exception {
        Map<String, List<String>> h = new LinkedHashMap<>();
        h.put("Content-Type", List.of("application/x-www-form-urlencoded"));
        byte[] body = "Action=ListMetrics&Version=2010-08-01".getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest signed = SIGNER.sign("POST", uri("/"), h, body);
        SdkHttpRequest forged = signed.toBuilder().putHeader("Authorization",
                signed.firstMatchingHeader("Authorization").orElseThrow().replaceAll("Signature=[0-9a-f]{8}", "Signature=00000000")).build();
        HttpResponse<byte[]> r = sendSigned(forged, body);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(text(r)).contains("<Code>SignatureDoesNotMatch</Code>");
    }

    // ---- transport ----

    @Test
    void writesPipelinedResponsesInRequestOrder() throws Exception {
        LIST_METRICS_RAN.set(new CountDownLatch(1));
        try (RawHttp raw = new RawHttp(port)) {
            // DescribeAlarms completes only after ListMetrics (sent behind it) has run.
            raw.write(rawSigned("DescribeAlarms", "{}", Map.of()) + rawSigned("ListMetrics", "{\"Namespace\":\"second\"}", Map.of()));
            RawHttp.Response first = raw.read();
            RawHttp.Response second = raw.read();
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.text()).contains("MetricAlarms");
            assertThat(second.status()).isEqualTo(200);
            assertThat(second.text()).contains("\"Namespace\":\"second\"");
        }
    }

    @Test
    void answersAnUnparseableRequestWith400AndCloses() throws Exception {
        try (RawHttp raw = new RawHttp(port)) {
            raw.write("GET /" + "a".repeat(70_000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            RawHttp.Response r = raw.read();
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.headers()).containsKey("x-amzn-requestid").containsEntry("connection", "close");
            assertThat(raw.closedByServer()).isTrue();
        }
    }

    @Test
    void continuesAnExpectedBodyThatFits() throws Exception {
        try (RawHttp raw = new RawHttp(port)) {
            String request = rawSigned("ListMetrics", "{\"Namespace\":\"continued\"}", Map.of("Expect", "100-continue"));
            int split = request.indexOf("\r\n\r\n") + 4;
            raw.write(request.substring(0, split));
            assertThat(raw.read().status()).isEqualTo(100);
            raw.write(request.substring(split));
            RawHttp.Response r = raw.read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.text()).contains("continued");
        }
    }

    @Test
    void refusesAnExpectedBodyOverTheLimitWith413InItsProtocol() throws Exception {
        try (RawHttp raw = new RawHttp(port)) {
            raw.write("POST " + CBOR_PATH + "PutMetricData HTTP/1.1\r\nHost: 127.0.0.1\r\nsmithy-protocol: rpc-v2-cbor\r\n"
                    + "Content-Type: application/cbor\r\nExpect: 100-continue\r\nContent-Length: 200000\r\n\r\n");
            RawHttp.Response r = raw.read();
            assertThat(r.status()).isEqualTo(413);
            assertThat(r.headers()).containsEntry("smithy-protocol", "rpc-v2-cbor")
                    .containsEntry("x-amzn-query-error", "RequestEntityTooLarge;Sender")
                    .containsKey("x-amzn-requestid");
            assertThat(new CBORMapper().readTree(r.body()).get("__type").textValue()).endsWith("#RequestEntityTooLarge");
            assertThat(raw.closedByServer()).isTrue();
        }
    }

    @Test
    void refusesAChunkedBodyOverTheLimit() throws Exception {
        try (RawHttp raw = new RawHttp(port)) {
            raw.write("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n");
            Thread writer = new Thread(() -> {
                try {
                    String chunk = "a".repeat(16 * 1024);
                    for (int i = 0; i < 8; i++) {
                        raw.write(Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n");
                    }
                    raw.write("0\r\n\r\n");
                } catch (java.io.IOException e) {
                    // the server may close while we still write; the response is what matters
                }
            });
            writer.start();
            RawHttp.Response r = raw.read();
            writer.join(10_000);
            assertThat(r.status()).isEqualTo(413);
            assertThat(r.text()).contains("<Code>RequestEntityTooLarge</Code>");
        }
    }

    @Test
    void answersServiceUnavailableWhenTheWorkerQueueIsFull() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Action blocking = action("DescribeAlarmHistory", in -> {
            started.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return CompletableFuture.completedFuture(null);
        });
        PrometheusMeterRegistry ownMeters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ApiConfig config = ApiConfig.defaults().withHost("127.0.0.1").withPort(0).withWorkers(1, 1).withIoThreads(1);
        try (ApiServer small = new ApiServer(config, KEYS, ActionRegistry.of(List.of(blocking)), ownMeters, CLOCK, () -> "small")) {
            int smallPort = small.start();
            Function<Integer, CompletableFuture<HttpResponse<byte[]>>> call = n -> CompletableFuture.supplyAsync(() -> {
                try {
                    Map<String, List<String>> h = new LinkedHashMap<>();
                    h.put("Content-Type", List.of("application/x-amz-json-1.0"));
                    h.put("X-Amz-Target", List.of("GraniteServiceVersion20100801.DescribeAlarmHistory"));
                    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
                    return sendSigned(SIGNER.sign("POST", URI.create("http://127.0.0.1:" + smallPort + "/"), h, body), body);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            CompletableFuture<HttpResponse<byte[]>> running = call.apply(1);
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<HttpResponse<byte[]>> queued = call.apply(2);
            Gauge queue = ownMeters.get("synaps.api.worker.queue").gauge();
            for (int i = 0; i < 1000 && queue.value() < 1; i++) {
                Thread.sleep(10);
            }
            assertThat(queue.value()).isEqualTo(1.0);
            HttpResponse<byte[]> refused = call.apply(3).get(10, TimeUnit.SECONDS);
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(header(refused, "x-amzn-query-error")).isEqualTo("ServiceUnavailable;Receiver");
            release.countDown();
            assertThat(running.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(queued.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
    }
}
