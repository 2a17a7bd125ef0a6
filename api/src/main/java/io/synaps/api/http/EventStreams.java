package io.synaps.api.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpVersion;

/**
 * EventStreams opens the dashboard's live event stream ({@code GET /ui/api/events}) on a
 * connection whose session has been checked: from the call on, the connection belongs to the
 * stream (it writes the response head and the events, on the connection's event loop, and
 * cleans up when the connection closes). Called on the event loop; implementations must not block.
 */
@FunctionalInterface
public interface EventStreams {
    /**
     * Takes over the connection.
     *
     * @param ctx         the API handler's context (writes pass through the HTTP encoder)
     * @param version     the request's HTTP version
     * @param accountId   the session's account: only its events are sent
     * @param lastEventId the {@code Last-Event-ID} header or {@code lastEventId} query parameter; null when absent
     */
    void open(ChannelHandlerContext ctx, HttpVersion version, String accountId, String lastEventId);
}
