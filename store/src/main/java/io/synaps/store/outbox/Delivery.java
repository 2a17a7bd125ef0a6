package io.synaps.store.outbox;

import java.util.Objects;

/**
 * Delivery is one message owed to one endpoint, kept in the outbox until delivered or dead.
 * {@code key} is the idempotency key (for alarm actions: account/alarm/transition time/target);
 * {@code orderKey} groups deliveries that must go out in order (one alarm's notifications to one
 * endpoint: its ALARM before its OK) and {@code sequence} orders them within the group (the
 * transition time); {@code channel} names the notifier (email, email-json, http, https, sms,
 * slack, sns-confirm, nova, ...); {@code target} the subscription or action ARN; {@code payload}
 * the channel's JSON input. Times are epoch milliseconds. Immutable.
 */
public record Delivery(String key, String accountId, String orderKey, long sequence, String channel, String target,
                       String payload, int attempts, long nextAttemptMillis, String lastError, long createdMillis) {
    public Delivery {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(orderKey, "orderKey");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(payload, "payload");
    }

    /** A copy after a failed attempt. */
    public Delivery retried(long nextAttempt, String error) {
        return new Delivery(key, accountId, orderKey, sequence, channel, target, payload, attempts + 1, nextAttempt,
                error, createdMillis);
    }
}
