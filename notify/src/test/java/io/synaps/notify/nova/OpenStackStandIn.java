package io.synaps.notify.nova;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * OpenStackStandIn is an HTTP server on a random local port that implements just enough of the
 * Keystone v3 identity API ({@code POST /identity/v3/auth/tokens}) and the Nova compute API
 * ({@code POST /compute/v2.1/servers/{id}/action}, {@code DELETE /compute/v2.1/servers/{id}}) to
 * run alarm actions, checking each request against the public API references: the exact JSON
 * auth bodies of the expected credentials, X-Auth-Token equal to a live issued token, both
 * microversion headers, Content-Type, and action bodies exactly as Nova defines them. Requests
 * that break a rule get Nova's or Keystone's error answer and are listed in {@link #violations()}.
 * Servers follow Nova's vm_state rules for the actions used (soft reboot and stop need an active
 * server). Token expiry follows the given clock. Thread-safe.
 */
final class OpenStackStandIn implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter KEYSTONE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    /** Call is one request Nova received: its method, path, token, microversion headers, body (or null) and answer. */
    record Call(String method, String path, String token, String apiVersion, String novaApiVersion, JsonNode body,
                int status) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Clock clock;
    private final NovaConfig.Credentials expected;
    private final String microversion;
    private final AtomicInteger tokenCounter = new AtomicInteger();
    private final Map<String, Instant> liveTokens = new ConcurrentHashMap<>();
    private final List<String> issuedTokens = new CopyOnWriteArrayList<>();
    private final List<JsonNode> authBodies = new CopyOnWriteArrayList<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final Map<String, String> servers = new ConcurrentHashMap<>();
    private final List<Integer> failures = new CopyOnWriteArrayList<>();
    private volatile Duration tokenLifetime = Duration.ofHours(1);
    private volatile Duration novaDelay = Duration.ZERO;
    private volatile boolean echoTokenInErrors;

    OpenStackStandIn(Clock clock, NovaConfig.Credentials expected, String microversion) throws IOException {
        this.clock = clock;
        this.expected = expected;
        this.microversion = microversion;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/identity/", this::keystone);
        server.createContext("/compute/", this::nova);
        server.createContext("/", exchange -> {
            violations.add("request to an endpoint the catalog did not select: " + exchange.getRequestMethod() + " "
                    + exchange.getRequestURI());
            respond(exchange, 404, "{\"itemNotFound\":{\"code\":404,\"message\":\"wrong endpoint\"}}", Map.of());
        });
        server.setExecutor(executor);
        server.start();
    }

    /** The Keystone URL as operators write it (OS_AUTH_URL style, ending in /v3). */
    URI keystoneUrl() {
        return URI.create(base() + "/identity/v3");
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void addServer(String id) {
        servers.put(id, "active");
    }

    /** The vm_state of a server, or null once deleted. */
    String vmState(String id) {
        return servers.get(id);
    }

    void tokenLifetime(Duration d) {
        tokenLifetime = d;
    }

    /** Nova answers the next requests with these statuses (fault bodies), one each. */
    void failNext(int... statuses) {
        for (int s : statuses) {
            failures.add(s);
        }
    }

    void delayNova(Duration d) {
        novaDelay = d;
    }

    /** Nova's error texts quote the caller's token (a hostile or buggy server), to check redaction. */
    void echoTokenInErrors(boolean on) {
        echoTokenInErrors = on;
    }

    /** Revokes every issued token: Nova answers 401 until the client authenticates again. */
    void revokeTokens() {
        liveTokens.clear();
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    List<JsonNode> authBodies() {
        return List.copyOf(authBodies);
    }

    List<String> issuedTokens() {
        return List.copyOf(issuedTokens);
    }

    List<String> violations() {
        return List.copyOf(violations);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- Keystone v3 ----

    private void keystone(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        if (!path.equals("/identity/v3/auth/tokens") || !ex.getRequestMethod().equals("POST")) {
            violations.add("Keystone: unexpected " + ex.getRequestMethod() + " " + path);
            respond(ex, 404, keystoneError(404, "Not Found", "The resource could not be found."), Map.of());
            return;
        }
        if (!contentTypeIsJson(ex)) {
            violations.add("Keystone: Content-Type is " + ex.getRequestHeaders().getFirst("Content-Type"));
            respond(ex, 415, keystoneError(415, "Unsupported Media Type", "Expecting application/json"), Map.of());
            return;
        }
        JsonNode body;
        try {
            body = JSON.readTree(ex.getRequestBody().readAllBytes());
        } catch (IOException e) {
            violations.add("Keystone: body is not JSON");
            respond(ex, 400, keystoneError(400, "Bad Request", "Malformed JSON"), Map.of());
            return;
        }
        authBodies.add(body);
        if (!body.equals(expectedAuthBody())) {
            // Keystone answers 401 to wrong credentials and 400 to malformed bodies; both are failures here.
            respond(ex, 401, keystoneError(401, "Unauthorized", "The request you have made requires authentication."),
                    Map.of());
            return;
        }
        String token = "gAAAAAB" + tokenCounter.incrementAndGet() + "-standin-token-"
                + Long.toHexString(Double.doubleToLongBits(Math.random()));
        Instant now = clock.instant();
        Instant expires = now.plus(tokenLifetime);
        liveTokens.put(token, expires);
        issuedTokens.add(token);
        ObjectNode root = JSON.createObjectNode();
        ObjectNode t = root.putObject("token");
        t.putArray("methods").add(body.path("auth").path("identity").path("methods").get(0).asText());
        t.put("expires_at", KEYSTONE_TIME.format(expires));
        t.put("issued_at", KEYSTONE_TIME.format(now));
        t.putArray("audit_ids").add("3T2dc1CGQxyJsHdDu1xkcw");
        t.putObject("user").put("id", "ee4dfb6e5540447cb3741905149d9b6e").put("name", "synaps")
                .putObject("domain").put("id", "default").put("name", "Default");
        t.putObject("project").put("id", "a6944d763bf64ee6a275f1263fae0352").put("name", "ops")
                .putObject("domain").put("id", "default").put("name", "Default");
        ArrayNode catalog = t.putArray("catalog");
        ObjectNode identity = catalog.addObject().put("type", "identity").put("name", "keystone").put("id", "id1");
        endpoint(identity.putArray("endpoints"), "public", "RegionOne", base() + "/identity");
        ObjectNode compute = catalog.addObject().put("type", "compute").put("name", "nova").put("id", "id2");
        ArrayNode eps = compute.putArray("endpoints");
        endpoint(eps, "public", "RegionOne", base() + "/compute/v2.1/");
        endpoint(eps, "internal", "RegionOne", base() + "/internal-compute/v2.1");
        endpoint(eps, "public", "RegionTwo", base() + "/region-two/v2.1");
        ObjectNode image = catalog.addObject().put("type", "image").put("name", "glance").put("id", "id3");
        endpoint(image.putArray("endpoints"), "public", "RegionOne", base() + "/image");
        respond(ex, 201, root.toString(), Map.of("X-Subject-Token", token));
    }

    private static void endpoint(ArrayNode endpoints, String iface, String region, String url) {
        endpoints.addObject().put("id", iface + region).put("interface", iface).put("region", region)
                .put("region_id", region).put("url", url);
    }

    /** The request body the Keystone v3 API reference gives for these credentials, built here independently. */
    private JsonNode expectedAuthBody() throws IOException {
        if (expected instanceof NovaConfig.Password p) {
            return JSON.readTree("{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{"
                    + "\"name\":" + q(p.user()) + ",\"domain\":{\"name\":" + q(p.userDomain()) + "},"
                    + "\"password\":" + q(p.password()) + "}}},"
                    + "\"scope\":{\"project\":{\"name\":" + q(p.project()) + ",\"domain\":{\"name\":"
                    + q(p.projectDomain()) + "}}}}}");
        }
        NovaConfig.ApplicationCredential a = (NovaConfig.ApplicationCredential) expected;
        return JSON.readTree("{\"auth\":{\"identity\":{\"methods\":[\"application_credential\"],"
                + "\"application_credential\":{\"id\":" + q(a.id()) + ",\"secret\":" + q(a.secret()) + "}}}}");
    }

    private static String q(String s) {
        return JSON.getNodeFactory().textNode(s).toString();
    }

    private static String keystoneError(int code, String title, String message) {
        return "{\"error\":{\"code\":" + code + ",\"title\":\"" + title + "\",\"message\":\"" + message + "\"}}";
    }

    // ---- Nova ----

    private void nova(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getPath();
        String token = ex.getRequestHeaders().getFirst("X-Auth-Token");
        String apiVersion = ex.getRequestHeaders().getFirst("OpenStack-API-Version");
        String novaApiVersion = ex.getRequestHeaders().getFirst("X-OpenStack-Nova-API-Version");
        byte[] raw = ex.getRequestBody().readAllBytes();
        JsonNode body = null;
        if (raw.length > 0) {
            try {
                body = JSON.readTree(raw);
            } catch (IOException e) {
                body = JSON.getNodeFactory().textNode(new String(raw, StandardCharsets.UTF_8));
            }
        }
        Response r;
        try {
            if (!novaDelay.isZero()) {
                Thread.sleep(novaDelay.toMillis());
            }
            r = handleNova(ex, method, path, token, apiVersion, novaApiVersion, body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        // Recorded before answering, so a caller that got its answer always finds its call here.
        calls.add(new Call(method, path, token, apiVersion, novaApiVersion, body, r.status()));
        respond(ex, r.status(), r.body(), r.headers());
    }

    private record Response(int status, String body, Map<String, String> headers) {
        Response(int status, String body) {
            this(status, body, Map.of());
        }
    }

    private Response handleNova(HttpExchange ex, String method, String path, String token, String apiVersion,
                                String novaApiVersion, JsonNode body) throws IOException {
        Instant expires = token == null ? null : liveTokens.get(token);
        if (expires == null || !clock.instant().isBefore(expires)) {
            if (token != null && !issuedTokens.contains(token)) {
                violations.add("Nova: X-Auth-Token is not a token Keystone issued");
            }
            return new Response(401,
                    keystoneError(401, "Unauthorized", "The request you have made requires authentication."),
                    Map.of("WWW-Authenticate", "Keystone uri=\"" + base() + "/identity\""));
        }
        if (!("compute " + microversion).equals(apiVersion) || !microversion.equals(novaApiVersion)) {
            violations.add("Nova: microversion headers " + apiVersion + " / " + novaApiVersion);
            return new Response(406,
                    fault("notAcceptable", 406, "Version " + apiVersion + " is not supported by the API."));
        }
        if (!failures.isEmpty()) {
            int s = failures.remove(0);
            return new Response(s, fault(s >= 500 ? "computeFault" : "badRequest", s,
                    s >= 500 ? "Unexpected API Error. Please report this at http://bugs.launchpad.net/nova/"
                            : "Injected failure" + (echoTokenInErrors ? " for token " + token : "")));
        }
        String prefix = "/compute/v2.1/servers/";
        if (!path.startsWith(prefix)) {
            violations.add("Nova: unexpected path " + path);
            return new Response(404, fault("itemNotFound", 404, "The resource could not be found."));
        }
        String rest = path.substring(prefix.length());
        if (method.equals("DELETE") && !rest.contains("/")) {
            if (body != null) {
                violations.add("Nova: DELETE with a body");
            }
            if (servers.remove(rest) == null) {
                return new Response(404, fault("itemNotFound", 404, "Instance " + rest + " could not be found."));
            }
            return new Response(204, null);
        }
        if (!method.equals("POST") || !rest.endsWith("/action") || rest.indexOf('/') != rest.length() - 7) {
            violations.add("Nova: unexpected " + method + " " + path);
            return new Response(405, fault("badMethod", 405, "The method is not allowed for this resource."));
        }
        String id = rest.substring(0, rest.length() - "/action".length());
        if (!contentTypeIsJson(ex)) {
            violations.add("Nova: Content-Type is " + ex.getRequestHeaders().getFirst("Content-Type"));
            return new Response(415, fault("badMediaType", 415, "The request media type is not supported."));
        }
        String action = actionOf(body);
        if (action == null) {
            violations.add("Nova: action body not in the API reference: " + body);
            return new Response(400, fault("badRequest", 400, "Invalid input for field/attribute action."
                    + (echoTokenInErrors ? " Token " + token : "")));
        }
        String state = servers.get(id);
        if (state == null) {
            return new Response(404, fault("itemNotFound", 404, "Instance " + id + " could not be found."));
        }
        boolean needsActive = action.equals("reboot-SOFT") || action.equals("stop") || action.equals("live-migrate");
        if (needsActive && !state.equals("active")) {
            String verb = action.startsWith("reboot") ? "reboot" : action.equals("stop") ? "stop" : "live_migration";
            return new Response(409, fault("conflictingRequest", 409, "Cannot '" + verb + "' instance " + id
                    + " while it is in vm_state " + state));
        }
        if (action.equals("stop")) {
            servers.put(id, "stopped");
        } else if (action.equals("reboot-HARD")) {
            servers.put(id, "active");
        }
        return new Response(202, null);
    }

    /** The action of a body shaped exactly as the Nova API reference defines it at this microversion, else null. */
    private String actionOf(JsonNode body) throws IOException {
        Map<String, String> shapes = new HashMap<>();
        shapes.put("{\"reboot\":{\"type\":\"SOFT\"}}", "reboot-SOFT");
        shapes.put("{\"reboot\":{\"type\":\"HARD\"}}", "reboot-HARD");
        shapes.put("{\"os-stop\":null}", "stop");
        shapes.put("{\"migrate\":null}", "migrate");
        if (Integer.parseInt(microversion.substring(2)) >= 25) {
            shapes.put("{\"os-migrateLive\":{\"host\":null,\"block_migration\":\"auto\"}}", "live-migrate");
        } else {
            shapes.put("{\"os-migrateLive\":{\"host\":null,\"block_migration\":false,\"disk_over_commit\":false}}",
                    "live-migrate");
        }
        if (body == null) {
            return null;
        }
        for (Map.Entry<String, String> s : shapes.entrySet()) {
            if (JSON.readTree(s.getKey()).equals(body)) {
                return s.getValue();
            }
        }
        return null;
    }

    private static String fault(String name, int code, String message) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject(name).put("code", code).put("message", message);
        return root.toString();
    }

    private static boolean contentTypeIsJson(HttpExchange ex) {
        String ct = ex.getRequestHeaders().getFirst("Content-Type");
        return ct != null && ct.split(";")[0].trim().equalsIgnoreCase("application/json");
    }

    private static void respond(HttpExchange ex, int status, String body, Map<String, String> headers)
            throws IOException {
        for (Map.Entry<String, String> h : headers.entrySet()) {
            ex.getResponseHeaders().add(h.getKey(), h.getValue());
        }
        if (body == null) {
            ex.sendResponseHeaders(status, -1);
        } else {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
        ex.close();
    }
}
