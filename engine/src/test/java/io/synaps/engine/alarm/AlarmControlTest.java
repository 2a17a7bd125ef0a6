package io.synaps.engine.alarm;

import io.synaps.model.alarm.AlarmState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlarmControlTest {

    @Test
    void everyOpRoundTrips() {
        for (AlarmControl.Op op : new AlarmControl.Op[]{AlarmControl.Op.RELOAD, AlarmControl.Op.ACTIONS,
                AlarmControl.Op.DELETE}) {
            AlarmControl c = AlarmControl.of(op, "123456789012", "name:with:colons é");
            assertThat(AlarmControl.decode(c.encode())).isEqualTo(c);
        }
        AlarmControl set = AlarmControl.setState("123456789012", "A", AlarmState.ALARM, "testing", "{\"x\":[1,2]}");
        assertThat(AlarmControl.decode(set.encode())).isEqualTo(set);
        AlarmControl noData = AlarmControl.setState("123456789012", "A", AlarmState.OK, "", null);
        assertThat(AlarmControl.decode(noData.encode())).isEqualTo(noData);
    }

    @Test
    void payloadsThatAreNotAlarmControlsAreRefused() {
        assertThatThrownBy(() -> AlarmControl.decode(new byte[]{9, 0})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AlarmControl.decode(new byte[]{1, 42})).isInstanceOf(IllegalArgumentException.class);
        byte[] cut = AlarmControl.of(AlarmControl.Op.RELOAD, "a", "b").encode();
        assertThatThrownBy(() -> AlarmControl.decode(java.util.Arrays.copyOf(cut, cut.length - 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
