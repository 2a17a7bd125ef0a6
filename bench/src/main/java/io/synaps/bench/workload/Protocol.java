package io.synaps.bench.workload;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Protocol is one of the three wire protocols CloudWatch clients speak, with the request path and
 * the headers current SDKs send for PutMetricData (cloudwatch-reference.md 1.4). Immutable.
 */
public enum Protocol {
    /** AWS Query: form body, botocore/awscli. */
    QUERY("/", Map.of("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")),
    /** AWS JSON 1.0: the JS SDK v3. */
    JSON("/", orderedMap(
            "Content-Type", "application/x-amz-json-1.0",
            "X-Amz-Target", "GraniteServiceVersion20100801.PutMetricData",
            "x-amzn-query-mode", "true")),
    /** Smithy RPC v2 CBOR: the Java SDK v2. */
    CBOR("/service/GraniteServiceVersion20100801/operation/PutMetricData", orderedMap(
            "Content-Type", "application/cbor",
            "Accept", "application/cbor",
            "smithy-protocol", "rpc-v2-cbor",
            "x-amzn-query-mode", "true"));

    private final String path;
    private final Map<String, String> headers;

    Protocol(String path, Map<String, String> headers) {
        this.path = path;
        this.headers = headers;
    }

    /** The request path of PutMetricData. */
    public String path() {
        return path;
    }

    /** Headers besides Host, Content-Length, Content-Encoding and the signature. */
    public Map<String, String> headers() {
        return headers;
    }

    /** The protocol named {@code query}, {@code json} or {@code cbor} (any case). */
    public static Protocol parse(String name) {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }

    private static Map<String, String> orderedMap(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
