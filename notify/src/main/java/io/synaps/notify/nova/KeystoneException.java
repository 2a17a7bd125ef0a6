package io.synaps.notify.nova;

/**
 * KeystoneException is a failed Keystone v3 authentication: {@code retryable} for timeouts,
 * unreachable hosts and 5xx answers, not for refused credentials or a catalog without a compute
 * endpoint. Its message never holds a password, secret or token. Immutable.
 */
public final class KeystoneException extends Exception {
    private final boolean retryable;

    public KeystoneException(String message, boolean retryable) {
        super(message, null, false, false);
        this.retryable = retryable;
    }

    /** Whether trying again later may succeed. */
    public boolean retryable() {
        return retryable;
    }
}
