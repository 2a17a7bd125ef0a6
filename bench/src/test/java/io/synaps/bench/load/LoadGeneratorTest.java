package io.synaps.bench.load;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Drives the generator against a small in-JVM HTTP server that checks what arrives. */
class LoadGeneratorTest {
    private static final String KEY = "AKIATESTKEY";
    private static final String SECRET = "test-secret";

    private HttpServer server;
    private final AtomicInteger received = new AtomicInteger();
    private final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    private volatile String lastPath;
    private volatile int lastDatums;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/healthz", ex -> reply(ex, 200, Map.of(), "ok"));
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] wire = ex.getRequestBody().readAllBytes();
        lastPath = ex.getRequestURI().getPath();
        checkSignature(ex, wire);
        byte[] body = wire;
        if ("gzip".equals(ex.getRequestHeaders().getFirst("Content-Encoding"))) {
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(wire))) {
                body = in.readAllBytes();
            }
        }
        lastDatums = countOccurrences(new String(body, StandardCharsets.ISO_8859_1), "MetricName");
        int n = received.incrementAndGet();
        if (n % 5 == 0) {
            boolean query = "/".equals(lastPath) && ex.getRequestHeaders().getFirst("X-Amz-Target") == null;
            if (query) {
                reply(ex, 400, Map.of(), "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code></Error></ErrorResponse>");
            } else {
                reply(ex, 400, Map.of("x-amzn-query-error", "Throttling;Sender"), "{}");
            }
        } else {
            reply(ex, 200, Map.of(), "");
        }
    }

    /** Signs the received request again with the SDK signer at its X-Amz-Date and compares. */
    private void checkSignature(HttpExchange ex, byte[] wire) {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !auth.startsWith("AWS4-HMAC-SHA256 Credential=" + KEY + "/")) {
            problems.add("bad Authorization " + auth);
            return;
        }
        String date = ex.getRequestHeaders().getFirst("X-Amz-Date");
        Clock at = Clock.fixed(ZonedDateTime.parse(date, DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssX")).toInstant(), ZoneOffset.UTC);
        String signedHeaders = auth.substring(auth.indexOf("SignedHeaders=") + 14, auth.indexOf(", Signature="));
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : signedHeaders.split(";")) {
            if (!name.equals("host")) {
                headers.put(name, String.join(",", ex.getRequestHeaders().get(name)));
            }
        }
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + ex.getRequestURI().getPath());
        String expected = new SdkRequestSigner(KEY, SECRET, "us-east-1", at).sign(uri, headers, wire).get("Authorization");
        if (!auth.equals(expected)) {
            problems.add("signature mismatch: got " + auth + " expected " + expected);
        }
    }

    private static void reply(HttpExchange ex, int status, Map<String, String> headers, String body) throws IOException {
        headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        if (b.length > 0) {
            ex.getResponseBody().write(b);
        }
        ex.close();
    }

    private static int countOccurrences(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    private String run(String... extra) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> args = new java.util.ArrayList<>(List.of(
                "--endpoint", "http://127.0.0.1:" + server.getAddress().getPort(),
                "--access-key", KEY, "--secret-key", SECRET, "--warmup", "0", "--duration", "60",
                "--series", "3000", "--connections", "2"));
        args.addAll(List.of(extra));
        int code = LoadGenerator.execute(Map.of(), new PrintStream(out, true), new PrintStream(err, true), args.toArray(String[]::new));
        assertThat(code).as("exit code; stderr: %s", err).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void sendsSignedGzippedQueryRequestsAndCountsErrorsByCode() {
        String report = run("--protocol", "query", "--requests", "20");
        assertThat(problems).isEmpty();
        assertThat(received.get()).isEqualTo(20);
        assertThat(lastPath).isEqualTo("/");
        assertThat(lastDatums).isEqualTo(1000);
        assertThat(report).contains("20 requests (16 ok, 4 failed)").contains("error           400 Throttling x 4")
                .contains("RESULT protocol=query");
    }

    @Test
    void cborRequestsGoToTheOperationPathAndReadTheQueryErrorHeader() {
        String report = run("--protocol", "cbor", "--requests", "10", "--datums", "100", "--dimensions", "3");
        assertThat(problems).isEmpty();
        assertThat(lastPath).isEqualTo("/service/GraniteServiceVersion20100801/operation/PutMetricData");
        assertThat(lastDatums).isEqualTo(100);
        assertThat(report).contains("10 requests (8 ok, 2 failed)").contains("400 Throttling x 2");
    }

    @Test
    void jsonRequestsWithATargetRateStillSendEveryRequest() {
        String report = run("--protocol", "json", "--requests", "10", "--rate", "200", "--no-gzip");
        assertThat(problems).isEmpty();
        assertThat(received.get()).isEqualTo(10);
        assertThat(report).contains("10 requests (8 ok, 2 failed)").contains("service ms");
    }

    @Test
    void refusesAnEndpointOffThisMachine() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = LoadGenerator.execute(Map.of(), new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true),
                "--endpoint", "http://10.9.8.7:8780", "--requests", "1");
        assertThat(code).isNotZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("only targets loopback");
        assertThat(received.get()).isZero();
    }
}
