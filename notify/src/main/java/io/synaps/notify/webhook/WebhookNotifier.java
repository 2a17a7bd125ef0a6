package io.synaps.notify.webhook;

import io.synaps.notify.dispatch.DeliveryPayload;
import io.synaps.notify.dispatch.Notifier;
import io.synaps.notify.dispatch.Outcome;
import io.synaps.store.outbox.Delivery;
import io.synaps.store.topic.Subscription;
import io.synaps.store.topic.TopicStore;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * WebhookNotifier delivers the {@code http} and {@code https} protocols as SNS does: a POST of
 * the SNS envelope JSON (or the bare message when the subscription has RawMessageDelivery) with
 * SNS's {@code x-amz-sns-*} headers, plus {@code X-Synaps-Signature} (HMAC-SHA256 of the body
 * with the subscription's secret, looked up at send time so it never sits in the outbox) and
 * {@code X-Synaps-Idempotency-Key} (the delivery key: a receiver that sees it twice may drop
 * the second; bytes outside printable ASCII percent-encoded). Thread-safe.
 */
public final class WebhookNotifier implements Notifier {
    /** The header carrying the delivery's idempotency key. */
    public static final String IDEMPOTENCY_HEADER = "X-Synaps-Idempotency-Key";
    /** The User-Agent of every webhook request. */
    public static final String USER_AGENT = "Synaps Simple Notification Service Agent";

    private final TopicStore topics;
    private final HttpPoster http;

    public WebhookNotifier(TopicStore topics, HttpPoster http) {
        this.topics = Objects.requireNonNull(topics, "topics");
        this.http = Objects.requireNonNull(http, "http");
    }

    @Override
    public Set<String> channels() {
        return Set.of("http", "https");
    }

    @Override
    public Outcome send(Delivery delivery) {
        DeliveryPayload p;
        try {
            p = DeliveryPayload.of(delivery);
        } catch (IllegalArgumentException e) {
            return Outcome.failed("the delivery payload is unreadable");
        }
        URI uri = HttpPoster.endpoint(p.endpoint(), Set.of(delivery.channel()));
        if (uri == null) {
            return Outcome.failed("the endpoint is not an absolute " + delivery.channel() + " URL");
        }
        boolean confirmation = DeliveryPayload.CONFIRMATION.equals(p.type());
        boolean raw = !confirmation && Boolean.TRUE.equals(p.rawMessageDelivery());
        String body = raw ? p.message() : p.envelope().json();

        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "text/plain; charset=UTF-8");
        headers.put("User-Agent", USER_AGENT);
        headers.put("x-amz-sns-message-type", confirmation ? DeliveryPayload.CONFIRMATION : DeliveryPayload.NOTIFICATION);
        headers.put("x-amz-sns-message-id", p.messageId());
        headers.put("x-amz-sns-topic-arn", p.topicArn());
        if (!confirmation) {
            headers.put("x-amz-sns-subscription-arn", p.subscriptionArn());
        }
        if (raw) {
            headers.put("x-amz-sns-rawdelivery", "true");
        }
        secret(p.subscriptionArn()).ifPresent(secret ->
                headers.put(WebhookSignature.HEADER, WebhookSignature.sign(secret, body.getBytes(StandardCharsets.UTF_8))));
        headers.put(IDEMPOTENCY_HEADER, headerSafe(delivery.key()));
        return http.post(uri, headers, body);
    }

    /** The text with every byte outside printable ASCII (alarm names may be any Unicode) percent-encoded as UTF-8. */
    static String headerSafe(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '%') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private Optional<String> secret(String subscriptionArn) {
        if (subscriptionArn == null) {
            return Optional.empty();
        }
        String[] parts = subscriptionArn.split(":", 7);
        if (parts.length < 7) {
            return Optional.empty();
        }
        return topics.getSubscription(parts[4], subscriptionArn).map(Subscription::secret)
                .filter(s -> !s.isEmpty());
    }
}
