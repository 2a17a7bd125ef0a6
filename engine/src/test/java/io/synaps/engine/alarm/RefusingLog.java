package io.synaps.engine.alarm;

import io.synaps.engine.ingest.EngineListener;
import io.synaps.engine.ingest.PartitionLog;
import io.synaps.model.AwsError;
import io.synaps.model.MetricId;

import java.util.concurrent.CompletableFuture;

/** RefusingLog is a PartitionLog that refuses control records (as an overloaded journal would) while told to. Thread-safe. */
final class RefusingLog implements PartitionLog {
    private final PartitionLog log;
    volatile boolean refuse;

    RefusingLog(PartitionLog log) {
        this.log = log;
    }

    @Override
    public int partitions() {
        return log.partitions();
    }

    @Override
    public int partitionOf(String accountId, MetricId metric) {
        return log.partitionOf(accountId, metric);
    }

    @Override
    public int partitionOf(String accountId, String alarmName) {
        return log.partitionOf(accountId, alarmName);
    }

    @Override
    public CompletableFuture<Void> appendControl(int partition, byte[] payload) {
        if (refuse) {
            return CompletableFuture.failedFuture(AwsError.serviceUnavailable("The journal is overloaded."));
        }
        return log.appendControl(partition, payload);
    }

    @Override
    public void setListener(EngineListener listener) {
        log.setListener(listener);
    }
}
