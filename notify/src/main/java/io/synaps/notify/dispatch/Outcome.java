package io.synaps.notify.dispatch;

import java.util.Objects;

/**
 * Outcome is the result of one delivery attempt: delivered, worth retrying (timeouts, 5xx,
 * connection refused), or failed for good (4xx, malformed endpoint). {@code detail} is a short
 * secret-free text for history and dead letters. Immutable.
 */
public record Outcome(Status status, String detail) {

    /** Status is how an attempt ended. */
    public enum Status { DELIVERED, RETRY, FAILED }

    public Outcome {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
    }

    public static Outcome delivered(String detail) {
        return new Outcome(Status.DELIVERED, detail);
    }

    public static Outcome retry(String detail) {
        return new Outcome(Status.RETRY, detail);
    }

    public static Outcome failed(String detail) {
        return new Outcome(Status.FAILED, detail);
    }
}
