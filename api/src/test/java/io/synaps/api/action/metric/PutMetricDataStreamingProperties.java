package io.synaps.api.action.metric;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.synaps.api.action.Inputs;
import io.synaps.api.action.Unreachable;
import io.synaps.api.protocol.DecodedRequest;
import io.synaps.api.protocol.Members;
import io.synaps.api.protocol.WireProtocol;
import io.synaps.api.protocol.WireRequest;
import io.synaps.model.AwsError;
import io.synaps.model.MetricDatum;
import io.synaps.model.StandardUnit;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random valid and invalid PutMetricData requests, sent as JSON and as CBOR: whenever the streaming
 * decoder answers, the tree path accepts the request and yields the same datums; clean valid
 * requests always stream.
 */
class PutMetricDataStreamingProperties {
    private static final JsonFactory JSON = new JsonFactory();
    private static final CBORFactory CBOR = new CBORFactory();
    private final PutMetricDataAction action = new PutMetricDataAction(new Unreachable());

    /** A CBOR float32 (a JSON number). */
    record F32(float v) {
    }

    /** Epoch seconds: CBOR tag 1 + float64, a JSON number. */
    record Epoch(double seconds) {
    }

    /** An object whose entries keep order and may repeat a name. */
    record Obj(List<Object[]> entries) {
        Obj() {
            this(new ArrayList<>());
        }

        Obj put(String name, Object value) {
            entries.add(new Object[]{name, value});
            return this;
        }
    }

    @Test
    void streamedRequestsYieldTheTreePathsDatumsAndCleanRequestsAlwaysStream() throws IOException {
        long seed = Long.getLong("synaps.seed", System.nanoTime()); // replay with -Dsynaps.seed=...
        System.out.println("PutMetricDataStreamingProperties seed " + seed);
        Random random = new Random(seed);
        int streamed = 0;
        int refused = 0;
        for (int round = 0; round < 3000; round++) {
            double noise = round % 3 == 0 ? 0 : random.nextDouble() * 0.08;
            Obj request = request(random, noise);
            for (WireProtocol protocol : List.of(WireProtocol.JSON, WireProtocol.CBOR)) {
                byte[] body = encode(protocol, request);
                if (noise > 0 && random.nextInt(50) == 0) {
                    body = Arrays.copyOf(body, random.nextInt(body.length + 1));
                }
                List<MetricDatum> stream = PutMetricDataStreamDecoder.decode(protocol, body, Inputs.NOW);
                Object tree = tree(protocol, body);
                String what = "round " + round + " " + protocol + " " + text(protocol, body);
                if (noise == 0) {
                    assertThat(stream).as(what).isNotNull();
                }
                if (stream == null) {
                    refused++;
                    continue;
                }
                streamed++;
                assertThat(tree).as(what).isInstanceOf(List.class);
                @SuppressWarnings("unchecked")
                List<MetricDatum> expected = (List<MetricDatum>) tree;
                assertThat(describe(stream)).as(what).isEqualTo(describe(expected));
            }
        }
        System.out.println("streamed " + streamed + ", left to the tree " + refused);
        assertThat(refused).isPositive();
    }

