package io.synaps.engine.ingest;

import io.synaps.model.MetricId;

import java.util.concurrent.CompletableFuture;

/**
 * PartitionLog is the engine's partitioned log as the alarm side sees it: which partition owns a
 * series, and a way to put control records in a partition's log so they reach that partition's
 * owner in order with its data. Thread-safe.
 */
public interface PartitionLog {

    /** Number of partitions (fixed). */
    int partitions();

    /** The partition that owns the series (the same one its datums go to). */
    int partitionOf(String accountId, MetricId metric);

    /** The partition that owns an alarm that is not tied to one series (composite alarms), by name. */
    int partitionOf(String accountId, String alarmName);

    /**
     * Appends a control record (at most 64 KiB) to the partition's log. The future completes once
     * it is durable and {@link EngineListener#onControl} has been called for it, or exceptionally
     * with an AwsError (e.g. ServiceUnavailable while shutting down).
     */
    CompletableFuture<Void> appendControl(int partition, byte[] payload);

    /** Sets the listener; call before the engine starts. */
    void setListener(EngineListener listener);
}
