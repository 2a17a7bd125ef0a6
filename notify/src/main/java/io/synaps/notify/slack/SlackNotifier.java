package io.synaps.notify.slack;

import io.synaps.notify.dispatch.DeliveryPayload;
import io.synaps.notify.dispatch.Notifier;
import io.synaps.notify.dispatch.Outcome;
import io.synaps.notify.webhook.HttpPoster;
import io.synaps.store.outbox.Delivery;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * SlackNotifier delivers Synaps's {@code slack} protocol: the subscription endpoint is a Slack
 * incoming-webhook URL (https; http is accepted for Slack-compatible hooks on a private
 * network) and each delivery POSTs a {@link SlackMessage} as JSON. The URL's path is a secret:
 * outcomes name only its host. Thread-safe.
 */
public final class SlackNotifier implements Notifier {
    private final HttpPoster http;

    public SlackNotifier(HttpPoster http) {
        this.http = Objects.requireNonNull(http, "http");
    }

    @Override
    public Set<String> channels() {
        return Set.of("slack");
    }

    @Override
    public Outcome send(Delivery delivery) {
        DeliveryPayload p;
        try {
            p = DeliveryPayload.of(delivery);
        } catch (IllegalArgumentException e) {
            return Outcome.failed("the delivery payload is unreadable");
        }
        URI uri = HttpPoster.endpoint(p.endpoint(), Set.of("https", "http"));
        if (uri == null) {
            return Outcome.failed("the endpoint is not a Slack incoming-webhook URL");
        }
        return http.post(uri, Map.of("Content-Type", "application/json; charset=utf-8"), SlackMessage.of(p));
    }
}
