package io.synaps.api.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;

/**
 * BodyLimitAggregator is Netty's aggregator with a body limit whose refusal is left to the
 * API handler, so the 413 is written in the request's protocol and in pipeline order: an
 * oversized request (by Content-Length, also with {@code Expect: 100-continue}, or by chunks as
 * they arrive) becomes an {@link OversizedRequest} message and the rest of its body is dropped.
 * One instance per channel; not thread-safe.
 */
final class BodyLimitAggregator extends HttpObjectAggregator {

    BodyLimitAggregator(int maxContentLength) {
        super(maxContentLength);
    }

    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        if (HttpUtil.is100ContinueExpected(start) && HttpUtil.getContentLength(start, -1L) > maxContentLength) {
            return null; // no "100 Continue"; the oversized path answers 413 instead
        }
        return super.newContinueResponse(start, maxContentLength, pipeline);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        if (oversized instanceof HttpRequest request) {
            ctx.fireChannelRead(new OversizedRequest(request.method().name(), request.uri(),
                    request.headers().copy()));
        } else {
            ctx.close();
        }
    }

    /** A request refused for its size: method, request-target and headers, no body. */
    record OversizedRequest(String method, String uri, HttpHeaders headers) {
    }
}
