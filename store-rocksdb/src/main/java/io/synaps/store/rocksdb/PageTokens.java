package io.synaps.store.rocksdb;

import io.synaps.model.AwsError;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;

/**
 * PageTokens seals ListMetrics cursors: a token is base64url(version 1, last key, first 8 bytes of
 * HMAC-SHA256(secret, version + key)), so a token this database did not issue, or one that was
 * altered, is rejected. The secret is per database, so tokens survive restarts. Thread-safe.
 */
final class PageTokens {
    private static final byte VERSION = 1;
    private static final int MAC_LENGTH = 8;
    /** The message moto pins for bad ListMetrics tokens (cloudwatch-reference.md section 3.2). */
    static final String INVALID = "Request parameter NextToken is invalid";

    private final SecretKeySpec secret;

    PageTokens(byte[] secret) {
        this.secret = new SecretKeySpec(secret, "HmacSHA256");
    }

    String seal(byte[] key) {
        byte[] out = new byte[1 + key.length + MAC_LENGTH];
        out[0] = VERSION;
        System.arraycopy(key, 0, out, 1, key.length);
        System.arraycopy(mac(out, 1 + key.length), 0, out, 1 + key.length, MAC_LENGTH);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    }

    /** The key inside a token this class sealed; AwsError InvalidNextToken for anything else. */
    byte[] open(String token) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            throw AwsError.invalidNextToken(INVALID);
        }
        if (raw.length < 1 + MAC_LENGTH || raw[0] != VERSION) {
            throw AwsError.invalidNextToken(INVALID);
        }
        int signed = raw.length - MAC_LENGTH;
        byte[] expected = Arrays.copyOf(mac(raw, signed), MAC_LENGTH);
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(raw, signed, raw.length))) {
            throw AwsError.invalidNextToken(INVALID);
        }
        return Arrays.copyOfRange(raw, 1, signed);
    }

    private byte[] mac(byte[] data, int length) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(secret);
            mac.update(data, 0, length);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
