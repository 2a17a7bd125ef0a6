package io.synaps.bench.load;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * PreparedRequest is one PutMetricData request built before the timed loop: its wire body
 * (gzipped when asked), its headers, and a signed {@link HttpRequest} that is reused until it is
 * {@code resignAfterNanos} old, then signed again (SigV4 signatures carry their time and servers
 * refuse stale ones). Thread-safe: a racing re-sign just signs twice.
 */
public final class PreparedRequest {
    // java.net.http sets these itself and refuses them as user headers.
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");

    private final URI uri;
    private final Map<String, String> headers;
    private final byte[] wireBody;
    private final int rawBytes;
    private final int datums;
    private final Duration timeout;
    private volatile Signed signed;

    private record Signed(long atNanos, HttpRequest request) {
    }

    public PreparedRequest(URI uri, Map<String, String> headers, byte[] wireBody, int rawBytes, int datums, Duration timeout) {
        this.uri = uri;
        this.headers = Map.copyOf(headers);
        this.wireBody = wireBody;
        this.rawBytes = rawBytes;
        this.datums = datums;
        this.timeout = timeout;
    }

    /** Bytes sent on the wire for the body (after gzip). */
    public int wireBytes() {
        return wireBody.length;
    }

    /** Bytes of the body before compression. */
    public int rawBytes() {
        return rawBytes;
    }

    public int datums() {
        return datums;
    }

    /** The signed request, signed again when the last signature is older than {@code resignAfterNanos}. */
    public HttpRequest request(SdkRequestSigner signer, long nowNanos, long resignAfterNanos) {
        Signed s = signed;
        if (s == null || nowNanos - s.atNanos >= resignAfterNanos) {
            s = new Signed(nowNanos, build(signer));
            signed = s;
        }
        return s.request;
    }

    private HttpRequest build(SdkRequestSigner signer) {
        Map<String, String> all = new LinkedHashMap<>(signer.sign(uri, headers, wireBody));
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(wireBody));
        all.forEach((name, value) -> {
            if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                b.header(name, value);
            }
        });
        return b.build();
    }
}
