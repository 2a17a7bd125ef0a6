package io.synaps.engine.alarm.evaluate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.synaps.engine.alarm.rule.AlarmRule;
import io.synaps.model.alarm.Alarm;
import io.synaps.model.alarm.AlarmState;
import io.synaps.model.alarm.CompositeAlarm;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * CompositeAlarmEvaluator decides a composite alarm's state from its rule and its children's
 * current states (reference 2.10): ALARM when the rule is true, OK when false, with
 * StateReasonData {@code {"triggeringAlarms":[...]}}; a child that does not exist counts as
 * INSUFFICIENT_DATA (and is not listed among the triggering alarms, having no ARN or state).
 * Pure and thread-safe (stateless).
 */
public final class CompositeAlarmEvaluator {
    private static final JsonFactory JSON = new JsonFactory();

    private CompositeAlarmEvaluator() {
    }

    /** Evaluates at {@code nowMillis}; {@code children} maps a child name to the alarm or null. */
    public static Evaluation evaluate(CompositeAlarm alarm, AlarmRule rule, Function<String, Alarm> children,
                                      long nowMillis) {
        Map<String, Alarm> seen = new HashMap<>();
        for (String name : rule.children()) {
            Alarm child = children.apply(name);
            if (child != null) {
                seen.put(name, child);
            }
        }
        Function<String, AlarmState> stateOf = name -> {
            Alarm child = seen.get(name);
            return child == null ? AlarmState.INSUFFICIENT_DATA : child.status().value();
        };
        boolean holds = rule.evaluate(stateOf);
        AlarmState state = holds ? AlarmState.ALARM : AlarmState.OK;
        List<Alarm> triggering = new ArrayList<>();
        for (String name : holds ? rule.satisfiedChildren(stateOf) : List.copyOf(rule.children())) {
            Alarm child = seen.get(name);
            if (child != null) {
                triggering.add(child);
            }
        }
        return new Evaluation(state, reason(alarm, state, triggering, nowMillis), json(triggering));
    }

    /**
     * AWS's {@code <child arn> transitioned to ALARM at Sunday 30 October, 2022 20:47:35 UTC}
     * naming the first triggering child for ALARM and the most recently changed child for OK;
     * {@code <arn> was created and its alarm rule evaluates to OK} on the first evaluation.
     */
    private static String reason(CompositeAlarm alarm, AlarmState state, List<Alarm> triggering, long nowMillis) {
        Alarm named = null;
        if (state == AlarmState.ALARM && !triggering.isEmpty()) {
            named = triggering.get(0);
        } else if (alarm.status().value() != AlarmState.INSUFFICIENT_DATA) {
            for (Alarm child : triggering) {
                if (named == null || child.status().transitionedMillis() > named.status().transitionedMillis()) {
                    named = child;
                }
            }
        }
        if (named != null) {
            return named.arn() + " transitioned to " + named.status().value() + " at "
                    + ReasonDates.composite(named.status().transitionedMillis()) + " UTC";
        }
        if (alarm.status().value() == AlarmState.INSUFFICIENT_DATA) {
            return alarm.arn() + " was created and its alarm rule evaluates to " + state;
        }
        return "The alarm rule of " + alarm.arn() + " evaluates to " + state + " at "
                + ReasonDates.composite(nowMillis) + " UTC";
    }

    private static String json(List<Alarm> triggering) {
        StringWriter out = new StringWriter(128);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("triggeringAlarms");
            for (Alarm child : triggering) {
                g.writeStartObject();
                g.writeStringField("arn", child.arn());
                g.writeObjectFieldStart("state");
                g.writeStringField("value", child.status().value().name());
                g.writeStringField("timestamp", ReasonDates.data(child.status().transitionedMillis()));
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
