package io.synaps.stats;

import com.datadoghq.sketch.ddsketch.DDSketch;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * AggregateCodec writes and reads the binary form of an {@link Aggregate}; stateless and thread-safe.
 *
 * <p>Format version 1 (all multi-byte integers are unsigned LEB128 varints, "zigzag" marks a
 * zigzag-mapped signed varint, "double" is 8 bytes big-endian IEEE 754):
 * <pre>
 * version  byte  = 1 (stands for DDSketch LogarithmicMapping, relative accuracy 0.01)
 * flags    byte  bit0 percentiles available, bit1 sketch follows, bit2 count is a varint,
 *                bit3 single value (minimum == maximum, written once), bit4 min/max are zigzag,
 *                bit5 sum omitted (== minimum * count exactly), bit6 sum is zigzag
 * count    varint | double        (an empty aggregate is flags 0x05 and count 0, nothing else)
 * minimum  zigzag | double
 * maximum  zigzag | double        (absent with bit3)
 * sum      zigzag | double        (absent with bit5)
 * sketch, with bit1:
 *   sflags byte  bit0 counts are varints (else doubles)
 *   zero   varint | double        samples of value zero
 *   bins   varint                 number of non-empty positive bins
 *   index  zigzag                 first bin index, then varint (delta - 1) for each next index
 *   counts varint | double        one per bin
 * </pre>
 * Integral doubles of magnitude at most 2^53 use the varint forms, so typical counters and
 * integer-valued metrics take a few bytes per field.
 */
final class AggregateCodec {
    static final byte VERSION = 1;

    static final int AVAILABLE = 0x01;
    static final int SKETCH = 0x02;
    static final int INT_COUNT = 0x04;
    static final int SINGLE = 0x08;
    static final int INT_VALUES = 0x10;
    static final int SUM_IMPLIED = 0x20;
    static final int INT_SUM = 0x40;
    static final int KNOWN_FLAGS = 0x7f;

    static final int SKETCH_INT_COUNTS = 0x01;

    private static final double MAX_EXACT_INTEGER = 9007199254740992.0; // 2^53

    private AggregateCodec() {
    }

    /** Destination of encoded bytes. */
    interface Sink {
        void put(byte b);
    }

    /** Counts bytes instead of writing them. */
    static final class SizeSink implements Sink {
        private int size;

        @Override
        public void put(byte b) {
            size++;
        }

        int size() {
            return size;
        }
    }

    /** Writes into a ByteBuffer at its position. */
    record BufferSink(ByteBuffer out) implements Sink {
        @Override
        public void put(byte b) {
            out.put(b);
        }
    }

    static void write(Aggregate a, Sink out) {
        out.put(VERSION);
        if (a.isEmpty()) {
            out.put((byte) (AVAILABLE | INT_COUNT));
            writeVarLong(out, 0);
            return;
        }
        double count = a.sampleCount();
        double min = a.minimum();
        double max = a.maximum();
        double sum = a.sum();
        DDSketch sketch = a.sketch();
        boolean single = min == max;
        int flags = 0;
        if (a.percentilesAvailable()) {
            flags |= AVAILABLE;
        }
        if (sketch != null) {
            flags |= SKETCH;
        }
        if (integral(count)) {
            flags |= INT_COUNT;
        }
        if (single) {
            flags |= SINGLE;
        }
        if (integral(min) && integral(max)) {
            flags |= INT_VALUES;
        }
        boolean sumImplied = single && sum == min * count;
        if (sumImplied) {
            flags |= SUM_IMPLIED;
        } else if (integral(sum)) {
            flags |= INT_SUM;
        }
        out.put((byte) flags);
        writeNumber(out, count, (flags & INT_COUNT) != 0, false);
        writeNumber(out, min, (flags & INT_VALUES) != 0, true);
        if (!single) {
            writeNumber(out, max, (flags & INT_VALUES) != 0, true);
        }
        if (!sumImplied) {
            writeNumber(out, sum, (flags & INT_SUM) != 0, true);
        }
        if (sketch != null) {
            writeSketch(out, sketch);
        }
    }

    private static void writeSketch(Sink out, DDSketch sketch) {
        SortedArrayStore store = (SortedArrayStore) sketch.getPositiveValueStore();
        double zeros = Aggregate.zeroCount(sketch);
        boolean intCounts = integral(zeros);
        for (int i = 0; intCounts && i < store.binCount(); i++) {
            intCounts = integral(store.countAt(i));
        }
        out.put((byte) (intCounts ? SKETCH_INT_COUNTS : 0));
        writeNumber(out, zeros, intCounts, false);
        int bins = store.binCount();
        writeVarLong(out, bins);
        int previous = 0;
        for (int i = 0; i < bins; i++) {
            int index = store.indexAt(i);
            if (i == 0) {
                writeVarLong(out, zigzag(index));
            } else {
                writeVarLong(out, (long) index - previous - 1);
            }
            previous = index;
        }
        for (int i = 0; i < bins; i++) {
            writeNumber(out, store.countAt(i), intCounts, false);
        }
    }

