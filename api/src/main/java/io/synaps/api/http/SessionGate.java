package io.synaps.api.http;

import io.netty.handler.codec.http.HttpHeaders;
import io.synaps.api.auth.session.Session;
import io.synaps.api.auth.session.SessionStore;
import io.synaps.api.auth.session.SignIn;
import io.synaps.api.protocol.WireRequest;
import io.synaps.model.AwsError;

import java.util.Locale;
import java.util.Optional;

/**
 * SessionGate decides whether a browser request may act with its dashboard session (decision
 * 0014): the {@code synaps_session} cookie must name a live session whose user still exists;
 * when the request carries {@code Origin} it must be {@code http://<Host>} or
 * {@code https://<Host>}, and {@code Sec-Fetch-Site}, when present, must say {@code same-origin}
 * (navigations may also say {@code none}); state-changing calls must echo the session's CSRF token
 * in {@code X-Synaps-Csrf}. Stateless apart from the session store; thread-safe.
 */
final class SessionGate {
    static final String COOKIE = "synaps_session";
    static final String CSRF_HEADER = "X-Synaps-Csrf";

    private final SessionStore sessions;
    private final SignIn signIn;

    SessionGate(SessionStore sessions, SignIn signIn) {
        this.sessions = sessions;
        this.signIn = signIn;
    }

    static AwsError sessionExpired() {
        return new AwsError("SessionExpired", "SessionExpired", 401,
                "The dashboard session has expired or does not exist; sign in again.");
    }

    static AwsError crossOrigin() {
        return new AwsError("CrossOriginRequestRefused", "CrossOriginRequestRefused", 403,
                "Requests from another origin cannot use a dashboard session.");
    }

    static AwsError invalidCsrf() {
        return new AwsError("InvalidCsrfToken", "InvalidCsrfToken", 403,
                "The X-Synaps-Csrf header is missing or does not match the dashboard session.");
    }

    /**
     * True for a request that asks to act with a session: it has the session cookie and no SigV4
     * signature (no Authorization header, no presigned query). A signed request ignores cookies.
     */
    static boolean isSessionCall(WireRequest wire) {
        String authorization = wire.headers().get("Authorization");
        if (authorization != null && !authorization.isBlank()) {
            return false;
        }
        String query = wire.rawQuery();
        if (query.contains("X-Amz-Algorithm=") || query.contains("X-Amz-Credential=")) {
            return false;
        }
        return cookie(wire.headers()) != null;
    }

    /** The value of the {@code synaps_session} cookie, or null. */
    static String cookie(HttpHeaders headers) {
        for (String header : headers.getAll("Cookie")) {
            for (String part : header.split(";")) {
                String p = part.trim();
                if (p.startsWith(COOKIE + "=")) {
                    String v = p.substring(COOKIE.length() + 1).trim();
                    if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                        v = v.substring(1, v.length() - 1);
                    }
                    return v.isEmpty() ? null : v;
                }
            }
        }
        return null;
    }

    /**
     * True when nothing in the request says it comes from another origin.
     *
     * @param navigation also accept {@code Sec-Fetch-Site: none} (a URL typed or bookmarked; GETs only)
     */
    static boolean sameOrigin(HttpHeaders headers, boolean navigation) {
        String site = headers.get("Sec-Fetch-Site");
        if (site != null) {
            String s = site.trim().toLowerCase(Locale.ROOT);
            if (!s.equals("same-origin") && !(navigation && s.equals("none"))) {
                return false;
            }
        }
        String origin = headers.get("Origin");
        if (origin == null) {
            return true;
        }
        String host = headers.get("Host");
        if (host == null || host.isBlank()) {
            return false;
        }
        String o = origin.trim();
        String h = host.trim().toLowerCase(Locale.ROOT);
        return o.equalsIgnoreCase("http://" + h) || o.equalsIgnoreCase("https://" + h);
    }

    /** The live session the request's cookie names (marking it used), when its user is still valid. */
    Optional<Session> current(HttpHeaders headers) {
        String id = cookie(headers);
        if (id == null) {
            return Optional.empty();
        }
        Optional<Session> session = sessions.find(id);
        if (session.isPresent() && !signIn.stillValid(session.get().principal())) {
            sessions.delete(id);
            return Optional.empty();
        }
        return session;
    }

    /** Whether the session that cookie names is still live and valid, without marking it used. */
    boolean stillLive(String id) {
        return sessions.peek(id).map(s -> signIn.stillValid(s.principal())).orElse(false);
    }

    /**
     * Checks a session API call: session, then origin, then CSRF token.
     *
     * @return the session to act as
     * @throws AwsError 401 SessionExpired, 403 CrossOriginRequestRefused or 403 InvalidCsrfToken
     */
    Session authorize(HttpHeaders headers) {
        Session session = current(headers).orElseThrow(SessionGate::sessionExpired);
        if (!sameOrigin(headers, false)) {
            throw crossOrigin();
        }
        if (!session.csrfMatches(headers.get(CSRF_HEADER))) {
            throw invalidCsrf();
        }
        return session;
    }
}
