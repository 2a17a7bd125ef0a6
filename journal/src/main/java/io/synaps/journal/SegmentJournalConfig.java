package io.synaps.journal;

import java.nio.file.Path;
import java.util.Objects;

/**
 * SegmentJournalConfig configures a {@link SegmentJournal}; all sizes are in bytes. Immutable and
 * thread-safe.
 *
 * @param root            directory holding {@code journal.meta}, {@code lock} and one directory per partition
 * @param partitions      number of partitions, fixed when the directory is first created
 * @param segmentBytes    size past which a partition rolls to a new segment file (default 64 MiB)
 * @param maxRecordBytes  largest record {@link SegmentJournal#append} accepts (default 2 MiB)
 * @param maxPendingBytes bound, over all partitions, on bytes accepted but not yet written and
 *                        fsync'd; appends beyond it are refused with ServiceUnavailable (default 64 MiB)
 */
public record SegmentJournalConfig(Path root, int partitions, long segmentBytes, int maxRecordBytes, long maxPendingBytes) {

    public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;
    public static final int DEFAULT_MAX_RECORD_BYTES = 2 << 20;
    public static final long DEFAULT_MAX_PENDING_BYTES = 64L << 20;

    public SegmentJournalConfig {
        Objects.requireNonNull(root, "root");
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, not " + partitions);
        }
        if (maxRecordBytes < 1) {
            throw new IllegalArgumentException("maxRecordBytes must be at least 1, not " + maxRecordBytes);
        }
        long smallestSegment = (long) Segment.HEADER_BYTES + Segment.FRAME_HEADER_BYTES + maxRecordBytes;
        if (segmentBytes < smallestSegment) {
            throw new IllegalArgumentException("segmentBytes " + segmentBytes
                    + " cannot hold a record of maxRecordBytes " + maxRecordBytes + "; use at least " + smallestSegment);
        }
        if (maxPendingBytes < (long) maxRecordBytes + Segment.FRAME_HEADER_BYTES) {
            throw new IllegalArgumentException("maxPendingBytes " + maxPendingBytes
                    + " must be at least maxRecordBytes + " + Segment.FRAME_HEADER_BYTES);
        }
    }

    /** A configuration with the default sizes. */
    public static SegmentJournalConfig of(Path root, int partitions) {
        return new SegmentJournalConfig(root, partitions, DEFAULT_SEGMENT_BYTES, DEFAULT_MAX_RECORD_BYTES, DEFAULT_MAX_PENDING_BYTES);
    }

    public SegmentJournalConfig withSegmentBytes(long bytes) {
        return new SegmentJournalConfig(root, partitions, bytes, maxRecordBytes, maxPendingBytes);
    }

    public SegmentJournalConfig withMaxRecordBytes(int bytes) {
        return new SegmentJournalConfig(root, partitions, segmentBytes, bytes, maxPendingBytes);
    }

    public SegmentJournalConfig withMaxPendingBytes(long bytes) {
        return new SegmentJournalConfig(root, partitions, segmentBytes, maxRecordBytes, bytes);
    }
}
