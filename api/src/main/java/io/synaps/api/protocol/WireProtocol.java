package io.synaps.api.protocol;

import io.netty.handler.codec.http.HttpHeaders;

/**
 * WireProtocol is one of the three protocols CloudWatch accepts on its single endpoint, and the
 * per-request detection between them (cloudwatch-reference.md 1.3: CBOR, then JSON, then Query).
 * Stateless; thread-safe.
 */
public enum WireProtocol {
    /** AWS Query: form-encoded parameters, XML responses. */
    QUERY("query"),
    /** AWS JSON 1.0 with {@code X-Amz-Target}. */
    JSON("json"),
    /** Smithy RPC v2 CBOR on {@code /service/<service>/operation/<op>}. */
    CBOR("cbor");

    /** The API version Query requests name in {@code Version}. */
    public static final String API_VERSION = "2010-08-01";
    /** The service shape name: JSON target prefix and CBOR path segment. */
    public static final String SERVICE = "GraniteServiceVersion20100801";
    /** Namespace of every Query XML response. */
    public static final String XML_NAMESPACE = "http://monitoring.amazonaws.com/doc/2010-08-01/";
    /** The CBOR request path prefix, followed by the operation name. */
    public static final String CBOR_PATH_PREFIX = "/service/" + SERVICE + "/operation/";

    private final String tag;

    WireProtocol(String tag) {
        this.tag = tag;
    }

    /** Lower-case name used in metrics tags and logs. */
    public String tag() {
        return tag;
    }

    /** The codec that decodes requests and encodes responses of this protocol. */
    public ProtocolCodec codec() {
        return switch (this) {
            case QUERY -> QueryCodec.INSTANCE;
            case JSON -> JsonCodec.INSTANCE;
            case CBOR -> CborCodec.INSTANCE;
        };
    }

    /**
     * Detects the protocol of a request from its path and headers. Anything that is neither CBOR
     * nor JSON is Query (whose decoder then reports a missing or unknown Action).
     */
    public static WireProtocol detect(String rawPath, HttpHeaders headers) {
        String smithy = headers.get("smithy-protocol");
        if (smithy != null && smithy.trim().equalsIgnoreCase("rpc-v2-cbor")) {
            return CBOR;
        }
        if (rawPath.startsWith("/service/")) {
            return CBOR;
        }
        String type = headers.get("Content-Type");
        if (type != null && regionMatchesIgnoreCase(type.trim(), "application/x-amz-json")) {
            return JSON;
        }
        if (headers.contains("X-Amz-Target")) {
            return JSON;
        }
        return QUERY;
    }

    private static boolean regionMatchesIgnoreCase(String s, String prefix) {
        return s.regionMatches(true, 0, prefix, 0, prefix.length());
    }
}
