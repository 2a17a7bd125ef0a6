package io.synaps.api.live;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.ScheduledFuture;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * SseStream serves one {@link LiveFeed} subscription as a {@code text/event-stream} response on a
 * Netty HTTP connection it takes over: the response head (chunked on HTTP/1.1, close-delimited on
 * HTTP/1.0), {@code retry: 2000}, for a fresh stream an id-only block so a reconnect resumes from
 * here, then each event as {@code id:}/{@code event:}/{@code data:} lines and a
 * {@code : keep-alive} comment every heartbeat. It reads the subscription only while the channel
 * is writable, so a client that stops reading falls behind and is dropped by the feed, which
 * closes the connection (the browser reconnects with its Last-Event-ID). Every write happens on
 * the channel's event loop; the subscription ends when the channel closes. Thread-safe.
 */
public final class SseStream implements EventSink {
    /** The reconnection delay the stream asks of the browser, in milliseconds. */
    public static final int RETRY_MILLIS = 2000;
    /** Events taken from the feed per writability check. */
    private static final int BATCH = 16;
    /** Events written per event-loop task before yielding to other channels. */
    private static final int TURN = 256;
    static final String CONTENT_TYPE = "text/event-stream; charset=utf-8";

    private final ChannelHandlerContext ctx;
    private final boolean chunked;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile LiveSubscription subscription;
    // event loop only
    private boolean finished;
    private ScheduledFuture<?> heartbeat;

    private SseStream(ChannelHandlerContext ctx, HttpVersion version) {
        this.ctx = ctx;
        this.chunked = version != HttpVersion.HTTP_1_0;
    }

    /**
     * Takes over the connection of {@code ctx} (a handler after the HTTP codec) for the account's
     * live events; callable from any thread, the work happens on the channel's event loop.
     *
     * @param lastEventId the {@code Last-Event-ID} header or {@code lastEventId} query parameter, or null
     * @param heartbeat   the interval of the keep-alive comments (the design uses 15 s)
     */
    public static void start(ChannelHandlerContext ctx, HttpVersion version, LiveFeed feed, String accountId,
                             String lastEventId, Duration heartbeat) {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(feed, "feed");
        Objects.requireNonNull(accountId, "accountId");
        if (heartbeat == null || heartbeat.toMillis() < 1) {
            throw new IllegalArgumentException("heartbeat must be at least 1 ms");
        }
        SseStream stream = new SseStream(ctx, version);
        if (ctx.executor().inEventLoop()) {
            stream.open(feed, accountId, lastEventId, heartbeat);
        } else {
            ctx.executor().execute(() -> stream.open(feed, accountId, lastEventId, heartbeat));
        }
    }

    private void open(LiveFeed feed, String accountId, String lastEventId, Duration every) {
        if (!ctx.channel().isActive()) {
            return;
        }
        HttpResponse head = new DefaultHttpResponse(chunked ? HttpVersion.HTTP_1_1 : HttpVersion.HTTP_1_0,
                HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, CONTENT_TYPE);
        head.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        head.headers().set("x-accel-buffering", "no");
        if (chunked) {
            HttpUtil.setTransferEncodingChunked(head, true);
        } else {
            head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        ctx.write(head);
        ctx.write(text("retry: " + RETRY_MILLIS + "\n\n"));
        LiveSubscription sub = feed.subscribe(accountId, lastEventId, this);
        subscription = sub;
        if (lastEventId == null || lastEventId.isEmpty()) {
            ctx.write(text("id: " + sub.startId() + "\n\n"));
        }
        ctx.flush();
        // The API handler passes writability changes on; the stream resumes writing on them.
        ctx.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelWritabilityChanged(ChannelHandlerContext c) {
                if (c.channel().isWritable()) {
                    drain();
                }
                c.fireChannelWritabilityChanged();
            }
        });
        long millis = every.toMillis();
        heartbeat = ctx.executor().scheduleAtFixedRate(this::beat, millis, millis, TimeUnit.MILLISECONDS);
        ctx.channel().closeFuture().addListener(f -> finish());
        if (!sub.isClosed()) {
            drain();
        }
    }

    @Override
    public void ready(LiveSubscription subscription) {
        if (scheduled.compareAndSet(false, true)) {
            try {
                ctx.executor().execute(this::drain);
            } catch (RejectedExecutionException e) {
                scheduled.set(false); // the event loop is shutting down; the channel is closing
            }
        }
    }

    @Override
    public void dropped(LiveSubscription subscription, String reason) {
        // Close at once: what is queued for a lagging client would only delay its reconnect.
        try {
            ctx.executor().execute(() -> {
                finish();
                // End the chunked body, so the browser sees a finished stream and reconnects quietly.
                ctx.writeAndFlush(io.netty.handler.codec.http.LastHttpContent.EMPTY_LAST_CONTENT)
                        .addListener(io.netty.channel.ChannelFutureListener.CLOSE);
            });
        } catch (RejectedExecutionException e) {
            // the event loop is shutting down and closes the channel itself
        }
    }

    /** Writes what the subscription holds while the channel is writable (event loop). */
    private void drain() {
        scheduled.set(false);
        LiveSubscription sub = subscription;
        if (finished || sub == null) {
            return;
        }
        int written = 0;
        while (ctx.channel().isWritable() && written < TURN) {
            List<LiveEvent> events = sub.poll(BATCH);
            if (events.isEmpty()) {
                break;
            }
            for (LiveEvent e : events) {
                ctx.write(new DefaultHttpContent(Unpooled.wrappedBuffer(e.frame())));
            }
            written += events.size();
        }
        if (written > 0) {
            ctx.flush();
        }
        // Unwritable: events wait in the feed until the socket drains (channelWritabilityChanged).
        if (written >= TURN && ctx.channel().isWritable()) {
            ready(sub); // more may wait: continue after the loop's other channels had a turn
        }
    }

    private void beat() {
        if (!finished) {
            ctx.writeAndFlush(text(": keep-alive\n\n"));
        }
    }

    private void finish() {
        if (finished) {
            return;
        }
        finished = true;
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        LiveSubscription sub = subscription;
        if (sub != null) {
            sub.close();
        }
    }

    private static DefaultHttpContent text(String s) {
        return new DefaultHttpContent(Unpooled.wrappedBuffer(s.getBytes(StandardCharsets.UTF_8)));
    }
}
