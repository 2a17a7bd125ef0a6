package io.synaps.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * SegmentReader walks the frames of one segment file from a byte position up to a byte limit,
 * reading through a buffer and checking each frame's CRC32C when its payload is read.
 * Not thread-safe: one reader per walk.
 */
final class SegmentReader {

    /** What {@link #next} found at the current position. */
    enum Step {
        /** A whole frame; the position moved past it. */
        FRAME,
        /** The limit, exactly at a frame boundary. */
        END,
        /** A frame that does not fit before the limit (cut short by a crash). */
        TORN,
        /** A whole frame whose checksum does not match. */
        CORRUPT
    }

    private final FileChannel channel;
    private final long limit;
    private final CRC32C crc = new CRC32C();
    private ByteBuffer buffer;
    /** File position of buffer index 0; the buffer holds valid bytes [0, buffer.limit()). */
    private long bufferStart;
    private long position;
    private int payloadIndex;
    private int payloadLength;

    SegmentReader(FileChannel channel, long start, long limit, int bufferBytes) {
        this.channel = channel;
        this.position = start;
        this.limit = limit;
        this.buffer = ByteBuffer.allocate(bufferBytes).limit(0);
        this.bufferStart = start;
    }

    /** The byte position after the last frame returned, i.e. where the next frame starts. */
    long position() {
        return position;
    }

    /**
     * Moves to the next frame. With {@code readPayload} the payload is read and its checksum
     * verified (then {@link #payload()} is valid); without, the frame is skipped by its length.
     */
    Step next(boolean readPayload) throws IOException {
        if (position == limit) {
            return Step.END;
        }
        if (limit - position < Segment.FRAME_HEADER_BYTES || !fill(Segment.FRAME_HEADER_BYTES)) {
            return Step.TORN;
        }
        int index = (int) (position - bufferStart);
        int length = buffer.getInt(index);
        int stored = buffer.getInt(index + 4);
        if (length < 0 || length > limit - position - Segment.FRAME_HEADER_BYTES) {
            return Step.TORN;
        }
        if (readPayload) {
            if (!fill(Segment.FRAME_HEADER_BYTES + length)) {
                return Step.TORN;
            }
            index = (int) (position - bufferStart);
            if (Segment.checksum(crc, buffer, index + Segment.FRAME_HEADER_BYTES, length) != stored) {
                return Step.CORRUPT;
            }
            payloadIndex = index + Segment.FRAME_HEADER_BYTES;
            payloadLength = length;
        }
        position += Segment.FRAME_HEADER_BYTES + (long) length;
        return Step.FRAME;
    }

    /** The payload of the frame last read with {@code readPayload}; valid until the next call. */
    ByteBuffer payload() {
        return buffer.duplicate().limit(payloadIndex + payloadLength).position(payloadIndex).slice().asReadOnlyBuffer();
    }

    /** Makes bytes [position, position + count) available in the buffer; false when the file ends first. */
    private boolean fill(int count) throws IOException {
        if (position >= bufferStart && position + count <= bufferStart + buffer.limit()) {
            return true;
        }
        if (count > buffer.capacity()) {
            buffer = ByteBuffer.allocate(Math.max(count, buffer.capacity() * 2));
        }
        buffer.clear();
        buffer.limit((int) Math.min(buffer.capacity(), limit - position));
        bufferStart = position;
        while (buffer.position() < count) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                buffer.limit(0);
                return false;
            }
        }
        buffer.flip();
        return true;
    }
}
