package io.synaps.api.action.alarm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.api.action.RequestContext;
import io.synaps.api.action.SyncAction;
import io.synaps.api.action.tag.TagInput;
import io.synaps.api.protocol.Members;
import io.synaps.engine.alarm.AlarmService;
import io.synaps.engine.alarm.BacktestResult;
import io.synaps.model.AwsError;
import io.synaps.model.alarm.MetricAlarm;

import java.time.Instant;
import java.util.Objects;

/**
 * BacktestMetricAlarmAction answers BacktestMetricAlarm, a Synaps extension (decision 0010): a
 * PutMetricAlarm body (validated the same way; AlarmName optional, actions and tags checked but
 * unused) plus StartTime and EndTime; the answer is what the alarm would have done over that
 * range, replayed by the live evaluator over the stored buckets. Nothing is stored.
 * Output: {@code Transitions} [{Timestamp, OldStateValue, NewStateValue, StateReason,
 * StateReasonData?}], {@code Evaluations}, {@code FinalStateValue}. Thread-safe.
 */
public final class BacktestMetricAlarmAction implements SyncAction {
    /** The operation name; not in AWS's model (ActionRegistry.EXTENSIONS). */
    public static final String NAME = "BacktestMetricAlarm";

    private final AlarmService alarms;
    private final String partition;

    public BacktestMetricAlarmAction(AlarmService alarms, String partition) {
        this.alarms = Objects.requireNonNull(alarms, "alarms");
        this.partition = Objects.requireNonNull(partition, "partition");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ObjectNode answer(RequestContext context, Members in) {
        MetricAlarm alarm = MetricAlarmInput.read(context, in, partition, false);
        TagInput.tags(in, "Tags", false);
        Instant start = in.requiredTimestamp("StartTime");
        Instant end = in.requiredTimestamp("EndTime");
        if (!start.isBefore(end)) {
            throw AwsError.invalidParameterValue("The parameter StartTime must be less than the parameter EndTime.");
        }
        BacktestResult result = alarms.backtest(alarm, start.toEpochMilli(), end.toEpochMilli());

        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode transitions = out.putArray("Transitions");
        for (BacktestResult.Transition t : result.transitions()) {
            ObjectNode o = transitions.addObject();
            o.set("Timestamp", AlarmOutput.timestamp(t.timestampMillis()));
            o.put("OldStateValue", t.from().name());
            o.put("NewStateValue", t.to().name());
            o.put("StateReason", t.reason());
            if (t.reasonData() != null) {
                o.put("StateReasonData", t.reasonData());
            }
        }
        out.put("Evaluations", result.evaluations());
        out.put("FinalStateValue", result.finalState().name());
        return out;
    }
}
