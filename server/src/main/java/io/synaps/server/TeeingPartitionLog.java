package io.synaps.server;

import io.synaps.engine.ingest.EngineListener;
import io.synaps.engine.ingest.PartitionLog;
import io.synaps.model.MetricId;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * TeeingPartitionLog is a {@link PartitionLog} that passes everything to the engine's log but
 * installs, in place of the one listener the log allows, that listener followed by a second one
 * (the dashboard's live feed), so the alarm engine and the live feed both see every datum, the
 * alarm side first. Thread-safe as its delegate.
 */
final class TeeingPartitionLog implements PartitionLog {
    private final PartitionLog delegate;
    private final EngineListener also;

    TeeingPartitionLog(PartitionLog delegate, EngineListener also) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.also = Objects.requireNonNull(also, "also");
    }

    @Override
    public int partitions() {
        return delegate.partitions();
    }

    @Override
    public int partitionOf(String accountId, MetricId metric) {
        return delegate.partitionOf(accountId, metric);
    }

    @Override
    public int partitionOf(String accountId, String alarmName) {
        return delegate.partitionOf(accountId, alarmName);
    }

    @Override
    public CompletableFuture<Void> appendControl(int partition, byte[] payload) {
        return delegate.appendControl(partition, payload);
    }

    @Override
    public void setListener(EngineListener listener) {
        delegate.setListener(EngineListener.both(listener, also));
    }
}
