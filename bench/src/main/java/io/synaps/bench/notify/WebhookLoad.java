package io.synaps.bench.notify;

import com.sun.net.httpserver.HttpServer;
import io.synaps.model.Dimension;
import io.synaps.model.MetricId;
import io.synaps.model.alarm.AlarmActions;
import io.synaps.model.alarm.AlarmArn;
import io.synaps.model.alarm.AlarmHistoryItem;
import io.synaps.model.alarm.AlarmState;
import io.synaps.model.alarm.AlarmStatus;
import io.synaps.model.alarm.AlarmTransition;
import io.synaps.model.alarm.ComparisonOperator;
import io.synaps.model.alarm.HistoryItemType;
import io.synaps.model.alarm.MetricAlarm;
import io.synaps.notify.dispatch.Dispatcher;
import io.synaps.notify.dispatch.DispatcherConfig;
import io.synaps.notify.webhook.HttpPoster;
import io.synaps.notify.webhook.WebhookNotifier;
import io.synaps.store.rocksdb.RocksDbStorage;
import io.synaps.store.topic.Subscription;
import io.synaps.store.topic.Topic;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * WebhookLoad measures alarm-action delivery to webhooks in one JVM: a real {@link Dispatcher}
 * (RocksDB outbox in a temporary directory, {@link WebhookNotifier} over the JDK HttpClient) fed
 * paced alarm transitions (default 10,000 per minute over 1,000 alarms alternating ALARM / OK,
 * each with one SNS topic action whose topic has one confirmed http subscription) and a JDK
 * HttpServer receiver on a loopback port. Latency is wall time from just before
 * {@code onTransition} to the receiver reading the request (matched by X-Synaps-Idempotency-Key);
 * also reports the enqueue time of {@code onTransition}, throughput, duplicates and losses.
 * Wall clock throughout (System.nanoTime for durations). Single use; not thread-safe.
 */
@Command(name = "webhook-load", mixinStandardHelpOptions = true,
        description = "Paced alarm transitions through the notify dispatcher to an in-JVM webhook receiver.")
public final class WebhookLoad implements Callable<Integer> {
    private static final String ACCOUNT = "000000000001";
    private static final String REGION = "us-east-1";

    @Option(names = "--per-minute", description = "transitions per minute (default ${DEFAULT-VALUE})")
    int perMinute = 10_000;
    @Option(names = "--minutes", description = "minutes of paced load (default ${DEFAULT-VALUE})")
    double minutes = 2;
    @Option(names = "--alarms", description = "alarms the transitions rotate over (default ${DEFAULT-VALUE})")
    int alarms = 1_000;
    @Option(names = "--workers", description = "dispatcher delivery threads (default ${DEFAULT-VALUE})")
    int workers = 8;
    @Option(names = "--receiver-threads", description = "receiver HTTP threads (default ${DEFAULT-VALUE})")
    int receiverThreads = 8;

    private final Map<String, Long> emittedAt = new ConcurrentHashMap<>();
    private final Map<String, Integer> receivedCount = new ConcurrentHashMap<>();
    private final Histogram latencyMicros = new Histogram(3_600_000_000L, 3);
    private final Histogram enqueueMicros = new Histogram(3_600_000_000L, 3);
    private final AtomicLong delivered = new AtomicLong();
    private volatile long lastDeliveryNanos;

