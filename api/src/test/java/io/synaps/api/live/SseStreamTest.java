package io.synaps.api.live;

import io.synaps.api.auth.session.SteppingClock;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.synaps.model.MetricId;
import io.synaps.model.alarm.AlarmState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** SseStreamTest drives the stream through a real Netty HTTP pipeline (EmbeddedChannel) and checks the bytes. */
class SseStreamTest {
    private static final String A = "111111111111";
    private static final Instant START = Instant.parse("2026-01-10T12:00:00Z");
    private static final String HEAD = "HTTP/1.1 200 OK\r\n"
            + "content-type: text/event-stream; charset=utf-8\r\n"
            + "cache-control: no-store\r\n"
            + "x-accel-buffering: no\r\n"
            + "transfer-encoding: chunked\r\n\r\n";
    private static final String RETRY = chunk("retry: 2000\n\n");

    private SteppingClock clock;
    private LiveFeed feed;
    private EmbeddedChannel channel;

    @BeforeEach
    void setUp() {
        clock = new SteppingClock(START);
        feed = new LiveFeed(LiveFeedConfig.defaults().withMaxBacklog(3), clock);
    }

    @AfterEach
    void tearDown() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
    }

    /** A connection like ApiServer's (idle handler, HTTP codec, aggregation) whose handler opens the stream. */
    private void connect(String request) {
        channel = new EmbeddedChannel();
        channel.freezeTime();
        channel.pipeline().addLast(new IdleStateHandler(0, 0, 120), new HttpServerCodec(),
                new HttpObjectAggregator(1024), new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        FullHttpRequest r = (FullHttpRequest) msg;
                        try {
                            SseStream.start(ctx, r.protocolVersion(), feed, A, r.headers().get("Last-Event-ID"),
                                    Duration.ofSeconds(15));
                        } finally {
                            ReferenceCountUtil.release(msg);
                        }
                    }
                });
        channel.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.US_ASCII));
    }

    private static String get(String... headers) {
        StringBuilder b = new StringBuilder("GET /ui/api/events HTTP/1.1\r\nHost: localhost\r\n");
        for (String h : headers) {
            b.append(h).append("\r\n");
        }
        return b.append("\r\n").toString();
    }

    /** Everything written to the socket since the last call. */
    private String written() {
        channel.runPendingTasks();
        StringBuilder b = new StringBuilder();
        ByteBuf buf;
        while ((buf = channel.readOutbound()) != null) {
            b.append(buf.toString(StandardCharsets.UTF_8));
            buf.release();
        }
        return b.toString();
    }

    private static String chunk(String s) {
        int n = s.getBytes(StandardCharsets.UTF_8).length;
        return Integer.toHexString(n) + "\r\n" + s + "\r\n";
    }

    private void alarm(String name) {
        feed.onTransition(Transitions.metric(A, name, AlarmState.OK, AlarmState.ALARM, "breach", clock.millis()));
    }

    private String alarmFrame(long seq, String name) {
        return chunk("id: " + feed.epoch() + "-" + seq + "\nevent: alarm\ndata: {\"alarmName\":\"" + name
                + "\",\"alarmType\":\"MetricAlarm\",\"oldState\":\"OK\",\"newState\":\"ALARM\",\"reason\":\"breach\","
                + "\"timestamp\":\"2026-01-10T12:00:00Z\"}\n\n");
    }

    @Test
    void writesTheHeadTheRetryAnIdToResumeFromThenEachEventAsOneFrame() {
        alarm("before"); // seq 1, not replayed to a fresh stream
        connect(get());
        assertThat(written()).isEqualTo(HEAD + RETRY + chunk("id: " + feed.epoch() + "-1\n\n"));
        alarm("cpu");
        feed.onDatum(0, A, MetricId.of("App", "Requests"), clock.millis());
        feed.flush();
        assertThat(written()).isEqualTo(alarmFrame(2, "cpu")
                + chunk("id: " + feed.epoch() + "-3\nevent: metrics\ndata: {\"metrics\":[{\"Namespace\":\"App\","
                + "\"MetricName\":\"Requests\",\"Dimensions\":[]}],\"overflow\":false}\n\n"));
        assertThat(channel.isActive()).isTrue();
    }

    @Test
    void replaysAfterTheLastEventIdWithoutAnIdOnlyBlock() {
        alarm("a1");
        alarm("a2");
        alarm("a3");
        connect(get("Last-Event-ID: " + feed.epoch() + "-1"));
        assertThat(written()).isEqualTo(HEAD + RETRY + alarmFrame(2, "a2") + alarmFrame(3, "a3"));
    }

    @Test
    void startsWithOneResetForAnIdOfAnotherProcess() {
        alarm("a1");
        connect(get("Last-Event-ID: " + Long.toString(START.toEpochMilli() - 1, 36) + "-7"));
        assertThat(written()).isEqualTo(HEAD + RETRY + chunk("id: " + feed.epoch() + "-1\nevent: reset\ndata: "
                + "{\"reason\":\"" + LiveFeed.REASON_RESTARTED + "\"}\n\n"));
    }

    @Test
    void sendsAKeepAliveCommentEveryHeartbeat() {
        connect(get());
        written();
        channel.advanceTimeBy(14, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(written()).isEmpty();
        channel.advanceTimeBy(1, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(written()).isEqualTo(chunk(": keep-alive\n\n"));
        channel.advanceTimeBy(15, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(written()).isEqualTo(chunk(": keep-alive\n\n"));
    }

    @Test
    void unsubscribesAndStopsTheHeartbeatWhenTheConnectionCloses() {
        connect(get());
        written();
        assertThat(feed.subscribers(A)).isEqualTo(1);
        channel.close();
        assertThat(feed.subscribers(A)).isZero();
        alarm("after");
        channel.advanceTimeBy(60, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(written()).isEmpty();
    }

    @Test
    void waitsWhileTheSocketIsFullAndResumesWhenItDrains() {
        connect(get());
        written();
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        alarm("a1");
        alarm("a2");
        assertThat(written()).isEmpty(); // held in the feed, not in Netty's buffer
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
        assertThat(written()).isEqualTo(alarmFrame(1, "a1") + alarmFrame(2, "a2"));
        assertThat(channel.isActive()).isTrue();
    }

    @Test
    void closesTheConnectionWhenTheFeedDropsItForLag() {
        connect(get());
        written();
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        for (int i = 1; i <= 4; i++) {
            alarm("a" + i); // backlog 3
        }
        channel.runPendingTasks();
        assertThat(channel.isActive()).isFalse();
        assertThat(feed.subscribers(A)).isZero();
    }

    @Test
    void closesTheConnectionWhenTheFeedCloses() {
        connect(get());
        written();
        feed.close();
        channel.runPendingTasks();
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    void answersHttp10WithACloseDelimitedBody() {
        connect("GET /ui/api/events HTTP/1.0\r\n\r\n");
        assertThat(written()).isEqualTo("HTTP/1.0 200 OK\r\n"
                + "content-type: text/event-stream; charset=utf-8\r\n"
                + "cache-control: no-store\r\n"
                + "x-accel-buffering: no\r\n"
                + "connection: close\r\n\r\n"
                + "retry: 2000\n\n"
                + "id: " + feed.epoch() + "-0\n\n");
        alarm("a1");
        assertThat(written()).startsWith("id: " + feed.epoch() + "-1\nevent: alarm\n");
    }
}
