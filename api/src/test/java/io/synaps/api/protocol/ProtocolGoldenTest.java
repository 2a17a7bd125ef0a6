package io.synaps.api.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.synaps.model.AwsError;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Pins each protocol's bytes for representative outputs and errors (golden files, update flag synaps.updateGolden). */
class ProtocolGoldenTest {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String ID = "6f1c1b1e-0d2a-4a8e-9f57-5d1a2b3c4d5e";

    /** A GetMetricStatistics result: timestamps (whole and with millis), doubles, a map, nested list items. */
    static ObjectNode statisticsOutput() {
        ObjectNode out = F.objectNode();
        out.put("Label", "Latency");
        ArrayNode points = out.putArray("Datapoints");
        ObjectNode p1 = points.addObject();
        p1.set("Timestamp", Output.timestamp(Instant.parse("2025-10-06T14:45:00Z")));
        p1.put("SampleCount", 2.0);
        p1.put("Average", 30.0);
        p1.put("Unit", "Seconds");
        Output.MapNode extended = Output.map();
        extended.put("p99", 42.5);
        p1.set("ExtendedStatistics", extended);
        ObjectNode p2 = points.addObject();
        p2.set("Timestamp", Output.timestamp(Instant.parse("2025-10-06T14:46:00.123Z")));
        p2.put("Maximum", 1.0E-5);
        p2.put("Unit", "Seconds");
        p2.putNull("Minimum");
        return out;
    }

    /** A GetMetricData result with an empty Messages list and an integer member. */
    static ObjectNode metricDataOutput() {
        ObjectNode out = F.objectNode();
        ArrayNode results = out.putArray("MetricDataResults");
        ObjectNode r = results.addObject();
        r.put("Id", "m1");
        r.put("Label", "a < b & \"c\"");
        ArrayNode ts = r.putArray("Timestamps");
        ts.add(Output.timestamp(Instant.parse("2025-12-17T13:23:00Z")));
        ts.add(Output.timestamp(Instant.parse("2025-12-17T13:22:00Z")));
        r.putArray("Values").add(1.0).add(2.5);
        r.put("StatusCode", "Complete");
        r.putArray("Messages");
        out.putArray("Messages");
        out.put("Count", 3);
        out.put("Truncated", false);
        return out;
    }

    static AwsError dashboardError() {
        return AwsError.dashboardInvalidInput("The field DashboardBody must be a valid JSON object",
                List.of(Map.of("DataPath", "/widgets/0", "Message", "Should be object")));
    }

    private static void check(WireProtocol protocol, String name, WireResponse r) {
        String ext = protocol == WireProtocol.CBOR ? ".hex" : ".txt";
        Golden.assertMatches(protocol.tag() + "/" + name + ext, Golden.render(r, protocol == WireProtocol.CBOR));
    }

    private static void all(String name, java.util.function.Function<ProtocolCodec, WireResponse> render) {
        for (WireProtocol p : WireProtocol.values()) {
            check(p, name, render.apply(p.codec()));
        }
    }

    @Test
    void rendersListsTimestampsDoublesAndMaps() {
        all("get-metric-statistics", c -> c.encode("GetMetricStatistics", statisticsOutput(), ID));
    }

    @Test
    void rendersEmptyListsIntegersAndEscapedText() {
        all("get-metric-data", c -> c.encode("GetMetricData", metricDataOutput(), ID));
    }

    @Test
    void rendersAnOperationWithoutOutput() {
        all("put-metric-data", c -> c.encode("PutMetricData", null, ID));
    }

    @Test
    void rendersAnErrorWithMessage() {
        AwsError e = AwsError.invalidParameterValue("The value NaN for parameter MetricData.member.1.Value is invalid.");
        all("error-invalid-parameter", c -> c.encodeError(e, ID, 400));
    }

    @Test
    void rendersAnErrorWithoutMessage() {
        all("error-resource-not-found", c -> c.encodeError(AwsError.resourceNotFound(null), ID, 404));
    }

    @Test
    void rendersErrorMembers() {
        all("error-dashboard-invalid", c -> c.encodeError(dashboardError(), ID, 400));
    }

    @Test
    void rendersAServerFaultAsReceiver() {
        all("error-internal", c -> c.encodeError(AwsError.internal("Internal failure."), ID, 500));
    }

