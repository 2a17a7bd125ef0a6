package io.synaps.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.server.ProtocolClient.Protocol;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GoldenResponsesIT sends each action's success and main error cases over raw HTTP in each wire
 * protocol and compares the normalised responses (status, protocol headers, body bytes) with the
 * golden files in {@code src/test/resources/golden/<protocol>/<case>.<ext>}. The node runs on a
 * fixed clock so timestamps are stable; request ids are replaced by {@code REQUEST-ID}. Run with
 * {@code -Dsynaps.updateGolden=true} to rewrite the files, then review the diff by eye.
 */
class GoldenResponsesIT {
    static final Instant NOW = Instant.parse("2026-01-15T12:00:30Z");
    static final Instant T = Instant.parse("2026-01-15T11:50:00Z");
    static final Set<String> PINNED_HEADERS = Set.of("content-type", "content-encoding", "x-amzn-requestid",
            "x-amzn-query-error", "smithy-protocol");
    static final String DASHBOARD_BODY = "{\"widgets\":[{\"type\":\"text\",\"x\":0,\"y\":0,\"width\":6,\"height\":3,"
            + "\"properties\":{\"markdown\":\"golden\"}}]}";

    private static EmbeddedNode node;
    private static ProtocolClient client;

    @BeforeAll
    static void startNode() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        node = EmbeddedNode.start(clock);
        client = new ProtocolClient(node.port(), node.admin().accessKeyId(), node.admin().secretAccessKey(), clock);
    }

    @AfterAll
    static void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> query() {
        return cases(Protocol.QUERY);
    }

    @TestFactory
    Stream<DynamicTest> json() {
        return cases(Protocol.JSON);
    }

    @TestFactory
    Stream<DynamicTest> cbor() {
        return cases(Protocol.CBOR);
    }

    /** Case is one golden request: a name (the file name), and how to send it. */
    record Case(String name, Function<Protocol, RawHttp.Response> send) {
    }

    private Stream<DynamicTest> cases(Protocol p) {
        return scenario(p).stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            RawHttp.Response response = c.send().apply(p);
            checkProtocolInvariants(p, response);
            compareWithGolden(p, c.name(), render(p, response));
        }));
    }

    private static Case call(String name, String action, ObjectNode input) {
        return new Case(name, p -> client.call(p, action, input));
    }

    /** The ordered scenario of one protocol; each protocol uses its own namespace and dashboard. */
    private static List<Case> scenario(Protocol p) {
        String ns = "Golden/" + p.dir();
        String dashboard = "golden-" + p.dir();
        List<Case> cases = new ArrayList<>();

        if (p == Protocol.CBOR) {
            // Smithy rpcv2Cbor: an input without members may come as an empty body or an empty map
            cases.add(new Case("ListDashboards-empty-body", x -> client.send(
                    "/service/" + ProtocolClient.TARGET_PREFIX + "/operation/ListDashboards",
                    List.of(Map.entry("smithy-protocol", "rpc-v2-cbor"), Map.entry("Accept", "application/cbor"),
                            Map.entry("x-amzn-query-mode", "true")), new byte[0])));
            cases.add(new Case("ListDashboards-empty-map", x -> client.send(
                    "/service/" + ProtocolClient.TARGET_PREFIX + "/operation/ListDashboards",
                    List.of(Map.entry("smithy-protocol", "rpc-v2-cbor"), Map.entry("Accept", "application/cbor"),
                            Map.entry("Content-Type", "application/cbor"), Map.entry("x-amzn-query-mode", "true")),
                    new byte[]{(byte) 0xbf, (byte) 0xff})));
        }

        ObjectNode put = ProtocolClient.input().put("Namespace", ns);
        ArrayNode data = put.putArray("MetricData");
        ObjectNode cpu = data.addObject().put("MetricName", "CPUUtilization");
        cpu.putArray("Dimensions").addObject().put("Name", "InstanceId").put("Value", "i-0123456789");
        cpu.set("Timestamp", ProtocolClient.timestamp(T.plusSeconds(5)));
        cpu.putArray("Values").add(1.0).add(10.0);
        cpu.putArray("Counts").add(2.0).add(4.0);
        cpu.put("Unit", "Percent");
        ObjectNode latency = data.addObject().put("MetricName", "Latency");
        latency.set("Timestamp", ProtocolClient.timestamp(T.plusSeconds(1)));
        latency.put("Value", 11.0).put("Unit", "Milliseconds");
        ObjectNode set = data.addObject().put("MetricName", "Latency");
        set.set("Timestamp", ProtocolClient.timestamp(T.plusSeconds(2)));
        set.putObject("StatisticValues").put("SampleCount", 10.0).put("Sum", 55.0).put("Minimum", 1.0).put("Maximum", 10.0);
        set.put("Unit", "Milliseconds");
        cases.add(call("PutMetricData-ok", "PutMetricData", put));

        ObjectNode both = ProtocolClient.input().put("Namespace", ns);
        ObjectNode bad = both.putArray("MetricData").addObject().put("MetricName", "Latency").put("Value", 1.0);
        bad.putArray("Values").add(1.0).add(2.0);
        cases.add(call("PutMetricData-value-and-values", "PutMetricData", both));

        ObjectNode sizes = ProtocolClient.input().put("Namespace", ns);
        ObjectNode badSizes = sizes.putArray("MetricData").addObject().put("MetricName", "Latency");
        badSizes.putArray("Values").add(1.0).add(2.0);
        badSizes.putArray("Counts").add(1.0);
        cases.add(call("PutMetricData-counts-size", "PutMetricData", sizes));

        ObjectNode stats = ProtocolClient.input().put("Namespace", ns).put("MetricName", "Latency");
        stats.set("StartTime", ProtocolClient.timestamp(T));
        stats.set("EndTime", ProtocolClient.timestamp(T.plusSeconds(120)));
        stats.put("Period", 60);
        stats.putArray("Statistics").add("SampleCount").add("Sum").add("Minimum").add("Maximum").add("Average");
        cases.add(call("GetMetricStatistics-ok", "GetMetricStatistics", stats));

        ObjectNode pct = ProtocolClient.input().put("Namespace", ns).put("MetricName", "CPUUtilization");
        pct.putArray("Dimensions").addObject().put("Name", "InstanceId").put("Value", "i-0123456789");
        pct.set("StartTime", ProtocolClient.timestamp(T));
        pct.set("EndTime", ProtocolClient.timestamp(T.plusSeconds(60)));
        pct.put("Period", 60);
        pct.putArray("ExtendedStatistics").add("p50").add("p99");
        cases.add(call("GetMetricStatistics-percentiles", "GetMetricStatistics", pct));

        ObjectNode none = ProtocolClient.input().put("Namespace", ns).put("MetricName", "NeverPublished");
        none.set("StartTime", ProtocolClient.timestamp(T));
        none.set("EndTime", ProtocolClient.timestamp(T.plusSeconds(120)));
        none.put("Period", 60);
        none.putArray("Statistics").add("Sum");
        cases.add(call("GetMetricStatistics-empty", "GetMetricStatistics", none));

        ObjectNode same = ProtocolClient.input().put("Namespace", ns).put("MetricName", "Latency");
        same.set("StartTime", ProtocolClient.timestamp(T));
        same.set("EndTime", ProtocolClient.timestamp(T));
        same.put("Period", 60);
        same.putArray("Statistics").add("Sum");
        cases.add(call("GetMetricStatistics-start-equals-end", "GetMetricStatistics", same));

        ObjectNode gmd = metricData(ns, T, T.plusSeconds(120));
        cases.add(call("GetMetricData-ok", "GetMetricData", gmd));

        ObjectNode token = metricData(ns, T, T.plusSeconds(120)).put("NextToken", "not-a-token");
        cases.add(call("GetMetricData-invalid-next-token", "GetMetricData", token));

        ObjectNode expression = metricData(ns, T, T.plusSeconds(120));
        ((ObjectNode) expression.get("MetricDataQueries").get(0)).put("ReturnData", false);
        ((ArrayNode) expression.get("MetricDataQueries")).addObject().put("Id", "doubled").put("Expression", "cpu * 2");
        cases.add(call("GetMetricData-expression", "GetMetricData", expression));

        cases.add(call("ListMetrics-ok", "ListMetrics", ProtocolClient.input().put("Namespace", ns)));

        // a gzip body (Query clients may spell the header GZIP) carrying names that need escaping in XML and JSON
        ObjectNode special = ProtocolClient.input().put("Namespace", ns + "/escape");
        ObjectNode odd = special.putArray("MetricData").addObject().put("MetricName", "Quote\"Less<Amp&Gt>");
        odd.putArray("Dimensions").addObject().put("Name", "Path").put("Value", "/a?b=c&d=<e> 'f'");
        odd.set("Timestamp", ProtocolClient.timestamp(T.plusSeconds(7)));
        odd.put("Value", 1.5);
        cases.add(new Case("PutMetricData-gzip", x -> client.callGzip(x, "PutMetricData", special,
                x == Protocol.QUERY ? "GZIP" : "gzip")));
        cases.add(call("ListMetrics-escaping", "ListMetrics", ProtocolClient.input().put("Namespace", ns + "/escape")));
        ObjectNode nonAscii = ProtocolClient.input().put("Namespace", ns);
        ObjectNode accented = nonAscii.putArray("MetricData").addObject().put("MetricName", "Latency").put("Value", 1.0);
        accented.putArray("Dimensions").addObject().put("Name", "City").put("Value", "Z\u00fcrich");
        cases.add(call("PutMetricData-non-ascii-dimension", "PutMetricData", nonAscii));
        if (p == Protocol.QUERY) {
            // the API reference allows GET with the parameters in the query string, and Operation as an alias of Action
            cases.add(new Case("ListMetrics-http-get", x -> client.send("GET", "/?" + ProtocolClient.queryString("Action",
                    "ListMetrics", ProtocolClient.input().put("Namespace", ns)), List.of(), new byte[0])));
            cases.add(new Case("ListMetrics-operation-alias", x -> client.send("/",
                    List.of(Map.entry("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")),
                    ProtocolClient.queryString("Operation", "ListMetrics", ProtocolClient.input().put("Namespace", ns))
                            .getBytes(StandardCharsets.UTF_8))));
        }

        cases.add(call("PutDashboard-ok", "PutDashboard",
                ProtocolClient.input().put("DashboardName", dashboard).put("DashboardBody", DASHBOARD_BODY)));
        cases.add(call("PutDashboard-bad-name", "PutDashboard",
                ProtocolClient.input().put("DashboardName", "bad:name").put("DashboardBody", DASHBOARD_BODY)));
        cases.add(call("PutDashboard-invalid-body", "PutDashboard",
                ProtocolClient.input().put("DashboardName", dashboard + "-x").put("DashboardBody", "{not json")));
        cases.add(call("GetDashboard-ok", "GetDashboard", ProtocolClient.input().put("DashboardName", dashboard)));
        cases.add(call("ListDashboards-ok", "ListDashboards", ProtocolClient.input().put("DashboardNamePrefix", dashboard)));
        ObjectNode delete = ProtocolClient.input();
        delete.putArray("DashboardNames").add(dashboard);
        cases.add(call("DeleteDashboards-ok", "DeleteDashboards", delete));
        cases.add(call("GetDashboard-not-found", "GetDashboard", ProtocolClient.input().put("DashboardName", dashboard)));
        if (p != Protocol.QUERY) {
            cases.add(new Case("GetDashboard-not-found-without-query-mode",
                    x -> client.call(x, "GetDashboard", ProtocolClient.input().put("DashboardName", dashboard), false)));
        }

        cases.add(new Case("ListMetrics-wrong-secret", x -> client.withCredentials(node.admin().accessKeyId(), "wrong-secret")
                .call(x, "ListMetrics", ProtocolClient.input().put("Namespace", ns))));
        cases.add(new Case("ListMetrics-unknown-key", x -> client.withCredentials("AKIAUNKNOWNUNKNOWN00", "whatever")
                .call(x, "ListMetrics", ProtocolClient.input().put("Namespace", ns))));
        cases.add(new Case("ListMetrics-unsigned", x -> client.unsigned()
                .call(x, "ListMetrics", ProtocolClient.input().put("Namespace", ns))));
        cases.add(new Case("ListMetrics-signed-20-minutes-ago", x -> client.withSigningClock(Clock.fixed(NOW.minusSeconds(1200), ZoneOffset.UTC))
                .call(x, "ListMetrics", ProtocolClient.input().put("Namespace", ns))));
        cases.add(call("UnknownOperation", "DescribeNothing", ProtocolClient.input()));
        return cases;
    }

    private static ObjectNode metricData(String ns, Instant start, Instant end) {
        ObjectNode in = ProtocolClient.input();
        ArrayNode queries = in.putArray("MetricDataQueries");
        ObjectNode cpu = queries.addObject().put("Id", "cpu");
        ObjectNode cpuStat = cpu.putObject("MetricStat");
        ObjectNode cpuMetric = cpuStat.putObject("Metric").put("Namespace", ns).put("MetricName", "CPUUtilization");
        cpuMetric.putArray("Dimensions").addObject().put("Name", "InstanceId").put("Value", "i-0123456789");
        cpuStat.put("Period", 60).put("Stat", "Sum");
        ObjectNode lat = queries.addObject().put("Id", "lat");
        ObjectNode latStat = lat.putObject("MetricStat");
        latStat.putObject("Metric").put("Namespace", ns).put("MetricName", "Latency");
        latStat.put("Period", 60).put("Stat", "Average");
        lat.put("Label", "latency average");
        in.set("StartTime", ProtocolClient.timestamp(start));
        in.set("EndTime", ProtocolClient.timestamp(end));
        return in;
    }

    // ------------------------------------------------------------ checks

    /** What every response of a protocol must carry, whatever the golden says. */
    private static void checkProtocolInvariants(Protocol p, RawHttp.Response r) {
        assertThat(r.headers()).as("header spelled exactly x-amzn-RequestId")
                .anySatisfy(h -> assertThat(h.getKey()).isEqualTo("x-amzn-RequestId"));
        boolean error = r.status() >= 400;
        switch (p) {
            case QUERY -> {
                assertThat(r.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/xml"));
                assertThat(r.bodyText()).contains(error ? "<ErrorResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\">"
                        : "xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\"");
                assertThat(r.bodyText()).contains("<RequestId>" + r.header("x-amzn-RequestId").orElseThrow() + "</RequestId>");
            }
            case JSON -> {
                if (r.body().length > 0) {
                    assertThat(r.header("Content-Type")).hasValue("application/x-amz-json-1.0");
                }
                if (error) {
                    assertThat(r.header("x-amzn-query-error")).isPresent();
                    assertThat(r.bodyText()).contains("\"__type\"");
                }
            }
            case CBOR -> {
                assertThat(r.header("smithy-protocol")).hasValue("rpc-v2-cbor");
                if (r.body().length > 0) {
                    assertThat(r.header("Content-Type")).hasValue("application/cbor");
                    assertThat(r.body()[0] & 0xff).as("maps are indefinite-length like AWS's").isEqualTo(0xbf);
                } else {
                    assertThat(r.header("Content-Type")).as("no Content-Type without a body").isEmpty();
                }
                if (error) {
                    assertThat(r.header("x-amzn-query-error")).isPresent();
                }
            }
            default -> throw new IllegalArgumentException(p.toString());
        }
    }

    /** Status, the pinned headers in wire order and spelling, then the body (CBOR as hex plus diagnostic notation). */
    static String render(Protocol p, RawHttp.Response r) {
        String requestId = r.header("x-amzn-RequestId").orElse(null);
        StringBuilder out = new StringBuilder("HTTP ").append(r.status()).append('\n');
        for (Map.Entry<String, String> h : r.headers()) {
            if (PINNED_HEADERS.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                String value = h.getKey().equalsIgnoreCase("x-amzn-RequestId") ? "REQUEST-ID" : h.getValue();
                out.append(h.getKey()).append(": ").append(value).append('\n');
            }
        }
        out.append('\n');
        if (p == Protocol.CBOR) {
            out.append(CborDiagnostic.hex(r.body(), 32));
            if (r.body().length > 0) {
                out.append("\n# diagnostic notation (derived from the bytes above)\n").append(CborDiagnostic.render(r.body()));
            }
        } else {
            String body = r.bodyText();
            if (requestId != null && !requestId.isEmpty()) {
                body = body.replace(requestId, "REQUEST-ID");
            }
            out.append(body).append('\n');
        }
        return out.toString();
    }

    private static void compareWithGolden(Protocol p, String name, String actual) throws IOException {
        Path file = goldenDir().resolve(p.dir()).resolve(name + "." + p.extension);
        if (Boolean.getBoolean("synaps.updateGolden")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual, StandardCharsets.UTF_8);
            return;
        }
        assertThat(file).as("golden file %s (create it with -Dsynaps.updateGolden=true)", file).exists();
        assertThat(actual).as("response differs from %s", file).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    }

    private static Path goldenDir() {
        Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        Path dir = base.resolve("src/test/resources/golden");
        if (!Files.isDirectory(dir) && !Boolean.getBoolean("synaps.updateGolden")) {
            throw new UncheckedIOException(new IOException("no golden directory at " + dir.toAbsolutePath()));
        }
        return dir;
    }
}
