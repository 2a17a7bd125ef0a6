package io.synaps.journal;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * Journal is the partitioned, durable, ordered log that every write goes through before it is
 * acknowledged (architecture: "log"). Records are opaque byte arrays. Offsets are per partition,
 * strictly increasing, and survive restarts.
 *
 * <p>Thread-safe: any thread may append; a partition's records are replayed in append order.
 */
public interface Journal extends AutoCloseable {

    /** Number of partitions, fixed for the life of the journal's directory. */
    int partitions();

    /**
     * Appends one record to a partition. The future completes with the record's offset only once
     * the record is durable (fsync'd; group commit shares one fsync among concurrent appends), or
     * exceptionally when it could not be made durable. Records at most {@link #maxRecordBytes()}.
     */
    CompletableFuture<Long> append(int partition, byte[] record);

    /** Largest record accepted by {@link #append}, in bytes. */
    int maxRecordBytes();

    /** Calls {@code consumer} for every durable record of the partition with offset >= fromOffset, in order. */
    void replay(int partition, long fromOffset, RecordConsumer consumer);

    /** The offset the next append to this partition will get. */
    long nextOffset(int partition);

    /**
     * Lets the journal delete records with offset below {@code offset} (they are safe in the store).
     * Whole segments are dropped; records at or above the offset remain replayable.
     */
    void truncateBefore(int partition, long offset);

    @Override
    void close();

    /** RecordConsumer receives replayed records; the buffer is valid only during the call. */
    @FunctionalInterface
    interface RecordConsumer {
        void accept(long offset, ByteBuffer record);
    }
}
