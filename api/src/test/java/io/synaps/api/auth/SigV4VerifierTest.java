package io.synaps.api.auth;

import io.netty.handler.codec.http.HttpHeaders;
import io.synaps.model.AwsError;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpRequest;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SigV4VerifierTest {
    private static final Instant NOW = Instant.parse("2025-10-06T14:45:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Credential ALICE = new Credential("AKIAALICE0000000TEST", "alice/secret+key0000000000000000000000000", "111122223333");
    private static final CredentialSource KEYS = id -> id.equals(ALICE.accessKeyId()) ? Optional.of(ALICE) : Optional.empty();
    private static final URI ENDPOINT = URI.create("http://127.0.0.1:8780/");
    private static final byte[] FORM = "Action=ListMetrics&Version=2010-08-01&Namespace=App".getBytes(StandardCharsets.UTF_8);

    private final SigV4Verifier verifier = new SigV4Verifier(KEYS, "us-east-1", CLOCK);

    private static Map<String, List<String>> formHeaders() {
        Map<String, List<String>> h = new LinkedHashMap<>();
        h.put("Content-Type", List.of("application/x-www-form-urlencoded; charset=utf-8"));
        return h;
    }

    private static SdkSigner signer(Credential c, String region, Instant at) {
        return new SdkSigner(c, region, Clock.fixed(at, ZoneOffset.UTC));
    }

    private Credential verify(SdkHttpRequest signed, byte[] body) {
        return verifier.verify(signed.method().name(), SdkSigner.rawPath(signed), SdkSigner.rawQuery(signed),
                SdkSigner.nettyHeaders(signed), body);
    }

    private static AwsError error(Runnable r) {
        try {
            r.run();
        } catch (AwsError e) {
            return e;
        }
        throw new AssertionError("expected an AwsError");
    }

    @Test
    void acceptsAPostSignedByTheSdk() {
        SdkHttpRequest signed = signer(ALICE, "us-east-1", NOW).sign("POST", ENDPOINT, formHeaders(), FORM);
        assertThat(verify(signed, FORM)).isEqualTo(ALICE);
    }

    @Test
    void acceptsAGetWithAnEncodedQueryString() {
        URI uri = URI.create("http://127.0.0.1:8780/?Action=ListMetrics&Version=2010-08-01"
                + "&Namespace=My%20App%2Fprod&Dimensions.member.1.Value=a%2Bb%3Dc~%2A%C3%A9");
        SdkHttpRequest signed = signer(ALICE, "us-east-1", NOW).sign("GET", uri, Map.of(), new byte[0]);
        assertThat(verify(signed, new byte[0])).isEqualTo(ALICE);
    }

    @Test
    void acceptsTheCborPathAndCollapsesSpacesInHeaderValues() {
        URI uri = URI.create("http://127.0.0.1:8780/service/GraniteServiceVersion20100801/operation/PutMetricData");
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("smithy-protocol", List.of("rpc-v2-cbor"));
        headers.put("X-Custom", List.of("a   b  c"));
        byte[] body = {(byte) 0xBF, (byte) 0xFF};
        SdkHttpRequest signed = signer(ALICE, "us-east-1", NOW).sign("POST", uri, headers, body);
        assertThat(verify(signed, body)).isEqualTo(ALICE);
    }

    @Test
    void hashesTheCompressedBytesOfAGzipBody() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(FORM);
        }
        byte[] gzipped = out.toByteArray();
        Map<String, List<String>> headers = formHeaders();
        headers.put("Content-Encoding", List.of("gzip"));
        SdkHttpRequest signed = signer(ALICE, "us-east-1", NOW).sign("POST", ENDPOINT, headers, gzipped);
        assertThat(verify(signed, gzipped)).isEqualTo(ALICE);
        assertThat(error(() -> verify(signed, FORM)).code()).isEqualTo("SignatureDoesNotMatch");
    }

    @Test
    void refusesATamperedBody() {
        SdkHttpRequest signed = signer(ALICE, "us-east-1", NOW).sign("POST", ENDPOINT, formHeaders(), FORM);
        byte[] tampered = "Action=ListMetrics&Version=2010-08-01&Namespace=Other".getBytes(StandardCharsets.UTF_8);
        AwsError e = error(() -> verify(signed, tampered));
        assertThat(e.code()).isEqualTo("SignatureDoesNotMatch");
        assertThat(e.status()).isEqualTo(403);
        // The SDK also sends x-amz-content-sha256; without it the signature itself no longer matches.
        HttpHeaders headers = SdkSigner.nettyHeaders(signed);
        headers.remove("x-amz-content-sha256");
        AwsError bare = error(() -> verifier.verify("POST", "/", "", headers, tampered));
        assertThat(bare.code()).isEqualTo("SignatureDoesNotMatch");
    }

    @Test
    void refusesAWrongSecretWithoutEchoingIt() {
        Credential wrong = new Credential(ALICE.accessKeyId(), "not-the-secret-0000000000000000000000000", ALICE.accountId());
        AwsError e = error(() -> verify(signer(wrong, "us-east-1", NOW).sign("POST", ENDPOINT, formHeaders(), FORM), FORM));
        assertThat(e.code()).isEqualTo("SignatureDoesNotMatch");
        assertThat(e.getMessage()).isEqualTo("The request signature we calculated does not match the signature you "
                + "provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");
        assertThat(e.getMessage()).doesNotContain(wrong.secretAccessKey()).doesNotContain(ALICE.secretAccessKey());
    }

    @Test
    void refusesAnUnknownAccessKey() {
        Credential stranger = new Credential("AKIASTRANGER00000000", "x".repeat(40), "999988887777");
        AwsError e = error(() -> verify(signer(stranger, "us-east-1", NOW).sign("POST", ENDPOINT, formHeaders(), FORM), FORM));
        assertThat(e.code()).isEqualTo("InvalidClientTokenId");
        assertThat(e.getMessage()).isEqualTo("The security token included in the request is invalid.");
    }

    @Test
    void refusesARequestWithoutAuthentication() {
        HttpHeaders headers = new io.netty.handler.codec.http.DefaultHttpHeaders().add("Host", "127.0.0.1:8780");
        AwsError e = error(() -> verifier.verify("POST", "/", "", headers, FORM));
        assertThat(e.code()).isEqualTo("MissingAuthenticationToken");
        assertThat(e.getMessage()).isEqualTo("Request is missing Authentication Token");
    }

    @Test
    void refusesAnIncompleteAuthorizationHeader() {
        HttpHeaders headers = new io.netty.handler.codec.http.DefaultHttpHeaders()
                .add("Host", "127.0.0.1:8780")
                .add("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAALICE0000000TEST/20251006/us-east-1/monitoring/aws4_request");
        AwsError e = error(() -> verifier.verify("POST", "/", "", headers, FORM));
        assertThat(e.code()).isEqualTo("IncompleteSignature");
        assertThat(e.getMessage()).startsWith("Authorization header requires 'Signature' parameter. "
                + "Authorization header requires 'SignedHeaders' parameter. "
                + "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
    }

    @Test
    void refusesAMalformedCredentialScope() {
        HttpHeaders headers = new io.netty.handler.codec.http.DefaultHttpHeaders()
                .add("Host", "127.0.0.1:8780").add("X-Amz-Date", "20251006T144500Z")
                .add("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAALICE0000000TEST/20251006/us-east-1, "
                        + "SignedHeaders=host;x-amz-date, Signature=" + "0".repeat(64));
        AwsError e = error(() -> verifier.verify("POST", "/", "", headers, FORM));
        assertThat(e.code()).isEqualTo("IncompleteSignature");
        assertThat(e.getMessage()).startsWith("Credential must have exactly 5 slash-delimited elements");
    }

    @Test
    void refusesAnotherAlgorithm() {
        HttpHeaders headers = new io.netty.handler.codec.http.DefaultHttpHeaders()
                .add("Authorization", "AWS AKIAALICE0000000TEST:c2lnbmF0dXJl");
        assertThat(error(() -> verifier.verify("GET", "/", "", headers, new byte[0])).code()).isEqualTo("IncompleteSignature");
    }

    @Test
    void refusesAScopeForAnotherServiceOrRegion() {
        SdkHttpRequest otherRegion = signer(ALICE, "eu-west-1", NOW).sign("POST", ENDPOINT, formHeaders(), FORM);
        AwsError region = error(() -> verify(otherRegion, FORM));
        assertThat(region.code()).isEqualTo("SignatureDoesNotMatch");
        assertThat(region.getMessage()).contains("Credential should be scoped to a valid region");

        SdkHttpRequest signed = signer(ALICE, "us-east-1", NOW).sign("POST", ENDPOINT, formHeaders(), FORM);
        HttpHeaders headers = SdkSigner.nettyHeaders(signed);
        headers.set("Authorization", headers.get("Authorization").replace("/monitoring/", "/logs/"));
        AwsError service = error(() -> verifier.verify("POST", "/", "", headers, FORM));
        assertThat(service.getMessage()).isEqualTo("Credential should be scoped to correct service: 'monitoring'. ");
    }

    @Test
    void aVerifierOfSeveralServicesAnswersTheScopeService() {
        SigV4Verifier both = new SigV4Verifier(KEYS, "us-east-1", CLOCK, java.util.Set.of("monitoring", "sns"));
        SdkHttpRequest sns = new SdkSigner(ALICE, "us-east-1", CLOCK, "sns").sign("POST", ENDPOINT, formHeaders(), FORM);
        SigV4Verifier.Verified v = both.authenticate("POST", SdkSigner.rawPath(sns), SdkSigner.rawQuery(sns),
                SdkSigner.nettyHeaders(sns), FORM);
        assertThat(v.credential()).isEqualTo(ALICE);
        assertThat(v.service()).isEqualTo("sns");
        SdkHttpRequest cw = signer(ALICE, "us-east-1", NOW).sign("POST", ENDPOINT, formHeaders(), FORM);
        assertThat(both.authenticate("POST", "/", "", SdkSigner.nettyHeaders(cw), FORM).service()).isEqualTo("monitoring");
        // verify() is CloudWatch's: an sns scope is the wrong service there, and for a monitoring-only verifier.
        assertThat(error(() -> both.verify("POST", "/", "", SdkSigner.nettyHeaders(sns), FORM)).getMessage())
                .isEqualTo("Credential should be scoped to correct service: 'monitoring'. ");
        assertThat(error(() -> verifier.authenticate("POST", "/", "", SdkSigner.nettyHeaders(sns), FORM)).getMessage())
                .isEqualTo("Credential should be scoped to correct service: 'monitoring'. ");
        // The signature covers the service: an sns signature relabelled monitoring does not match.
        HttpHeaders relabelled = SdkSigner.nettyHeaders(sns);
        relabelled.set("Authorization", relabelled.get("Authorization").replace("/sns/", "/monitoring/"));
        assertThat(error(() -> both.authenticate("POST", "/", "", relabelled, FORM)).code()).isEqualTo("SignatureDoesNotMatch");
    }

    @Test
    void refusesAScopeDateThatDiffersFromTheRequestDate() {
        SdkHttpRequest signed = signer(ALICE, "us-east-1", NOW).sign("POST", ENDPOINT, formHeaders(), FORM);
        HttpHeaders headers = SdkSigner.nettyHeaders(signed);
        headers.set("Authorization", headers.get("Authorization").replace("/20251006/", "/20251005/"));
        AwsError e = error(() -> verifier.verify("POST", "/", "", headers, FORM));
        assertThat(e.code()).isEqualTo("SignatureDoesNotMatch");
        assertThat(e.getMessage()).startsWith("Date in Credential scope does not match YYYYMMDD");
    }

    @Test
    void acceptsClockSkewUpToFifteenMinutes() {
        assertThat(verify(signer(ALICE, "us-east-1", NOW.minus(Duration.ofMinutes(14))).sign("POST", ENDPOINT, formHeaders(), FORM), FORM))
                .isEqualTo(ALICE);
        assertThat(verify(signer(ALICE, "us-east-1", NOW.plus(Duration.ofMinutes(14))).sign("POST", ENDPOINT, formHeaders(), FORM), FORM))
                .isEqualTo(ALICE);
    }

    @Test
    void refusesARequestOlderOrNewerThanFifteenMinutes() {
        AwsError old = error(() -> verify(signer(ALICE, "us-east-1", NOW.minus(Duration.ofMinutes(16)))
                .sign("POST", ENDPOINT, formHeaders(), FORM), FORM));
        assertThat(old.code()).isEqualTo("RequestExpired");
        assertThat(old.getMessage()).isEqualTo("Signature expired: 20251006T142900Z is now earlier than 20251006T143000Z "
                + "(20251006T144500Z - 15 min.)");
        AwsError future = error(() -> verify(signer(ALICE, "us-east-1", NOW.plus(Duration.ofMinutes(16)))
                .sign("POST", ENDPOINT, formHeaders(), FORM), FORM));
        assertThat(future.code()).isEqualTo("RequestExpired");
        assertThat(future.getMessage()).startsWith("Signature not yet current: 20251006T150100Z is still later than");
    }

    @Test
    void refusesAnInvalidRequestDate() {
        SdkHttpRequest signed = signer(ALICE, "us-east-1", NOW).sign("POST", ENDPOINT, formHeaders(), FORM);
        HttpHeaders headers = SdkSigner.nettyHeaders(signed);
        headers.set("X-Amz-Date", "2025-10-06T14:45:00Z");
        AwsError e = error(() -> verifier.verify("POST", "/", "", headers, FORM));
        assertThat(e.code()).isEqualTo("IncompleteSignature");
        assertThat(e.getMessage()).startsWith("Date must be in ISO-8601 'basic format'.");
    }

    @Test
    void checksADeclaredPayloadHashAgainstTheBody() {
        String hash = SigV4Verifier.hex(SigV4Verifier.sha256(FORM));
        Map<String, List<String>> headers = formHeaders();
        headers.put("x-amz-content-sha256", List.of(hash));
        SdkHttpRequest signed = signer(ALICE, "us-east-1", NOW).sign("POST", ENDPOINT, headers, FORM);
        assertThat(verify(signed, FORM)).isEqualTo(ALICE);
        AwsError e = error(() -> verify(signed, "Action=DeleteAlarms".getBytes(StandardCharsets.UTF_8)));
        assertThat(e.code()).isEqualTo("SignatureDoesNotMatch");
    }

    @Test
    void acceptsAPresignedGet() {
        URI uri = URI.create("http://127.0.0.1:8780/?Action=ListMetrics&Version=2010-08-01&Namespace=App");
        SdkHttpRequest signed = signer(ALICE, "us-east-1", NOW.minus(Duration.ofMinutes(30)))
                .presign("GET", uri, Map.of(), new byte[0], Duration.ofHours(1));
        assertThat(signed.firstMatchingHeader("Authorization")).isEmpty();
        assertThat(SdkSigner.rawQuery(signed)).contains("X-Amz-Signature=");
        assertThat(verify(signed, new byte[0])).isEqualTo(ALICE);
    }

    @Test
    void refusesAnExpiredOrTamperedPresignedGet() {
        URI uri = URI.create("http://127.0.0.1:8780/?Action=ListMetrics&Version=2010-08-01&Namespace=App");
        SdkHttpRequest expired = signer(ALICE, "us-east-1", NOW.minus(Duration.ofMinutes(10)))
                .presign("GET", uri, Map.of(), new byte[0], Duration.ofMinutes(5));
        assertThat(error(() -> verify(expired, new byte[0])).code()).isEqualTo("RequestExpired");

        SdkHttpRequest signed = signer(ALICE, "us-east-1", NOW).presign("GET", uri, Map.of(), new byte[0], Duration.ofMinutes(5));
        String tampered = SdkSigner.rawQuery(signed).replace("Namespace=App", "Namespace=Other");
        AwsError e = error(() -> verifier.verify("GET", "/", tampered, SdkSigner.nettyHeaders(signed), new byte[0]));
        assertThat(e.code()).isEqualTo("SignatureDoesNotMatch");
    }

    @Test
    void buildsTheCanonicalUriAndQueryLikeTheSpec() {
        assertThat(SigV4Verifier.canonicalUri("")).isEqualTo("/");
        assertThat(SigV4Verifier.canonicalUri("/a/./b/../c%20d")).isEqualTo("/a/c%2520d");
        assertThat(SigV4Verifier.canonicalQuery(QueryParameters.parse("b=2&a=1&a=0&c&d=x+y%7E"), null))
                .isEqualTo("a=0&a=1&b=2&c=&d=x%20y~");
    }
}
