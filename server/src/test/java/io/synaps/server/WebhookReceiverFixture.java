package io.synaps.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * WebhookReceiverFixture is a real HTTP (or HTTPS) server on a random loopback port that records
 * every POST (path, lower-cased headers, body, the status it answered) and answers each path
 * with a scripted list of statuses, then a default status (200 unless changed). Test fixture;
 * thread-safe.
 */
final class WebhookReceiverFixture implements AutoCloseable {
    /** Received is one request as the receiver saw it and the status it answered. */
    record Received(String path, Map<String, String> headers, String body, int status) {
        String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    private final HttpServer server;
    private final String scheme;
    private final List<Received> received = new ArrayList<>();
    private final Map<String, Deque<Integer>> scripts = new ConcurrentHashMap<>();
    private volatile int defaultStatus = 200;
    /** Requests matching this answer 500 (a receiver that refuses until told otherwise). */
    private volatile Predicate<Received> refusing = r -> false;

    private WebhookReceiverFixture(HttpServer server, String scheme) {
        this.server = server;
        this.scheme = scheme;
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    static WebhookReceiverFixture http() {
        try {
            return new WebhookReceiverFixture(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64), "http");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static WebhookReceiverFixture https(SSLContext tls) {
        try {
            HttpsServer s = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
            s.setHttpsConfigurator(new HttpsConfigurator(tls));
            return new WebhookReceiverFixture(s, "https");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The URL of {@code path} on this receiver. */
    String url(String path) {
        return scheme + "://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The next requests to {@code path} are answered with these statuses, in order. */
    void script(String path, Integer... statuses) {
        scripts.put(path, new ArrayDeque<>(List.of(statuses)));
    }

    /** Requests matching {@code which} get 500 until {@link #accept()}. */
    void refuse(Predicate<Received> which) {
        refusing = which;
    }

    void accept() {
        refusing = r -> false;
    }

    void defaultStatus(int status) {
        defaultStatus = status;
    }

    /** Every request to {@code path} so far, in arrival order. */
    List<Received> at(String path) {
        synchronized (received) {
            return received.stream().filter(r -> r.path().equals(path)).toList();
        }
    }

    /** Requests to {@code path} of SNS message type {@code type} (Notification, SubscriptionConfirmation). */
    List<Received> at(String path, String type) {
        return at(path).stream().filter(r -> type.equals(r.header("x-amz-sns-message-type"))).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
            String path = exchange.getRequestURI().getPath();
            Received probe = new Received(path, headers, body, 0);
            int status;
            Deque<Integer> script = scripts.get(path);
            Integer scripted = script == null ? null : script.poll();
            if (refusing.test(probe)) {
                status = 500;
            } else {
                status = scripted != null ? scripted : defaultStatus;
            }
            synchronized (received) {
                received.add(new Received(path, headers, body, status));
            }
            exchange.sendResponseHeaders(status, -1);
        }
    }

    /** {@code sha256=<hex HMAC-SHA256(body, secret)>}, the X-Synaps-Signature of a webhook body. */
    static String signature(String body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
