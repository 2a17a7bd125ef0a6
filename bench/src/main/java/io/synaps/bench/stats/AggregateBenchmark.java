package io.synaps.bench.stats;

import io.synaps.model.StatisticSet;
import io.synaps.stats.Aggregate;
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

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * AggregateBenchmark measures the per-bucket work of aggregation: adding one sample (one datum
 * with a single Value), adding a StatisticSet, merging two buckets (rollups, queries), and the
 * encode/decode round trip the store does per bucket. Scores are operations per second; for
 * {@code add} one operation is one datum.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AggregateBenchmark {
    private static final int SAMPLES = 1024;

    private final double[] values = new double[SAMPLES];
    private Aggregate target;
    private Aggregate full;
    private Aggregate other;
    private ByteBuffer buffer;
    private ByteBuffer encoded;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < SAMPLES; i++) {
            // spread over ~6 decades like latencies or byte counts, so the sketch has many bins
            values[i] = Math.exp(random.nextDouble(0, 14));
        }
        target = Aggregate.empty();
        full = Aggregate.empty();
        other = Aggregate.empty();
        for (int i = 0; i < SAMPLES; i++) {
            full.add(values[i], 1);
            other.add(values[(i * 7) % SAMPLES] * 1.5, 1);
        }
        buffer = ByteBuffer.allocate(Math.max(full.encodedSize(), 1) * 4);
        encoded = ByteBuffer.allocate(full.encodedSize());
        full.encode(encoded);
        encoded.flip();
    }

    /** Adds 1,024 single samples to a bucket that keeps growing (a busy series' open bucket). */
    @Benchmark
    @OperationsPerInvocation(SAMPLES)
    public Aggregate addValue() {
        Aggregate a = target;
        for (double v : values) {
            a.add(v, 1);
        }
        return a;
    }

    /** One datum into a fresh bucket: the cost when every datum opens a new series-bucket. */
    @Benchmark
    public Aggregate addToEmpty() {
        Aggregate a = Aggregate.empty();
        a.add(values[17], 1);
        return a;
    }

    @Benchmark
    public Aggregate addStatisticSet() {
        Aggregate a = Aggregate.empty();
        a.add(new StatisticSet(10, 500, 3, 97));
        return a;
    }

    /** Merges a 1,024-sample bucket into a copy of another (a rollup or query-period step). */
    @Benchmark
    public Aggregate merge() {
        Aggregate a = full.copy();
        a.merge(other);
        return a;
    }

    @Benchmark
    public ByteBuffer encode() {
        buffer.clear();
        full.encode(buffer);
        return buffer;
    }

    @Benchmark
    public Aggregate decode() {
        return Aggregate.decode(encoded.duplicate());
    }
}
