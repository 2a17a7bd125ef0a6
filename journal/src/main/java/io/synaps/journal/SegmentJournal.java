package io.synaps.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * SegmentJournal is the embedded {@link Journal}: per partition, a directory of append-only
 * segment files of CRC32C-framed records (format in journal/README.md), written by one thread per
 * partition with group commit (many queued appends share one write pass and one
 * {@code fsync}). Offsets are record numbers per partition, starting at 0.
 *
 * <p>Thread-safe. Futures returned by {@link #append} complete on the partition's writer thread,
 * so callers should hand heavy follow-up work to their own executor. A record's array must not be
 * modified until its future completes (it is written without a copy).
 *
 * <p>Failures: appends beyond {@link SegmentJournalConfig#maxPendingBytes()} fail at once with
 * {@link io.synaps.model.AwsError#serviceUnavailable ServiceUnavailable}; a write or fsync error
 * fails the batch's futures with {@link UncheckedIOException} and the partition then refuses
 * appends until the journal is reopened (reopening recovers the files).
 */
public final class SegmentJournal implements Journal {
    static final String META_FILE = "journal.meta";
    static final String LOCK_FILE = "lock";
    private static final int META_FORMAT = 1;

    private final SegmentJournalConfig config;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final List<JournalPartition> partitions;
    private final ReentrantLock closeLock = new ReentrantLock();
    private boolean closed;

    private SegmentJournal(SegmentJournalConfig config, FileChannel lockChannel, FileLock lock, List<JournalPartition> partitions) {
        this.config = config;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.partitions = partitions;
    }

    /**
     * Opens the journal in {@code config.root()}, creating it when absent and otherwise recovering
     * each partition's last segment (a torn or corrupt tail is cut off).
     *
     * @throws UncheckedIOException  when the directory cannot be read or written
     * @throws IllegalStateException when the directory was created with another partition count,
     *                               or another journal holds it open
     */
    public static SegmentJournal open(SegmentJournalConfig config) {
        Objects.requireNonNull(config, "config");
        Path root = config.root();
        FileChannel lockChannel = null;
        List<JournalPartition> opened = new ArrayList<>();
        try {
            Files.createDirectories(root);
            lockChannel = FileChannel.open(root.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new IllegalStateException("the journal in " + root + " is already open (its lock file is held)");
            }
            checkOrWriteMeta(root, config.partitions());
            AtomicLong pendingBytes = new AtomicLong();
            for (int p = 0; p < config.partitions(); p++) {
                opened.add(JournalPartition.open(p, partitionDir(root, p), config, pendingBytes));
            }
            return new SegmentJournal(config, lockChannel, lock, List.copyOf(opened));
        } catch (IOException | RuntimeException e) {
            for (JournalPartition partition : opened) {
                partition.beginClose();
                partition.awaitClosed();
            }
            if (lockChannel != null) {
                try {
                    lockChannel.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            if (e instanceof IOException io) {
                throw new UncheckedIOException("could not open the journal in " + root + ": " + io.getMessage(), io);
            }
            throw (RuntimeException) e;
        }
    }

    /** The directory of partition {@code p} under the journal root. */
    static Path partitionDir(Path root, int p) {
        return root.resolve(String.format("partition-%04d", p));
    }

    /** Writes the metadata file on first open; afterwards checks that the partition count matches. */
    private static void checkOrWriteMeta(Path root, int partitions) throws IOException {
        Path meta = root.resolve(META_FILE);
        if (Files.exists(meta)) {
            int format = -1;
            int stored = -1;
            for (String line : Files.readAllLines(meta, StandardCharsets.UTF_8)) {
                int eq = line.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String key = line.substring(0, eq).trim();
                String value = line.substring(eq + 1).trim();
                try {
                    if (key.equals("format")) {
                        format = Integer.parseInt(value);
                    } else if (key.equals("partitions")) {
                        stored = Integer.parseInt(value);
                    }
                } catch (NumberFormatException e) {
                    throw new IllegalStateException("journal metadata " + meta + " has a bad " + key + ": " + value);
                }
            }
            if (format != META_FORMAT || stored < 1) {
                throw new IllegalStateException("journal metadata " + meta + " is not a format " + META_FORMAT + " journal.meta");
            }
            if (stored != partitions) {
                throw new IllegalStateException("the journal in " + root + " has " + stored
                        + " partitions; it cannot be opened with " + partitions
                        + " (the partition count is fixed when the journal is created)");
            }
            return;
        }
        try (var entries = Files.list(root)) {
            if (entries.anyMatch(path -> path.getFileName().toString().startsWith("partition-"))) {
                throw new IllegalStateException("the journal in " + root + " has partition directories but no " + META_FILE);
            }
        }
        Path temp = root.resolve(META_FILE + ".tmp");
        String text = "format=" + META_FORMAT + "\npartitions=" + partitions + "\n";
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
        }
        Files.move(temp, meta, StandardCopyOption.ATOMIC_MOVE);
        Segment.syncDirectory(root);
    }

    @Override
    public int partitions() {
        return partitions.size();
    }

    @Override
    public int maxRecordBytes() {
        return config.maxRecordBytes();
    }

    /** The configuration this journal was opened with. */
    public SegmentJournalConfig config() {
        return config;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException when the partition does not exist or the record is larger
     *                                  than {@link #maxRecordBytes()}
     */
    @Override
    public CompletableFuture<Long> append(int partition, byte[] record) {
        Objects.requireNonNull(record, "record");
        if (record.length > config.maxRecordBytes()) {
            throw new IllegalArgumentException("a record of " + record.length
                    + " bytes is larger than the journal's maxRecordBytes " + config.maxRecordBytes());
        }
        return partition(partition).append(record);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Records below {@link #firstOffset} were dropped by {@link #truncateBefore} and are skipped.
     *
     * @throws UncheckedIOException when a segment cannot be read or a sealed segment is corrupt
     */
    @Override
    public void replay(int partition, long fromOffset, RecordConsumer consumer) {
        Objects.requireNonNull(consumer, "consumer");
        partition(partition).replay(fromOffset, consumer);
    }

    @Override
    public long nextOffset(int partition) {
        return partition(partition).nextOffset();
    }

    /** The oldest offset still kept for the partition (the base offset of its oldest segment). */
    public long firstOffset(int partition) {
        return partition(partition).firstOffset();
    }

    /** The number of segment files the partition holds now. */
    public int segmentCount(int partition) {
        return partition(partition).segmentCount();
    }

    @Override
    public void truncateBefore(int partition, long offset) {
        partition(partition).truncateBefore(offset);
    }

    /**
     * Stops the partition's writer before it takes its next batch until the returned handle is
     * run, so tests can hold records in the queue as a slow disk would. Call and release on the
     * same thread.
     */
    Runnable pauseWrites(int partition) {
        ReentrantLock gate = partition(partition).writeGate();
        gate.lock();
        return gate::unlock;
    }

    /** Refuses new appends, writes and fsyncs everything already queued, stops the writer threads. */
    @Override
    public void close() {
        closeLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            for (JournalPartition partition : partitions) {
                partition.beginClose();
            }
            for (JournalPartition partition : partitions) {
                partition.awaitClosed();
            }
            try {
                lock.release();
                lockChannel.close();
            } catch (IOException e) {
                throw new UncheckedIOException("could not release the journal lock in " + config.root(), e);
            }
        } finally {
            closeLock.unlock();
        }
    }

    private JournalPartition partition(int partition) {
        if (partition < 0 || partition >= partitions.size()) {
            throw new IllegalArgumentException("partition " + partition + " is outside 0.." + (partitions.size() - 1));
        }
        return partitions.get(partition);
    }
}