    @Test
    void writesWellFormedXmlWithTheCloudWatchNamespace() throws Exception {
        WireResponse r = QueryCodec.INSTANCE.encode("GetMetricData", metricDataOutput(), ID);
        Document doc = DocumentBuilderFactory.newDefaultNSInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(r.body()));
        assertThat(doc.getDocumentElement().getNamespaceURI()).isEqualTo(WireProtocol.XML_NAMESPACE);
        assertThat(doc.getElementsByTagName("Label").item(0).getTextContent()).isEqualTo("a < b & \"c\"");
        assertThat(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("<Messages/>")
                .contains("<Timestamps><member>2025-12-17T13:23:00Z</member>")
                .contains("<RequestId>" + ID + "</RequestId>");
    }

    @Test
    void formatsQueryTimestampsWithMillisecondsOnlyWhenPresent() {
        String xml = new String(QueryCodec.INSTANCE.encode("GetMetricStatistics", statisticsOutput(), ID).body(),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(xml).contains("<Timestamp>2025-10-06T14:45:00Z</Timestamp>")
                .contains("<Timestamp>2025-10-06T14:46:00.123Z</Timestamp>")
                .contains("<Average>30.0</Average>")
                .contains("<ExtendedStatistics><entry><key>p99</key><value>42.5</value></entry></ExtendedStatistics>")
                .doesNotContain("Minimum");
    }

    @Test
    void writesJsonTimestampsAsEpochSeconds() throws Exception {
        JsonNode json = new ObjectMapper().readTree(JsonCodec.INSTANCE.encode("GetMetricStatistics", statisticsOutput(), ID).body());
        assertThat(new String(JsonCodec.INSTANCE.encode("GetMetricStatistics", statisticsOutput(), ID).body(),
                java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"Timestamp\":1759761900.0,")
                .contains("\"Timestamp\":1759761960.123,");
        assertThat(json.at("/Datapoints/0/Timestamp").decimalValue()).isEqualByComparingTo("1759761900");
    }

    @Test
    void writesCborWithIndefiniteLengthsAndTaggedTimestamps() throws Exception {
        byte[] body = CborCodec.INSTANCE.encode("GetMetricStatistics", statisticsOutput(), ID).body();
        assertThat(body[0] & 0xFF).isEqualTo(0xBF);
        assertThat(body[body.length - 1] & 0xFF).isEqualTo(0xFF);
        String hex = HexFormat.of().withUpperCase().formatHex(body);
        double seconds = 1759761900.0;
        String tagged = "C1FB" + HexFormat.of().withUpperCase().formatHex(
                java.nio.ByteBuffer.allocate(8).putDouble(seconds).array());
        assertThat(hex).contains(tagged).contains("9F"); // Datapoints array is indefinite
        JsonNode tree = new CBORMapper().readTree(body);
        assertThat(tree.at("/Datapoints/1/Timestamp").doubleValue()).isEqualTo(1759761960.123);
        assertThat(tree.at("/Datapoints/0/ExtendedStatistics/p99").doubleValue()).isEqualTo(42.5);
    }

    @Test
    void putsSmithyProtocolOnEveryCborResponse() {
        assertThat(CborCodec.INSTANCE.encode("PutMetricData", null, ID).headers())
                .containsEntry("smithy-protocol", "rpc-v2-cbor").doesNotContainKey("Content-Type");
        assertThat(CborCodec.INSTANCE.encode("GetMetricData", metricDataOutput(), ID).headers())
                .containsEntry("smithy-protocol", "rpc-v2-cbor").containsEntry("Content-Type", "application/cbor");
        assertThat(CborCodec.INSTANCE.encodeError(AwsError.resourceNotFound("x"), ID, 404).headers())
                .containsEntry("smithy-protocol", "rpc-v2-cbor")
                .containsEntry("x-amzn-query-error", "ResourceNotFound;Sender");
    }

    @Test
    void replacesCharactersXmlCannotCarry() {
        AwsError e = AwsError.invalidParameterValue("bad \u0001 value");
        String xml = new String(QueryCodec.INSTANCE.encodeError(e, ID, 400).body(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(xml).contains("<Message>bad \uFFFD value</Message>");
    }
}
