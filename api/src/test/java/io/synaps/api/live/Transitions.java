package io.synaps.api.live;

import io.synaps.model.MetricId;
import io.synaps.model.alarm.AlarmActions;
import io.synaps.model.alarm.AlarmState;
import io.synaps.model.alarm.AlarmStatus;
import io.synaps.model.alarm.AlarmTransition;
import io.synaps.model.alarm.ComparisonOperator;
import io.synaps.model.alarm.CompositeAlarm;
import io.synaps.model.alarm.MetricAlarm;

/** Transitions builds alarm transitions for the live feed tests. */
final class Transitions {
    private Transitions() {
    }

    static AlarmTransition metric(String account, String name, AlarmState from, AlarmState to, String reason,
                                  long atMillis) {
        AlarmStatus before = new AlarmStatus(from, "before", null, atMillis - 60_000, atMillis - 60_000);
        MetricAlarm alarm = new MetricAlarm(account, name, "arn:aws:cloudwatch:us-east-1:" + account + ":alarm:" + name,
                null, AlarmActions.none(), MetricId.of("App", "Latency"), "Average", null, null, 60, 1, null, 1.0,
                ComparisonOperator.GreaterThanThreshold, null, null, 1000, before.moveTo(to, reason, null, atMillis));
        return new AlarmTransition(alarm, before, atMillis, false);
    }

    static AlarmTransition composite(String account, String name, AlarmState from, AlarmState to, String reason,
                                     long atMillis) {
        AlarmStatus before = new AlarmStatus(from, "before", null, atMillis - 60_000, atMillis - 60_000);
        CompositeAlarm alarm = new CompositeAlarm(account, name,
                "arn:aws:cloudwatch:us-east-1:" + account + ":alarm:" + name, null, AlarmActions.none(),
                "ALARM(a)", null, null, null, 1000, before.moveTo(to, reason, null, atMillis), null, null);
        return new AlarmTransition(alarm, before, atMillis, false);
    }
}
