package io.synaps.api.action.alarm;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.api.action.Action;
import io.synaps.api.action.RequestContext;
import io.synaps.api.protocol.Members;
import io.synaps.engine.alarm.AlarmService;
import io.synaps.model.AwsError;
import io.synaps.model.alarm.AlarmState;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * SetAlarmStateAction answers SetAlarmState: StateValue (AWS's recorded enum error), StateReason
 * (at most 1,023 characters), StateReasonData (at most 4,000, must be JSON: InvalidFormat), and
 * ResourceNotFound without a message for an unknown alarm, as AWS answers. The state holds until
 * the alarm's next evaluation. No output. Thread-safe.
 */
public final class SetAlarmStateAction implements Action {
    static final int REASON_MAX = 1023;
    static final int REASON_DATA_MAX = 4000;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final AlarmService alarms;

    public SetAlarmStateAction(AlarmService alarms) {
        this.alarms = Objects.requireNonNull(alarms, "alarms");
    }

    @Override
    public String name() {
        return "SetAlarmState";
    }

    @Override
    public CompletableFuture<ObjectNode> handle(RequestContext context, Members in) {
        String name = AlarmInput.name(in, "AlarmName");
        String stateText = in.requiredString("StateValue");
        AlarmInput.checkEnum(stateText, in.pathOf("StateValue"), DescribeAlarmsAction.STATE_VALUES,
                DescribeAlarmsAction.STATE_VALUES_SHOWN);
        String reason = in.string("StateReason");
        if (reason == null) {
            throw Members.required(in.pathOf("StateReason"));
        }
        AlarmInput.maxLength(reason, in.pathOf("StateReason"), REASON_MAX);
        String reasonData = in.string("StateReasonData");
        if (reasonData != null && reasonData.isEmpty()) {
            reasonData = null;
        }
        if (reasonData != null) {
            AlarmInput.maxLength(reasonData, in.pathOf("StateReasonData"), REASON_DATA_MAX);
            checkJson(reasonData, in.pathOf("StateReasonData"));
        }
        if (alarms.get(context.accountId(), name).isEmpty()) {
            throw AwsError.resourceNotFound(null);
        }
        return alarms.setState(context.accountId(), name, AlarmState.parse(stateText), reason, reasonData)
                .thenApply(v -> null);
    }

    /** InvalidFormat (the model's InvalidFormatFault) unless {@code text} is one well-formed JSON value. */
    static void checkJson(String text, String path) {
        try {
            JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new AwsError("InvalidFormatFault", "InvalidFormat", 400,
                    path + " was not syntactically valid JSON");
        }
    }
}
