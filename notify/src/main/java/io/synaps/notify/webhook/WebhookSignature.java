package io.synaps.notify.webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * WebhookSignature computes the {@code X-Synaps-Signature} header value of a webhook body:
 * {@code sha256=<lower-case hex HMAC-SHA256 of the body bytes, keyed with the subscription
 * secret's UTF-8 bytes>}. A receiver recomputes it with its copy of the secret. Stateless and
 * thread-safe.
 */
public final class WebhookSignature {
    /** The request header that carries the signature. */
    public static final String HEADER = "X-Synaps-Signature";

    private WebhookSignature() {
    }

    /** The header value for {@code body} signed with {@code secret}. */
    public static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
