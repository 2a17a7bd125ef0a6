package io.synaps.bench.load;

import io.synaps.bench.workload.MetricFleet;
import io.synaps.bench.workload.Protocol;
import io.synaps.bench.workload.PutMetricDataBodies;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * LoadGenerator drives a running Synaps server on this machine with realistic, SigV4-signed
 * PutMetricData requests (1,000 datums of ten dimensions each by default, gzipped like the SDKs)
 * in one protocol, and reports requests/s, datums/s, latency percentiles and errors by code.
 *
 * <p>Bodies are built and compressed before the timed loop. Without {@code --rate} each of the
 * {@code --connections} workers sends back to back (closed loop, peak throughput); with it,
 * requests are scheduled at fixed intervals and latency counts from the scheduled time (open loop,
 * no coordinated omission). Only loopback endpoints are accepted.
 */
@Command(name = "load-generator", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Drives a running Synaps server (loopback only) with signed PutMetricData requests.")
public final class LoadGenerator implements Callable<Integer> {
    // The server's documented local defaults (ServerConfig); the generator talks to it only over HTTP.
    static final int DEFAULT_PORT = 8780;
    static final String DEFAULT_ACCESS_KEY_ID = "AKIASYNAPSLOCALADMIN";
    static final String DEFAULT_SECRET_ACCESS_KEY = "synaps-local-admin-secret-change-me";
    private static final Pattern QUERY_CODE = Pattern.compile("<Code>([^<]*)</Code>");

    @Option(names = "--endpoint", description = "Server base URI (loopback only). Default: http://127.0.0.1:$SYNAPS_PORT or :8780.")
    String endpoint;

    @Option(names = "--protocol", defaultValue = "query", description = "query | json | cbor (default: ${DEFAULT-VALUE}).")
    String protocol;

    @Option(names = "--series", defaultValue = "100000", description = "Distinct series cycled through (default: ${DEFAULT-VALUE}).")
    int series;

    @Option(names = "--datums", defaultValue = "1000", description = "Datums per request, at most 1000 (default: ${DEFAULT-VALUE}).")
    int datums;

    @Option(names = "--dimensions", defaultValue = "10", description = "Dimensions per datum, 0..10 (default: ${DEFAULT-VALUE}).")
    int dimensions;

    @Option(names = "--connections", defaultValue = "4", description = "Concurrent requests / connections (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--duration", defaultValue = "30", description = "Measured seconds, after the warm-up (default: ${DEFAULT-VALUE}).")
    int durationSeconds;

    @Option(names = "--warmup", defaultValue = "5", description = "Seconds of load not counted in the results (default: ${DEFAULT-VALUE}).")
    int warmupSeconds;

    @Option(names = "--requests", defaultValue = "0", description = "Stop after this many requests in total, 0 = no limit (default: ${DEFAULT-VALUE}).")
    long requestLimit;

    @Option(names = "--rate", defaultValue = "0", description = "Target requests/s (open loop); 0 = as fast as the connections allow (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--gzip", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "gzip bodies of at least 10,240 bytes, like the SDKs (default: ${DEFAULT-VALUE}).")
    boolean gzip;

    @Option(names = "--access-key", description = "Default: $SYNAPS_ACCESS_KEY_ID or the local admin key.")
    String accessKey;

    @Option(names = "--secret-key", description = "Default: $SYNAPS_SECRET_ACCESS_KEY or the local admin secret.")
    String secretKey;

    @Option(names = "--region", description = "Default: $SYNAPS_REGION or us-east-1.")
    String region;

    @Option(names = "--timeout", defaultValue = "30", description = "Per-request timeout in seconds (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--resign-seconds", defaultValue = "60", description = "Re-sign a prepared request when its signature is this old (default: ${DEFAULT-VALUE}).")
    int resignSeconds;

    @Option(names = "--server-pid", defaultValue = "0",
            description = "PID of the server on this machine: report its CPU time per datum over the measured window.")
    long serverPid;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the datum values (default: ${DEFAULT-VALUE}).")
    long seed;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Map<String, String> env;
    private long[] cpuAtMeasureStart;
    private long[] cpuAtMeasureEnd;
    private final Clock clock;
    private final PrintStream out;

    LoadGenerator(Map<String, String> env, Clock clock, PrintStream out) {
        this.env = env;
        this.clock = clock;
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(execute(System.getenv(), System.out, System.err, args));
    }

    /** Runs the command line; returns the exit code (0 when at least one request succeeded). */
    static int execute(Map<String, String> env, PrintStream out, PrintStream err, String... args) {
        CommandLine cl = new CommandLine(new LoadGenerator(env, Clock.systemUTC(), out));
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        return cl.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        LoopbackEndpoint target;
        try {
            target = LoopbackEndpoint.parse(Optional.ofNullable(endpoint)
                    .orElse("http://127.0.0.1:" + env.getOrDefault("SYNAPS_PORT", String.valueOf(DEFAULT_PORT))));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        Protocol proto = Protocol.parse(protocol);
        if (connections < 1 || durationSeconds < 1 || warmupSeconds < 0 || rate < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--connections and --duration must be positive, --warmup and --rate not negative");
        }
        SdkRequestSigner signer = new SdkRequestSigner(
                Optional.ofNullable(accessKey).orElse(env.getOrDefault("SYNAPS_ACCESS_KEY_ID", DEFAULT_ACCESS_KEY_ID)),
                Optional.ofNullable(secretKey).orElse(env.getOrDefault("SYNAPS_SECRET_ACCESS_KEY", DEFAULT_SECRET_ACCESS_KEY)),
                Optional.ofNullable(region).orElse(env.getOrDefault("SYNAPS_REGION", "us-east-1")),
                clock);

        MetricFleet fleet = new MetricFleet(series, datums, dimensions, seed);
        List<PreparedRequest> requests = prepare(fleet, proto, target.resolve(proto.path()));

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        checkHealth(client, target);

        out.printf(Locale.ROOT, "load: %s %s, %d connections, %s, %ds warm-up + %ds measured%n",
                proto.name().toLowerCase(Locale.ROOT), target.base(), connections,
                rate > 0 ? String.format(Locale.ROOT, "target %.1f req/s", rate) : "closed loop (peak)",
                warmupSeconds, durationSeconds);
        LoadStats total = run(client, signer, requests);
        report(proto, total);
        return total.ok > 0 ? 0 : 1;
    }

    private List<PreparedRequest> prepare(MetricFleet fleet, Protocol proto, URI uri) {
        long t0 = System.nanoTime();
        PutMetricDataBodies bodies = new PutMetricDataBodies(fleet);
        long timestampMillis = clock.millis();
        // Bodies are independent: build them on every core.
        List<PreparedRequest> prepared = java.util.stream.IntStream.range(0, fleet.batches()).parallel().mapToObj(b -> {
            byte[] body = bodies.body(proto, b, timestampMillis);
            boolean compress = gzip && body.length >= PutMetricDataBodies.SDK_MIN_COMPRESSION_BYTES;
            byte[] onWire = compress ? PutMetricDataBodies.gzip(body) : body;
            Map<String, String> headers = new java.util.LinkedHashMap<>(proto.headers());
            if (compress) {
                headers.put("Content-Encoding", "gzip");
            }
            return new PreparedRequest(uri, headers, onWire, body.length, fleet.batchSize(), Duration.ofSeconds(timeoutSeconds));
        }).collect(java.util.stream.Collectors.toList());
        long raw = prepared.stream().mapToLong(PreparedRequest::rawBytes).sum();
        long wire = prepared.stream().mapToLong(PreparedRequest::wireBytes).sum();
        int maxWire = prepared.stream().mapToInt(PreparedRequest::wireBytes).max().orElse(0);
        out.printf(Locale.ROOT, "prepared %d distinct requests (%d series, %d datums x %d dimensions each) in %.1f s:"
                        + " body %,d bytes raw, %,d on the wire on average (max %,d)%n",
                prepared.size(), fleet.seriesCount(), fleet.batchSize(), fleet.dimensions(), (System.nanoTime() - t0) / 1e9,
                raw / prepared.size(), wire / prepared.size(), maxWire);
        return prepared;
    }

    private void checkHealth(HttpClient client, LoopbackEndpoint target) {
        try {
            HttpResponse<Void> r = client.send(HttpRequest.newBuilder(target.resolve("/healthz"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() != 200) {
                out.println("warning: GET /healthz answered " + r.statusCode());
            }
        } catch (Exception e) {
            throw new IllegalStateException("no server answering at " + target.base() + ": " + e, e);
        }
    }

    private LoadStats run(HttpClient client, SdkRequestSigner signer, List<PreparedRequest> requests) throws InterruptedException {
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        long measureFrom = start + TimeUnit.SECONDS.toNanos(warmupSeconds);
        long stopAt = measureFrom + TimeUnit.SECONDS.toNanos(durationSeconds);
        long intervalNanos = rate > 0 ? (long) (1e9 / rate) : 0;
        long resignNanos = TimeUnit.SECONDS.toNanos(resignSeconds);
        AtomicLong next = new AtomicLong();
        AtomicLong done = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        List<LoadStats> stats = new ArrayList<>();
        for (int w = 0; w < connections; w++) {
            LoadStats s = new LoadStats();
            stats.add(s);
            Thread t = new Thread(() -> work(client, signer, requests, s, next, done, start, measureFrom, stopAt,
                    intervalNanos, resignNanos), "load-" + w);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
        long lastDone = 0;
        long lastAt = System.nanoTime();
        while (workers.stream().anyMatch(Thread::isAlive)) {
            Thread.sleep(100);
            long now = System.nanoTime();
            if (cpuAtMeasureStart == null && now >= measureFrom) {
                cpuAtMeasureStart = new long[]{cpuNanos(serverPid), cpuNanos(ProcessHandle.current().pid()), now};
            }
            if (now - lastAt >= TimeUnit.SECONDS.toNanos(5)) {
                long d = done.get();
                out.printf(Locale.ROOT, "  %5.0f s: %8.1f req/s%n", (now - start) / 1e9, (d - lastDone) / ((now - lastAt) / 1e9));
                lastDone = d;
                lastAt = now;
            }
        }
        cpuAtMeasureEnd = new long[]{cpuNanos(serverPid), cpuNanos(ProcessHandle.current().pid()), System.nanoTime()};
        LoadStats total = new LoadStats();
        stats.forEach(total::add);
        return total;
    }

    private void work(HttpClient client, SdkRequestSigner signer, List<PreparedRequest> requests, LoadStats stats,
                      AtomicLong next, AtomicLong done, long start, long measureFrom, long stopAt,
                      long intervalNanos, long resignNanos) {
        while (true) {
            long i = next.getAndIncrement();
            if (requestLimit > 0 && i >= requestLimit) {
                return;
            }
            long intended;
            if (intervalNanos > 0) {
                intended = start + i * intervalNanos;
                if (intended >= stopAt) {
                    return;
                }
                for (long wait = intended - System.nanoTime(); wait > 0; wait = intended - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
            } else {
                for (long wait = start - System.nanoTime(); wait > 0; wait = start - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                intended = System.nanoTime();
                if (intended >= stopAt) {
                    return;
                }
            }
            PreparedRequest prepared = requests.get((int) (i % requests.size()));
            long sent = System.nanoTime();
            HttpRequest request = prepared.request(signer, sent, resignNanos);
            String error;
            try {
                HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                error = response.statusCode() == 200 ? null : errorKey(response);
            } catch (java.io.IOException e) {
                error = "io " + e.getClass().getSimpleName();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long end = System.nanoTime();
            done.incrementAndGet();
            if (intended >= measureFrom) {
                if (error == null) {
                    stats.recordOk(intended, sent, end, prepared.datums(), prepared.wireBytes());
                } else {
                    stats.recordError(error, intended, sent, end);
                }
            }
        }
    }

    /** Total CPU time of a process on this machine in nanoseconds, -1 when unknown (or pid 0). */
    private static long cpuNanos(long pid) {
        if (pid <= 0) {
            return -1;
        }
        return ProcessHandle.of(pid).flatMap(h -> h.info().totalCpuDuration()).map(Duration::toNanos).orElse(-1L);
    }

    /** "status code" of a failed response: the x-amzn-query-error code (JSON, CBOR) or the XML Code (Query). */
    static String errorKey(HttpResponse<byte[]> response) {
        Optional<String> queryError = response.headers().firstValue("x-amzn-query-error");
        String code = queryError.map(v -> v.contains(";") ? v.substring(0, v.indexOf(';')) : v).orElse(null);
        if (code == null) {
            Matcher m = QUERY_CODE.matcher(new String(response.body(), StandardCharsets.UTF_8));
            code = m.find() ? m.group(1) : "-";
        }
        return response.statusCode() + " " + code;
    }

    private void report(Protocol proto, LoadStats t) {
        double seconds = t.seconds();
        long requests = t.ok + t.failed();
        out.println();
        out.printf(Locale.ROOT, "protocol        %s%n", proto.name().toLowerCase(Locale.ROOT));
        out.printf(Locale.ROOT, "measured        %.1f s, %,d requests (%,d ok, %,d failed)%n", seconds, requests, t.ok, t.failed());
        if (seconds > 0) {
            out.printf(Locale.ROOT, "requests/s      %,.1f (ok)%n", t.ok / seconds);
            out.printf(Locale.ROOT, "datums/s        %,.0f (acknowledged)%n", t.datums / seconds);
            out.printf(Locale.ROOT, "wire MB/s       %,.1f%n", t.wireBytes / seconds / 1e6);
        }
        printLatency("latency ms", t.latency);
        if (rate > 0) {
            printLatency("service ms", t.service);
        }
        t.errors.forEach((k, v) -> out.printf(Locale.ROOT, "error           %s x %,d%n", k, v));
        double serverCpuUsPerDatum = -1;
        if (cpuAtMeasureStart != null && cpuAtMeasureEnd != null && t.datums > 0) {
            double wall = (cpuAtMeasureEnd[2] - cpuAtMeasureStart[2]) / 1e9;
            long clientCpu = cpuAtMeasureEnd[1] - cpuAtMeasureStart[1];
            out.printf(Locale.ROOT, "client cpu      %.2f cores busy%n", clientCpu / 1e9 / wall);
            if (cpuAtMeasureStart[0] >= 0 && cpuAtMeasureEnd[0] >= 0) {
                long serverCpu = cpuAtMeasureEnd[0] - cpuAtMeasureStart[0];
                serverCpuUsPerDatum = serverCpu / 1e3 / t.datums;
                out.printf(Locale.ROOT, "server cpu      %.2f cores busy, %.2f cpu-us per datum (%,.0f datums/s per fully used core)%n",
                        serverCpu / 1e9 / wall, serverCpuUsPerDatum, 1e6 / serverCpuUsPerDatum);
            }
        }
        out.printf(Locale.ROOT, "RESULT protocol=%s connections=%d rate=%.1f requests=%d ok=%d failed=%d seconds=%.1f"
                        + " req_per_s=%.1f datums_per_s=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f"
                        + " server_cpu_us_per_datum=%.2f%n",
                proto.name().toLowerCase(Locale.ROOT), connections, rate, requests, t.ok, t.failed(), seconds,
                seconds > 0 ? t.ok / seconds : 0, seconds > 0 ? t.datums / seconds : 0,
                ms(t.latency, 50), ms(t.latency, 90), ms(t.latency, 99), t.latency.getMaxValue() / 1000.0,
                serverCpuUsPerDatum);
    }

    private void printLatency(String label, Histogram h) {
        if (h.getTotalCount() == 0) {
            return;
        }
        out.printf(Locale.ROOT, "%-15s p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n", label,
                ms(h, 50), ms(h, 90), ms(h, 99), ms(h, 99.9), h.getMaxValue() / 1000.0);
    }

    private static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1000.0;
    }
}
