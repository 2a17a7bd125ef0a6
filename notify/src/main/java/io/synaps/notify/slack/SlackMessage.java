package io.synaps.notify.slack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.notify.dispatch.DeliveryPayload;

import java.util.ArrayList;
import java.util.List;

/**
 * SlackMessage renders a delivery as a Slack incoming-webhook body: for an alarm, a header
 * block with the state and name, then an attachment colored by the new state (ALARM
 * {@code #d13212}, OK {@code #2eb886}, INSUFFICIENT_DATA {@code #aaaaaa}) holding the reason,
 * fields for metric, threshold, region and state change, and the dashboard link; for a plain
 * Publish, the subject and message; for a confirmation, the ConfirmSubscription link.
 * {@code text} is the notification fallback. Stateless and thread-safe.
 */
public final class SlackMessage {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int HEADER_LIMIT = 150;
    private static final int TEXT_LIMIT = 3000;

    private SlackMessage() {
    }

    /** The attachment color of a state name. */
    public static String color(String state) {
        return switch (state == null ? "" : state) {
            case "ALARM" -> "#d13212";
            case "OK" -> "#2eb886";
            default -> "#aaaaaa";
        };
    }

    /** The JSON body for the delivery's payload. */
    public static String of(DeliveryPayload p) {
        ObjectNode root = MAPPER.createObjectNode();
        if (DeliveryPayload.CONFIRMATION.equals(p.type())) {
            String text = "Confirm the subscription of this Slack channel to " + p.topicArn();
            root.put("text", text);
            root.putArray("blocks").add(section(escape(text) + ": <" + p.subscribeUrl() + "|Confirm subscription>"));
        } else if (p.fromAlarm()) {
            alarm(root, p);
        } else {
            String subject = p.subject();
            root.put("text", cut(subject != null ? subject : p.message(), TEXT_LIMIT));
            String body = (subject != null ? "*" + escape(subject) + "*\n" : "") + escape(p.message());
            root.putArray("blocks").add(section(cut(body, TEXT_LIMIT)));
        }
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void alarm(ObjectNode root, DeliveryPayload p) {
        DeliveryPayload.AlarmFacts a = p.alarm();
        JsonNode message = readMessage(p.message());
        root.put("text", p.subject());
        ObjectNode header = root.putArray("blocks").addObject();
        header.put("type", "header");
        ObjectNode headerText = header.putObject("text");
        headerText.put("type", "plain_text");
        headerText.put("text", cut(a.state() + ": " + a.name(), HEADER_LIMIT));

        ObjectNode attachment = root.putArray("attachments").addObject();
        attachment.put("color", color(a.state()));
        ArrayNode blocks = attachment.putArray("blocks");
        blocks.add(section(cut(escape(a.reason()), TEXT_LIMIT)));

        List<String> fields = new ArrayList<>();
        JsonNode trigger = message.path("Trigger");
        if (trigger.isObject()) {
            StringBuilder metric = new StringBuilder(trigger.path("Namespace").asText() + " "
                    + trigger.path("MetricName").asText());
            for (JsonNode d : trigger.path("Dimensions")) {
                metric.append("\n").append(d.path("name").asText()).append(" = ").append(d.path("value").asText());
            }
            fields.add("*Metric*\n" + escape(metric.toString()));
            String statistic = trigger.has("Statistic") ? trigger.path("Statistic").asText()
                    : trigger.path("ExtendedStatistic").asText();
            fields.add("*Threshold*\n" + escape(statistic + " " + trigger.path("ComparisonOperator").asText() + " "
                    + trigger.path("Threshold").asText()) + " for " + trigger.path("EvaluationPeriods").asInt()
                    + " x " + trigger.path("Period").asInt() + " s");
        } else if (message.has("AlarmRule")) {
            fields.add("*Rule*\n" + escape(cut(message.path("AlarmRule").asText(), 1900)));
        }
        fields.add("*Region*\n" + escape(a.regionName()));
        fields.add("*State change*\n" + a.previousState() + " -> " + a.state());
        ObjectNode fieldSection = blocks.addObject();
        fieldSection.put("type", "section");
        ArrayNode fieldArray = fieldSection.putArray("fields");
        for (String f : fields) {
            ObjectNode field = fieldArray.addObject();
            field.put("type", "mrkdwn");
            field.put("text", f);
        }
        ObjectNode context = blocks.addObject();
        context.put("type", "context");
        ObjectNode link = context.putArray("elements").addObject();
        link.put("type", "mrkdwn");
        link.put("text", "<" + a.dashboardUrl() + "|View in the Synaps dashboard> | account " + escape(a.accountId())
                + " | " + escape(a.arn() == null ? "" : a.arn()));
    }

    private static ObjectNode section(String mrkdwn) {
        ObjectNode s = MAPPER.createObjectNode();
        s.put("type", "section");
        ObjectNode text = s.putObject("text");
        text.put("type", "mrkdwn");
        text.put("text", mrkdwn.isEmpty() ? " " : mrkdwn);
        return s;
    }

    private static JsonNode readMessage(String json) {
        try {
            JsonNode n = MAPPER.readTree(json == null ? "{}" : json);
            return n == null ? MAPPER.createObjectNode() : n;
        } catch (JsonProcessingException e) {
            return MAPPER.createObjectNode();
        }
    }

    /** Slack's mrkdwn escaping: {@code &}, {@code <} and {@code >}. */
    static String escape(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String cut(String s, int max) {
        if (s == null) {
            return "";
        }
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
