package io.synaps.store.rocksdb;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * RecordWriter builds the binary values of the topic and outbox families: big-endian integers,
 * {@code str} = int32 UTF-8 length (-1 for null) + UTF-8, {@code map} = int32 count + (str key,
 * str value)* in key order (so equal maps encode to equal bytes). Not thread-safe: one per record.
 */
final class RecordWriter {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    private final DataOutputStream data = new DataOutputStream(bytes);

    /** Starts a record with its version byte. */
    RecordWriter(byte version) {
        writeByte(version);
    }

    RecordWriter writeByte(int b) {
        try {
            data.writeByte(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream never fails
        }
        return this;
    }

    RecordWriter writeBoolean(boolean b) {
        return writeByte(b ? 1 : 0);
    }

    RecordWriter writeInt(int i) {
        try {
            data.writeInt(i);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    RecordWriter writeLong(long l) {
        try {
            data.writeLong(l);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    RecordWriter string(String s) {
        if (s == null) {
            return writeInt(-1);
        }
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        writeInt(utf8.length);
        try {
            data.write(utf8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    RecordWriter map(Map<String, String> map) {
        writeInt(map.size());
        for (Map.Entry<String, String> e : new TreeMap<>(map).entrySet()) {
            string(e.getKey());
            string(e.getValue());
        }
        return this;
    }

    byte[] toByteArray() {
        return bytes.toByteArray();
    }
}
