package io.synaps.api.auth;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * SdkSigner signs test requests with the AWS SDK for Java v2's own SigV4 signer, so the verifier
 * is checked against the reference implementation rather than against itself. Thread-safe.
 */
public final class SdkSigner {
    private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

    private final Credential credential;
    private final String region;
    private final Clock clock;
    private final String service;

    /** Signs for CloudWatch (scope service {@code monitoring}). */
    public SdkSigner(Credential credential, String region, Clock clock) {
        this(credential, region, clock, "monitoring");
    }

    /** Signs for the given scope service, e.g. {@code sns}. */
    public SdkSigner(Credential credential, String region, Clock clock, String service) {
        this.credential = credential;
        this.region = region;
        this.clock = clock;
        this.service = service;
    }

    /** Signs in the Authorization header; {@code uri} carries the raw query string. */
    public SdkHttpRequest sign(String method, URI uri, Map<String, List<String>> headers, byte[] body) {
        return SIGNER.sign(r -> r.identity(identity())
                .request(request(method, uri, headers))
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(HttpSigner.SIGNING_CLOCK, clock)).request();
    }

    /** Signs in the query string (a presigned URL) valid for {@code expires}. */
    public SdkHttpRequest presign(String method, URI uri, Map<String, List<String>> headers, byte[] body, Duration expires) {
        return SIGNER.sign(r -> r.identity(identity())
                .request(request(method, uri, headers))
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4FamilyHttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, expires)
                .putProperty(HttpSigner.SIGNING_CLOCK, clock)).request();
    }

    private AwsCredentialsIdentity identity() {
        return AwsCredentialsIdentity.create(credential.accessKeyId(), credential.secretAccessKey());
    }

    private static SdkHttpRequest request(String method, URI uri, Map<String, List<String>> headers) {
        SdkHttpRequest.Builder b = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri);
        headers.forEach((name, values) -> values.forEach(v -> b.appendHeader(name, v)));
        return b.build();
    }

    /** The headers of a signed request as the server sees them, with Host as a client sends it. */
    public static HttpHeaders nettyHeaders(SdkHttpRequest signed) {
        HttpHeaders h = new DefaultHttpHeaders();
        signed.forEachHeader((name, values) -> values.forEach(v -> h.add(name, v)));
        if (!h.contains("Host")) {
            int port = signed.port();
            boolean defaultPort = port == -1 || (signed.protocol().equals("http") && port == 80)
                    || (signed.protocol().equals("https") && port == 443);
            h.add("Host", defaultPort ? signed.host() : signed.host() + ":" + port);
        }
        return h;
    }

    /** The raw query string of a signed request ("" when none). */
    public static String rawQuery(SdkHttpRequest signed) {
        String q = signed.getUri().getRawQuery();
        return q == null ? "" : q;
    }

    /** The raw path of a signed request. */
    public static String rawPath(SdkHttpRequest signed) {
        String p = signed.getUri().getRawPath();
        return p == null || p.isEmpty() ? "/" : p;
    }
}
