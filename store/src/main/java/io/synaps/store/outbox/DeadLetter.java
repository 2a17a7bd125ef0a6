package io.synaps.store.outbox;

/** DeadLetter is a delivery that ran out of retries: the delivery as last tried, why, and when (epoch ms). Immutable. */
public record DeadLetter(Delivery delivery, String reason, long diedMillis) {
}
