package io.synaps.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * DashboardClient talks to a node the way the dashboard's pages do, over java.net.http: sign in
 * at {@code /ui/api/session}, then CloudWatch in JSON 1.0 and SNS in Query with the session
 * cookie and the {@code X-Synaps-Csrf} header. Test helper; holds one session; not thread-safe.
 */
final class DashboardClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final URI endpoint;
    String cookie;
    String csrf;
    String setCookie;
    JsonNode session;

    DashboardClient(URI endpoint) {
        this.endpoint = endpoint;
    }

    String origin() {
        return "http://" + endpoint.getHost() + ":" + endpoint.getPort();
    }

    /** POST /ui/api/session; on 200 keeps the cookie and CSRF token. */
    HttpResponse<String> signIn(String user, String password) {
        String body = "{\"username\":" + quote(user) + ",\"password\":" + quote(password) + "}";
        HttpResponse<String> r = send(HttpRequest.newBuilder(endpoint.resolve("/ui/api/session"))
                .header("Content-Type", "application/json")
                .header("Origin", origin())
                .header("Sec-Fetch-Site", "same-origin")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        if (r.statusCode() == 200) {
            setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
            cookie = setCookie.substring(0, setCookie.indexOf(';'));
            session = parse(r.body());
            csrf = session.get("csrfToken").asText();
        }
        return r;
    }

    /** The session id in the cookie. */
    String sessionId() {
        return cookie.substring(cookie.indexOf('=') + 1);
    }

    /** A CloudWatch JSON 1.0 call with the session; {@code extra} may override the headers (null value = leave out). */
    HttpResponse<String> cloudWatch(String action, String input, Map<String, String> extra) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/x-amz-json-1.0");
        h.put("X-Amz-Target", "GraniteServiceVersion20100801." + action);
        h.put("Origin", origin());
        h.put("Sec-Fetch-Site", "same-origin");
        h.put("Cookie", cookie);
        h.put("X-Synaps-Csrf", csrf);
        h.putAll(extra);
        return post("/", h, input);
    }

    HttpResponse<String> cloudWatch(String action, String input) {
        return cloudWatch(action, input, Map.of());
    }

    /** An SNS Query call with the session. */
    HttpResponse<String> sns(String form, Map<String, String> extra) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/x-www-form-urlencoded");
        h.put("Origin", origin());
        h.put("Cookie", cookie);
        h.put("X-Synaps-Csrf", csrf);
        h.putAll(extra);
        return post("/", h, form + "&Version=2010-03-31");
    }

    HttpResponse<String> get(String path, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint.resolve(path)).GET();
        headers.forEach(b::header);
        return send(b);
    }

    HttpResponse<String> delete(String path, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint.resolve(path)).DELETE();
        headers.forEach(b::header);
        return send(b);
    }

    HttpResponse<String> post(String path, Map<String, String> headers, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint.resolve(path))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach((k, v) -> {
            if (v != null) {
                b.header(k, v);
            }
        });
        return send(b);
    }

    static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder b) {
        try {
            return HTTP.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
