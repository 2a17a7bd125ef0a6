package io.synaps.store.rocksdb;

import io.synaps.model.Dimension;
import io.synaps.model.MetricId;
import io.synaps.model.StandardUnit;
import io.synaps.model.alarm.Alarm;
import io.synaps.model.alarm.AlarmActions;
import io.synaps.model.alarm.AlarmHistoryItem;
import io.synaps.model.alarm.AlarmState;
import io.synaps.model.alarm.AlarmStatus;
import io.synaps.model.alarm.AlarmType;
import io.synaps.model.alarm.ComparisonOperator;
import io.synaps.model.alarm.CompositeAlarm;
import io.synaps.model.alarm.HistoryItemType;
import io.synaps.model.alarm.MetricAlarm;
import io.synaps.model.alarm.TreatMissingData;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * AlarmCodec encodes alarm records and history items as the versioned binary values of the
 * {@code alarms} and {@code alarm-history} column families (layout in the module README).
 * Enum constants are written as codes from the tables below, not ordinals, so reordering a model
 * enum never changes stored data; append new constants only at the end. Stateless and thread-safe.
 */
final class AlarmCodec {
    static final byte VERSION = 1;
    private static final byte METRIC = 1;
    private static final byte COMPOSITE = 2;
    private static final byte ABSENT = -1;

    private static final AlarmState[] STATES = {AlarmState.OK, AlarmState.ALARM, AlarmState.INSUFFICIENT_DATA};
    private static final ComparisonOperator[] OPERATORS = {
        ComparisonOperator.GreaterThanOrEqualToThreshold, ComparisonOperator.GreaterThanThreshold,
        ComparisonOperator.LessThanThreshold, ComparisonOperator.LessThanOrEqualToThreshold,
        ComparisonOperator.LessThanLowerOrGreaterThanUpperThreshold, ComparisonOperator.LessThanLowerThreshold,
        ComparisonOperator.GreaterThanUpperThreshold};
    private static final TreatMissingData[] MISSING = {
        TreatMissingData.MISSING, TreatMissingData.IGNORE, TreatMissingData.BREACHING, TreatMissingData.NOT_BREACHING};
    private static final AlarmType[] ALARM_TYPES = {AlarmType.MetricAlarm, AlarmType.CompositeAlarm};
    private static final HistoryItemType[] ITEM_TYPES = {
        HistoryItemType.ConfigurationUpdate, HistoryItemType.StateUpdate, HistoryItemType.Action};

    private AlarmCodec() {
    }

    static byte[] encode(Alarm alarm) {
        Out out = new Out();
        try {
            out.data.writeByte(VERSION);
            out.data.writeByte(alarm instanceof MetricAlarm ? METRIC : COMPOSITE);
            out.string(alarm.accountId());
            out.string(alarm.name());
            out.string(alarm.arn());
            out.string(alarm.description());
            AlarmActions actions = alarm.actions();
            out.data.writeBoolean(actions.enabled());
            out.strings(actions.alarm());
            out.strings(actions.ok());
            out.strings(actions.insufficientData());
            out.data.writeLong(alarm.configurationUpdatedMillis());
            AlarmStatus status = alarm.status();
            out.data.writeByte(code(STATES, status.value()));
            out.string(status.reason());
            out.string(status.reasonData());
            out.data.writeLong(status.updatedMillis());
            out.data.writeLong(status.transitionedMillis());
            if (alarm instanceof MetricAlarm m) {
                out.string(m.metric().namespace());
                out.string(m.metric().metricName());
                out.data.writeInt(m.metric().dimensions().size());
                for (Dimension d : m.metric().dimensions()) {
                    out.string(d.name());
                    out.string(d.value());
                }
                out.string(m.statistic());
                out.string(m.extendedStatistic());
                out.data.writeByte(m.unit() == null ? ABSENT : m.unit().code());
                out.data.writeInt(m.period());
                out.data.writeInt(m.evaluationPeriods());
                out.integer(m.datapointsToAlarm());
                out.data.writeLong(Double.doubleToRawLongBits(m.threshold()));
                out.data.writeByte(code(OPERATORS, m.comparison()));
                out.data.writeByte(m.treatMissingData() == null ? ABSENT : code(MISSING, m.treatMissingData()));
                out.string(m.evaluateLowSampleCountPercentile());
            } else {
                CompositeAlarm c = (CompositeAlarm) alarm;
                out.string(c.rule());
                out.string(c.actionsSuppressor());
                out.integer(c.suppressorWaitPeriod());
                out.integer(c.suppressorExtensionPeriod());
                out.string(c.actionsSuppressedBy());
                out.string(c.actionsSuppressedReason());
            }
            return out.bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream never fails
        }
    }

