package io.synaps.api.auth.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;

/**
 * Session is one signed-in dashboard session as the server keeps it: who, its CSRF token (sent
 * back by the page in {@code X-Synaps-Csrf}), when it began and when it ends at the latest. The
 * session id itself is not part of it (the store keeps only its SHA-256). {@link #toString()}
 * never shows the token. Immutable.
 */
public record Session(Principal principal, String csrfToken, Instant created, Instant expiresAt) {

    /** True when {@code token} is this session's CSRF token; constant time in the token's length. */
    public boolean csrfMatches(String token) {
        if (token == null) {
            return false;
        }
        return MessageDigest.isEqual(token.getBytes(StandardCharsets.US_ASCII), csrfToken.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return "Session[" + principal + ", created " + created + ", expires " + expiresAt + "]";
    }
}
