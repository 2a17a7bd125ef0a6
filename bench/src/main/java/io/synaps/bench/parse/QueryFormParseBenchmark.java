package io.synaps.bench.parse;

import io.synaps.api.protocol.QueryFormParser;
import io.synaps.bench.workload.MetricFleet;
import io.synaps.bench.workload.Protocol;
import io.synaps.bench.workload.PutMetricDataBodies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * QueryFormParseBenchmark compares the api's single-pass {@link QueryFormParser} (form bytes to
 * the input tree) with the naive way (String, split, URLDecoder, HashMap) on a 1,000-datum,
 * 10-dimension Query body (~1.2 MB). Scores are datums per second (one operation = one datum);
 * multiply by the body size / 1,000 for bytes per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class QueryFormParseBenchmark {
    private byte[] body;

    @Setup(Level.Trial)
    public void setUp() {
        body = new PutMetricDataBodies(MetricFleet.standard(100_000)).body(Protocol.QUERY, 7, 1_760_000_000_000L);
    }

    @Benchmark
    @OperationsPerInvocation(PutMetricDataDecodeBenchmark.DATUMS)
    public Object singlePassTree() {
        return new QueryFormParser().feed(body).tree();
    }

    /** The baseline the architecture warns about: decode to a String, split, URLDecoder per pair. */
    @Benchmark
    @OperationsPerInvocation(PutMetricDataDecodeBenchmark.DATUMS)
    public Map<String, String> urlDecoderMap() {
        String s = new String(body, StandardCharsets.UTF_8);
        Map<String, String> out = new HashMap<>();
        for (String pair : s.split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }
}
