package io.synaps.store.outbox;

import java.util.List;

/**
 * OutboxStore is the durable queue of deliveries owed to endpoints. A key is accepted once: a
 * delivery whose key is pending, delivered or dead is never queued again (until its record is
 * pruned), which makes redelivery after a restart idempotent. Thread-safe; writes are durable
 * when the call returns.
 */
public interface OutboxStore {

    /** Queues the deliveries whose keys are new, atomically; returns those it queued. */
    List<Delivery> enqueue(List<Delivery> deliveries);

    /** Every pending delivery (start-up), ordered by orderKey then sequence. */
    List<Delivery> pending();

    /** Replaces a pending delivery's attempts, next attempt time and last error; ignored when it is no longer pending. */
    void reschedule(Delivery delivery);

    /** Marks a pending delivery delivered at {@code atMillis} (its key is remembered). */
    void complete(String key, long atMillis);

    /** Moves a pending delivery to the dead letters with the reason. */
    void kill(Delivery delivery, String reason, long atMillis);

    /** Whether a delivery with that key was ever accepted (pending, delivered or dead, not yet pruned). */
    boolean known(String key);

    /** Up to {@code limit} dead letters of the account, newest first, after {@code afterKey} (null: from the first). */
    List<DeadLetter> deadLetters(String accountId, String afterKey, int limit);

    /** Forgets delivered keys and dead letters older than {@code beforeMillis}; returns how many. */
    long prune(long beforeMillis);
}
