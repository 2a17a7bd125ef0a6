package io.synaps.bench.alarm;

import org.HdrHistogram.Histogram;

import java.util.Map;

/**
 * MinuteFigures is what the load program measured in one simulated minute. Durations in wall
 * nanoseconds or seconds as named; -1 where a figure does not apply. Immutable once built.
 *
 * @param kind                what the minute did (see {@link Kind})
 * @param dataMinute          the data minute put (k: datums stamped inside [T0 + (k-1) min, T0 + k min)), -1 for none
 * @param tickNanos           wall time of {@code AlarmEngine.tick()} at the minute's boundary (includes waiting for it)
 * @param tickTransitions     transitions the tick made
 * @param putSeconds          from the first put issued to the last put acknowledged
 * @param settleSeconds       from the first put issued until the alarm engine was idle (all arrival-triggered evaluations done)
 * @param transitions         transitions in the whole minute (tick and arrivals)
 * @param expectedTransitions transitions the M-of-N model predicts, -1 while alarms have fewer than 3 datapoints
 * @param stateMismatches     alarms whose state differs from the model at the minute's end, -1 when not checked
 * @param latencyMicros       datum-to-transition latency of the alarms that transitioned on a datum's arrival, or null
 * @param cpuNanos            CPU time per thread group during the minute
 */
public record MinuteFigures(Kind kind, int dataMinute, long tickNanos, long tickTransitions, double putSeconds,
                            double settleSeconds, long transitions, long expectedTransitions, long stateMismatches,
                            Histogram latencyMicros, Map<String, Long> cpuNanos) {

    /** Kind is how a minute's data arrived. */
    public enum Kind {
        /** Data of the closed minute put after its boundary as fast as the engine takes it; evaluated on arrival. */
        CLOSED_FULL_SPEED("closed, full speed"),
        /** Data of the closed minute put after its boundary spread over the minute; evaluated on arrival. */
        CLOSED_PACED("closed, paced"),
        /** Data stamped inside the open minute; the tick at its end evaluates every (dirty) alarm. */
        OPEN("open, at tick"),
        /** No data: the tick re-evaluates every alarm from its cached window. */
        IDLE("no data"),
        /** After a restart: the first tick reads every window from the store. */
        COLD("cold tick");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** CPU nanoseconds of the alarm shard threads ({@code synaps-alarm-#}). */
    public long shardCpuNanos() {
        return cpuNanos.getOrDefault(SHARDS, 0L);
    }

    /** The part of {@link #shardCpuNanos()} spent in the kernel (fsync, I/O). */
    public long shardKernelNanos() {
        return cpuNanos.getOrDefault(SHARDS + " (kernel)", 0L);
    }

    private static final String SHARDS = "synaps-alarm-#";
}
