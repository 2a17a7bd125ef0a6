package io.synaps.api.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * WireResponse is an encoded response: HTTP status, protocol headers (Content-Type,
 * smithy-protocol, x-amzn-query-error, ...) in insertion order, and the body bytes. The transport
 * adds x-amzn-RequestId, Date and Content-Length. Not thread-safe while headers are being added.
 */
public record WireResponse(int status, Map<String, String> headers, byte[] body) {

    public WireResponse {
        headers = headers == null ? new LinkedHashMap<>() : headers;
        body = body == null ? new byte[0] : body;
    }

    public static WireResponse of(int status, String contentType, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        return new WireResponse(status, headers, body);
    }

    /** The same response with one more header. */
    public WireResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new WireResponse(status, copy, body);
    }
}
