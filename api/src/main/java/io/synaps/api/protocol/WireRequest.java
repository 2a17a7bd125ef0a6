package io.synaps.api.protocol;

import io.netty.handler.codec.http.HttpHeaders;

/**
 * WireRequest is one HTTP request as the protocol layer sees it: method, raw (still
 * percent-encoded) path and query string, headers, and the body bytes. Immutable by convention
 * (the arrays and headers are not copied; nobody mutates them after construction).
 *
 * @param method   HTTP method, upper case
 * @param rawPath  the path as sent, e.g. {@code /} or {@code /service/GraniteServiceVersion20100801/operation/PutMetricData}
 * @param rawQuery the query string as sent, without {@code ?}; empty when absent
 * @param headers  request headers (case-insensitive lookup)
 * @param body     body bytes (on the wire: possibly gzip-compressed; after decoding: plain)
 */
public record WireRequest(String method, String rawPath, String rawQuery, HttpHeaders headers, byte[] body) {

    public WireRequest {
        rawQuery = rawQuery == null ? "" : rawQuery;
        body = body == null ? new byte[0] : body;
    }

    /** Splits a request-target ({@code /path?query}) into path and query. */
    public static WireRequest of(String method, String uri, HttpHeaders headers, byte[] body) {
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        String query = q < 0 ? "" : uri.substring(q + 1);
        int hash = query.indexOf('#');
        if (hash >= 0) {
            query = query.substring(0, hash);
        }
        return new WireRequest(method, path.isEmpty() ? "/" : path, query, headers, body);
    }

    /** The same request with another body (after decompression). */
    public WireRequest withBody(byte[] newBody) {
        return new WireRequest(method, rawPath, rawQuery, headers, newBody);
    }

    /** True when the request asks for Query-compatible error statuses ({@code x-amzn-query-mode: true}). */
    public boolean queryMode() {
        String v = headers.get("x-amzn-query-mode");
        return v != null && v.trim().equalsIgnoreCase("true");
    }
}
