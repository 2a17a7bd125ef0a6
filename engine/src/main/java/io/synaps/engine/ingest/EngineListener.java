package io.synaps.engine.ingest;

import io.synaps.model.MetricId;

/**
 * EngineListener is how the alarm side follows a partition's log: it hears every applied datum
 * and every control record (alarm definition changes) in log order. Called on the partition's
 * applier thread: implementations must be thread-safe, cheap, must not block and must not throw.
 */
public interface EngineListener {

    /** A datum of the series, stamped {@code timestampMillis}, was applied live (not during replay). */
    void onDatum(int partition, String accountId, MetricId metric, long timestampMillis);

    /**
     * A control record appended with {@link PartitionLog#appendControl} became durable and was
     * applied ({@code replayed} false), or was met again while replaying the journal at start
     * ({@code replayed} true). The payload array is the listener's to keep.
     */
    void onControl(int partition, byte[] payload, boolean replayed);

    /** Hears nothing. */
    EngineListener NONE = new EngineListener() {
        @Override
        public void onDatum(int partition, String accountId, MetricId metric, long timestampMillis) {
        }

        @Override
        public void onControl(int partition, byte[] payload, boolean replayed) {
        }
    };

    /** Tells {@code first}, then {@code second}, of every datum and control record. */
    static EngineListener both(EngineListener first, EngineListener second) {
        java.util.Objects.requireNonNull(first, "first");
        java.util.Objects.requireNonNull(second, "second");
        return new EngineListener() {
            @Override
            public void onDatum(int partition, String accountId, MetricId metric, long timestampMillis) {
                first.onDatum(partition, accountId, metric, timestampMillis);
                second.onDatum(partition, accountId, metric, timestampMillis);
            }

            @Override
            public void onControl(int partition, byte[] payload, boolean replayed) {
                first.onControl(partition, payload, replayed);
                second.onControl(partition, payload, replayed);
            }
        };
    }
}
