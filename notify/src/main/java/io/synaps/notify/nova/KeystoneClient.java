package io.synaps.notify.nova;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * KeystoneClient gets Keystone v3 tokens ({@code POST /v3/auth/tokens} with a password or an
 * application credential from {@link NovaConfig}) and the compute endpoint from the token's
 * service catalog (type {@code compute}, the configured interface and region). The token comes
 * from the {@code X-Subject-Token} header and is kept until shortly before its
 * {@code expires_at} (the configured margin, at most half its lifetime) or until
 * {@link #invalidate} drops it after a 401. Time comes from the injected clock. Thread-safe:
 * one authentication at a time, callers wait for it.
 */
public final class KeystoneClient {
    private static final Logger LOG = LoggerFactory.getLogger(KeystoneClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final NovaConfig config;
    private final HttpClient http;
    private final Clock clock;
    private Session current;
    private Instant renewAt;

    /**
     * Session is one issued token with its expiry and the compute endpoint (no trailing slash)
     * of its catalog. {@link #toString()} hides the token. Immutable.
     */
    public record Session(String token, Instant expiresAt, URI computeEndpoint) {
        public Session {
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(expiresAt, "expiresAt");
            Objects.requireNonNull(computeEndpoint, "computeEndpoint");
        }

        @Override
        public String toString() {
            return "Session[token=****, expiresAt=" + expiresAt + ", computeEndpoint=" + computeEndpoint + "]";
        }
    }

    public KeystoneClient(NovaConfig config, HttpClient http, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.http = Objects.requireNonNull(http, "http");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The current session, authenticating first when there is none or it is due for renewal. */
    public synchronized Session session() throws KeystoneException {
        Instant now = clock.instant();
        if (current != null && now.isBefore(renewAt)) {
            return current;
        }
        current = null;
        Session s = authenticate();
        Duration lifetime = Duration.between(now, s.expiresAt());
        Duration margin = config.tokenRefreshMargin();
        if (margin.compareTo(lifetime.dividedBy(2)) > 0) {
            margin = lifetime.dividedBy(2);
        }
        current = s;
        renewAt = s.expiresAt().minus(margin.isNegative() ? Duration.ZERO : margin);
        return s;
    }

    /** Drops {@code session} (Nova answered 401 to its token) so the next call authenticates again. */
    public synchronized void invalidate(Session session) {
        if (current == session) {
            current = null;
        }
    }

    /** The secrets of the configured credentials, for {@link Redaction}. */
    List<String> credentialSecrets() {
        if (config.credentials() instanceof NovaConfig.Password p) {
            return List.of(p.password());
        }
        return List.of(((NovaConfig.ApplicationCredential) config.credentials()).secret());
    }

    /** The Keystone v3 auth request body for the configured credentials (package-private for tests). */
    static ObjectNode authBody(NovaConfig.Credentials credentials) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode auth = root.putObject("auth");
        ObjectNode identity = auth.putObject("identity");
        if (credentials instanceof NovaConfig.Password p) {
            identity.putArray("methods").add("password");
            ObjectNode user = identity.putObject("password").putObject("user");
            user.put("name", p.user());
            user.putObject("domain").put("name", p.userDomain());
            user.put("password", p.password());
            ObjectNode project = auth.putObject("scope").putObject("project");
            project.put("name", p.project());
            project.putObject("domain").put("name", p.projectDomain());
        } else {
            NovaConfig.ApplicationCredential a = (NovaConfig.ApplicationCredential) credentials;
            // An application credential carries its project; Keystone refuses an explicit scope.
            identity.putArray("methods").add("application_credential");
            ObjectNode ac = identity.putObject("application_credential");
            ac.put("id", a.id());
            ac.put("secret", a.secret());
        }
        return root;
    }

    private Session authenticate() throws KeystoneException {
        URI uri = config.tokensUri();
        String where = uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(config.requestTimeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("User-Agent", NovaNotifier.USER_AGENT)
                .POST(HttpRequest.BodyPublishers.ofString(authBody(config.credentials()).toString()))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new KeystoneException("Keystone at " + where + " did not answer within "
                    + config.requestTimeout(), true);
        } catch (IOException e) {
            throw new KeystoneException("could not reach Keystone at " + where + " ("
                    + e.getClass().getSimpleName() + ")", true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeystoneException("interrupted while authenticating with Keystone", true);
        }
        int status = response.statusCode();
        if (status != 201 && status != 200) {
            String message = Redaction.scrub(NovaErrors.message(response.body()), credentialSecrets());
            boolean retryable = status >= 500 || status == 429 || status == 408;
            String what = status == 401 ? "Keystone refused the credentials" : "Keystone answered " + status;
            throw new KeystoneException(what + " (" + status + ")" + (message.isEmpty() ? "" : ": " + message),
                    retryable);
        }
        String token = response.headers().firstValue("X-Subject-Token").orElse(null);
        if (token == null || token.isEmpty()) {
            throw new KeystoneException("Keystone at " + where + " issued no X-Subject-Token header", false);
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body()).path("token");
        } catch (IOException e) {
            throw new KeystoneException("Keystone's token response is not JSON", false);
        }
        Instant expires = parseExpiry(body.path("expires_at").asText(null));
        URI compute = computeEndpoint(body.path("catalog"));
        LOG.info("Keystone token issued by {} for Nova at {}, expires {}", where, compute, expires);
        return new Session(token, expires, compute);
    }

    private static Instant parseExpiry(String text) throws KeystoneException {
        if (text == null) {
            throw new KeystoneException("Keystone's token response has no token.expires_at", false);
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new KeystoneException("Keystone's token.expires_at is not an ISO 8601 time: " + text, false);
        }
    }

    private URI computeEndpoint(JsonNode catalog) throws KeystoneException {
        if (!catalog.isArray()) {
            throw new KeystoneException("Keystone's token has no service catalog", false);
        }
        Set<String> urls = new LinkedHashSet<>();
        List<String> regions = new ArrayList<>();
        for (JsonNode service : catalog) {
            if (!service.path("type").asText().equals("compute")) {
                continue;
            }
            for (JsonNode e : service.path("endpoints")) {
                if (!e.path("interface").asText().equals(config.endpointInterface())) {
                    continue;
                }
                String region = e.path("region_id").asText(e.path("region").asText(""));
                regions.add(region);
                if (config.region() == null || config.region().equals(region)
                        || config.region().equals(e.path("region").asText(null))) {
                    String url = e.path("url").asText("");
                    if (!url.isEmpty()) {
                        urls.add(stripSlash(url));
                    }
                }
            }
        }
        if (urls.isEmpty()) {
            throw new KeystoneException("Keystone's catalog has no compute endpoint with interface "
                    + config.endpointInterface() + (config.region() == null ? "" : " in region " + config.region())
                    + (regions.isEmpty() ? "" : " (regions with one: " + String.join(", ", regions) + ")"), false);
        }
        if (urls.size() > 1) {
            throw new KeystoneException("Keystone's catalog has compute endpoints in several regions ("
                    + String.join(", ", regions) + "): set the Nova region", false);
        }
        try {
            URI uri = URI.create(urls.iterator().next());
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new KeystoneException("Keystone's compute endpoint is not a URL", false);
        }
    }

    private static String stripSlash(String url) {
        String u = url;
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }
}