    @Test
    void handleRawIngestsTheStreamedDatumsAndDeclinesWhatItDoesNotAccept() throws IOException {
        List<List<MetricDatum>> ingested = new ArrayList<>();
        PutMetricDataAction recording = new PutMetricDataAction((account, data) -> {
            ingested.add(data);
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        });
        byte[] ok = ("{\"Namespace\":\"App\",\"MetricData\":[{\"MetricName\":\"m\",\"Value\":2,"
                + "\"Dimensions\":[{\"Name\":\"H\",\"Value\":\"a\"}]}]}").getBytes(StandardCharsets.UTF_8);
        assertThat(recording.handleRaw(Inputs.context(), WireProtocol.JSON, ok)).isCompleted();
        assertThat(describe(ingested.get(0)))
                .isEqualTo(describe(recording.validate(Inputs.context(), Members.root(Inputs.JSON.readTree(ok)))))
                .containsExactly("MetricId[namespace=App, metricName=m, dimensions=[Dimension[name=H, value=a]]] t=" + Inputs.NOW.toEpochMilli() + " NONE r=60 v=[2.0] c=[1.0] s=null");
        byte[] bad = "{\"Namespace\":\"App\",\"MetricData\":[{\"MetricName\":\"m\",\"Value\":\"x\"}]}"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(recording.handleRaw(Inputs.context(), WireProtocol.JSON, bad)).isNull();
        assertThat(recording.handleRaw(Inputs.context(), WireProtocol.QUERY, ok)).isNull();
        assertThat(ingested).hasSize(1);
    }

    /** The tree path's answer: the datums, or the AwsError (or other exception) it throws. */
    private Object tree(WireProtocol protocol, byte[] body) {
        HttpHeaders headers = new DefaultHttpHeaders();
        String path = "/";
        if (protocol == WireProtocol.JSON) {
            headers.set("X-Amz-Target", WireProtocol.SERVICE + ".PutMetricData");
            headers.set("Content-Type", "application/x-amz-json-1.0");
        } else {
            path = WireProtocol.CBOR_PATH_PREFIX + "PutMetricData";
            headers.set("smithy-protocol", "rpc-v2-cbor");
        }
        try {
            DecodedRequest decoded = protocol.codec().decode(new WireRequest("POST", path, "", headers, body));
            return action.validate(Inputs.context(), Members.root(decoded.input()));
        } catch (AwsError e) {
            return e.code() + ": " + e.getMessage();
        } catch (RuntimeException e) {
            return e.toString();
        }
    }

    private static List<String> describe(List<MetricDatum> data) {
        List<String> out = new ArrayList<>();
        for (MetricDatum d : data) {
            out.add(d.metric() + " t=" + d.timestampMillis() + " " + d.unit() + " r=" + d.storageResolution()
                    + " v=" + Arrays.toString(d.values()) + " c=" + Arrays.toString(d.counts()) + " s="
                    + d.statisticValues());
        }
        return out;
    }

    private static String text(WireProtocol protocol, byte[] body) {
        if (protocol == WireProtocol.JSON) {
            return new String(body, StandardCharsets.UTF_8);
        }
        try {
            return new com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper().readTree(body).toString();
        } catch (IOException e) {
            return "(invalid CBOR, " + body.length + " bytes)";
        }
    }

    // ---- generation: a valid request, each part broken with probability `noise` ----

    private static boolean bad(Random r, double noise) {
        return r.nextDouble() < noise;
    }

    private static Obj request(Random r, double noise) {
        List<Object[]> entries = new ArrayList<>();
        entries.add(new Object[]{"Namespace", bad(r, noise) ? badName(r) : "App/" + r.nextInt(5)});
        List<Object> data = new ArrayList<>();
        int datums = bad(r, noise) ? r.nextInt(2) : 1 + r.nextInt(6);
        for (int i = 0; i < datums; i++) {
            data.add(datum(r, noise));
        }
        if (!bad(r, noise / 2)) {
            entries.add(new Object[]{"MetricData", data});
        } else if (r.nextBoolean()) {
            entries.add(new Object[]{"MetricData", null});
        }
        if (r.nextInt(5) == 0) {
            List<Object> entities = new ArrayList<>();
            for (int i = r.nextInt(3); i > 0; i--) {
                List<Object> more = new ArrayList<>();
                for (int k = r.nextInt(3); k > 0; k--) {
                    more.add(datum(r, noise));
                }
                entities.add(new Obj().put("Entity", new Obj().put("KeyAttributes", new Obj().put("Type", "Service")))
                        .put("MetricData", more));
            }
            entries.add(new Object[]{"EntityMetricData", bad(r, noise) ? "x" : entities});
        }
        if (r.nextInt(4) == 0) {
            entries.add(new Object[]{"StrictEntityValidation", bad(r, noise) ? pick(r, "true", 5, "x") : r.nextBoolean()});
        }
        if (r.nextInt(6) == 0) {
            entries.add(new Object[]{"Unknown", new Obj().put("A", List.of(1, "b", new Obj()))});
        }
        if (bad(r, noise / 2)) {
            entries.remove(0);
        }
        if (bad(r, noise / 2)) {
            entries.add(entries.get(r.nextInt(entries.size())));
        }
        Collections.shuffle(entries, r);
        return new Obj(entries);
    }

