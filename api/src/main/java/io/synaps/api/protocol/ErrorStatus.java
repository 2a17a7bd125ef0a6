package io.synaps.api.protocol;

import io.synaps.model.AwsError;

/**
 * ErrorStatus is the HTTP status rule for errors (cloudwatch-reference.md 1.5): Query always uses
 * the model's status; JSON and CBOR use it only when the request says
 * {@code x-amzn-query-mode: true}, otherwise every 4xx becomes 400. Errors raised by the transport
 * itself (authentication 403, body too large 413, overload 503) keep their status in every
 * protocol, since they come from the front door and not from the service model. Stateless.
 */
public final class ErrorStatus {
    private ErrorStatus() {
    }

    /** The status of a service error in the given protocol and query mode. */
    public static int of(WireProtocol protocol, AwsError error, boolean queryMode) {
        int status = error.status();
        if (protocol == WireProtocol.QUERY || queryMode) {
            return status;
        }
        return status >= 400 && status < 500 ? 400 : status;
    }
}
