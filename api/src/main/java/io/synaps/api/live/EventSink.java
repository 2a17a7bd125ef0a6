package io.synaps.api.live;

/**
 * EventSink is the receiving end of a {@link LiveFeed} subscription. The feed does not push
 * events: it tells the sink that events wait ({@link #ready}) and the sink takes them with
 * {@link LiveSubscription#poll} at its own pace, so a slow reader costs no memory beyond the
 * account's ring buffer. Both methods are called on publishing threads (engine, flusher, or the
 * subscribing thread), outside the feed's locks: they must be cheap, must not block and must not
 * throw; {@code ready} may poll inline.
 */
public interface EventSink {

    /** Events (or a reset) wait in {@code subscription}. Repeated calls may come before the sink polls. */
    void ready(LiveSubscription subscription);

    /**
     * The feed ended the subscription: it fell more than the backlog behind, or the feed closed.
     * Nothing more is delivered; the client should reconnect with the last id it received.
     */
    void dropped(LiveSubscription subscription, String reason);
}
