package io.synaps.api.action;

import java.time.Clock;

/**
 * RequestContext is who is calling and when: the authenticated account (12 digits), the region
 * the server serves, the request id echoed in {@code x-amzn-RequestId}, and the injected clock.
 * An anonymous request (an unsigned SNS ConfirmSubscription or Unsubscribe, as reached from the
 * links in confirmation messages) has a null account and access key: only handlers that accept
 * anonymous callers ever see one. Immutable.
 */
public record RequestContext(String requestId, String accountId, String accessKeyId, String region, Clock clock) {

    /** The context of an unsigned request. */
    public static RequestContext anonymous(String requestId, String region, Clock clock) {
        return new RequestContext(requestId, null, null, region, clock);
    }

    /** True when the request carried no signature. */
    public boolean anonymous() {
        return accountId == null;
    }
}