    public static void main(String[] args) {
        System.exit(new CommandLine(new WebhookLoad()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("synaps-webhook-load-");
        Clock clock = Clock.systemUTC();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        ExecutorService receiverPool = Executors.newFixedThreadPool(receiverThreads);
        receiver.setExecutor(receiverPool);
        receiver.createContext("/hook", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                long now = System.nanoTime();
                String key = exchange.getRequestHeaders().getFirst("X-Synaps-Idempotency-Key");
                exchange.sendResponseHeaders(200, -1);
                if (key == null) {
                    return;
                }
                String transition = key.substring(0, key.lastIndexOf('/'));
                Long start = emittedAt.get(transition);
                if (receivedCount.merge(transition, 1, Integer::sum) == 1 && start != null) {
                    synchronized (latencyMicros) {
                        latencyMicros.recordValue(Math.max(0, (now - start) / 1_000));
                    }
                    delivered.incrementAndGet();
                    lastDeliveryNanos = now;
                }
            }
        });
        receiver.start();
        String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";

        RocksDbStorage storage = RocksDbStorage.open(dir.resolve("store"), clock);
        Dispatcher dispatcher = null;
        try {
            String topicArn = "arn:aws:sns:" + REGION + ":" + ACCOUNT + ":webhook-load";
            storage.topicStore().createTopic(new Topic(ACCOUNT, "webhook-load", topicArn, Map.of(), clock.millis()));
            storage.topicStore().putSubscription(new Subscription(topicArn + ":hook", ACCOUNT, topicArn, "http", hook, true,
                    "token", "bench-secret", Map.of(), clock.millis()));
            MetricAlarm[] fleet = new MetricAlarm[alarms];
            for (int i = 0; i < alarms; i++) {
                String name = "webhook-load-" + i;
                MetricAlarm a = new MetricAlarm(ACCOUNT, name, AlarmArn.of(REGION, ACCOUNT, name), null,
                        new AlarmActions(true, List.of(topicArn), List.of(topicArn), List.of()),
                        MetricId.of("Bench/Webhook", "Load", new Dimension("InstanceId", "i-" + i)), "Average", null,
                        null, 60, 1, null, 80.0, ComparisonOperator.GreaterThanThreshold, null, null, clock.millis(),
                        AlarmStatus.initial(clock.millis()));
                storage.alarmStore().put(a, new AlarmHistoryItem(ACCOUNT, name, a.type(), HistoryItemType.ConfigurationUpdate,
                        clock.millis(), "Alarm \"" + name + "\" created", "{\"version\":\"1.0\",\"type\":\"Create\"}"));
                fleet[i] = a;
            }
            DispatcherConfig defaults = DispatcherConfig.defaults(REGION, "http://127.0.0.1:8780");
            DispatcherConfig config = new DispatcherConfig(workers, defaults.baseBackoff(), defaults.maxBackoff(),
                    defaults.maxAttempts(), defaults.maxAge(), REGION, defaults.publicUrl(), defaults.dashboardUrl());
            dispatcher = new Dispatcher(config, storage.alarmStore(), storage.topicStore(), storage.outboxStore(),
                    List.of(new WebhookNotifier(storage.topicStore(), HttpPoster.defaults())), clock);
            dispatcher.start();

            long total = Math.round(perMinute * minutes);
            long intervalNanos = 60_000_000_000L / perMinute;
            System.out.printf("webhook-load: %d transitions at %d/min over %d alarms, %d dispatcher workers, receiver %s%n",
                    total, perMinute, alarms, workers, hook);
            long begin = System.nanoTime();
            long lastMillis = 0;
            for (long i = 0; i < total; i++) {
                long due = begin + i * intervalNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                int slot = (int) (i % alarms);
                MetricAlarm a = fleet[slot];
                AlarmState to = a.status().value() == AlarmState.ALARM ? AlarmState.OK : AlarmState.ALARM;
                long at = Math.max(clock.millis(), lastMillis + 1); // distinct per transition, like the engine's
                lastMillis = at;
                AlarmStatus next = a.status().moveTo(to, to == AlarmState.ALARM ? "Threshold Crossed: bench breach"
                        : "Threshold Crossed: bench recovery", null, at);
                AlarmTransition t = new AlarmTransition(a.withStatus(next), a.status(), at, false);
                fleet[slot] = (MetricAlarm) t.alarm();
                long start = System.nanoTime();
                emittedAt.put(t.key(), start);
                dispatcher.onTransition(t);
                enqueueMicros.recordValue((System.nanoTime() - start) / 1_000);
            }
            long emitEnd = System.nanoTime();
            long deadline = emitEnd + Duration.ofSeconds(120).toNanos();
            while (delivered.get() < total && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            long duplicates = receivedCount.values().stream().filter(c -> c > 1).count();
            double emitSeconds = (emitEnd - begin) / 1e9;
            double deliverSeconds = (lastDeliveryNanos - begin) / 1e9;
            System.out.printf("emitted %d in %.1f s (%.0f/min); delivered %d (lost %d, duplicated %d) by %.1f s (%.0f/min)%n",
                    total, emitSeconds, total / emitSeconds * 60, delivered.get(), total - delivered.get(), duplicates,
                    deliverSeconds, delivered.get() / deliverSeconds * 60);
            System.out.printf("delivery latency ms: p50 %.1f, p90 %.1f, p99 %.1f, p99.9 %.1f, max %.1f%n",
                    latencyMicros.getValueAtPercentile(50) / 1e3, latencyMicros.getValueAtPercentile(90) / 1e3,
                    latencyMicros.getValueAtPercentile(99) / 1e3, latencyMicros.getValueAtPercentile(99.9) / 1e3,
                    latencyMicros.getMaxValue() / 1e3);
            System.out.printf("onTransition (durable enqueue) ms: p50 %.2f, p99 %.2f, max %.2f%n",
                    enqueueMicros.getValueAtPercentile(50) / 1e3, enqueueMicros.getValueAtPercentile(99) / 1e3,
                    enqueueMicros.getMaxValue() / 1e3);
            System.out.printf("RESULT per_minute=%d emitted=%d delivered=%d lost=%d duplicated=%d p50_ms=%.1f p99_ms=%.1f "
                            + "throughput_per_min=%.0f enqueue_p99_ms=%.2f%n", perMinute, total, delivered.get(),
                    total - delivered.get(), duplicates, latencyMicros.getValueAtPercentile(50) / 1e3,
                    latencyMicros.getValueAtPercentile(99) / 1e3, delivered.get() / deliverSeconds * 60,
                    enqueueMicros.getValueAtPercentile(99) / 1e3);
            return delivered.get() == total && duplicates == 0 ? 0 : 1;
        } finally {
            if (dispatcher != null) {
                dispatcher.close();
            }
            storage.close();
            receiver.stop(0);
            receiverPool.shutdownNow();
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // best effort
            }
        }
    }
}
