package io.synaps.bench.load;

import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SdkRequestSigner signs POST requests with the AWS SDK's own SigV4 signer ({@link AwsV4HttpSigner},
 * service {@code monitoring}), exactly as the Java SDK would, payload hash included. Thread-safe.
 */
public final class SdkRequestSigner {
    private static final String SERVICE = "monitoring";

    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final AwsCredentialsIdentity credentials;
    private final String region;
    private final Clock clock;

    public SdkRequestSigner(String accessKeyId, String secretAccessKey, String region, Clock clock) {
        this.credentials = AwsCredentialsIdentity.create(accessKeyId, secretAccessKey);
        this.region = region;
        this.clock = clock;
    }

    /**
     * Signs a POST of {@code body} to {@code uri} carrying {@code headers}; returns every header
     * of the signed request (the given ones plus Host, X-Amz-Date, Authorization and whatever
     * else the SDK signer adds), names as the signer spelled them.
     */
    public Map<String, String> sign(URI uri, Map<String, String> headers, byte[] body) {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(uri);
        headers.forEach(request::putHeader);
        SignedRequest signed = signer.sign(r -> r
                .identity(credentials)
                .request(request.build())
                .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SERVICE)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, clock));
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> h : signed.request().headers().entrySet()) {
            out.put(h.getKey(), String.join(",", h.getValue()));
        }
        return out;
    }
}
