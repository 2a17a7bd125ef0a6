package io.synaps.notify.webhook;

import io.synaps.notify.dispatch.Outcome;
import io.synaps.notify.fixture.HttpReceiver;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class HttpPosterTest {
    private final HttpPoster poster = new HttpPoster(Duration.ofSeconds(2), Duration.ofSeconds(5));

    @Test
    void statusesAreClassifiedAsTheDesignSays() {
        assertThat(HttpPoster.classify(200, "h").status()).isEqualTo(Outcome.Status.DELIVERED);
        assertThat(HttpPoster.classify(204, "h").status()).isEqualTo(Outcome.Status.DELIVERED);
        assertThat(HttpPoster.classify(408, "h").status()).isEqualTo(Outcome.Status.RETRY);
        assertThat(HttpPoster.classify(429, "h").status()).isEqualTo(Outcome.Status.RETRY);
        assertThat(HttpPoster.classify(500, "h").status()).isEqualTo(Outcome.Status.RETRY);
        assertThat(HttpPoster.classify(503, "h").status()).isEqualTo(Outcome.Status.RETRY);
        assertThat(HttpPoster.classify(400, "h").status()).isEqualTo(Outcome.Status.FAILED);
        assertThat(HttpPoster.classify(410, "h").status()).isEqualTo(Outcome.Status.FAILED);
        assertThat(HttpPoster.classify(302, "h")).isEqualTo(Outcome.failed("HTTP 302 from h (redirects are not followed)"));
    }

    @Test
    void outcomesNameOnlySchemeHostAndPort() {
        try (HttpReceiver r = HttpReceiver.start()) {
            r.respond("/a/secret-path", 500);
            Outcome o = poster.post(URI.create(r.url("/a/secret-path?token=abc")), Map.of(), "x");
            assertThat(o).isEqualTo(Outcome.retry("HTTP 500 from http://127.0.0.1:" + r.port()));
        }
        assertThat(HttpPoster.redact(URI.create("https://user:pw@hooks.example.com/services/x?y=z")))
                .isEqualTo("https://hooks.example.com");
    }

    @Test
    void timeoutsAndRefusedConnectionsAreRetried() throws Exception {
        HttpPoster impatient = new HttpPoster(Duration.ofSeconds(2), Duration.ofMillis(1500));
        try (HttpReceiver r = HttpReceiver.start()) {
            assertThat(impatient.post(URI.create(r.url("/warm-up")), Map.of(), "x").status())
                    .isEqualTo(Outcome.Status.DELIVERED);
            r.respondSlowly("/slow", 6_000, 200);
            Outcome slow = impatient.post(URI.create(r.url("/slow")), Map.of(), "x");
            assertThat(slow).isEqualTo(Outcome.retry("no response from http://127.0.0.1:" + r.port() + " within 1500 ms"));
        }
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Outcome refused = poster.post(URI.create("http://127.0.0.1:" + closed + "/x"), Map.of(), "x");
        assertThat(refused.status()).isEqualTo(Outcome.Status.RETRY);
        assertThat(refused.detail()).startsWith("could not connect to http://127.0.0.1:" + closed);
    }

    @Test
    void endpointsMustBeAbsoluteUrlsOfTheAllowedSchemes() {
        assertThat(HttpPoster.endpoint("https://example.com/x", Set.of("https"))).isNotNull();
        assertThat(HttpPoster.endpoint("http://example.com/x", Set.of("https"))).isNull();
        assertThat(HttpPoster.endpoint("/relative", Set.of("http"))).isNull();
        assertThat(HttpPoster.endpoint("http://exa mple.com", Set.of("http"))).isNull();
        assertThat(HttpPoster.endpoint(null, Set.of("http"))).isNull();
    }

    @Test
    void signaturesAreHexHmacSha256() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?"
        assertThat(WebhookSignature.sign("Jefe", "what do ya want for nothing?".getBytes()))
                .isEqualTo("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        assertThat(WebhookNotifier.headerSafe("acct/caf\u00e9 50%/1")).isEqualTo("acct/caf%C3%A9 50%25/1");
    }
}