    static Alarm decode(byte[] value) {
        In in = new In(value);
        try {
            in.version();
            byte kind = in.data.readByte();
            String account = in.string();
            String name = in.string();
            String arn = in.string();
            String description = in.string();
            AlarmActions actions = new AlarmActions(in.data.readBoolean(), in.strings(), in.strings(), in.strings());
            long configured = in.data.readLong();
            AlarmStatus status = new AlarmStatus(STATES[in.data.readByte()], in.string(), in.string(),
                    in.data.readLong(), in.data.readLong());
            if (kind == METRIC) {
                String namespace = in.string();
                String metricName = in.string();
                int count = in.data.readInt();
                List<Dimension> dimensions = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    dimensions.add(new Dimension(in.string(), in.string()));
                }
                String statistic = in.string();
                String extended = in.string();
                byte unit = in.data.readByte();
                int period = in.data.readInt();
                int evaluationPeriods = in.data.readInt();
                Integer datapoints = in.integer();
                double threshold = Double.longBitsToDouble(in.data.readLong());
                ComparisonOperator comparison = OPERATORS[in.data.readByte()];
                byte missing = in.data.readByte();
                String lowSample = in.string();
                return new MetricAlarm(account, name, arn, description, actions,
                        new MetricId(namespace, metricName, dimensions), statistic, extended,
                        unit == ABSENT ? null : StandardUnit.fromCode(unit), period, evaluationPeriods, datapoints,
                        threshold, comparison, missing == ABSENT ? null : MISSING[missing], lowSample, configured,
                        status);
            }
            if (kind == COMPOSITE) {
                return new CompositeAlarm(account, name, arn, description, actions, in.string(), in.string(),
                        in.integer(), in.integer(), configured, status, in.string(), in.string());
            }
            throw new IllegalStateException("unknown alarm record kind " + kind);
        } catch (IOException e) {
            throw new IllegalStateException("corrupt alarm record", e);
        }
    }

    /** The history value: everything but the account and the timestamp, which are in the key. */
    static byte[] encodeHistory(AlarmHistoryItem item) {
        Out out = new Out();
        try {
            out.data.writeByte(VERSION);
            out.string(item.alarmName());
            out.data.writeByte(code(ALARM_TYPES, item.alarmType()));
            out.data.writeByte(code(ITEM_TYPES, item.type()));
            out.string(item.summary());
            out.string(item.data());
            return out.bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static AlarmHistoryItem decodeHistory(String accountId, long timestampMillis, byte[] value) {
        In in = new In(value);
        try {
            in.version();
            String name = in.string();
            AlarmType alarmType = ALARM_TYPES[in.data.readByte()];
            HistoryItemType type = ITEM_TYPES[in.data.readByte()];
            return new AlarmHistoryItem(accountId, name, alarmType, type, timestampMillis, in.string(), in.string());
        } catch (IOException e) {
            throw new IllegalStateException("corrupt alarm history record", e);
        }
    }

    private static <E> byte code(E[] table, E constant) {
        for (int i = 0; i < table.length; i++) {
            if (table[i] == constant) {
                return (byte) i;
            }
        }
        throw new IllegalArgumentException("no storage code for " + constant);
    }

    private static final class Out {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        final DataOutputStream data = new DataOutputStream(bytes);

        /** int32 byte length (-1 for null) + UTF-8. */
        void string(String s) throws IOException {
            if (s == null) {
                data.writeInt(-1);
                return;
            }
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            data.writeInt(utf8.length);
            data.write(utf8);
        }

        void strings(List<String> list) throws IOException {
            data.writeInt(list.size());
            for (String s : list) {
                string(s);
            }
        }

        /** A presence byte, then int32 when present. */
        void integer(Integer i) throws IOException {
            data.writeBoolean(i != null);
            if (i != null) {
                data.writeInt(i);
            }
        }
    }

    private static final class In {
        final byte[] value;
        final DataInputStream data;

        In(byte[] value) {
            this.value = value;
            this.data = new DataInputStream(new ByteArrayInputStream(value));
        }

        void version() throws IOException {
            byte version = data.readByte();
            if (version != VERSION) {
                throw new IllegalStateException("unsupported alarm record version " + version);
            }
        }

        String string() throws IOException {
            int length = data.readInt();
            if (length < 0) {
                return null;
            }
            if (length > data.available()) {
                throw new IOException("string length " + length + " past the end of the record");
            }
            byte[] utf8 = new byte[length];
            data.readFully(utf8);
            return new String(utf8, StandardCharsets.UTF_8);
        }

        List<String> strings() throws IOException {
            int count = data.readInt();
            List<String> list = new ArrayList<>(Math.min(count, 16));
            for (int i = 0; i < count; i++) {
                list.add(string());
            }
            return list;
        }

        Integer integer() throws IOException {
            return data.readBoolean() ? data.readInt() : null;
        }
    }
}
