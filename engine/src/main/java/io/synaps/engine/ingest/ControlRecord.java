package io.synaps.engine.ingest;

import java.nio.ByteBuffer;

/**
 * ControlRecord frames a control payload (an alarm definition change) as a journal record: one
 * version byte that no datum record uses, then the payload. Stateless and thread-safe.
 */
public final class ControlRecord {
    /** The first byte of every control record (datum records start with {@link DatumRecord#VERSION}). */
    public static final byte VERSION = 'C';
    /** Largest payload accepted, in bytes. */
    public static final int MAX_PAYLOAD_BYTES = 64 * 1024;

    private ControlRecord() {
    }

    /** The journal record for the payload. */
    public static byte[] encode(byte[] payload) {
        if (payload.length > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("control payload of " + payload.length + " bytes exceeds "
                    + MAX_PAYLOAD_BYTES);
        }
        byte[] record = new byte[payload.length + 1];
        record[0] = VERSION;
        System.arraycopy(payload, 0, record, 1, payload.length);
        return record;
    }

    /** Whether the record at the buffer's position is a control record. */
    public static boolean isControl(ByteBuffer record) {
        return record.remaining() > 0 && record.get(record.position()) == VERSION;
    }

    /** The payload of a control record (a copy; the buffer's position is not moved). */
    public static byte[] payload(ByteBuffer record) {
        ByteBuffer in = record.duplicate();
        in.get();
        byte[] payload = new byte[in.remaining()];
        in.get(payload);
        return payload;
    }
}
