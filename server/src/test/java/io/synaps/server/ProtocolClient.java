package io.synaps.server;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * ProtocolClient sends one CloudWatch operation in a chosen wire protocol (Query, JSON 1.0 or
 * RPC v2 CBOR), shaped like the real SDKs send it and signed with the AWS SDK's own SigV4 signer,
 * and returns the raw response. Inputs are Jackson trees whose timestamps are {@link #timestamp}
 * nodes. Test helper; thread-safe.
 */
final class ProtocolClient {
    static final String TARGET_PREFIX = "GraniteServiceVersion20100801";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CBORFactory CBOR = new CBORFactory();

    /** Protocol is a wire protocol and the extension of its golden files. */
    enum Protocol {
        QUERY("xml"), JSON("json"), CBOR("cbor.hex");

        final String extension;

        Protocol(String extension) {
            this.extension = extension;
        }

        String dir() {
            return name().toLowerCase();
        }
    }

    private final int port;
    private final String accessKeyId;
    private final String secret;
    private final Clock signingClock;

    ProtocolClient(int port, String accessKeyId, String secret, Clock signingClock) {
        this.port = port;
        this.accessKeyId = accessKeyId;
        this.secret = secret;
        this.signingClock = signingClock;
    }

    ProtocolClient withCredentials(String newAccessKeyId, String newSecret) {
        return new ProtocolClient(port, newAccessKeyId, newSecret, signingClock);
    }

    ProtocolClient withSigningClock(Clock clock) {
        return new ProtocolClient(port, accessKeyId, secret, clock);
    }

    /** A client that sends no Authorization at all (null credentials). */
    ProtocolClient unsigned() {
        return new ProtocolClient(port, null, null, signingClock);
    }

    static ObjectNode input() {
        return JSON.createObjectNode();
    }

    static POJONode timestamp(Instant instant) {
        return new POJONode(instant);
    }

    /** Sends {@code action} with {@code input} as current SDKs do (JSON/CBOR with {@code x-amzn-query-mode: true}). */
    RawHttp.Response call(Protocol protocol, String action, ObjectNode input) {
        return call(protocol, action, input, true);
    }

    RawHttp.Response call(Protocol protocol, String action, ObjectNode input, boolean queryMode) {
        return call(protocol, action, input, queryMode, null);
    }

    /** Sends the request body gzip-compressed with {@code Content-Encoding: <contentEncoding>}, as SDKs do for large PutMetricData. */
    RawHttp.Response callGzip(Protocol protocol, String action, ObjectNode input, String contentEncoding) {
        return call(protocol, action, input, true, contentEncoding);
    }

    private RawHttp.Response call(Protocol protocol, String action, ObjectNode input, boolean queryMode, String gzip) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        String path = "/";
        byte[] body;
        switch (protocol) {
            case QUERY -> {
                headers.add(Map.entry("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"));
                body = queryBody(action, input);
            }
            case JSON -> {
                headers.add(Map.entry("Content-Type", "application/x-amz-json-1.0"));
                headers.add(Map.entry("X-Amz-Target", TARGET_PREFIX + "." + action));
                if (queryMode) {
                    headers.add(Map.entry("x-amzn-query-mode", "true"));
                }
                body = jsonBody(input);
            }
            case CBOR -> {
                headers.add(Map.entry("smithy-protocol", "rpc-v2-cbor"));
                headers.add(Map.entry("Accept", "application/cbor"));
                headers.add(Map.entry("Content-Type", "application/cbor"));
                if (queryMode) {
                    headers.add(Map.entry("x-amzn-query-mode", "true"));
                }
                path = "/service/" + TARGET_PREFIX + "/operation/" + action;
                body = cborBody(input);
            }
            default -> throw new IllegalArgumentException(protocol.toString());
        }
        if (gzip != null) {
            headers.add(Map.entry("Content-Encoding", gzip));
            body = gzip(body);
        }
        return send(path, headers, body);
    }

    static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Signs and sends a request exactly as given (path may carry a query string). */
    RawHttp.Response send(String pathAndQuery, List<Map.Entry<String, String>> headers, byte[] body) {
        return send("POST", pathAndQuery, headers, body);
    }

    /** Creates (or finds) an SNS topic of the caller over SNS's Query protocol and returns the raw response. */
    RawHttp.Response createSnsTopic(String name) {
        byte[] body = ("Action=CreateTopic&Version=2010-03-31&Name=" + encode(name)).getBytes(StandardCharsets.UTF_8);
        return send("POST", "/", List.of(Map.entry("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")),
                body, "sns");
    }

    /** Signs and sends a request with any method, e.g. a Query GET with its parameters in the query string. */
    RawHttp.Response send(String method, String pathAndQuery, List<Map.Entry<String, String>> headers, byte[] body) {
        return send(method, pathAndQuery, headers, body, "monitoring");
    }

    private RawHttp.Response send(String method, String pathAndQuery, List<Map.Entry<String, String>> headers,
                                  byte[] body, String service) {
        if (accessKeyId == null) {
            return RawHttp.send(port, method, pathAndQuery, headers, body);
        }
        SdkHttpFullRequest.Builder unsigned = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.fromValue(method))
                .uri(URI.create("http://127.0.0.1:" + port + pathAndQuery));
        for (Map.Entry<String, String> h : headers) {
            unsigned.appendHeader(h.getKey(), h.getValue());
        }
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(accessKeyId, secret))
                .request(unsigned.build())
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(HttpSigner.SIGNING_CLOCK, signingClock)).request();
        List<Map.Entry<String, String>> wire = new ArrayList<>();
        // keep the caller's order first, then what signing added (Host, X-Amz-Date, Authorization, ...)
        for (Map.Entry<String, String> h : headers) {
            wire.add(h);
        }
        signed.forEachHeader((name, values) -> {
            boolean known = headers.stream().anyMatch(h -> h.getKey().equalsIgnoreCase(name));
            if (!known) {
                values.forEach(v -> wire.add(Map.entry(name, v)));
            }
        });
        return RawHttp.send(port, method, pathAndQuery, wire, body);
    }

    // ------------------------------------------------------------ encoders

    static byte[] queryBody(String action, JsonNode input) {
        return queryString("Action", action, input).getBytes(StandardCharsets.UTF_8);
    }

    /** The form encoding of a Query request; {@code actionParameter} is {@code Action} or its legacy alias {@code Operation}. */
    static String queryString(String actionParameter, String action, JsonNode input) {
        StringBuilder form = new StringBuilder(actionParameter).append('=').append(encode(action)).append("&Version=2010-08-01");
        flatten("", input, form);
        return form.toString();
    }

    private static void flatten(String prefix, JsonNode node, StringBuilder form) {
        if (node instanceof POJONode pojo && pojo.getPojo() instanceof Instant instant) {
            form.append('&').append(encode(prefix)).append('=').append(encode(DateTimeFormatter.ISO_INSTANT.format(instant)));
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> f : node.properties()) {
                flatten(prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey(), f.getValue(), form);
            }
        } else if (node.isArray()) {
            if (node.isEmpty()) {
                form.append('&').append(encode(prefix)).append('=');
            }
            for (int i = 0; i < node.size(); i++) {
                flatten(prefix + ".member." + (i + 1), node.get(i), form);
            }
        } else {
            form.append('&').append(encode(prefix)).append('=').append(encode(node.asText()));
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }

    static byte[] jsonBody(JsonNode input) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            write(g, input, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] cborBody(JsonNode input) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CBORGenerator g = CBOR.createGenerator(out)) {
            write(g, input, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void write(JsonGenerator g, JsonNode node, boolean cbor) throws IOException {
        if (node instanceof POJONode pojo && pojo.getPojo() instanceof Instant instant) {
            double seconds = instant.getEpochSecond() + instant.getNano() / 1e9;
            if (cbor) {
                ((CBORGenerator) g).writeTag(1);
                g.writeNumber(seconds);
            } else if (instant.getNano() == 0) {
                g.writeNumber(instant.getEpochSecond());
            } else {
                g.writeNumber(seconds);
            }
        } else if (node.isObject()) {
            g.writeStartObject();
            for (Map.Entry<String, JsonNode> f : node.properties()) {
                g.writeFieldName(f.getKey());
                write(g, f.getValue(), cbor);
            }
            g.writeEndObject();
        } else if (node.isArray()) {
            g.writeStartArray();
            for (JsonNode item : node) {
                write(g, item, cbor);
            }
            g.writeEndArray();
        } else if (node.isTextual()) {
            g.writeString(node.asText());
        } else if (node.isBoolean()) {
            g.writeBoolean(node.asBoolean());
        } else if (node.isIntegralNumber()) {
            g.writeNumber(node.asLong());
        } else if (node.isNumber()) {
            g.writeNumber(node.asDouble());
        } else if (node.isNull()) {
            g.writeNull();
        } else {
            throw new IllegalArgumentException("cannot encode " + node);
        }
    }
}