    static Aggregate read(ByteBuffer in) {
        try {
            return readChecked(in);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated Aggregate encoding", e);
        }
    }

    private static Aggregate readChecked(ByteBuffer in) {
        byte version = in.get();
        if (version != VERSION) {
            throw new IllegalArgumentException("unsupported Aggregate encoding version " + version);
        }
        int flags = in.get() & 0xff;
        if ((flags & ~KNOWN_FLAGS) != 0) {
            throw new IllegalArgumentException("unknown Aggregate encoding flags " + flags);
        }
        double count = readNumber(in, (flags & INT_COUNT) != 0, false);
        if (count == 0) {
            return Aggregate.empty();
        }
        if (!(count > 0) || !Double.isFinite(count)) {
            throw new IllegalArgumentException("invalid SampleCount in Aggregate encoding: " + count);
        }
        boolean single = (flags & SINGLE) != 0;
        boolean intValues = (flags & INT_VALUES) != 0;
        double min = readNumber(in, intValues, true);
        double max = single ? min : readNumber(in, intValues, true);
        double sum = (flags & SUM_IMPLIED) != 0 ? min * count : readNumber(in, (flags & INT_SUM) != 0, true);
        if (!(min <= max)) {
            throw new IllegalArgumentException("Minimum above Maximum in Aggregate encoding");
        }
        boolean available = (flags & AVAILABLE) != 0;
        DDSketch sketch = null;
        if ((flags & SKETCH) != 0) {
            if (!available || single) {
                throw new IllegalArgumentException("unexpected sketch in Aggregate encoding");
            }
            sketch = readSketch(in);
        } else if (available && !single) {
            throw new IllegalArgumentException("missing sketch in Aggregate encoding");
        }
        return Aggregate.of(count, sum, min, max, available, sketch);
    }

    private static DDSketch readSketch(ByteBuffer in) {
        int sflags = in.get() & 0xff;
        if ((sflags & ~SKETCH_INT_COUNTS) != 0) {
            throw new IllegalArgumentException("unknown sketch flags " + sflags);
        }
        boolean intCounts = (sflags & SKETCH_INT_COUNTS) != 0;
        double zeros = readNumber(in, intCounts, false);
        long bins = readVarLong(in);
        // Each bin takes at least two bytes, which bounds the allocation by the input's size.
        if (bins < 0 || bins > in.remaining() / 2 + 1) {
            throw new IllegalArgumentException("invalid bin count in Aggregate encoding: " + bins);
        }
        int n = (int) bins;
        int[] indexes = new int[n];
        double[] counts = new double[n];
        long index = 0;
        for (int i = 0; i < n; i++) {
            index = i == 0 ? unzigzag(readVarLong(in)) : index + readVarLong(in) + 1;
            if (index < Integer.MIN_VALUE || index > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("bin index out of range in Aggregate encoding");
            }
            indexes[i] = (int) index;
        }
        for (int i = 0; i < n; i++) {
            counts[i] = readNumber(in, intCounts, false);
            if (!(counts[i] > 0) || !Double.isFinite(counts[i])) {
                throw new IllegalArgumentException("invalid bin count in Aggregate encoding");
            }
        }
        if (!(zeros >= 0) || !Double.isFinite(zeros)) {
            throw new IllegalArgumentException("invalid zero count in Aggregate encoding");
        }
        SortedArrayStore positive = new SortedArrayStore(indexes, counts, n);
        DDSketch sketch = new DDSketch(Aggregate.MAPPING, () -> NoNegativesStore.INSTANCE, () -> positive);
        if (zeros > 0) {
            sketch.accept(0.0, zeros);
        }
        return sketch;
    }

    static boolean integral(double v) {
        return v == Math.rint(v) && Math.abs(v) <= MAX_EXACT_INTEGER && Double.doubleToRawLongBits(v) != Long.MIN_VALUE;
    }

    private static void writeNumber(Sink out, double v, boolean asInteger, boolean signed) {
        if (asInteger) {
            long l = (long) v;
            writeVarLong(out, signed ? zigzag(l) : l);
        } else {
            long bits = Double.doubleToRawLongBits(v);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.put((byte) (bits >>> shift));
            }
        }
    }

    private static double readNumber(ByteBuffer in, boolean asInteger, boolean signed) {
        if (asInteger) {
            long l = readVarLong(in);
            return signed ? unzigzag(l) : l;
        }
        long bits = 0;
        for (int i = 0; i < 8; i++) {
            bits = (bits << 8) | (in.get() & 0xff);
        }
        return Double.longBitsToDouble(bits);
    }

    static void writeVarLong(Sink out, long v) {
        while ((v & ~0x7fL) != 0) {
            out.put((byte) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.put((byte) v);
    }

    static long readVarLong(ByteBuffer in) {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.get();
            result |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new IllegalArgumentException("varint too long in Aggregate encoding");
    }

    static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }
}
