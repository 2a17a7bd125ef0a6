package io.synaps.bench.parse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.synaps.api.action.RequestContext;
import io.synaps.api.action.metric.PutMetricDataAction;
import io.synaps.api.protocol.DecodedRequest;
import io.synaps.api.protocol.Members;
import io.synaps.api.protocol.WireProtocol;
import io.synaps.api.protocol.WireRequest;
import io.synaps.bench.workload.MetricFleet;
import io.synaps.bench.workload.Protocol;
import io.synaps.bench.workload.PutMetricDataBodies;
import io.synaps.model.MetricDatum;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * PutMetricDataDecodeBenchmark measures the server's request path up to the engine for one
 * 1,000-datum, 10-dimension PutMetricData body in each protocol: gunzip (when {@code gzip}),
 * the api's protocol decoder into the input tree, and the PutMetricData action's validation and
 * binding into {@link MetricDatum}s (handed to an ingest that only keeps them). Scores are
 * datums per second (one operation = one datum; divide by 1,000 for requests/s).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class PutMetricDataDecodeBenchmark {
    static final int DATUMS = 1000;

    @Param({"query", "json", "cbor"})
    public String protocol;

    @Param({"false", "true"})
    public boolean gzip;

    private WireProtocol wire;
    private WireRequest request;
    private byte[] wireBody;
    private PutMetricDataAction action;
    private RequestContext context;
    private List<MetricDatum> accepted;

    @Setup(Level.Trial)
    public void setUp() {
        Protocol p = Protocol.parse(protocol);
        MetricFleet fleet = MetricFleet.standard(100_000);
        Clock clock = Clock.systemUTC();
        byte[] body = new PutMetricDataBodies(fleet).body(p, 7, clock.millis());
        wireBody = gzip ? PutMetricDataBodies.gzip(body) : body;
        HttpHeaders headers = new DefaultHttpHeaders();
        p.headers().forEach(headers::add);
        wire = WireProtocol.detect(p.path(), headers);
        request = new WireRequest("POST", p.path(), "", headers, body);
        action = new PutMetricDataAction((account, data) -> {
            accepted = data;
            return CompletableFuture.completedFuture(null);
        });
        context = new RequestContext("bench", "000000000001", "AKIABENCH", "us-east-1", clock);
    }

    /** gunzip (if gzipped) + protocol decode into the input tree. */
    @Benchmark
    @OperationsPerInvocation(DATUMS)
    public DecodedRequest decode() {
        WireRequest r = gzip ? request.withBody(gunzip(wireBody)) : request;
        return wire.codec().decode(r);
    }

    /** Everything {@link #decode} does, then validation and binding into MetricDatums. */
    @Benchmark
    @OperationsPerInvocation(DATUMS)
    public List<MetricDatum> decodeAndBind() {
        DecodedRequest decoded = decode();
        CompletableFuture<ObjectNode> done = action.handle(context, Members.root(decoded.input()));
        done.join();
        if (accepted.size() != DATUMS) {
            throw new IllegalStateException("bound " + accepted.size() + " datums");
        }
        return accepted;
    }

    static byte[] gunzip(byte[] gz) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz), 64 * 1024)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
