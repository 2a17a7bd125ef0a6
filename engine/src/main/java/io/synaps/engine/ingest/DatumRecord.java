package io.synaps.engine.ingest;

import io.synaps.model.Dimension;
import io.synaps.model.MetricDatum;
import io.synaps.model.MetricId;
import io.synaps.model.StandardUnit;
import io.synaps.model.StatisticSet;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * DatumRecord is one journal record of the engine: datums of one account that hash to one
 * partition, in the compact binary format documented in engine/README.md (version 1). Immutable
 * once built; the static codec methods are thread-safe.
 */
public record DatumRecord(String accountId, List<MetricDatum> data) {

    /** The format version written in the first byte of every record. */
    public static final byte VERSION = 1;

    private static final int FLAG_HIGH_RESOLUTION = 1;
    private static final int FLAG_STATISTICS = 2;
    private static final int FLAG_COUNTS = 4;
    /** Room for the two varint counts written around the metric table. */
    private static final int COUNTS_RESERVE = 10;

    /** Encoded is one record's bytes together with the datums it holds; immutable by convention (do not change the arrays). */
    public record Encoded(byte[] bytes, List<MetricDatum> data) {
    }

    /**
     * Encodes the datums into as few records as fit in {@code maxRecordBytes} each, keeping their
     * order.
     *
     * @throws IllegalArgumentException when a single datum alone does not fit
     */
    public static List<Encoded> encode(String accountId, List<MetricDatum> data, int maxRecordBytes) {
        List<Encoded> out = new ArrayList<>(1);
        Builder builder = new Builder(accountId);
        for (MetricDatum d : data) {
            if (!builder.tryAdd(d, maxRecordBytes)) {
                if (builder.isEmpty()) {
                    throw new IllegalArgumentException("a single datum of metric " + d.metric().metricName()
                            + " needs more than the journal's " + maxRecordBytes + "-byte record limit");
                }
                out.add(builder.finish());
                builder = new Builder(accountId);
                if (!builder.tryAdd(d, maxRecordBytes)) {
                    throw new IllegalArgumentException("a single datum of metric " + d.metric().metricName()
                            + " needs more than the journal's " + maxRecordBytes + "-byte record limit");
                }
            }
        }
        if (!builder.isEmpty()) {
            out.add(builder.finish());
        }
        return out;
    }

