package io.synaps.bench.workload;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import io.synaps.model.Dimension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * PutMetricDataBodies encodes a {@link MetricFleet}'s batches as PutMetricData request bodies in
 * each protocol, the way the SDKs do: Query as a form with {@code MetricData.member.N} lists and
 * ISO-8601 timestamps, JSON with epoch-second timestamps, CBOR with indefinite-length maps and
 * tag-1 float64 timestamps. The three encodings of one batch carry the same datums.
 *
 * <p>Thread-safe (stateless besides the immutable fleet).
 */
public final class PutMetricDataBodies {
    /** Bodies at least this large are gzipped by botocore, JS v3 and Java v2 (reference 1.7). */
    public static final int SDK_MIN_COMPRESSION_BYTES = 10_240;

    private static final JsonFactory JSON = new JsonFactory();
    private static final CBORFactory CBOR = new CBORFactory();

    private final MetricFleet fleet;

    public PutMetricDataBodies(MetricFleet fleet) {
        this.fleet = fleet;
    }

    public MetricFleet fleet() {
        return fleet;
    }

    /** The uncompressed body of batch {@code b} in {@code protocol}, all datums stamped {@code timestampMillis}. */
    public byte[] body(Protocol protocol, int batch, long timestampMillis) {
        return switch (protocol) {
            case QUERY -> query(batch, timestampMillis);
            case JSON -> jackson(JSON, batch, timestampMillis, false);
            case CBOR -> jackson(CBOR, batch, timestampMillis, true);
        };
    }

    private byte[] query(int batch, long timestampMillis) {
        StringBuilder sb = new StringBuilder(fleet.batchSize() * (120 + 110 * fleet.dimensions()));
        sb.append("Action=PutMetricData&Version=2010-08-01&Namespace=").append(form(MetricFleet.NAMESPACE));
        String ts = form(Instant.ofEpochMilli(timestampMillis).truncatedTo(ChronoUnit.MILLIS).toString());
        SplittableRandom random = fleet.randomFor(batch);
        HostCache hosts = new HostCache();
        for (int j = 0; j < fleet.batchSize(); j++) {
            int s = fleet.seriesOf(batch, j);
            String p = "&MetricData.member." + (j + 1) + ".";
            sb.append(p).append("MetricName=").append(form(fleet.metricName(s)));
            List<Dimension> dims = hosts.dimensions(s);
            for (int d = 0; d < dims.size(); d++) {
                String dp = p + "Dimensions.member." + (d + 1) + ".";
                sb.append(dp).append("Name=").append(form(dims.get(d).name()));
                sb.append(dp).append("Value=").append(form(dims.get(d).value()));
            }
            sb.append(p).append("Timestamp=").append(ts);
            sb.append(p).append("Value=").append(number(fleet.value(s, random)));
            sb.append(p).append("Unit=").append(form(fleet.unit(s).wireName()));
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private byte[] jackson(JsonFactory factory, int batch, long timestampMillis, boolean cbor) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(fleet.batchSize() * (100 + 45 * fleet.dimensions()));
        SplittableRandom random = fleet.randomFor(batch);
        double seconds = timestampMillis / 1000.0;
        HostCache hosts = new HostCache();
        String jsonSeconds = java.math.BigDecimal.valueOf(timestampMillis, 3).stripTrailingZeros().toPlainString();
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("Namespace", MetricFleet.NAMESPACE);
            g.writeFieldName("MetricData");
            g.writeStartArray();
            for (int j = 0; j < fleet.batchSize(); j++) {
                int s = fleet.seriesOf(batch, j);
                g.writeStartObject();
                g.writeStringField("MetricName", fleet.metricName(s));
                List<Dimension> dims = hosts.dimensions(s);
                if (!dims.isEmpty()) {
                    g.writeFieldName("Dimensions");
                    g.writeStartArray();
                    for (Dimension d : dims) {
                        g.writeStartObject();
                        g.writeStringField("Name", d.name());
                        g.writeStringField("Value", d.value());
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                }
                g.writeFieldName("Timestamp");
                double value = fleet.value(s, random);
                if (cbor) {
                    ((CBORGenerator) g).writeTag(1); // epoch-seconds timestamp, as AWS sends it
                    g.writeNumber(seconds);
                    g.writeNumberField("Value", value);
                } else {
                    // plain decimals like the JS SDK, not Double.toString's exponent form
                    g.writeNumber(jsonSeconds);
                    g.writeFieldName("Value");
                    g.writeNumber(number(value));
                }
                g.writeStringField("Unit", fleet.unit(s).wireName());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Remembers the last host's dimensions: consecutive datums are usually the same host's metrics. */
    private final class HostCache {
        private int host = -1;
        private List<Dimension> dims;

        List<Dimension> dimensions(int series) {
            int h = fleet.hostOf(series);
            if (h != host) {
                host = h;
                dims = fleet.hostDimensions(h);
            }
            return dims;
        }
    }

    /** gzip of {@code body}, as the SDKs send it with {@code Content-Encoding: gzip}. */
    public static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 64 * 1024)) {
            gz.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String form(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
