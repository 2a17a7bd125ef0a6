package io.synaps.notify.sms;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * SmsGatewayConfig is where SMS messages go: {@code url} of the gateway's send API (POST
 * {@code {"to":..,"text":..}}) and the bearer {@code token} it wants. toString never shows the
 * token. Immutable.
 */
public record SmsGatewayConfig(URI url, String token) {

    public SmsGatewayConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(token, "token");
        if (url.getScheme() == null || url.getHost() == null
                || !(url.getScheme().equals("https") || url.getScheme().equals("http"))) {
            throw new IllegalArgumentException("the SMS gateway URL must be an absolute http or https URL");
        }
    }

    /**
     * The config of {@code SYNAPS_SMS_URL} and {@code SYNAPS_SMS_TOKEN}; empty when the URL is
     * unset (the sms channel is then off).
     *
     * @throws IllegalArgumentException when the URL is malformed or the token is missing
     */
    public static Optional<SmsGatewayConfig> fromEnvironment(Map<String, String> env) {
        String url = env.get("SYNAPS_SMS_URL");
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        String token = env.get("SYNAPS_SMS_TOKEN");
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("SYNAPS_SMS_URL is set but SYNAPS_SMS_TOKEN is not");
        }
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("SYNAPS_SMS_URL is not a URL");
        }
        return Optional.of(new SmsGatewayConfig(uri, token));
    }

    @Override
    public String toString() {
        return "SmsGatewayConfig[url=" + url.getScheme() + "://" + url.getHost()
                + (url.getPort() >= 0 ? ":" + url.getPort() : "") + url.getRawPath() + ", token=****]";
    }
}
