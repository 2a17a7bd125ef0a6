package io.synaps.store.rocksdb;

import io.synaps.model.MetricId;
import io.synaps.model.alarm.AlarmActions;
import io.synaps.model.alarm.AlarmHistoryItem;
import io.synaps.model.alarm.AlarmStatus;
import io.synaps.model.alarm.AlarmType;
import io.synaps.model.alarm.ComparisonOperator;
import io.synaps.model.alarm.CompositeAlarm;
import io.synaps.model.alarm.HistoryItemType;
import io.synaps.model.alarm.MetricAlarm;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlarmCodecTest {
    private static final MetricAlarm ALARM = new MetricAlarm("1", "a", "arn:aws:cloudwatch:r:1:alarm:a", null,
            AlarmActions.none(), MetricId.of("N", "m"), "Sum", null, null, 60, 1, null, 1.5,
            ComparisonOperator.GreaterThanThreshold, null, null, 5, AlarmStatus.initial(5));

    @Test
    void recordsStartWithTheVersionByte() {
        assertThat(AlarmCodec.encode(ALARM)[0]).isEqualTo(AlarmCodec.VERSION);
        assertThat(AlarmCodec.encodeHistory(new AlarmHistoryItem("1", "a", AlarmType.MetricAlarm,
                HistoryItemType.Action, 1, "s", "{}"))[0]).isEqualTo(AlarmCodec.VERSION);
    }

    @Test
    void aRecordOfAnotherVersionIsRejectedNotMisread() {
        byte[] value = AlarmCodec.encode(ALARM);
        value[0] = 2;

        assertThatThrownBy(() -> AlarmCodec.decode(value)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("version 2");
    }

    @Test
    void aTruncatedRecordIsReportedAsCorrupt() {
        byte[] value = AlarmCodec.encode(ALARM);

        assertThatThrownBy(() -> AlarmCodec.decode(Arrays.copyOf(value, value.length - 3)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("corrupt");
    }

    @Test
    void everyAlarmTypeAndHistoryItemTypeHasAStorageCode() {
        for (AlarmType alarmType : AlarmType.values()) {
            for (HistoryItemType type : HistoryItemType.values()) {
                AlarmHistoryItem item = new AlarmHistoryItem("1", "a", alarmType, type, 7, "s", "{}");
                assertThat(AlarmCodec.decodeHistory("1", 7, AlarmCodec.encodeHistory(item))).isEqualTo(item);
            }
        }
    }

    @Test
    void compositeRecordsKeepTheirKind() {
        CompositeAlarm composite = new CompositeAlarm("1", "c", "arn", null, AlarmActions.none(), "TRUE", null, null,
                null, 5, AlarmStatus.initial(5), null, null);

        for (var alarm : List.of(ALARM, composite)) {
            assertThat(AlarmCodec.decode(AlarmCodec.encode(alarm))).isEqualTo(alarm);
        }
    }
}
