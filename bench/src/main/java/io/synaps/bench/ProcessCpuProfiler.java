package io.synaps.bench;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * ProcessCpuProfiler is a JMH profiler ({@code -prof io.synaps.bench.ProcessCpuProfiler}) that
 * reports the benchmark JVM's CPU time per operation ({@code cpu.ns/op}: every thread, GC and
 * background threads such as the journal's included) and the cores it kept busy. Unlike the
 * throughput score, CPU time per operation does not get worse when other processes take the
 * cores away, so it is the figure to compare on a shared 2-core machine. Throughput mode only.
 * Used by one JMH control thread; not thread-safe.
 */
public final class ProcessCpuProfiler implements InternalProfiler {
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long cpuStart;
    private long wallStart;

    @Override
    public String getDescription() {
        return "CPU time of the whole benchmark JVM per operation (robust to other load on the machine)";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        cpuStart = os.getProcessCpuTime();
        wallStart = System.nanoTime();
    }

    @Override
    public List<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                 IterationResult result) {
        long cpu = os.getProcessCpuTime() - cpuStart;
        long wall = System.nanoTime() - wallStart;
        // Throughput scores are ops per output time unit; ops in this iteration = score * measured time.
        double score = result.getPrimaryResult().getScore();
        TimeUnit unit = benchmarkParams.getTimeUnit();
        double ops = score * wall / (double) unit.toNanos(1);
        double cpuPerOp = ops > 0 ? cpu / ops : Double.NaN;
        return List.of(
                new ScalarResult("cpu.ns/op", cpuPerOp, "ns/op", AggregationPolicy.AVG),
                new ScalarResult("cpu.cores", cpu / (double) wall, "cores", AggregationPolicy.AVG));
    }
}
