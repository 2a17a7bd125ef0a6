package io.synaps.store.rocksdb;

import io.synaps.store.outbox.DeadLetter;
import io.synaps.store.outbox.Delivery;

/**
 * OutboxCodec encodes deliveries, dead letters and key states as the versioned binary values of
 * the outbox column families (layout in the module README). Stateless and thread-safe.
 */
final class OutboxCodec {
    static final byte VERSION = 1;
    static final byte PENDING = 0;
    static final byte DELIVERED = 1;
    static final byte DEAD = 2;

    private OutboxCodec() {
    }

    /**
     * What {@code outbox-keys} holds for a key: its state and, by state, where its row is
     * (pending: the orderKey and sequence of its {@code outbox-pending} row) or when it ended
     * (delivered, dead: epoch ms; dead also the account number of its {@code outbox-dead} row).
     */
    record KeyState(byte state, String orderKey, long sequence, long endedMillis, int account) {
        static KeyState pending(String orderKey, long sequence) {
            return new KeyState(PENDING, orderKey, sequence, 0, 0);
        }

        static KeyState delivered(long atMillis) {
            return new KeyState(DELIVERED, null, 0, atMillis, 0);
        }

        static KeyState dead(long atMillis, int account) {
            return new KeyState(DEAD, null, 0, atMillis, account);
        }
    }

    static byte[] encode(Delivery d) {
        return write(new RecordWriter(VERSION), d).toByteArray();
    }

    static Delivery decodeDelivery(byte[] value) {
        RecordReader in = new RecordReader(value, VERSION, "outbox delivery");
        Delivery d = read(in);
        in.end();
        return d;
    }

    static byte[] encode(DeadLetter letter) {
        return write(new RecordWriter(VERSION), letter.delivery())
                .string(letter.reason())
                .writeLong(letter.diedMillis())
                .toByteArray();
    }

    static DeadLetter decodeDeadLetter(byte[] value) {
        RecordReader in = new RecordReader(value, VERSION, "outbox dead letter");
        DeadLetter letter = new DeadLetter(read(in), in.string(), in.readLong());
        in.end();
        return letter;
    }

    static byte[] encode(KeyState s) {
        RecordWriter out = new RecordWriter(VERSION).writeByte(s.state());
        return switch (s.state()) {
            case PENDING -> out.string(s.orderKey()).writeLong(s.sequence()).toByteArray();
            case DELIVERED -> out.writeLong(s.endedMillis()).toByteArray();
            case DEAD -> out.writeLong(s.endedMillis()).writeInt(s.account()).toByteArray();
            default -> throw new IllegalArgumentException("unknown outbox key state " + s.state());
        };
    }

    static KeyState decodeKeyState(byte[] value) {
        RecordReader in = new RecordReader(value, VERSION, "outbox key");
        byte state = in.readByte();
        KeyState s = switch (state) {
            case PENDING -> KeyState.pending(in.required(), in.readLong());
            case DELIVERED -> KeyState.delivered(in.readLong());
            case DEAD -> KeyState.dead(in.readLong(), in.readInt());
            default -> throw new IllegalStateException("corrupt outbox key record: state " + state);
        };
        in.end();
        return s;
    }

    private static RecordWriter write(RecordWriter out, Delivery d) {
        return out.string(d.key())
                .string(d.accountId())
                .string(d.orderKey())
                .writeLong(d.sequence())
                .string(d.channel())
                .string(d.target())
                .string(d.payload())
                .writeInt(d.attempts())
                .writeLong(d.nextAttemptMillis())
                .string(d.lastError())
                .writeLong(d.createdMillis());
    }

    private static Delivery read(RecordReader in) {
        return new Delivery(in.required(), in.required(), in.required(), in.readLong(), in.required(), in.required(),
                in.required(), in.readInt(), in.readLong(), in.string(), in.readLong());
    }
}
