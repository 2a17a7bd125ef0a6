package io.synaps.notify.webhook;

import io.synaps.notify.dispatch.Outcome;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * HttpPoster POSTs one body to one URL with the JDK HttpClient and classifies the result the
 * way every HTTP channel (webhook, Slack, SMS gateway) does: 2xx delivered; 408, 429, 5xx,
 * timeouts and connection errors worth a retry; any other status (redirects are not followed)
 * failed. Outcome texts name only the scheme, host and port of the URL: paths and queries may
 * hold tokens (Slack webhook URLs do). Timeouts: {@code connectTimeout} to connect,
 * {@code requestTimeout} for the whole response. Thread-safe.
 */
public final class HttpPoster {
    private final HttpClient client;
    private final Duration requestTimeout;

    public HttpPoster(Duration connectTimeout, Duration requestTimeout) {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** 5 s to connect, 15 s for the response. */
    public static HttpPoster defaults() {
        return new HttpPoster(Duration.ofSeconds(5), Duration.ofSeconds(15));
    }

    /**
     * The endpoint as a URI when it is an absolute URL with a host and one of {@code schemes};
     * null otherwise.
     */
    public static URI endpoint(String text, Set<String> schemes) {
        if (text == null) {
            return null;
        }
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme();
            if (scheme == null || !schemes.contains(scheme.toLowerCase(java.util.Locale.ROOT))
                    || uri.getHost() == null) {
                return null;
            }
            return uri;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** {@code scheme://host[:port]}: how outcomes and logs name a URL without its path or query. */
    public static String redact(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
    }

    /** POSTs {@code body} (UTF-8) with {@code headers} and classifies the result. */
    public Outcome post(URI uri, Map<String, String> headers, String body) {
        String where = redact(uri);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        try {
            headers.forEach(request::header);
        } catch (IllegalArgumentException e) {
            return Outcome.failed("a request header for " + where + " is not allowed");
        }
        try {
            HttpResponse<Void> response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
            return classify(response.statusCode(), where);
        } catch (HttpConnectTimeoutException e) {
            return Outcome.retry("could not connect to " + where + " within " + seconds(requestTimeout));
        } catch (HttpTimeoutException e) {
            return Outcome.retry("no response from " + where + " within " + seconds(requestTimeout));
        } catch (ConnectException e) {
            return Outcome.retry("could not connect to " + where + " (connection refused or unreachable)");
        } catch (IOException e) {
            return Outcome.retry("I/O error talking to " + where + " (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.retry("interrupted while talking to " + where);
        } catch (IllegalArgumentException e) {
            return Outcome.failed("cannot send to " + where + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** The outcome of an HTTP status: 2xx delivered; 408, 429 and 5xx retry; anything else failed. */
    public static Outcome classify(int status, String where) {
        String text = "HTTP " + status + " from " + where;
        if (status >= 200 && status < 300) {
            return Outcome.delivered(text);
        }
        if (status == 408 || status == 429 || status >= 500) {
            return Outcome.retry(text);
        }
        return Outcome.failed(status >= 300 && status < 400 ? text + " (redirects are not followed)" : text);
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