    /**
     * Decodes a record written by {@link #encode}, reading from the buffer's position.
     *
     * @throws IllegalArgumentException when the bytes are not a valid record
     */
    public static DatumRecord decode(ByteBuffer source) {
        // The journal may hand out buffers of either byte order; the format is big-endian.
        ByteBuffer in = source.duplicate().order(ByteOrder.BIG_ENDIAN);
        try {
            byte version = in.get();
            if (version != VERSION) {
                throw new IllegalArgumentException("unknown datum record version " + version);
            }
            String account = readString(in);
            int metricCount = readVarint(in);
            MetricId[] metrics = new MetricId[metricCount];
            for (int i = 0; i < metricCount; i++) {
                String namespace = readString(in);
                String name = readString(in);
                int dimCount = readVarint(in);
                List<Dimension> dims = new ArrayList<>(dimCount);
                for (int j = 0; j < dimCount; j++) {
                    dims.add(new Dimension(readString(in), readString(in)));
                }
                metrics[i] = new MetricId(namespace, name, dims);
            }
            int datumCount = readVarint(in);
            List<MetricDatum> data = new ArrayList<>(datumCount);
            long timestamp = 0;
            for (int i = 0; i < datumCount; i++) {
                MetricId metric = metrics[readVarint(in)];
                timestamp += unzigzag(readVarlong(in));
                StandardUnit unit = StandardUnit.fromCode(in.get());
                int flags = in.get();
                int n = readVarint(in);
                double[] values = new double[n];
                for (int j = 0; j < n; j++) {
                    values[j] = in.getDouble();
                }
                double[] counts = new double[n];
                if ((flags & FLAG_COUNTS) != 0) {
                    for (int j = 0; j < n; j++) {
                        counts[j] = in.getDouble();
                    }
                } else {
                    Arrays.fill(counts, 1.0);
                }
                StatisticSet set = null;
                if ((flags & FLAG_STATISTICS) != 0) {
                    set = new StatisticSet(in.getDouble(), in.getDouble(), in.getDouble(), in.getDouble());
                }
                int resolution = (flags & FLAG_HIGH_RESOLUTION) != 0 ? 1 : 60;
                data.add(new MetricDatum(metric, timestamp, unit, resolution, values, counts, set));
            }
            source.position(in.position());
            return new DatumRecord(account, data);
        } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("truncated or corrupt datum record", e);
        }
    }

    /** Builder accumulates one record; the metric table is per record so repeated metrics cost a varint. */
    private static final class Builder {
        private final byte[] account;
        private final Map<MetricId, Integer> metricIndex = new HashMap<>();
        private final Bytes table = new Bytes(256);
        private final Bytes datums = new Bytes(1024);
        private final Bytes scratchMetric = new Bytes(128);
        private final Bytes scratchDatum = new Bytes(64);
        private final List<MetricDatum> data = new ArrayList<>();
        private long lastTimestamp;

        Builder(String accountId) {
            this.account = accountId.getBytes(StandardCharsets.UTF_8);
        }

        boolean isEmpty() {
            return data.isEmpty();
        }

        boolean tryAdd(MetricDatum d, int maxRecordBytes) {
            scratchMetric.reset();
            scratchDatum.reset();
            Integer index = metricIndex.get(d.metric());
            int newIndex = index == null ? metricIndex.size() : index;
            if (index == null) {
                writeMetric(scratchMetric, d.metric());
            }
            writeDatum(scratchDatum, newIndex, d);
            long size = 1L + varintSize(account.length) + account.length + COUNTS_RESERVE
                    + table.size() + scratchMetric.size() + datums.size() + scratchDatum.size();
            if (size > maxRecordBytes) {
                return false;
            }
            if (index == null) {
                metricIndex.put(d.metric(), newIndex);
                table.write(scratchMetric);
            }
            datums.write(scratchDatum);
            lastTimestamp = d.timestampMillis();
            data.add(d);
            return true;
        }

        Encoded finish() {
            Bytes out = new Bytes(1 + 5 + account.length + COUNTS_RESERVE + table.size() + datums.size());
            out.writeByte(VERSION);
            out.writeVarint(account.length);
            out.writeBytes(account);
            out.writeVarint(metricIndex.size());
            out.write(table);
            out.writeVarint(data.size());
            out.write(datums);
            return new Encoded(out.toArray(), List.copyOf(data));
        }

        private static void writeMetric(Bytes out, MetricId m) {
            out.writeString(m.namespace());
            out.writeString(m.metricName());
            out.writeVarint(m.dimensions().size());
            for (Dimension dim : m.dimensions()) {
                out.writeString(dim.name());
                out.writeString(dim.value());
            }
        }

        private void writeDatum(Bytes out, int metric, MetricDatum d) {
            out.writeVarint(metric);
            out.writeVarlong(zigzag(d.timestampMillis() - lastTimestamp));
            out.writeByte(d.unit().code());
            boolean counts = false;
            for (double c : d.counts()) {
                if (c != 1.0) {
                    counts = true;
                    break;
                }
            }
            int flags = (d.storageResolution() == 1 ? FLAG_HIGH_RESOLUTION : 0)
                    | (d.statisticValues() != null ? FLAG_STATISTICS : 0)
                    | (counts ? FLAG_COUNTS : 0);
            out.writeByte((byte) flags);
            out.writeVarint(d.values().length);
            for (double v : d.values()) {
                out.writeDouble(v);
            }
            if (counts) {
                for (double c : d.counts()) {
                    out.writeDouble(c);
                }
            }
            StatisticSet s = d.statisticValues();
            if (s != null) {
                out.writeDouble(s.sampleCount());
                out.writeDouble(s.sum());
                out.writeDouble(s.minimum());
                out.writeDouble(s.maximum());
            }
        }
    }

    private static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    private static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    private static int varintSize(int v) {
        int n = 1;
        while ((v & ~0x7F) != 0) {
            v >>>= 7;
            n++;
        }
        return n;
    }

    private static int readVarint(ByteBuffer in) {
        long v = readVarlong(in);
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("varint out of range: " + v);
        }
        return (int) v;
    }

    private static long readVarlong(ByteBuffer in) {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.get();
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new IllegalArgumentException("varint longer than 10 bytes");
    }

    private static String readString(ByteBuffer in) {
        int len = readVarint(in);
        if (len > in.remaining()) {
            throw new IllegalArgumentException("string length " + len + " beyond the record's end");
        }
        String s;
        if (in.hasArray()) {
            s = new String(in.array(), in.arrayOffset() + in.position(), len, StandardCharsets.UTF_8);
            in.position(in.position() + len);
        } else {
            byte[] b = new byte[len];
            in.get(b);
            s = new String(b, StandardCharsets.UTF_8);
        }
        return s;
    }

    /** Bytes is a small growable byte buffer for encoding. */
    private static final class Bytes {
        private byte[] buf;
        private int size;

        Bytes(int capacity) {
            buf = new byte[Math.max(16, capacity)];
        }

        int size() {
            return size;
        }

        void reset() {
            size = 0;
        }

        private void ensure(int extra) {
            if (size + extra > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
            }
        }

        void writeByte(byte b) {
            ensure(1);
            buf[size++] = b;
        }

        void writeBytes(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, buf, size, b.length);
            size += b.length;
        }

        void write(Bytes other) {
            ensure(other.size);
            System.arraycopy(other.buf, 0, buf, size, other.size);
            size += other.size;
        }

        void writeVarint(int v) {
            writeVarlong(v & 0xFFFFFFFFL);
        }

        void writeVarlong(long v) {
            ensure(10);
            while ((v & ~0x7FL) != 0) {
                buf[size++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[size++] = (byte) v;
        }

        void writeDouble(double d) {
            ensure(8);
            long bits = Double.doubleToRawLongBits(d);
            for (int i = 7; i >= 0; i--) {
                buf[size++] = (byte) (bits >>> (i * 8));
            }
        }

        void writeString(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            writeVarint(b.length);
            writeBytes(b);
        }

        byte[] toArray() {
            return Arrays.copyOf(buf, size);
        }
    }
}
