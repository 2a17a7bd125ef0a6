package io.synaps.api.auth;

import io.netty.handler.codec.http.HttpHeaders;
import io.synaps.model.AwsError;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SigV4Verifier checks AWS Signature Version 4 on a request, in the {@code Authorization} header
 * form or the presigned query-string form ({@code X-Amz-Algorithm=AWS4-HMAC-SHA256&...}), and
 * answers the calling {@link Credential} or an AWS-style {@link AwsError}
 * (MissingAuthenticationToken, IncompleteSignature, InvalidClientTokenId, SignatureDoesNotMatch,
 * RequestExpired).
 *
 * <p>The credential scope must name one of the accepted services ({@code monitoring} unless told
 * otherwise; {@link #authenticate} answers which) and the configured region; the
 * request time ({@code X-Amz-Date}, else {@code Date}) must be within 15 minutes of the clock.
 * The payload hash is over the body as received (compressed bytes when gzip'd), or the
 * {@code x-amz-content-sha256} header value, which must then match the body. Signatures are
 * compared in constant time; derived signing keys are cached per (secret, date, region, service).
 * Secrets never appear in errors or logs. Thread-safe.
 */
public final class SigV4Verifier {
    /** The signing name of CloudWatch. */
    public static final String SERVICE = "monitoring";
    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final Duration MAX_SKEW = Duration.ofMinutes(15);
    private static final long MAX_PRESIGN_EXPIRES_SECONDS = 604_800;
    private static final int SIGNING_KEY_CACHE_LIMIT = 4096;
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT);
    private static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    });
    private static final ThreadLocal<Mac> HMAC = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    });

    private final CredentialSource credentials;
    private final String region;
    private final Clock clock;
    private final Set<String> services;
    private final Map<SigningKeyId, byte[]> signingKeys = new ConcurrentHashMap<>();

    /** A verifier of CloudWatch requests (scope service {@code monitoring}). */
    public SigV4Verifier(CredentialSource credentials, String region, Clock clock) {
        this(credentials, region, clock, Set.of(SERVICE));
    }

    /**
     * A verifier that accepts any of the given scope services; a request scoped to another one is
     * refused naming {@code monitoring} (the endpoint's first service), as AWS's CloudWatch does.
     */
    public SigV4Verifier(CredentialSource credentials, String region, Clock clock, Set<String> services) {
        if (services.isEmpty()) {
            throw new IllegalArgumentException("no service to verify");
        }
        this.credentials = credentials;
        this.region = region;
        this.clock = clock;
        this.services = Set.copyOf(services);
    }

    /** Who signed a request and for which service (the credential scope's, e.g. {@code sns}). */
    public record Verified(Credential credential, String service) {
    }

    /**
     * Verifies a request.
     *
     * @param method   HTTP method
     * @param rawPath  path as sent (percent-encoded)
     * @param rawQuery query string as sent, without {@code ?} (empty when none)
     * @param headers  request headers
     * @param body     body bytes exactly as received on the wire
     * @return the credential that signed the request
     * @throws AwsError when the request is not authentic
     */
    public Credential verify(String method, String rawPath, String rawQuery, HttpHeaders headers, byte[] body) {
        Verified v = authenticate(method, rawPath, rawQuery, headers, body);
        if (!v.service().equals(SERVICE)) {
            throw wrongService();
        }
        return v.credential();
    }

    /**
     * Verifies a request signed for any accepted service and answers the signer and the scope's
     * service. Parameters and errors as {@link #verify}.
     */
    public Verified authenticate(String method, String rawPath, String rawQuery, HttpHeaders headers, byte[] body) {
        String authorization = headers.get("Authorization");
        List<String[]> query = QueryParameters.parse(rawQuery);
        if (authorization != null && !authorization.isBlank()) {
            return verifyHeader(method, rawPath, query, headers, body, authorization.trim());
        }
        if (QueryParameters.first(query, "X-Amz-Algorithm") != null) {
            return verifyPresigned(method, rawPath, query, headers, body);
        }
        throw AwsError.missingAuthenticationToken("Request is missing Authentication Token");
    }

    // ---- Authorization header form ----

    private Verified verifyHeader(String method, String rawPath, List<String[]> query, HttpHeaders headers,
                                    byte[] body, String authorization) {
        int space = authorization.indexOf(' ');
        String algorithm = space < 0 ? authorization : authorization.substring(0, space);
        if (!algorithm.equals(ALGORITHM)) {
            throw AwsError.incompleteSignature("Unsupported AWS 'algorithm': '" + algorithm
                    + "'. Only '" + ALGORITHM + "' is supported.");
        }
        String credential = null;
        String signedHeaders = null;
        String signature = null;
        for (String part : authorization.substring(space + 1).split(",")) {
            String p = part.trim();
            int eq = p.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String name = p.substring(0, eq).trim();
            String value = p.substring(eq + 1).trim();
            switch (name) {
                case "Credential" -> credential = value;
                case "SignedHeaders" -> signedHeaders = value;
                case "Signature" -> signature = value;
                default -> { }
            }
        }
        String amzDate = headers.get("X-Amz-Date");
        String httpDate = amzDate == null ? headers.get("Date") : null;
        StringBuilder missing = new StringBuilder();
        if (credential == null) {
            missing.append("Authorization header requires 'Credential' parameter. ");
        }
        if (signature == null) {
            missing.append("Authorization header requires 'Signature' parameter. ");
        }
        if (signedHeaders == null) {
            missing.append("Authorization header requires 'SignedHeaders' parameter. ");
        }
        if (amzDate == null && httpDate == null) {
            missing.append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
        }
        if (missing.length() > 0) {
            throw AwsError.incompleteSignature(missing + "Authorization=" + truncate(authorization));
        }
        Instant requestTime = amzDate != null ? parseAmzDate(amzDate) : parseHttpDate(httpDate);
        String requestTimeText = amzDate != null ? amzDate.trim() : AMZ_DATE.format(requestTime.atZone(ZoneOffset.UTC));
        Scope scope = Scope.parse(credential, requestTimeText);
        checkScope(scope);
        checkSkew(requestTime);
        Credential caller = lookup(scope.accessKeyId());
        String payloadHash = payloadHash(headers, body);
        String canonical = canonicalRequest(method, rawPath, query, headers, signedHeaders, payloadHash, null);
        checkSignature(caller, scope, requestTimeText, canonical, signature);
        return new Verified(caller, scope.service());
    }

    // ---- presigned query-string form ----

    private Verified verifyPresigned(String method, String rawPath, List<String[]> query, HttpHeaders headers, byte[] body) {
        String algorithm = QueryParameters.first(query, "X-Amz-Algorithm");
        String credential = QueryParameters.first(query, "X-Amz-Credential");
        String signature = QueryParameters.first(query, "X-Amz-Signature");
        String amzDate = QueryParameters.first(query, "X-Amz-Date");
        String signedHeaders = QueryParameters.first(query, "X-Amz-SignedHeaders");
        if (credential == null || signature == null || amzDate == null || signedHeaders == null) {
            throw AwsError.incompleteSignature("AWS query-string parameters must include 'X-Amz-Algorithm', "
                    + "'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-Date', 'X-Amz-SignedHeaders'. "
                    + "Re-examine the query-string parameters.");
        }
        if (!ALGORITHM.equals(algorithm)) {
            throw AwsError.incompleteSignature("Unsupported AWS 'algorithm': '" + algorithm
                    + "'. Only '" + ALGORITHM + "' is supported.");
        }
        Instant requestTime = parseAmzDate(amzDate);
        Scope scope = Scope.parse(credential, amzDate.trim());
        checkScope(scope);
        Instant now = clock.instant();
        String expiresText = QueryParameters.first(query, "X-Amz-Expires");
        if (expiresText != null) {
            long expires;
            try {
                expires = Long.parseLong(expiresText.trim());
            } catch (NumberFormatException e) {
                throw AwsError.incompleteSignature("X-Amz-Expires must be a number of seconds; got '" + truncate(expiresText) + "'.");
            }
            if (expires < 0 || expires > MAX_PRESIGN_EXPIRES_SECONDS) {
                throw AwsError.incompleteSignature("X-Amz-Expires must be less than a week (in seconds) that is 604800");
            }
            if (requestTime.minus(MAX_SKEW).isAfter(now)) {
                throw notYetCurrent(requestTime, now);
            }
            if (now.isAfter(requestTime.plusSeconds(expires))) {
                throw AwsError.requestExpired("Request has expired");
            }
        } else {
            checkSkew(requestTime);
        }
        Credential caller = lookup(scope.accessKeyId());
        String payloadHash = headers.contains("x-amz-content-sha256") ? payloadHash(headers, body) : hex(sha256(body));
        String canonical = canonicalRequest(method, rawPath, query, headers, signedHeaders, payloadHash, "X-Amz-Signature");
        if (body.length == 0 && !matches(caller, scope, amzDate.trim(), canonical, signature)) {
            // Some presigners sign an unsigned payload; with no body there is nothing left unsigned.
            String unsigned = canonicalRequest(method, rawPath, query, headers, signedHeaders, UNSIGNED_PAYLOAD, "X-Amz-Signature");
            checkSignature(caller, scope, amzDate.trim(), unsigned, signature);
            return new Verified(caller, scope.service());
        }
        checkSignature(caller, scope, amzDate.trim(), canonical, signature);
        return new Verified(caller, scope.service());
    }

    // ---- checks ----

    private void checkScope(Scope scope) {
        if (!services.contains(scope.service())) {
            throw wrongService();
        }
        if (!scope.region().equals(region)) {
            throw AwsError.signatureDoesNotMatch("Credential should be scoped to a valid region, not '"
                    + truncate(scope.region()) + "'. ");
        }
        if (!scope.terminator().equals("aws4_request")) {
            throw AwsError.signatureDoesNotMatch("Credential should be scoped with a valid terminator: 'aws4_request', not '"
                    + truncate(scope.terminator()) + "'. ");
        }
    }

    /** SignatureDoesNotMatch for a scope naming another service. */
    public static AwsError wrongService(String expected) {
        return AwsError.signatureDoesNotMatch("Credential should be scoped to correct service: '" + expected + "'. ");
    }

    private static AwsError wrongService() {
        return wrongService(SERVICE);
    }

    private void checkSkew(Instant requestTime) {
        Instant now = clock.instant();
        if (requestTime.plus(MAX_SKEW).isBefore(now)) {
            throw AwsError.requestExpired("Signature expired: " + amz(requestTime) + " is now earlier than "
                    + amz(now.minus(MAX_SKEW)) + " (" + amz(now) + " - 15 min.)");
        }
        if (requestTime.minus(MAX_SKEW).isAfter(now)) {
            throw notYetCurrent(requestTime, now);
        }
    }

    private static AwsError notYetCurrent(Instant requestTime, Instant now) {
        return AwsError.requestExpired("Signature not yet current: " + amz(requestTime) + " is still later than "
                + amz(now.plus(MAX_SKEW)) + " (" + amz(now) + " + 15 min.)");
    }

    private Credential lookup(String accessKeyId) {
        Optional<Credential> found = credentials.find(accessKeyId);
        if (found.isEmpty()) {
            throw AwsError.invalidClientTokenId("The security token included in the request is invalid.");
        }
        return found.get();
    }

    private void checkSignature(Credential caller, Scope scope, String amzDate, String canonical, String signature) {
        if (!matches(caller, scope, amzDate, canonical, signature)) {
            throw AwsError.signatureDoesNotMatch("The request signature we calculated does not match the signature "
                    + "you provided. Check your AWS Secret Access Key and signing method. Consult the service "
                    + "documentation for details.");
        }
    }

    private boolean matches(Credential caller, Scope scope, String amzDate, String canonical, String signature) {
        String stringToSign = ALGORITHM + "\n" + amzDate + "\n" + scope.text() + "\n"
                + hex(sha256(canonical.getBytes(StandardCharsets.UTF_8)));
        byte[] key = signingKey(caller.secretAccessKey(), scope.date(), scope.region(), scope.service());
        byte[] expected = hmac(key, stringToSign);
        byte[] provided = unhex(signature);
        return provided != null && MessageDigest.isEqual(expected, provided);
    }

    private String payloadHash(HttpHeaders headers, byte[] body) {
        String declared = headers.get("x-amz-content-sha256");
        if (declared == null) {
            return hex(sha256(body));
        }
        declared = declared.trim();
        if (declared.equals(UNSIGNED_PAYLOAD) || declared.startsWith("STREAMING-")) {
            // Only S3 may leave the payload unsigned; here the body is always covered.
            return hex(sha256(body));
        }
        String actual = hex(sha256(body));
        if (!MessageDigest.isEqual(actual.getBytes(StandardCharsets.US_ASCII),
                declared.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
            throw AwsError.signatureDoesNotMatch("The provided 'x-amz-content-sha256' header does not match what was computed.");
        }
        return declared;
    }

    // ---- canonical request (package-private for tests) ----

    static String canonicalRequest(String method, String rawPath, List<String[]> query, HttpHeaders headers,
                                   String signedHeaders, String payloadHash, String excludedParameter) {
        StringBuilder sb = new StringBuilder(256);
        sb.append(method).append('\n');
        sb.append(canonicalUri(rawPath)).append('\n');
        sb.append(canonicalQuery(query, excludedParameter)).append('\n');
        for (String name : signedHeaders.split(";")) {
            String lower = name.trim().toLowerCase(Locale.ROOT);
            if (lower.isEmpty()) {
                continue;
            }
            sb.append(lower).append(':');
            List<String> values = headers.getAll(lower);
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                appendTrimmed(sb, values.get(i));
            }
            sb.append('\n');
        }
        sb.append('\n');
        sb.append(signedHeaders.trim()).append('\n');
        sb.append(payloadHash);
        return sb.toString();
    }

    /** The path with dot segments removed, each character outside the unreserved set encoded once more. */
    static String canonicalUri(String rawPath) {
        String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
        path = removeDotSegments(path);
        return UriEncoding.encode(path, true);
    }

    static String canonicalQuery(List<String[]> query, String excludedParameter) {
        List<String[]> encoded = new ArrayList<>(query.size());
        for (String[] p : query) {
            if (p[0].equals(excludedParameter)) {
                continue;
            }
            encoded.add(new String[]{UriEncoding.encode(p[0], false), UriEncoding.encode(p[1], false)});
        }
        encoded.sort((a, b) -> {
            int c = a[0].compareTo(b[0]);
            return c != 0 ? c : a[1].compareTo(b[1]);
        });
        StringBuilder sb = new StringBuilder();
        for (String[] p : encoded) {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(p[0]).append('=').append(p[1]);
        }
        return sb.toString();
    }

    private static String removeDotSegments(String path) {
        if (!path.contains("/.")) {
            return path;
        }
        String[] segments = path.split("/", -1);
        List<String> out = new ArrayList<>();
        for (int i = 1; i < segments.length; i++) {
            String s = segments[i];
            if (s.equals(".")) {
                if (i == segments.length - 1) {
                    out.add("");
                }
            } else if (s.equals("..")) {
                if (!out.isEmpty()) {
                    out.remove(out.size() - 1);
                }
                if (i == segments.length - 1) {
                    out.add("");
                }
            } else {
                out.add(s);
            }
        }
        return "/" + String.join("/", out);
    }

    /** Appends a header value trimmed, with runs of spaces collapsed to one. */
    private static void appendTrimmed(StringBuilder sb, String value) {
        String v = value.trim();
        boolean space = false;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == ' ' || c == '\t') {
                if (!space) {
                    sb.append(' ');
                }
                space = true;
            } else {
                sb.append(c);
                space = false;
            }
        }
    }

    // ---- crypto ----

    private byte[] signingKey(String secret, String date, String scopeRegion, String service) {
        SigningKeyId id = new SigningKeyId(secret, date, scopeRegion, service);
        byte[] key = signingKeys.get(id);
        if (key == null) {
            byte[] kDate = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
            byte[] kRegion = hmac(kDate, scopeRegion);
            byte[] kService = hmac(kRegion, service);
            key = hmac(kService, "aws4_request");
            if (signingKeys.size() >= SIGNING_KEY_CACHE_LIMIT) {
                signingKeys.clear(); // keys turn over daily; a full reset is cheap
            }
            signingKeys.put(id, key);
        }
        return key;
    }

    private static byte[] hmac(byte[] key, String data) {
        Mac mac = HMAC.get();
        try {
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] sha256(byte[] data) {
        MessageDigest md = SHA256.get();
        md.reset();
        return md.digest(data);
    }

    static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        final char[] digits = "0123456789abcdef".toCharArray();
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = digits[(bytes[i] >> 4) & 0xF];
            out[2 * i + 1] = digits[bytes[i] & 0xF];
        }
        return new String(out);
    }

    private static byte[] unhex(String s) {
        if (s == null || s.length() != 64) {
            return null;
        }
        byte[] out = new byte[32];
        for (int i = 0; i < 32; i++) {
            int hi = Character.digit(s.charAt(2 * i), 16);
            int lo = Character.digit(s.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                return null;
            }
            out[i] = (byte) (hi << 4 | lo);
        }
        return out;
    }

    // ---- dates ----

    private static Instant parseAmzDate(String text) {
        try {
            return LocalDateTime.parse(text.trim(), AMZ_DATE).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw AwsError.incompleteSignature("Date must be in ISO-8601 'basic format'. Got '" + truncate(text)
                    + "'. See http://en.wikipedia.org/wiki/ISO_8601");
        }
    }

    private static Instant parseHttpDate(String text) {
        try {
            return ZonedDateTime.parse(text.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw AwsError.incompleteSignature("Date must be in ISO-8601 'basic format'. Got '" + truncate(text)
                    + "'. See http://en.wikipedia.org/wiki/ISO_8601");
        }
    }

    private static String amz(Instant t) {
        return AMZ_DATE.format(t.atZone(ZoneOffset.UTC));
    }

    private static String truncate(String s) {
        return s.length() <= 256 ? s : s.substring(0, 256) + "...";
    }

    /** The cache key of a derived signing key. */
    private record SigningKeyId(String secret, String date, String region, String service) {
        @Override
        public String toString() {
            return "SigningKeyId[" + date + ", " + region + ", " + service + "]";
        }
    }

    /** A parsed credential scope {@code AKID/yyyyMMdd/region/service/aws4_request}. */
    private record Scope(String accessKeyId, String date, String region, String service, String terminator) {
        static Scope parse(String credential, String amzDate) {
            String[] parts = credential.split("/", -1);
            if (parts.length != 5) {
                throw AwsError.incompleteSignature("Credential must have exactly 5 slash-delimited elements, "
                        + "e.g. keyid/date/region/service/term, got '" + truncate(credential) + "'");
            }
            for (String p : parts) {
                if (p.isEmpty()) {
                    throw AwsError.incompleteSignature("Credential must have exactly 5 slash-delimited elements, "
                            + "e.g. keyid/date/region/service/term, got '" + truncate(credential) + "'");
                }
            }
            String day = amzDate.length() >= 8 ? amzDate.substring(0, 8) : amzDate;
            if (!parts[1].equals(day)) {
                throw AwsError.signatureDoesNotMatch("Date in Credential scope does not match YYYYMMDD from ISO-8601 "
                        + "version of date from HTTP: '" + truncate(parts[1]) + "' != '" + day + "', from '" + amzDate + "'.");
            }
            return new Scope(parts[0], parts[1], parts[2], parts[3], parts[4]);
        }

        String text() {
            return date + "/" + region + "/" + service + "/" + terminator;
        }
    }
}
