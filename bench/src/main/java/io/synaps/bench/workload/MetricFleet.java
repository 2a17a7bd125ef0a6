package io.synaps.bench.workload;

import io.synaps.model.Dimension;
import io.synaps.model.MetricDatum;
import io.synaps.model.MetricId;
import io.synaps.model.StandardUnit;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * MetricFleet is a deterministic, realistic population of series: hosts that each report ten
 * EC2-style metrics with ten dimensions (InstanceId, Host, AvailabilityZone, ...). Series
 * {@code s} is metric {@code s % 10} of host {@code s / 10}. A "batch" is the datums of one
 * PutMetricData request: batch {@code b} holds series {@code (b * batchSize + j) % seriesCount}
 * for {@code j < batchSize}, so cycling through {@link #batches()} batches touches every series.
 *
 * <p>Immutable and thread-safe; values are drawn from a random seeded by (seed, batch).
 */
public final class MetricFleet {
    /** The namespace every datum is put into. */
    public static final String NAMESPACE = "Synaps/Bench";

    private static final String[] METRICS = {
            "CPUUtilization", "MemoryUtilization", "DiskReadBytes", "DiskWriteBytes", "NetworkIn",
            "NetworkOut", "DiskReadOps", "DiskWriteOps", "StatusCheckFailed", "LoadAverage"};
    private static final StandardUnit[] UNITS = {
            StandardUnit.PERCENT, StandardUnit.PERCENT, StandardUnit.BYTES, StandardUnit.BYTES, StandardUnit.BYTES,
            StandardUnit.BYTES, StandardUnit.COUNT, StandardUnit.COUNT, StandardUnit.COUNT, StandardUnit.NONE};
    private static final String[] INSTANCE_TYPES = {"m5.large", "m5.xlarge", "c5.2xlarge", "r5.large", "t3.medium", "m6i.4xlarge"};
    private static final String[] ENVIRONMENTS = {"prod", "staging", "dev"};
    private static final String[] SERVICES = {"web", "api", "auth", "billing", "search", "ingest", "cache", "queue",
            "reports", "mail", "media", "gateway", "scheduler", "payments", "catalog", "profile", "ledger", "edge",
            "notify", "export"};
    private static final String ZONES = "abcdef";

    private final int seriesCount;
    private final int batchSize;
    private final int dimensions;
    private final long seed;

    /**
     * @param seriesCount distinct series, at least 1
     * @param batchSize   datums per batch (request), 1..1000
     * @param dimensions  dimensions per datum, 0..10
     * @param seed        seed of the values
     */
    public MetricFleet(int seriesCount, int batchSize, int dimensions, long seed) {
        if (seriesCount < 1) {
            throw new IllegalArgumentException("seriesCount must be at least 1");
        }
        if (batchSize < 1 || batchSize > 1000) {
            throw new IllegalArgumentException("batchSize must be 1..1000 (PutMetricData's limit)");
        }
        if (dimensions < 0 || dimensions > 10) {
            throw new IllegalArgumentException("dimensions must be 0..10");
        }
        this.seriesCount = seriesCount;
        this.batchSize = batchSize;
        this.dimensions = dimensions;
        this.seed = seed;
    }

    /** The fleet the targets are stated for: 1,000 datums per request, 10 dimensions each. */
    public static MetricFleet standard(int seriesCount) {
        return new MetricFleet(seriesCount, 1000, 10, 42);
    }

    public int seriesCount() {
        return seriesCount;
    }

    public int batchSize() {
        return batchSize;
    }

    public int dimensions() {
        return dimensions;
    }

    /** Number of distinct batches: cycling through them touches every series once per round. */
    public int batches() {
        return (int) ((seriesCount + (long) batchSize - 1) / batchSize);
    }

    /** The series index of datum {@code j} of batch {@code b}. */
    public int seriesOf(int batch, int j) {
        return (int) (((long) batch * batchSize + j) % seriesCount);
    }

    public String metricName(int series) {
        return METRICS[series % METRICS.length];
    }

    public StandardUnit unit(int series) {
        return UNITS[series % UNITS.length];
    }

    /** The dimensions of a series, in the order a client would send them (not sorted). */
    public List<Dimension> dimensionsOf(int series) {
        return hostDimensions(series / METRICS.length);
    }

    /** The host of a series; the series of one host share their dimensions. */
    public int hostOf(int series) {
        return series / METRICS.length;
    }

    /** The dimensions of every series of {@code host}. */
    public List<Dimension> hostDimensions(int host) {
        List<Dimension> out = new ArrayList<>(dimensions);
        for (int d = 0; d < dimensions; d++) {
            out.add(dimension(d, host));
        }
        return out;
    }

    private static Dimension dimension(int d, int host) {
        return switch (d) {
            case 0 -> new Dimension("InstanceId", "i-" + hex17(host * 0x9E3779B97F4A7C15L));
            case 1 -> new Dimension("Host", "ip-10-" + (host >> 16 & 255) + "-" + (host >> 8 & 255) + "-" + (host & 255));
            case 2 -> new Dimension("AvailabilityZone", "us-east-1" + ZONES.charAt(host % ZONES.length()));
            case 3 -> new Dimension("InstanceType", INSTANCE_TYPES[host % INSTANCE_TYPES.length]);
            case 4 -> new Dimension("AutoScalingGroupName", "asg-" + SERVICES[host % SERVICES.length] + "-" + host / 50);
            case 5 -> new Dimension("ImageId", "ami-" + hex17((host / 500 + 1) * 0xC2B2AE3D27D4EB4FL));
            case 6 -> new Dimension("Environment", ENVIRONMENTS[host % ENVIRONMENTS.length]);
            case 7 -> new Dimension("Service", SERVICES[host % SERVICES.length]);
            case 8 -> new Dimension("Cluster", "cluster-" + host / 1000);
            case 9 -> new Dimension("Rack", "r" + host / 40 % 64);
            default -> throw new IllegalArgumentException("dimension " + d);
        };
    }

    private static String hex17(long bits) {
        char[] out = new char[17];
        long v = bits >>> 4;
        for (int i = 16; i >= 0; i--) {
            out[i] = Character.forDigit((int) (v & 15), 16);
            v >>>= 4;
        }
        return new String(out);
    }

    /** A plausible value for datum {@code j} of a batch, drawn from {@code random}. */
    double value(int series, SplittableRandom random) {
        return switch (series % METRICS.length) {
            case 0, 1 -> Math.round(random.nextDouble(0, 100) * 100) / 100.0;
            case 2, 3, 4, 5 -> random.nextInt(0, 1 << 30);
            case 6, 7 -> random.nextInt(0, 5000);
            case 8 -> random.nextInt(100) == 0 ? 1 : 0;
            default -> Math.round(random.nextDouble(0, 16) * 100) / 100.0;
        };
    }

    /** The random that draws the values of one batch; the same batch always gets the same values. */
    SplittableRandom randomFor(int batch) {
        return new SplittableRandom(seed * 1_000_003L + batch);
    }

    /** Batch {@code b} as model datums with the given timestamp (epoch milliseconds). */
    public List<MetricDatum> datums(int batch, long timestampMillis) {
        SplittableRandom random = randomFor(batch);
        List<MetricDatum> out = new ArrayList<>(batchSize);
        for (int j = 0; j < batchSize; j++) {
            int s = seriesOf(batch, j);
            MetricId id = new MetricId(NAMESPACE, metricName(s), dimensionsOf(s));
            out.add(MetricDatum.ofValue(id, timestampMillis, unit(s), value(s, random)));
        }
        return out;
    }
}
