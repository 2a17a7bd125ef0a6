package io.synaps.api.action.alarm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.api.protocol.Output;
import io.synaps.model.Dimension;
import io.synaps.model.alarm.Alarm;
import io.synaps.model.alarm.AlarmActions;
import io.synaps.model.alarm.CompositeAlarm;
import io.synaps.model.alarm.MetricAlarm;

import java.time.Instant;
import java.util.List;

/**
 * AlarmOutput renders alarms as the model's MetricAlarm and CompositeAlarm structures, members in
 * the model's order, with the fields AWS always sends present and the optional ones only when
 * set (reference 2.7, 2.10). Stateless; thread-safe.
 */
final class AlarmOutput {
    private AlarmOutput() {
    }

    /** The full MetricAlarm structure. */
    static ObjectNode metric(MetricAlarm a) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("AlarmName", a.name());
        o.put("AlarmArn", a.arn());
        if (a.description() != null) {
            o.put("AlarmDescription", a.description());
        }
        o.set("AlarmConfigurationUpdatedTimestamp", timestamp(a.configurationUpdatedMillis()));
        metricActions(o, a.actions());
        o.put("StateValue", a.status().value().name());
        o.put("StateReason", a.status().reason());
        if (a.status().reasonData() != null) {
            o.put("StateReasonData", a.status().reasonData());
        }
        o.set("StateUpdatedTimestamp", timestamp(a.status().updatedMillis()));
        o.put("MetricName", a.metric().metricName());
        o.put("Namespace", a.metric().namespace());
        if (a.statistic() != null) {
            o.put("Statistic", a.statistic());
        }
        if (a.extendedStatistic() != null) {
            o.put("ExtendedStatistic", a.extendedStatistic());
        }
        ArrayNode dims = o.putArray("Dimensions");
        for (Dimension d : a.metric().dimensions()) {
            ObjectNode dim = dims.addObject();
            dim.put("Name", d.name());
            dim.put("Value", d.value());
        }
        o.put("Period", a.period());
        if (a.unit() != null) {
            o.put("Unit", a.unit().wireName());
        }
        o.put("EvaluationPeriods", a.evaluationPeriods());
        if (a.datapointsToAlarm() != null) {
            o.put("DatapointsToAlarm", a.datapointsToAlarm().intValue());
        }
        o.put("Threshold", a.threshold());
        o.put("ComparisonOperator", a.comparison().name());
        if (a.treatMissingData() != null) {
            o.put("TreatMissingData", a.treatMissingData().wireName());
        }
        if (a.evaluateLowSampleCountPercentile() != null) {
            o.put("EvaluateLowSampleCountPercentile", a.evaluateLowSampleCountPercentile());
        }
        o.set("StateTransitionedTimestamp", timestamp(a.status().transitionedMillis()));
        return o;
    }

    /** The full CompositeAlarm structure (the model orders its members nearly alphabetically). */
    static ObjectNode composite(CompositeAlarm a) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("ActionsEnabled", a.actions().enabled());
        strings(o, "AlarmActions", a.actions().alarm());
        o.put("AlarmArn", a.arn());
        o.set("AlarmConfigurationUpdatedTimestamp", timestamp(a.configurationUpdatedMillis()));
        if (a.description() != null) {
            o.put("AlarmDescription", a.description());
        }
        o.put("AlarmName", a.name());
        o.put("AlarmRule", a.rule());
        strings(o, "InsufficientDataActions", a.actions().insufficientData());
        strings(o, "OKActions", a.actions().ok());
        o.put("StateReason", a.status().reason());
        if (a.status().reasonData() != null) {
            o.put("StateReasonData", a.status().reasonData());
        }
        o.set("StateUpdatedTimestamp", timestamp(a.status().updatedMillis()));
        o.put("StateValue", a.status().value().name());
        o.set("StateTransitionedTimestamp", timestamp(a.status().transitionedMillis()));
        if (a.actionsSuppressedBy() != null) {
            o.put("ActionsSuppressedBy", a.actionsSuppressedBy());
        }
        if (a.actionsSuppressedReason() != null) {
            o.put("ActionsSuppressedReason", a.actionsSuppressedReason());
        }
        if (a.actionsSuppressor() != null) {
            o.put("ActionsSuppressor", a.actionsSuppressor());
            if (a.suppressorWaitPeriod() != null) {
                o.put("ActionsSuppressorWaitPeriod", a.suppressorWaitPeriod().intValue());
            }
            if (a.suppressorExtensionPeriod() != null) {
                o.put("ActionsSuppressorExtensionPeriod", a.suppressorExtensionPeriod().intValue());
            }
        }
        return o;
    }

    /** An alarm as ChildrenOfAlarmName lists it: name, ARN, StateValue and StateUpdatedTimestamp only. */
    static ObjectNode child(Alarm a) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        if (a instanceof MetricAlarm) {
            o.put("AlarmName", a.name());
            o.put("AlarmArn", a.arn());
            o.put("StateValue", a.status().value().name());
            o.set("StateUpdatedTimestamp", timestamp(a.status().updatedMillis()));
        } else {
            o.put("AlarmArn", a.arn());
            o.put("AlarmName", a.name());
            o.set("StateUpdatedTimestamp", timestamp(a.status().updatedMillis()));
            o.put("StateValue", a.status().value().name());
        }
        return o;
    }

    /** A composite alarm as ParentsOfAlarmName lists it: name and ARN only. */
    static ObjectNode parent(CompositeAlarm a) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("AlarmArn", a.arn());
        o.put("AlarmName", a.name());
        return o;
    }

    private static void metricActions(ObjectNode o, AlarmActions actions) {
        o.put("ActionsEnabled", actions.enabled());
        strings(o, "OKActions", actions.ok());
        strings(o, "AlarmActions", actions.alarm());
        strings(o, "InsufficientDataActions", actions.insufficientData());
    }

    private static void strings(ObjectNode o, String member, List<String> values) {
        ArrayNode array = o.putArray(member);
        values.forEach(array::add);
    }

    static JsonNode timestamp(long millis) {
        return Output.timestamp(Instant.ofEpochMilli(millis));
    }
}
