package io.synaps.api.http;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.synaps.api.action.ActionRegistry;
import io.synaps.api.auth.CredentialSource;
import io.synaps.api.auth.SigV4Verifier;
import io.synaps.api.protocol.ApiService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * ApiServer is the HTTP/1.1 server of the CloudWatch API and the SNS-compatible topics API
 * (Netty; epoll when its native library is present, NIO otherwise). Routes: {@code GET /healthz} answers {@code ok},
 * {@code GET /metrics} the Prometheus text of the given registry, {@code /ui} the web dashboard
 * when one is configured ({@link DashboardSite}), everything else goes to the
 * {@link CloudWatchEndpoint} (CloudWatch in Query, JSON 1.0 and RPC v2 CBOR, SNS in Query, on one
 * endpoint; SigV4 scope service {@code monitoring} or {@code sns}). Requests are
 * decoded and handled on a bounded worker pool, never on the event loop. Start once, close once;
 * thread-safe.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final long DRAIN_MILLIS = 10_000;
    /** Longest request line and header block accepted, in bytes (Query GETs put everything in the URL). */
    private static final int MAX_LINE_BYTES = 64 * 1024;

    private final ApiConfig config;
    private final Shared shared;
    private EventLoopGroup group;
    private Channel serverChannel;
    private volatile int port = -1;

    /**
     * What every connection handler shares: endpoint, dashboard routes (null when the dashboard is
     * off), workers, ids, meters, the in-flight count.
     */
    record Shared(ApiConfig config, CloudWatchEndpoint endpoint, DashboardRoutes dashboard, ExecutorService workers,
                  Supplier<String> requestIds, PrometheusMeterRegistry meters, AtomicInteger inflight,
                  AtomicLong queuedBytes, long maxQueuedBytes) {
    }

    /** A server without the web dashboard: {@code /ui} paths go to the CloudWatch endpoint like any other. */
    public ApiServer(ApiConfig config, CredentialSource credentials, ActionRegistry registry,
                     PrometheusMeterRegistry meters, Clock clock, Supplier<String> requestIds) {
        this(config, credentials, registry, meters, clock, requestIds, null);
    }

    /**
     * A server that also serves the web dashboard ({@code /ui}, sign-in, sessions, the event
     * stream) and accepts session-authenticated API calls from it.
     *
     * @param dashboard the dashboard's parts; null for none
     */
    public ApiServer(ApiConfig config, CredentialSource credentials, ActionRegistry registry,
                     PrometheusMeterRegistry meters, Clock clock, Supplier<String> requestIds, DashboardSite dashboard) {
        this.config = config;
        SigV4Verifier verifier = new SigV4Verifier(credentials, config.region(), clock,
                Set.of(ApiService.CLOUDWATCH.signingName(), ApiService.SNS.signingName()));
        // Password hashing may use half the workers; the API keeps the rest under a sign-in flood.
        DashboardRoutes routes = dashboard == null ? null
                : new DashboardRoutes(dashboard, Math.max(1, config.workerThreads() / 2));
        CloudWatchEndpoint endpoint = new CloudWatchEndpoint(config, verifier, registry, meters, clock,
                routes == null ? null : routes.gate());
        ArrayBlockingQueue<Runnable> queue = new ArrayBlockingQueue<>(config.workerQueue());
        ThreadPoolExecutor workers = new ThreadPoolExecutor(config.workerThreads(), config.workerThreads(),
                60, TimeUnit.SECONDS, queue, new DefaultThreadFactory("synaps-api-worker", true),
                new ThreadPoolExecutor.AbortPolicy());
        // Bodies waiting for a worker are held in memory: cap them at a quarter of the heap so a
        // flood of 1 MiB requests is refused with 503 rather than exhausting memory.
        long maxQueuedBytes = Math.max(16L * config.maxBodyBytes(), Runtime.getRuntime().maxMemory() / 4);
        this.shared = new Shared(config, endpoint, routes, workers, requestIds, meters, new AtomicInteger(),
                new AtomicLong(), maxQueuedBytes);
        Gauge.builder("synaps.api.worker.queue", queue, ArrayBlockingQueue::size)
                .description("requests waiting for an API worker").register(meters);
        Gauge.builder("synaps.api.inflight", shared.inflight(), AtomicInteger::get)
                .description("API requests being handled").register(meters);
    }

    /**
     * Binds and starts accepting connections.
     *
     * @return the bound port (the chosen one when the configured port is 0)
     */
    public synchronized int start() throws InterruptedException {
        if (group != null) {
            throw new IllegalStateException("already started");
        }
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        group = new MultiThreadIoEventLoopGroup(config.ioThreads(), new DefaultThreadFactory("synaps-api-io", true), io);
        HttpDecoderConfig decoderConfig = new HttpDecoderConfig()
                .setMaxInitialLineLength(MAX_LINE_BYTES)
                .setMaxHeaderSize(MAX_LINE_BYTES);
        int idleSeconds = (int) Math.max(1, config.idleTimeout().toSeconds());
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast("idle", new IdleStateHandler(0, 0, idleSeconds))
                                .addLast("http", new HttpServerCodec(decoderConfig))
                                .addLast("body", new BodyLimitAggregator(config.maxBodyBytes()))
                                .addLast("api", new ApiChannelHandler(shared));
                    }
                });
        try {
            serverChannel = bootstrap.bind(config.host(), config.port()).sync().channel();
        } catch (InterruptedException | RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw e;
        }
        port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
        LOG.info("CloudWatch API listening on {}:{} ({} transport, region {})", config.host(), port,
                epoll ? "epoll" : "nio", config.region());
        return port;
    }

    /** The bound port, or -1 before {@link #start()}. */
    public int port() {
        return port;
    }

    /**
     * Stops accepting, lets requests in flight finish (up to 10 s), then stops the workers and
     * the event loops.
     */
    @Override
    public synchronized void close() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
            serverChannel = null;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MILLIS);
        shared.workers().shutdown();
        try {
            while (shared.inflight().get() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            shared.workers().awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        shared.workers().shutdownNow();
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            group = null;
        }
        port = -1;
    }
}
