package io.synaps.store.topic;

import java.util.Map;
import java.util.Objects;

/**
 * Subscription is one endpoint subscribed to a topic. {@code protocol} is SNS's (email,
 * email-json, http, https, sms) or Synaps's {@code slack} (a Slack incoming-webhook URL);
 * {@code endpoint} the address, URL or phone number; {@code confirmed} false while
 * PendingConfirmation (http/https/email wait for ConfirmSubscription with {@code token});
 * {@code secret} is the per-subscription key of webhook HMAC signatures (never logged or
 * returned by list calls); {@code attributes} SNS subscription attributes (RawMessageDelivery,
 * ...). Immutable.
 */
public record Subscription(String arn, String accountId, String topicArn, String protocol, String endpoint,
                           boolean confirmed, String token, String secret, Map<String, String> attributes,
                           long createdMillis) {
    public Subscription {
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(topicArn, "topicArn");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(endpoint, "endpoint");
        attributes = Map.copyOf(attributes);
    }

    public Subscription confirm() {
        return new Subscription(arn, accountId, topicArn, protocol, endpoint, true, token, secret, attributes,
                createdMillis);
    }

    /** Hides the secret from toString: subscriptions end up in logs. */
    @Override
    public String toString() {
        return "Subscription[" + arn + ", " + protocol + ", confirmed=" + confirmed + "]";
    }
}
