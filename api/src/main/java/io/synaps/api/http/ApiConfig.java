package io.synaps.api.http;

import java.time.Duration;
import java.util.Objects;

/**
 * ApiConfig is the API server's configuration. Immutable.
 *
 * @param host          address to bind, e.g. {@code 0.0.0.0}
 * @param port          TCP port; 0 picks a free one (see {@link ApiServer#start()})
 * @param region        the region this endpoint serves; SigV4 scopes must name it
 * @param maxBodyBytes  largest request body on the wire, in bytes (AWS: 1 MB); a gzip body may inflate to
 *                      {@link #maxDecodedBodyBytes()}
 * @param ioThreads     network event-loop threads
 * @param workerThreads threads that decode requests and run actions
 * @param workerQueue   requests that may wait for a worker; beyond it the server answers 503 ServiceUnavailable
 * @param idleTimeout   an idle keep-alive connection is closed after this long
 */
public record ApiConfig(String host, int port, String region, int maxBodyBytes, int ioThreads,
                        int workerThreads, int workerQueue, Duration idleTimeout) {
    /** 1 MiB, CloudWatch's request size limit. */
    public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;

    public ApiConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("maxBodyBytes must be at least 1024: " + maxBodyBytes);
        }
        if (ioThreads < 1 || workerThreads < 1 || workerQueue < 1) {
            throw new IllegalArgumentException("thread and queue sizes must be positive");
        }
    }

    /** How much larger than {@code maxBodyBytes} a gzip body may inflate (decision 0007). */
    public static final int DECODED_BODY_FACTOR = 8;

    /**
     * Largest request body after decompression, in bytes: {@value #DECODED_BODY_FACTOR} x
     * {@code maxBodyBytes}. Inflation stops there, so a gzip bomb never costs more.
     */
    public int maxDecodedBodyBytes() {
        return (int) Math.min(Integer.MAX_VALUE - 16L, (long) DECODED_BODY_FACTOR * maxBodyBytes);
    }

    /** Binds 0.0.0.0:8780 in {@code us-east-1}; 1 MiB bodies; threads sized to the machine. */
    public static ApiConfig defaults() {
        int cores = Runtime.getRuntime().availableProcessors();
        return new ApiConfig("0.0.0.0", 8780, "us-east-1", DEFAULT_MAX_BODY_BYTES, Math.max(1, cores),
                Math.max(4, 2 * cores), 1024, Duration.ofSeconds(120));
    }

    /** {@link #defaults()} on another port and region. */
    public static ApiConfig defaults(int port, String region) {
        return defaults().withPort(port).withRegion(region);
    }

    public ApiConfig withHost(String newHost) {
        return new ApiConfig(newHost, port, region, maxBodyBytes, ioThreads, workerThreads, workerQueue, idleTimeout);
    }

    public ApiConfig withPort(int newPort) {
        return new ApiConfig(host, newPort, region, maxBodyBytes, ioThreads, workerThreads, workerQueue, idleTimeout);
    }

    public ApiConfig withRegion(String newRegion) {
        return new ApiConfig(host, port, newRegion, maxBodyBytes, ioThreads, workerThreads, workerQueue, idleTimeout);
    }

    public ApiConfig withMaxBodyBytes(int newMax) {
        return new ApiConfig(host, port, region, newMax, ioThreads, workerThreads, workerQueue, idleTimeout);
    }

    public ApiConfig withWorkers(int threads, int queue) {
        return new ApiConfig(host, port, region, maxBodyBytes, ioThreads, threads, queue, idleTimeout);
    }

    public ApiConfig withIoThreads(int threads) {
        return new ApiConfig(host, port, region, maxBodyBytes, threads, workerThreads, workerQueue, idleTimeout);
    }

    public ApiConfig withIdleTimeout(Duration timeout) {
        return new ApiConfig(host, port, region, maxBodyBytes, ioThreads, workerThreads, workerQueue, timeout);
    }
}
