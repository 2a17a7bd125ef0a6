package io.synaps.journal;

import io.synaps.model.AwsError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JournalPartition is one partition of a {@link SegmentJournal}: its directory of segment files,
 * its append queue and the writer thread that drains the queue with group commit (one write
 * pass and one fsync per batch). Thread-safe: any thread may append, replay or truncate.
 */
final class JournalPartition {
    private static final Logger LOG = LoggerFactory.getLogger(JournalPartition.class);
    private static final int WRITE_BUFFER_BYTES = 1 << 20;
    private static final int READ_BUFFER_BYTES = 1 << 20;

    private final int id;
    private final Path dir;
    private final long segmentBytes;
    private final long maxPendingBytes;
    /** Bytes accepted but not yet durable, shared by all partitions of the journal. */
    private final AtomicLong pendingBytes;

    private final ReentrantLock queueLock = new ReentrantLock();
    private final Condition queued = queueLock.newCondition();
    private ArrayList<Pending> queue = new ArrayList<>();
    private long nextOffset;
    private boolean closing;
    private IOException failure;

    /** Held by the writer while it drains and writes a batch; tests hold it to stall the disk. */
    private final ReentrantLock writeGate = new ReentrantLock();

    /** Base offsets of the segments on disk, ascending; the last is the active one. Guarded by itself. */
    private final List<Long> segments = new ArrayList<>();

    // Owned by the writer thread (and by open() before the thread starts).
    private FileChannel active;
    private long activeBase;
    /** Bytes of the active segment, counting those still in {@link #out}. */
    private long activeEnd;
    private final ByteBuffer out = ByteBuffer.allocateDirect(WRITE_BUFFER_BYTES);
    private final CRC32C crc = new CRC32C();

    /** What readers may see: everything up to this mark has been fsync'd. */
    private volatile DurableMark durable;
    private final Thread writer;

    private record Pending(byte[] record, long offset, CompletableFuture<Long> future) {
    }

    private record DurableMark(long segmentBase, long segmentEnd, long nextOffset) {
    }

    private JournalPartition(int id, Path dir, SegmentJournalConfig config, AtomicLong pendingBytes) {
        this.id = id;
        this.dir = dir;
        this.segmentBytes = config.segmentBytes();
        this.maxPendingBytes = config.maxPendingBytes();
        this.pendingBytes = pendingBytes;
        this.writer = new Thread(this::writeLoop, "synaps-journal-p" + id);
        this.writer.setDaemon(true);
    }

    /** Opens (creating or recovering) the partition in {@code dir} and starts its writer thread. */
    static JournalPartition open(int id, Path dir, SegmentJournalConfig config, AtomicLong pendingBytes) throws IOException {
        Files.createDirectories(dir);
        JournalPartition partition = new JournalPartition(id, dir, config, pendingBytes);
        List<Long> bases = Segment.list(dir);
        if (bases.isEmpty()) {
            partition.createSegment(0);
            partition.nextOffset = 0;
        } else {
            partition.segments.addAll(bases);
            partition.recoverActive(bases.get(bases.size() - 1));
        }
        partition.durable = new DurableMark(partition.activeBase, partition.activeEnd, partition.nextOffset);
        partition.writer.start();
        return partition;
    }

