package io.synaps.notify.dispatch;

import io.synaps.store.outbox.Delivery;

import java.util.Set;

/**
 * Notifier sends deliveries of its channels (email, http, slack, sms, nova, ...). It runs on
 * the dispatcher's worker threads and may block, within its own timeouts. It never throws and
 * never puts a secret (password, token, webhook secret, full URL query) in an outcome or a log.
 * Implementations are thread-safe.
 */
public interface Notifier {

    /** The {@link Delivery#channel()} values this notifier serves. */
    Set<String> channels();

    /** Tries one delivery once. */
    Outcome send(Delivery delivery);
}
