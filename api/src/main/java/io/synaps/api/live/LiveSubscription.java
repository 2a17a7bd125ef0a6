package io.synaps.api.live;

import java.util.List;

/**
 * LiveSubscription is one client's cursor into an account's live feed (see {@link LiveFeed#subscribe}).
 * Thread-safe: polled from the sink's thread, closed from any thread.
 */
public interface LiveSubscription extends AutoCloseable {

    /**
     * Up to {@code max} events after the cursor, oldest first (a pending {@code reset} first), and
     * advances the cursor past them; empty when there is nothing new or the subscription ended.
     */
    List<LiveEvent> poll(int max);

    /**
     * The id of the position the subscription started after: events with a greater sequence are
     * delivered. A client that received nothing yet may resume from it.
     */
    String startId();

    /** True once closed by {@link #close} or dropped by the feed. */
    boolean isClosed();

    /** Stops the subscription; idempotent; the sink hears nothing more. */
    @Override
    void close();
}
