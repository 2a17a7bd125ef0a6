package io.synaps.notify.nova;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.model.Dimension;
import io.synaps.model.alarm.AlarmTransition;
import io.synaps.model.alarm.MetricAlarm;

import java.util.Objects;

/**
 * NovaPayload is the JSON payload of a {@code nova} delivery: {@code action} (reboot, stop,
 * terminate, recover or migrate; null when the ARN is not a Nova action), {@code actionArn},
 * {@code region} (the action ARN's region), {@code accountId}, {@code alarmName},
 * {@code alarmArn}, {@code instanceId} (the alarm's {@code InstanceId} dimension value, null for
 * composite alarms and alarms without that dimension), {@code newState} and
 * {@code transitionMillis} (epoch milliseconds). Immutable and thread-safe.
 */
public record NovaPayload(String action, String actionArn, String region, String accountId, String alarmName,
                          String alarmArn, String instanceId, String newState, long transitionMillis) {

    /** The dimension whose value names the Nova server, as on EC2 alarms. */
    public static final String INSTANCE_DIMENSION = "InstanceId";

    private static final ObjectMapper JSON = new ObjectMapper();

    public NovaPayload {
        Objects.requireNonNull(actionArn, "actionArn");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(alarmName, "alarmName");
    }

    /**
     * The payload for running {@code actionArn} on {@code transition}. Never throws for a bad ARN
     * (the dispatcher must not fail a transition): action and region are then null and the
     * notifier fails the delivery with a reason.
     */
    public static NovaPayload of(AlarmTransition transition, String actionArn) {
        Objects.requireNonNull(transition, "transition");
        NovaAction parsed = NovaAction.parse(actionArn);
        String instanceId = null;
        if (transition.alarm() instanceof MetricAlarm m) {
            for (Dimension d : m.metric().dimensions()) {
                if (d.name().equals(INSTANCE_DIMENSION)) {
                    instanceId = d.value();
                    break;
                }
            }
        }
        return new NovaPayload(parsed == null ? null : parsed.verb().wireName(), actionArn,
                parsed == null ? null : parsed.region(), transition.alarm().accountId(), transition.alarm().name(),
                transition.alarm().arn(), instanceId, transition.alarm().status().value().name(),
                transition.timestampMillis());
    }

    /** The payload as one line of JSON (null members written as null). */
    public String toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("action", action);
        o.put("actionArn", actionArn);
        o.put("region", region);
        o.put("accountId", accountId);
        o.put("alarmName", alarmName);
        o.put("alarmArn", alarmArn);
        o.put("instanceId", instanceId);
        o.put("newState", newState);
        o.put("transitionMillis", transitionMillis);
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The payload of {@code json}; IllegalArgumentException when it is not one. */
    public static NovaPayload parse(String json) {
        JsonNode n;
        try {
            n = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the nova payload is not JSON");
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("the nova payload is not a JSON object");
        }
        String actionArn = text(n, "actionArn");
        String accountId = text(n, "accountId");
        String alarmName = text(n, "alarmName");
        if (actionArn == null || accountId == null || alarmName == null) {
            throw new IllegalArgumentException("the nova payload lacks actionArn, accountId or alarmName");
        }
        JsonNode t = n.get("transitionMillis");
        return new NovaPayload(text(n, "action"), actionArn, text(n, "region"), accountId, alarmName,
                text(n, "alarmArn"), text(n, "instanceId"), text(n, "newState"),
                t != null && t.canConvertToLong() ? t.asLong() : 0L);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
