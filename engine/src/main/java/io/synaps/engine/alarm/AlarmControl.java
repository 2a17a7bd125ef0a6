package io.synaps.engine.alarm;

import io.synaps.model.alarm.AlarmState;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * AlarmControl is the payload of an alarm control record: what happened to which alarm. The shard
 * that owns the alarm applies it when the partition's log reaches it; {@link Op#RELOAD},
 * {@link Op#ACTIONS} and {@link Op#DELETE} name an alarm whose definition the store already holds,
 * {@link Op#SET_STATE} carries SetAlarmState's arguments, which the shard applies (status writes
 * all happen on the owning shard). Immutable.
 *
 * <p>Encoding (big-endian, strings as {@link DataOutputStream#writeUTF}): version byte 1, op byte,
 * account, name; SET_STATE adds the state byte (AlarmState ordinal), the reason, a flag byte and,
 * when the flag is 1, the reason data.
 */
record AlarmControl(Op op, String accountId, String name, AlarmState state, String reason, String reasonData) {
    private static final byte VERSION = 1;

    /** Op is what the shard does with the alarm. */
    enum Op {
        /** The definition changed (created, updated, moved): reload from the store and evaluate at once. */
        RELOAD,
        /** ActionsEnabled changed: refresh the alarm from the store, no evaluation. */
        ACTIONS,
        /** The alarm was deleted: drop it and re-evaluate its parents. */
        DELETE,
        /** SetAlarmState. */
        SET_STATE
    }

    AlarmControl {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(name, "name");
        if (op == Op.SET_STATE) {
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(reason, "reason");
        }
    }

    static AlarmControl of(Op op, String accountId, String name) {
        return new AlarmControl(op, accountId, name, null, null, null);
    }

    static AlarmControl setState(String accountId, String name, AlarmState state, String reason, String reasonData) {
        return new AlarmControl(Op.SET_STATE, accountId, name, state, reason, reasonData);
    }

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeByte(op.ordinal());
            out.writeUTF(accountId);
            out.writeUTF(name);
            if (op == Op.SET_STATE) {
                out.writeByte(state.ordinal());
                out.writeUTF(reason);
                out.writeByte(reasonData == null ? 0 : 1);
                if (reasonData != null) {
                    out.writeUTF(reasonData);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Decodes a payload written by {@link #encode()}.
     *
     * @throws IllegalArgumentException when the payload is not one
     */
    static AlarmControl decode(byte[] payload) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("unknown alarm control version " + version);
            }
            int opCode = in.readUnsignedByte();
            if (opCode >= Op.values().length) {
                throw new IllegalArgumentException("unknown alarm control op " + opCode);
            }
            Op op = Op.values()[opCode];
            String account = in.readUTF();
            String name = in.readUTF();
            if (op != Op.SET_STATE) {
                return of(op, account, name);
            }
            int stateCode = in.readUnsignedByte();
            if (stateCode >= AlarmState.values().length) {
                throw new IllegalArgumentException("unknown alarm state " + stateCode);
            }
            String reason = in.readUTF();
            String data = in.readByte() == 1 ? in.readUTF() : null;
            return setState(account, name, AlarmState.values()[stateCode], reason, data);
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated alarm control record", e);
        }
    }
}
