package io.synaps.api.action.alarm;

import io.synaps.model.AwsError;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * AlarmPageTokens seals DescribeAlarms cursors: a token is base64url(version, the last alarm name
 * returned, 16 bytes of HMAC-SHA256 over version + account + request fingerprint + name). A token
 * altered, issued to another account, or issued for other filters is InvalidNextToken. The key
 * lives in memory, so tokens do not survive a restart (the client starts the listing again).
 * Thread-safe.
 */
public final class AlarmPageTokens {
    /** The message Synaps uses for every rejected NextToken (moto's wording, as for ListMetrics). */
    static final String INVALID = "Request parameter NextToken is invalid";
    private static final byte VERSION = 1;
    private static final int MAC_LENGTH = 16;

    private final SecretKeySpec key;

    /** Tokens signed with {@code secret} (at least 16 bytes). */
    public AlarmPageTokens(byte[] secret) {
        if (secret.length < 16) {
            throw new IllegalArgumentException("the token secret needs at least 16 bytes");
        }
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    }

    /** Tokens signed with a fresh random key. */
    public static AlarmPageTokens random() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return new AlarmPageTokens(secret);
    }

    /** The token that continues after {@code lastName} for this account and request fingerprint. */
    String seal(String account, String fingerprint, String lastName) {
        byte[] name = lastName.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[1 + name.length + MAC_LENGTH];
        out[0] = VERSION;
        System.arraycopy(name, 0, out, 1, name.length);
        System.arraycopy(mac(account, fingerprint, name), 0, out, 1 + name.length, MAC_LENGTH);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    }

    /** The name a token continues after; InvalidNextToken unless this class sealed it for the same account and fingerprint. */
    String open(String account, String fingerprint, String token) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            throw AwsError.invalidNextToken(INVALID);
        }
        if (raw.length < 1 + MAC_LENGTH || raw[0] != VERSION) {
            throw AwsError.invalidNextToken(INVALID);
        }
        byte[] name = Arrays.copyOfRange(raw, 1, raw.length - MAC_LENGTH);
        byte[] expected = mac(account, fingerprint, name);
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(raw, raw.length - MAC_LENGTH, raw.length))) {
            throw AwsError.invalidNextToken(INVALID);
        }
        return new String(name, StandardCharsets.UTF_8);
    }

    private byte[] mac(String account, String fingerprint, byte[] name) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(VERSION);
            mac.update(account.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(fingerprint.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(name);
            return Arrays.copyOf(mac.doFinal(), MAC_LENGTH);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