    /** Scans the last segment and cuts it after its last whole, checksummed frame. */
    private void recoverActive(long base) throws IOException {
        Path path = segmentPath(base);
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            long size = channel.size();
            String problem = Segment.headerProblem(channel, base);
            long count = 0;
            long goodEnd;
            if (problem != null && size <= Segment.HEADER_BYTES) {
                // Crashed while creating the segment: no record can have been written to it yet.
                LOG.warn("journal partition {}: {} {}; rewriting its header", id, path, problem);
                channel.truncate(0);
                writeFully(channel, Segment.header(base), 0);
                channel.force(true);
                goodEnd = Segment.HEADER_BYTES;
            } else if (problem != null) {
                throw new IOException("journal segment " + path + " is corrupt: " + problem);
            } else {
                SegmentReader reader = new SegmentReader(channel, Segment.HEADER_BYTES, size, READ_BUFFER_BYTES);
                SegmentReader.Step step;
                while ((step = reader.next(true)) == SegmentReader.Step.FRAME) {
                    count++;
                }
                goodEnd = reader.position();
                if (step != SegmentReader.Step.END) {
                    LOG.warn("journal partition {}: {} has a {} frame at byte {}; dropping its last {} bytes",
                            id, path, step == SegmentReader.Step.TORN ? "torn" : "corrupt", goodEnd, size - goodEnd);
                    channel.truncate(goodEnd);
                    channel.force(true);
                }
            }
            channel.position(goodEnd);
            active = channel;
            activeBase = base;
            activeEnd = goodEnd;
            nextOffset = base + count;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Creates the segment whose first record will have offset {@code base} and makes it the active one. */
    private void createSegment(long base) throws IOException {
        Path path = segmentPath(base);
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            writeFully(channel, Segment.header(base), 0);
            channel.force(true);
            Segment.syncDirectory(dir);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        channel.position(Segment.HEADER_BYTES);
        synchronized (segments) {
            segments.add(base);
        }
        active = channel;
        activeBase = base;
        activeEnd = Segment.HEADER_BYTES;
    }

    CompletableFuture<Long> append(byte[] record) {
        long bytes = frameBytes(record);
        long pending;
        do {
            pending = pendingBytes.get();
            if (pending + bytes > maxPendingBytes) {
                return CompletableFuture.failedFuture(AwsError.serviceUnavailable(
                        "The journal has " + pending + " bytes waiting for the disk, at its limit of "
                                + maxPendingBytes + "; retry the request later."));
            }
        } while (!pendingBytes.compareAndSet(pending, pending + bytes));
        queueLock.lock();
        try {
            if (failure != null) {
                pendingBytes.addAndGet(-bytes);
                return CompletableFuture.failedFuture(new UncheckedIOException(
                        "journal partition " + id + " failed to write earlier and accepts no appends until reopened", failure));
            }
            if (closing) {
                pendingBytes.addAndGet(-bytes);
                return CompletableFuture.failedFuture(AwsError.serviceUnavailable("The journal is closed."));
            }
            CompletableFuture<Long> future = new CompletableFuture<>();
            queue.add(new Pending(record, nextOffset++, future));
            if (queue.size() == 1) {
                queued.signal();
            }
            return future;
        } finally {
            queueLock.unlock();
        }
    }

    long nextOffset() {
        queueLock.lock();
        try {
            return nextOffset;
        } finally {
            queueLock.unlock();
        }
    }

    long firstOffset() {
        synchronized (segments) {
            return segments.get(0);
        }
    }

    int segmentCount() {
        synchronized (segments) {
            return segments.size();
        }
    }

    ReentrantLock writeGate() {
        return writeGate;
    }

    private void writeLoop() {
        ArrayList<Pending> batch = new ArrayList<>();
        try {
            while (true) {
                queueLock.lock();
                try {
                    while (queue.isEmpty() && !closing) {
                        queued.awaitUninterruptibly();
                    }
                    if (queue.isEmpty()) {
                        return;
                    }
                } finally {
                    queueLock.unlock();
                }
                writeGate.lock();
                try {
                    queueLock.lock();
                    try {
                        ArrayList<Pending> drained = queue;
                        queue = batch;
                        batch = drained;
                    } finally {
                        queueLock.unlock();
                    }
                    long bytes = 0;
                    for (Pending pending : batch) {
                        bytes += frameBytes(pending.record);
                    }
                    try {
                        write(batch);
                    } catch (Throwable t) {
                        pendingBytes.addAndGet(-bytes);
                        fail(batch, t);
                        return;
                    }
                    pendingBytes.addAndGet(-bytes);
                    for (Pending pending : batch) {
                        pending.future.complete(pending.offset);
                    }
                    batch.clear();
                } finally {
                    writeGate.unlock();
                }
            }
        } finally {
            closeQuietly(active);
        }
    }

    /** Writes a batch through the buffer, rolling segments as they fill, then fsyncs once. */
    private void write(List<Pending> batch) throws IOException {
        for (Pending pending : batch) {
            byte[] record = pending.record;
            long frame = frameBytes(record);
            if (activeEnd + frame > segmentBytes && activeEnd > Segment.HEADER_BYTES) {
                flush();
                active.force(false);
                FileChannel sealed = active;
                createSegment(pending.offset);
                sealed.close();
            }
            int checksum = Segment.checksum(crc, record);
            if (out.remaining() < Segment.FRAME_HEADER_BYTES) {
                flush();
            }
            out.putInt(record.length).putInt(checksum);
            int done = 0;
            while (done < record.length) {
                if (!out.hasRemaining()) {
                    flush();
                }
                int chunk = Math.min(out.remaining(), record.length - done);
                out.put(record, done, chunk);
                done += chunk;
            }
            activeEnd += frame;
        }
        flush();
        active.force(false);
        long next = batch.get(batch.size() - 1).offset + 1;
        durable = new DurableMark(activeBase, activeEnd, next);
    }

    private void flush() throws IOException {
        out.flip();
        while (out.hasRemaining()) {
            active.write(out);
        }
        out.clear();
    }

    /** Fails the batch and everything queued; the partition refuses appends until the journal is reopened. */
    private void fail(List<Pending> batch, Throwable t) {
        IOException cause = t instanceof IOException io ? io : new IOException("unexpected journal writer failure", t);
        LOG.error("journal partition {}: write failed; failing {} appends and refusing new ones until reopened",
                id, batch.size(), cause);
        List<Pending> rest;
        queueLock.lock();
        try {
            failure = cause;
            rest = queue;
            queue = new ArrayList<>();
        } finally {
            queueLock.unlock();
        }
        long restBytes = 0;
        for (Pending pending : rest) {
            restBytes += frameBytes(pending.record);
        }
        pendingBytes.addAndGet(-restBytes);
        UncheckedIOException error = new UncheckedIOException(
                "journal partition " + id + " could not make the record durable", cause);
        for (Pending pending : batch) {
            pending.future.completeExceptionally(error);
        }
        for (Pending pending : rest) {
            pending.future.completeExceptionally(error);
        }
    }

    void replay(long fromOffset, Journal.RecordConsumer consumer) {
        DurableMark mark = durable;
        List<Long> bases;
        synchronized (segments) {
            bases = new ArrayList<>(segments);
        }
        long from = Math.max(0, fromOffset);
        if (from >= mark.nextOffset) {
            return;
        }
        int first = 0;
        for (int i = 0; i < bases.size() && bases.get(i) <= from; i++) {
            first = i;
        }
        for (int i = first; i < bases.size() && bases.get(i) <= mark.segmentBase; i++) {
            long base = bases.get(i);
            boolean isMarked = base == mark.segmentBase;
            long expectedEnd = isMarked ? mark.nextOffset : bases.get(i + 1);
            replaySegment(base, isMarked ? mark.segmentEnd : -1, expectedEnd, from, consumer);
        }
    }

    /** Replays one segment up to byte {@code limit} (-1: the whole file, which is sealed). */
    private void replaySegment(long base, long limit, long expectedEnd, long from, Journal.RecordConsumer consumer) {
        Path path = segmentPath(base);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            String problem = Segment.headerProblem(channel, base);
            if (problem != null) {
                throw new IOException("journal segment " + path + " is corrupt: " + problem);
            }
            long end = limit < 0 ? channel.size() : limit;
            SegmentReader reader = new SegmentReader(channel, Segment.HEADER_BYTES, end, READ_BUFFER_BYTES);
            long offset = base;
            SegmentReader.Step step;
            while ((step = reader.next(offset >= from)) == SegmentReader.Step.FRAME) {
                if (offset >= from) {
                    consumer.accept(offset, reader.payload());
                }
                offset++;
            }
            if (step != SegmentReader.Step.END) {
                throw new IOException("journal segment " + path + " has a " + step.name().toLowerCase()
                        + " frame at byte " + reader.position() + " (offset " + offset + ")");
            }
            if (offset != expectedEnd) {
                throw new IOException("journal segment " + path + " ends at offset " + offset + " but should end at " + expectedEnd);
            }
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("journal segment " + path + " was removed (by truncateBefore?) during replay", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void truncateBefore(long offset) {
        synchronized (segments) {
            // A segment goes only when the next one starts at or below the offset; the last one never goes.
            while (segments.size() > 1 && segments.get(1) <= offset) {
                Path path = segmentPath(segments.get(0));
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException("could not delete journal segment " + path, e);
                }
                segments.remove(0);
            }
        }
    }

    /** Stops accepting appends; the writer drains what is queued, then exits. */
    void beginClose() {
        queueLock.lock();
        try {
            closing = true;
            queued.signal();
        } finally {
            queueLock.unlock();
        }
    }

    /** Waits for the writer to drain and exit (no-op when called from the writer itself). */
    void awaitClosed() {
        if (Thread.currentThread() == writer) {
            return;
        }
        boolean interrupted = false;
        while (writer.isAlive()) {
            try {
                writer.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private Path segmentPath(long base) {
        return dir.resolve(Segment.fileName(base));
    }

    private static long frameBytes(byte[] record) {
        return Segment.FRAME_HEADER_BYTES + (long) record.length;
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            position += channel.write(buffer, position);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.warn("closing a journal segment failed", e);
        }
    }
}
