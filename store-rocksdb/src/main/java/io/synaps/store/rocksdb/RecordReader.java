package io.synaps.store.rocksdb;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * RecordReader reads what {@link RecordWriter} wrote; a truncated or inconsistent record is an
 * IllegalStateException naming the record kind. Not thread-safe: one per record.
 */
final class RecordReader {
    private final ByteBuffer in;
    private final String kind;

    /** Opens a record of {@code kind} (for messages), checking its version byte. */
    RecordReader(byte[] value, byte version, String kind) {
        this.in = ByteBuffer.wrap(value);
        this.kind = kind;
        byte stored = readByte();
        if (stored != version) {
            throw new IllegalStateException("unsupported " + kind + " record version " + stored);
        }
    }

    byte readByte() {
        try {
            return in.get();
        } catch (BufferUnderflowException e) {
            throw truncated();
        }
    }

    boolean readBoolean() {
        byte b = readByte();
        if (b != 0 && b != 1) {
            throw new IllegalStateException("corrupt " + kind + " record: boolean byte " + b);
        }
        return b == 1;
    }

    int readInt() {
        try {
            return in.getInt();
        } catch (BufferUnderflowException e) {
            throw truncated();
        }
    }

    long readLong() {
        try {
            return in.getLong();
        } catch (BufferUnderflowException e) {
            throw truncated();
        }
    }

    String string() {
        int length = readInt();
        if (length == -1) {
            return null;
        }
        if (length < 0 || length > in.remaining()) {
            throw new IllegalStateException("corrupt " + kind + " record: string length " + length);
        }
        String s = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return s;
    }

    /** A non-null string. */
    String required() {
        String s = string();
        if (s == null) {
            throw new IllegalStateException("corrupt " + kind + " record: a required string is null");
        }
        return s;
    }

    Map<String, String> map() {
        int count = readInt();
        if (count < 0 || count > in.remaining() / 8) { // each entry takes at least two lengths
            throw new IllegalStateException("corrupt " + kind + " record: map size " + count);
        }
        Map<String, String> map = new HashMap<>(count * 2);
        for (int i = 0; i < count; i++) {
            map.put(required(), required());
        }
        return map;
    }

    /** Checks that nothing follows the last field. */
    void end() {
        if (in.hasRemaining()) {
            throw new IllegalStateException("corrupt " + kind + " record: " + in.remaining() + " trailing bytes");
        }
    }

    private IllegalStateException truncated() {
        return new IllegalStateException("corrupt " + kind + " record: truncated");
    }
}
