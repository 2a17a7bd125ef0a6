package io.synaps.api.action;

import java.time.Clock;

/**
 * RequestContext is who is calling and when: the authenticated account (12 digits), the region
 * the server serves, the request id echoed in {@code x-amzn-RequestId}, and the injected clock.
 */
public record RequestContext(String requestId, String accountId, String accessKeyId, String region, Clock clock) {
}