    private static Obj datum(Random r, double noise) {
        List<Object[]> e = new ArrayList<>();
        e.add(new Object[]{"MetricName", bad(r, noise) ? badName(r) : "m" + r.nextInt(100)});
        int dims = bad(r, noise) ? 31 : r.nextInt(5);
        if (dims > 0 || r.nextBoolean()) {
            List<Object> list = new ArrayList<>();
            for (int k = 0; k < dims; k++) {
                Obj d = new Obj().put("Name", bad(r, noise) ? badName(r) : bad(r, noise) ? "D0" : "D" + k)
                        .put("Value", bad(r, noise) ? badName(r) : "v" + r.nextInt(10));
                if (r.nextInt(10) == 0) {
                    d.put("Extra", 1);
                }
                if (r.nextBoolean()) {
                    Collections.reverse(d.entries());
                }
                list.add(bad(r, noise) ? "x" : d);
            }
            e.add(new Object[]{"Dimensions", bad(r, noise) ? null : list});
        }
        if (r.nextBoolean()) {
            e.add(new Object[]{"Timestamp", bad(r, noise) ? badTimestamp(r) : timestamp(r)});
        }
        if (r.nextBoolean()) {
            StandardUnit u = StandardUnit.values()[r.nextInt(StandardUnit.values().length)];
            e.add(new Object[]{"Unit", bad(r, noise) ? pick(r, "bytes", 5, null, "", true) : u.wireName()});
        }
        if (r.nextBoolean()) {
            e.add(new Object[]{"StorageResolution", bad(r, noise)
                    ? pick(r, 30, "60", 1.0, 60.5, null, true, "x", 4_000_000_000L)
                    : r.nextBoolean() ? 1 : 60});
        }
        int kind = r.nextInt(4);
        boolean both = bad(r, noise);
        if (kind == 0 || both) {
            e.add(new Object[]{"Value", bad(r, noise) ? badNumber(r) : number(r)});
        }
        if (kind == 1 || kind == 3 || (both && r.nextBoolean())) {
            int n = bad(r, noise) ? pick(r, 0, 151) : 1 + r.nextInt(8);
            List<Object> values = new ArrayList<>();
            List<Object> counts = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                values.add(bad(r, noise) ? badNumber(r) : number(r));
                counts.add(bad(r, noise) ? badNumber(r) : r.nextInt(5) == 0 ? 0 : pick(r, 1, 2.5, 3L, new F32(4)));
            }
            if (bad(r, noise)) {
                counts.add(1);
            }
            e.add(new Object[]{"Values", values});
            if (r.nextBoolean() || bad(r, noise)) {
                e.add(new Object[]{"Counts", bad(r, noise) ? pick(r, null, "x") : counts});
            }
        }
        if (kind == 2 || kind == 3 || (both && r.nextBoolean())) {
            double min = r.nextInt(100);
            Obj s = new Obj().put("SampleCount", bad(r, noise) ? pick(r, 0, -1, "x") : 1 + r.nextInt(9))
                    .put("Sum", number(r))
                    .put("Minimum", min)
                    .put("Maximum", bad(r, noise) ? min - 1 : min + r.nextInt(10));
            if (bad(r, noise)) {
                s.entries().remove(r.nextInt(4));
            }
            Collections.shuffle(s.entries(), r);
            e.add(new Object[]{"StatisticValues", bad(r, noise) ? pick(r, new Obj(), new Obj().put("Foo", 1), null, "x") : s});
        }
        if (r.nextInt(8) == 0) {
            e.add(new Object[]{"Extra", pick(r, "x", List.of(1, 2), new Obj().put("Value", "no"))});
        }
        if (bad(r, noise / 2)) {
            e.add(e.get(r.nextInt(e.size())));
        }
        Collections.shuffle(e, r);
        return new Obj(e);
    }

    private static Object badName(Random r) {
        return pick(r, null, "", " ", ":colon", "é", "AWS/EC2", "x".repeat(256), 5, List.of("a"), new Obj());
    }

    private static Object timestamp(Random r) {
        long seconds = Inputs.NOW.getEpochSecond() - r.nextInt(13 * 86400) + r.nextInt(3600);
        return switch (r.nextInt(4)) {
            case 0 -> seconds;
            case 1 -> new Epoch(seconds + r.nextInt(1000) / 1000.0);
            case 2 -> Instant.ofEpochSecond(seconds, r.nextInt(1000) * 1_000_000L).toString();
            default -> (double) seconds;
        };
    }

    private static Object badTimestamp(Random r) {
        long old = Inputs.NOW.getEpochSecond() - 15 * 86400;
        return pick(r, old, new Epoch(Inputs.NOW.getEpochSecond() + 3 * 3600), "yesterday", "", null, true,
                Long.toString(Inputs.NOW.getEpochSecond()), "2026-01-10", "2026-01-10T11:00:00+01:00",
                new Epoch(Inputs.NOW.getEpochSecond() - 0.0004), new F32(Inputs.NOW.getEpochSecond()),
                new BigInteger("1").shiftLeft(70), 1e300);
    }

    private static Object number(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> r.nextInt(1000);
            case 1 -> r.nextLong() >> r.nextInt(64);
            case 2 -> new F32((float) r.nextGaussian() * 100);
            case 3 -> Math.scalb(r.nextDouble(), r.nextInt(700) - 350);
            default -> r.nextGaussian() * 1000;
        };
    }

    private static Object badNumber(Random r) {
        return pick(r, "NaN", "Infinity", "-Infinity", "1.5", " 2 ", "x", "", null, 0x1p361, -0x1p361, -1,
                true, List.of(1), new Obj(), new BigInteger("1").shiftLeft(100), "1e400");
    }

    @SuppressWarnings("unchecked")
    private static <T> T pick(Random r, Object... choices) {
        return (T) choices[r.nextInt(choices.length)];
    }

    // ---- encoding ----

    private static byte[] encode(WireProtocol protocol, Obj request) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = protocol == WireProtocol.CBOR ? CBOR.createGenerator(out) : JSON.createGenerator(out)) {
            write(g, request);
        }
        return out.toByteArray();
    }

    private static void write(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Obj o) {
            g.writeStartObject();
            for (Object[] e : o.entries()) {
                g.writeFieldName((String) e[0]);
                write(g, e[1]);
            }
            g.writeEndObject();
        } else if (v instanceof List<?> list) {
            g.writeStartArray();
            for (Object x : list) {
                write(g, x);
            }
            g.writeEndArray();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Integer i) {
            g.writeNumber(i);
        } else if (v instanceof Long l) {
            g.writeNumber(l);
        } else if (v instanceof Double d) {
            g.writeNumber(d);
        } else if (v instanceof BigInteger b) {
            g.writeNumber(b);
        } else if (v instanceof F32 f) {
            g.writeNumber(f.v());
        } else if (v instanceof Epoch t) {
            if (g instanceof CBORGenerator cbor) {
                cbor.writeTag(1);
            }
            g.writeNumber(t.seconds());
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else {
            throw new IllegalArgumentException(v.getClass().toString());
        }
    }
}
