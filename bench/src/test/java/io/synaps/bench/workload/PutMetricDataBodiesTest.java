package io.synaps.bench.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.synaps.model.Dimension;
import io.synaps.model.MetricDatum;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

class PutMetricDataBodiesTest {
    private static final long TS = 1_760_000_000_123L;
    private final MetricFleet fleet = new MetricFleet(3000, 1000, 10, 9);
    private final PutMetricDataBodies bodies = new PutMetricDataBodies(fleet);
    private final List<MetricDatum> expected = fleet.datums(2, TS);

    @Test
    void queryBodyCarriesTheBatchAsFlattenedMembers() {
        Map<String, String> form = new HashMap<>();
        for (String pair : new String(bodies.body(Protocol.QUERY, 2, TS), StandardCharsets.UTF_8).split("&")) {
            int eq = pair.indexOf('=');
            form.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        assertThat(form).containsEntry("Action", "PutMetricData").containsEntry("Namespace", "Synaps/Bench");
        for (int j = 0; j < expected.size(); j++) {
            MetricDatum d = expected.get(j);
            String p = "MetricData.member." + (j + 1) + ".";
            assertThat(form.get(p + "MetricName")).isEqualTo(d.metric().metricName());
            assertThat(Double.parseDouble(form.get(p + "Value"))).isEqualTo(d.values()[0]);
            assertThat(form.get(p + "Unit")).isEqualTo(d.unit().wireName());
            assertThat(Instant.parse(form.get(p + "Timestamp")).toEpochMilli()).isEqualTo(TS);
            for (int k = 0; k < 10; k++) {
                Dimension dim = fleet.dimensionsOf(fleet.seriesOf(2, j)).get(k);
                assertThat(form.get(p + "Dimensions.member." + (k + 1) + ".Name")).isEqualTo(dim.name());
                assertThat(form.get(p + "Dimensions.member." + (k + 1) + ".Value")).isEqualTo(dim.value());
            }
        }
        assertThat(form).hasSize(3 + 1000 * (4 + 20));
    }

    @Test
    void jsonBodyCarriesTheSameDatumsWithEpochSecondTimestamps() throws IOException {
        JsonNode root = new ObjectMapper().readTree(bodies.body(Protocol.JSON, 2, TS));
        assertSameDatums(root);
        assertThat(root.at("/MetricData/0/Timestamp").isNumber()).isTrue();
    }

    @Test
    void cborBodyCarriesTheSameDatums() throws IOException {
        byte[] cbor = bodies.body(Protocol.CBOR, 2, TS);
        assertThat(cbor[0] & 0xff).as("indefinite-length map like AWS").isEqualTo(0xBF);
        assertSameDatums(new ObjectMapper(new CBORFactory()).readTree(cbor));
    }

    @Test
    void gzipRoundTripsAndShrinksTheBody() throws IOException {
        byte[] raw = bodies.body(Protocol.QUERY, 0, TS);
        byte[] gz = PutMetricDataBodies.gzip(raw);
        assertThat(gz.length).isLessThan(raw.length / 4);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            assertThat(in.readAllBytes()).isEqualTo(raw);
        }
    }

    private void assertSameDatums(JsonNode root) {
        assertThat(root.get("Namespace").asText()).isEqualTo("Synaps/Bench");
        JsonNode data = root.get("MetricData");
        assertThat(data.size()).isEqualTo(expected.size());
        for (int j = 0; j < expected.size(); j++) {
            MetricDatum d = expected.get(j);
            JsonNode n = data.get(j);
            assertThat(n.get("MetricName").asText()).isEqualTo(d.metric().metricName());
            assertThat(n.get("Value").asDouble()).isEqualTo(d.values()[0]);
            assertThat(n.get("Unit").asText()).isEqualTo(d.unit().wireName());
            assertThat(Math.round(n.get("Timestamp").asDouble() * 1000)).isEqualTo(TS);
            List<Dimension> dims = fleet.dimensionsOf(fleet.seriesOf(2, j));
            assertThat(n.get("Dimensions").size()).isEqualTo(dims.size());
            for (int k = 0; k < dims.size(); k++) {
                assertThat(n.get("Dimensions").get(k).get("Name").asText()).isEqualTo(dims.get(k).name());
                assertThat(n.get("Dimensions").get(k).get("Value").asText()).isEqualTo(dims.get(k).value());
            }
        }
    }
}
