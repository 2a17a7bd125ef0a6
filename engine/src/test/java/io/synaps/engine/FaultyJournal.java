package io.synaps.engine;

import io.synaps.journal.Journal;
import io.synaps.model.AwsError;

import java.util.concurrent.CompletableFuture;

/** FaultyJournal delegates to a real journal and refuses appends, as on overload, while told to. Thread-safe. */
final class FaultyJournal implements Journal {
    private final Journal delegate;
    volatile boolean refuseAppends;

    FaultyJournal(Journal delegate) {
        this.delegate = delegate;
    }

    @Override
    public int partitions() {
        return delegate.partitions();
    }

    @Override
    public CompletableFuture<Long> append(int partition, byte[] record) {
        if (refuseAppends) {
            return CompletableFuture.failedFuture(AwsError.serviceUnavailable("The journal is overloaded."));
        }
        return delegate.append(partition, record);
    }

    @Override
    public int maxRecordBytes() {
        return delegate.maxRecordBytes();
    }

    @Override
    public void replay(int partition, long fromOffset, RecordConsumer consumer) {
        delegate.replay(partition, fromOffset, consumer);
    }

    @Override
    public long nextOffset(int partition) {
        return delegate.nextOffset(partition);
    }

    @Override
    public void truncateBefore(int partition, long offset) {
        delegate.truncateBefore(partition, offset);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
