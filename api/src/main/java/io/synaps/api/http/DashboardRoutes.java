package io.synaps.api.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.synaps.api.auth.session.FileUserStore;
import io.synaps.api.auth.session.Principal;
import io.synaps.api.auth.session.Session;
import io.synaps.api.auth.session.SessionStore;
import io.synaps.api.protocol.WireRequest;
import io.synaps.api.protocol.WireResponse;
import io.synaps.dashboard.DashboardAssets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * DashboardRoutes answers the web dashboard's HTTP routes (decision 0014): {@code GET /ui} (301
 * to {@code /ui/}), the static files under {@code /ui/} (ETag and 304, {@code no-cache} for the
 * dashboard's own files, a day for the versioned libraries), and {@code /ui/api/session}
 * (POST signs in, GET reads, DELETE signs out). Every answer carries the dashboard's security
 * headers (CSP, nosniff, frame denial, same-origin referrers). {@code /ui/api/events} is opened
 * by the channel handler after {@link #eventsSession}. Errors are JSON {@code {"code","message"}}.
 * Sign-in hashes a password: call {@link #handle} on a worker thread. Thread-safe.
 */
final class DashboardRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardRoutes.class);
    static final String PREFIX = "/ui";
    static final String SESSION_PATH = "/ui/api/session";
    static final String EVENTS_PATH = "/ui/api/events";
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory JSON = MAPPER.getFactory();
    private static final String JSON_TYPE = "application/json";

    private final DashboardSite site;
    private final SessionGate gate;
    /** Sign-ins hashing at once; the rest are told to retry, so a flood cannot take every API worker. */
    private final Semaphore hashing;

    DashboardRoutes(DashboardSite site) {
        this(site, 1);
    }

    /** @param concurrentSignIns how many sign-ins may hash passwords at the same time */
    DashboardRoutes(DashboardSite site, int concurrentSignIns) {
        this.site = site;
        this.gate = new SessionGate(site.sessions(), site.signIn());
        this.hashing = new Semaphore(Math.max(1, concurrentSignIns));
    }

    SessionGate gate() {
        return gate;
    }

    /** The live event streams; null when the node has none. */
    EventStreams events() {
        return site.events();
    }

    /** True for {@code /ui} and everything under {@code /ui/}. */
    static boolean owns(String path) {
        return path.equals(PREFIX) || path.startsWith(PREFIX + "/");
    }

    /**
     * Answers a request to a path {@link #owns owned} here, except the event stream.
     *
     * @param clientAddress the peer's IP address (sign-in failures are counted per address)
     */
    WireResponse handle(WireRequest wire, String clientAddress) {
        String path = wire.rawPath();
        String method = wire.method();
        if (path.equals(PREFIX)) {
            if (!method.equals("GET") && !method.equals("HEAD")) {
                return notAllowed("GET");
            }
            return secured(WireResponse.of(301, "text/plain; charset=utf-8", "Moved to /ui/\n".getBytes(StandardCharsets.UTF_8))
                    .withHeader("Location", PREFIX + "/"));
        }
        if (path.equals(SESSION_PATH)) {
            return switch (method) {
                case "POST" -> signIn(wire, clientAddress);
                case "GET" -> currentSession(wire);
                case "DELETE" -> signOut(wire);
                default -> notAllowed("GET, POST, DELETE");
            };
        }
        if (path.startsWith(PREFIX + "/api/")) {
            return apiError(404, "NotFound", "No dashboard API at " + path + ".");
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return notAllowed("GET");
        }
        return asset(path.substring(PREFIX.length() + 1), wire.headers());
    }

    // ---- static files ----

    private WireResponse asset(String relative, HttpHeaders headers) {
        Optional<DashboardAssets.Asset> found = site.assets().find(relative);
        if (found.isEmpty()) {
            return secured(WireResponse.of(404, "text/plain; charset=utf-8", "Not Found\n".getBytes(StandardCharsets.UTF_8)));
        }
        DashboardAssets.Asset a = found.get();
        String cache = a.vendor() ? "public, max-age=86400" : "no-cache";
        if (matches(headers.get("If-None-Match"), a.etag())) {
            return secured(new WireResponse(304, null, null).withHeader("ETag", a.etag()).withHeader("Cache-Control", cache));
        }
        return secured(WireResponse.of(200, a.contentType(), a.body())
                .withHeader("ETag", a.etag())
                .withHeader("Cache-Control", cache));
    }

    /** True when an If-None-Match list names {@code etag} (weak comparison, as RFC 9110 wants for it) or is {@code *}. */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.trim();
            if (c.equals("*")) {
                return true;
            }
            if (c.startsWith("W/")) {
                c = c.substring(2);
            }
            if (c.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    // ---- sessions ----

    private record Credentials(String user, char[] password) {
    }

    private WireResponse signIn(WireRequest wire, String clientAddress) {
        HttpHeaders headers = wire.headers();
        if (!SessionGate.sameOrigin(headers, false)) {
            return apiError(403, "CrossOriginRequestRefused", SessionGate.crossOrigin().getMessage());
        }
        String type = headers.get("Content-Type");
        if (type == null || !type.trim().toLowerCase(Locale.ROOT).startsWith(JSON_TYPE)) {
            return apiError(400, "ValidationError", "The sign-in request must be JSON (Content-Type: application/json).");
        }
        Credentials credentials;
        try {
            credentials = parseCredentials(wire.body());
        } catch (IOException | IllegalArgumentException e) {
            return apiError(400, "ValidationError", "The body must be a JSON object with the string members username and password.");
        }
        try {
            String user = credentials.user();
            if (!FileUserStore.validName(user)) {
                return apiError(400, "ValidationError",
                        "The user name must be 1 to 64 characters of letters, digits and . _ @ -.");
            }
            char[] password = credentials.password();
            if (password.length == 0 || password.length > FileUserStore.MAX_PASSWORD_CHARS) {
                return apiError(400, "ValidationError",
                        "The password must be 1 to " + FileUserStore.MAX_PASSWORD_CHARS + " characters.");
            }
            Optional<Duration> wait = site.throttle().retryAfter(user, clientAddress);
            if (wait.isPresent()) {
                return throttled(wait.get());
            }
            if (!hashing.tryAcquire()) {
                return apiError(429, "Throttling", "Too many sign-ins at once; try again in 1 s.")
                        .withHeader("Retry-After", "1");
            }
            Optional<Principal> principal;
            try {
                principal = site.signIn().authenticate(user, password);
            } finally {
                hashing.release();
            }
            if (principal.isEmpty()) {
                site.throttle().failed(user, clientAddress);
                // The name is logged only once guessing is evident: a password typed into the
                // name field once should not end up in the log.
                Optional<Duration> locked = site.throttle().retryAfter(user, clientAddress);
                if (locked.isPresent()) {
                    LOG.warn("dashboard sign-in for user {} from {} locked for {} s after repeated failures",
                            user, clientAddress, Math.max(1, locked.get().toSeconds()));
                } else {
                    LOG.info("dashboard sign-in refused from {}", clientAddress);
                }
                return apiError(401, "InvalidCredentials", "The user name or password is incorrect.");
            }
            site.throttle().succeeded(user, clientAddress);
            String previous = SessionGate.cookie(headers);
            if (previous != null) {
                site.sessions().delete(previous); // a fresh id on every sign-in
            }
            SessionStore.Created created = site.sessions().create(principal.get());
            LOG.info("dashboard user {} signed in from {} (account {})", user, clientAddress, principal.get().accountId());
            long maxAge = Math.max(0, Duration.between(created.session().created(), created.session().expiresAt()).toSeconds());
            return sessionBody(200, created.session())
                    .withHeader("Set-Cookie", cookie(created.id(), maxAge, secure(headers)));
        } finally {
            Arrays.fill(credentials.password(), '\0');
        }
    }

    private WireResponse currentSession(WireRequest wire) {
        if (!SessionGate.sameOrigin(wire.headers(), true)) {
            return apiError(403, "CrossOriginRequestRefused", SessionGate.crossOrigin().getMessage());
        }
        Optional<Session> session = gate.current(wire.headers());
        if (session.isEmpty()) {
            return apiError(401, "SessionExpired", SessionGate.sessionExpired().getMessage());
        }
        return sessionBody(200, session.get());
    }

    private WireResponse signOut(WireRequest wire) {
        HttpHeaders headers = wire.headers();
        String id = SessionGate.cookie(headers);
        Optional<Session> session = gate.current(headers);
        if (session.isPresent()) {
            if (!SessionGate.sameOrigin(headers, false)) {
                return apiError(403, "CrossOriginRequestRefused", SessionGate.crossOrigin().getMessage());
            }
            if (!session.get().csrfMatches(headers.get(SessionGate.CSRF_HEADER))) {
                return apiError(403, "InvalidCsrfToken", SessionGate.invalidCsrf().getMessage());
            }
            site.sessions().delete(id);
            LOG.info("dashboard user {} signed out", session.get().principal().user());
        }
        // Without a live session there is nothing to end; clear the cookie all the same.
        return secured(new WireResponse(204, null, null))
                .withHeader("Cache-Control", "no-store")
                .withHeader("Set-Cookie", cookie("", 0, secure(headers)));
    }

    /**
     * The session an event-stream request may open with, or the error response to send instead.
     *
     * @return exactly one of the two is non-null
     */
    EventsCheck eventsSession(WireRequest wire) {
        if (!wire.method().equals("GET")) {
            return new EventsCheck(null, null, notAllowed("GET"));
        }
        if (!SessionGate.sameOrigin(wire.headers(), true)) {
            return new EventsCheck(null, null, apiError(403, "CrossOriginRequestRefused", SessionGate.crossOrigin().getMessage()));
        }
        Optional<Session> session = gate.current(wire.headers());
        if (session.isEmpty()) {
            return new EventsCheck(null, null, apiError(401, "SessionExpired", SessionGate.sessionExpired().getMessage()));
        }
        if (site.events() == null) {
            return new EventsCheck(null, null, apiError(503, "ServiceUnavailable", "Live updates are not enabled on this node."));
        }
        return new EventsCheck(session.get(), SessionGate.cookie(wire.headers()), null);
    }

    /** EventsCheck is the outcome of {@link #eventsSession}: a session (and its cookie id) or an error response. */
    record EventsCheck(Session session, String sessionId, WireResponse error) {
    }

    /** The stream position a reconnecting client asks for: {@code Last-Event-ID}, else {@code ?lastEventId=}. */
    static String lastEventId(WireRequest wire) {
        String header = wire.headers().get("Last-Event-ID");
        if (header != null && !header.isBlank()) {
            return header.trim();
        }
        List<String> values = new QueryStringDecoder("?" + wire.rawQuery()).parameters().get("lastEventId");
        return values == null || values.isEmpty() || values.get(0).isBlank() ? null : values.get(0);
    }

    static Credentials parseCredentials(byte[] body) throws IOException {
        String user = null;
        char[] password = null;
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not an object");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("username") && value == JsonToken.VALUE_STRING) {
                    user = p.getText();
                } else if (name.equals("password") && value == JsonToken.VALUE_STRING) {
                    if (password != null) {
                        Arrays.fill(password, '\0');
                    }
                    password = Arrays.copyOfRange(p.getTextCharacters(), p.getTextOffset(), p.getTextOffset() + p.getTextLength());
                } else {
                    p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new IllegalArgumentException("trailing content");
            }
        } catch (IOException | IllegalArgumentException e) {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
            throw e;
        }
        if (user == null || password == null) {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
            throw new IllegalArgumentException("username and password are required");
        }
        return new Credentials(user, password);
    }

    // ---- responses ----

    private WireResponse sessionBody(int status, Session session) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("user", session.principal().user());
        body.put("accountId", session.principal().accountId());
        body.put("csrfToken", session.csrfToken());
        body.put("expiresAt", session.expiresAt().toString());
        return json(status, body);
    }

    private static WireResponse throttled(Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        return apiError(429, "Throttling", "Too many failed sign-in attempts; try again in " + seconds + " s.")
                .withHeader("Retry-After", Long.toString(seconds));
    }

    private static WireResponse notAllowed(String allow) {
        return apiError(405, "MethodNotAllowed", "Use " + allow + ".").withHeader("Allow", allow);
    }

    static WireResponse apiError(int status, String code, String message) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("code", code);
        body.put("message", message);
        return json(status, body);
    }

    private static WireResponse json(int status, ObjectNode body) {
        try {
            return secured(WireResponse.of(status, JSON_TYPE, MAPPER.writeValueAsBytes(body)))
                    .withHeader("Cache-Control", "no-store");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The session cookie: host-only, whole site, script-proof, never sent cross-site. */
    static String cookie(String id, long maxAgeSeconds, boolean secure) {
        return SessionGate.COOKIE + "=" + id + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + maxAgeSeconds
                + (secure ? "; Secure" : "");
    }

    /** True when the browser reached us over HTTPS (directly per its Origin, or through a proxy that says so). */
    private static boolean secure(HttpHeaders headers) {
        String origin = headers.get("Origin");
        String proto = headers.get("X-Forwarded-Proto");
        return (origin != null && origin.trim().toLowerCase(Locale.ROOT).startsWith("https://"))
                || (proto != null && proto.trim().equalsIgnoreCase("https"));
    }

    /** Adds the headers every {@code /ui} response carries. */
    static WireResponse secured(WireResponse response) {
        return response.withHeader("Content-Security-Policy", CSP)
                .withHeader("X-Content-Type-Options", "nosniff")
                .withHeader("Referrer-Policy", "same-origin")
                .withHeader("X-Frame-Options", "DENY");
    }
}
