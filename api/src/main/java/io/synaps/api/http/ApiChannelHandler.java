package io.synaps.api.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.synaps.api.protocol.WireRequest;
import io.synaps.api.protocol.WireResponse;
import io.synaps.model.AwsError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * ApiChannelHandler is the per-connection HTTP handler: it routes {@code /healthz},
 * {@code /metrics}, the dashboard under {@code /ui} and the CloudWatch endpoint, hands requests to
 * the worker pool (answering 503 ServiceUnavailable in the request's protocol when its queue is
 * full), and writes responses strictly in request order, so HTTP/1.1 pipelining is safe. Reading
 * pauses while too many responses are outstanding. {@code GET /ui/api/events} with a live session
 * and no earlier response pending hands the connection to the dashboard's event stream for good.
 * One instance per channel; all state is touched on its event loop.
 */
final class ApiChannelHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ApiChannelHandler.class);
    /** Outstanding pipelined requests per connection before reading pauses. */
    private static final int MAX_OUTSTANDING = 16;
    /** How often an open event stream re-checks its session, in seconds. */
    private static final long SESSION_WATCH_SECONDS = 15;

    private final ApiServer.Shared shared;
    private final ArrayDeque<Slot> slots = new ArrayDeque<>();
    private boolean closing;
    /** True once the connection belongs to an event stream: later requests on it are ignored. */
    private boolean streaming;

    ApiChannelHandler(ApiServer.Shared shared) {
        this.shared = shared;
    }

    /** One response position in the connection's order. */
    private static final class Slot {
        final boolean keepAlive;
        final HttpVersion version;
        FullHttpResponse response;

        Slot(boolean keepAlive, HttpVersion version) {
            this.keepAlive = keepAlive;
            this.version = version;
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (closing || streaming) {
                return; // a "Connection: close" response is queued, or a stream owns the connection
            }
            if (msg instanceof BodyLimitAggregator.OversizedRequest oversized) {
                Slot slot = enqueue(ctx, false, HttpVersion.HTTP_1_1);
                WireRequest wire = WireRequest.of(oversized.method(), oversized.uri(), oversized.headers(), null);
                String id = shared.requestIds().get();
                complete(ctx, slot, shared.endpoint().reject(wire, RequestBodies.tooLarge(shared.config().maxBodyBytes()), id));
            } else if (msg instanceof FullHttpRequest request) {
                dispatch(ctx, request);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private Slot enqueue(ChannelHandlerContext ctx, boolean keepAlive, HttpVersion version) {
        Slot slot = new Slot(keepAlive, version);
        slots.add(slot);
        if (slots.size() >= MAX_OUTSTANDING) {
            ctx.channel().config().setAutoRead(false);
        }
        return slot;
    }

    private void dispatch(ChannelHandlerContext ctx, FullHttpRequest request) {
        String id = shared.requestIds().get();
        if (!request.decoderResult().isSuccess()) {
            // Unparseable request line or headers (too long, malformed): no protocol to answer in.
            Slot slot = enqueue(ctx, false, HttpVersion.HTTP_1_1);
            complete(ctx, slot, shared.endpoint().finish(plain(400, "Bad Request\n"), id));
            return;
        }
        String uri = request.uri();
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        DashboardRoutes dashboard = shared.dashboard();
        if (dashboard != null && path.equals(DashboardRoutes.EVENTS_PATH)) {
            openEvents(ctx, request, dashboard, id);
            return;
        }
        Slot slot = enqueue(ctx, HttpUtil.isKeepAlive(request), request.protocolVersion());
        boolean get = request.method().equals(HttpMethod.GET);
        if (get && path.equals("/healthz")) {
            complete(ctx, slot, shared.endpoint().finish(plain(200, "ok\n"), id));
            return;
        }
        if (get && path.equals("/metrics")) {
            submit(ctx, slot, id, () -> CompletableFuture.completedFuture(shared.endpoint().finish(
                    WireResponse.of(200, "text/plain; version=0.0.4; charset=utf-8",
                            shared.meters().scrape().getBytes(StandardCharsets.UTF_8)), id)),
                    () -> shared.endpoint().finish(plain(503, "busy\n"), id));
            return;
        }
        byte[] body = ByteBufUtil.getBytes(request.content());
        WireRequest wire = WireRequest.of(request.method().name(), uri, request.headers(), body);
        boolean ui = dashboard != null && DashboardRoutes.owns(path);
        String client = ui ? clientAddress(ctx) : null;
        Supplier<WireResponse> overloaded = ui
                ? () -> shared.endpoint().finish(DashboardRoutes.apiError(503, "ServiceUnavailable",
                        "The server is overloaded; retry the request later."), id)
                : () -> shared.endpoint().reject(wire, AwsError.serviceUnavailable(
                        "The server is overloaded; retry the request later."), id);
        long size = body.length;
        if (shared.queuedBytes().addAndGet(size) > shared.maxQueuedBytes()) {
            shared.queuedBytes().addAndGet(-size);
            complete(ctx, slot, overloaded.get());
            return;
        }
        submit(ctx, slot, id, () -> {
            shared.queuedBytes().addAndGet(-size); // the body now belongs to a (bounded) worker
            return ui ? CompletableFuture.completedFuture(shared.endpoint().finish(dashboard.handle(wire, client), id))
                    : shared.endpoint().handle(wire, id);
        }, () -> {
            shared.queuedBytes().addAndGet(-size);
            return overloaded.get();
        });
    }

    /**
     * {@code GET /ui/api/events}: checked here on the event loop (a session lookup, no hashing);
     * with a live session and nothing else in flight on the connection, the stream takes it over.
     */
    private void openEvents(ChannelHandlerContext ctx, FullHttpRequest request, DashboardRoutes dashboard, String id) {
        WireRequest wire = WireRequest.of(request.method().name(), request.uri(), request.headers(), null);
        DashboardRoutes.EventsCheck check = dashboard.eventsSession(wire);
        boolean pending = !slots.isEmpty();
        if (check.error() != null || pending) {
            WireResponse refusal = check.error() != null ? check.error() : DashboardRoutes.apiError(400, "ValidationError",
                    "The event stream must be the only request in flight on its connection.");
            Slot slot = enqueue(ctx, !pending && HttpUtil.isKeepAlive(request), request.protocolVersion());
            complete(ctx, slot, shared.endpoint().finish(refusal, id));
            return;
        }
        streaming = true;
        ctx.channel().config().setAutoRead(true);
        String sessionId = check.sessionId();
        SessionGate gate = dashboard.gate();
        // Sign-out, idle or absolute expiry, or a deleted user ends an open stream too (within one period).
        ScheduledFuture<?> watch = ctx.executor().scheduleAtFixedRate(() -> {
            if (!gate.stillLive(sessionId) && ctx.channel().isActive()) {
                // End the chunked body first: a cut-off stream is a network error in the browser's console.
                ctx.writeAndFlush(io.netty.handler.codec.http.LastHttpContent.EMPTY_LAST_CONTENT)
                        .addListener(ChannelFutureListener.CLOSE);
            }
        }, SESSION_WATCH_SECONDS, SESSION_WATCH_SECONDS, TimeUnit.SECONDS);
        ctx.channel().closeFuture().addListener(f -> watch.cancel(false));
        shared.dashboard().events().open(ctx, request.protocolVersion(), check.session().principal().accountId(),
                DashboardRoutes.lastEventId(wire));
    }

    private static String clientAddress(ChannelHandlerContext ctx) {
        SocketAddress remote = ctx.channel().remoteAddress();
        if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return String.valueOf(remote);
    }

    private void submit(ChannelHandlerContext ctx, Slot slot, String id, Supplier<CompletableFuture<WireResponse>> work,
                        Supplier<WireResponse> overloaded) {
        shared.inflight().incrementAndGet();
        try {
            shared.workers().execute(() -> {
                CompletableFuture<WireResponse> future;
                try {
                    future = work.get();
                } catch (Throwable t) {
                    future = CompletableFuture.failedFuture(t);
                }
                future.whenComplete((response, error) -> {
                    WireResponse r = response;
                    if (error != null) {
                        LOG.error("unexpected failure outside the endpoint", error);
                        r = shared.endpoint().finish(plain(500, "Internal Server Error\n"), id);
                    }
                    WireResponse done = r;
                    try {
                        ctx.executor().execute(() -> {
                            shared.inflight().decrementAndGet();
                            complete(ctx, slot, done);
                        });
                    } catch (RejectedExecutionException e) {
                        shared.inflight().decrementAndGet(); // event loop already shut down
                    }
                });
            });
        } catch (RejectedExecutionException e) {
            shared.inflight().decrementAndGet();
            complete(ctx, slot, overloaded.get());
        }
    }

    private void complete(ChannelHandlerContext ctx, Slot slot, WireResponse response) {
        if (!ctx.channel().isActive()) {
            return;
        }
        slot.response = toNetty(response, slot);
        boolean wrote = false;
        while (!slots.isEmpty() && slots.peek().response != null) {
            Slot head = slots.poll();
            wrote = true;
            if (!head.keepAlive) {
                closing = true;
                ctx.writeAndFlush(head.response).addListener(ChannelFutureListener.CLOSE);
                releaseQueued();
                return;
            }
            ctx.write(head.response);
        }
        if (wrote) {
            ctx.flush();
        }
        if (slots.size() < MAX_OUTSTANDING && !ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    private FullHttpResponse toNetty(WireResponse response, Slot slot) {
        HttpVersion version = slot.version == HttpVersion.HTTP_1_0 ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1;
        FullHttpResponse r = new DefaultFullHttpResponse(version, HttpResponseStatus.valueOf(response.status()),
                Unpooled.wrappedBuffer(response.body()), new DefaultHttpHeaders(), new DefaultHttpHeaders());
        for (Map.Entry<String, String> h : response.headers().entrySet()) {
            r.headers().set(h.getKey(), h.getValue());
        }
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.body().length);
        if (!slot.keepAlive) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (version == HttpVersion.HTTP_1_0) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        return r;
    }

    private static WireResponse plain(int status, String text) {
        return WireResponse.of(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    private void releaseQueued() {
        for (Slot s : slots) {
            if (s.response != null) {
                s.response.release();
            }
        }
        slots.clear();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent && slots.isEmpty() && !streaming) {
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        releaseQueued();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
