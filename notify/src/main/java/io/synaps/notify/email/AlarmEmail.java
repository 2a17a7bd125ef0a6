package io.synaps.notify.email;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.synaps.notify.dispatch.DeliveryPayload;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * AlarmEmail words the mails of the email channel: for an alarm, CloudWatch's familiar plain
 * text ("You are receiving this email because your Amazon CloudWatch Alarm ...", details,
 * threshold, monitored metric, recent datapoints from StateReasonData, actions) and the same
 * facts as HTML with the dashboard link; for a plain Publish, the message with an unsubscribe
 * footer; for a confirmation, the ConfirmSubscription link. Stateless and thread-safe.
 */
public final class AlarmEmail {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("EEEE dd MMMM, yyyy HH:mm:ss 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    /** The subject SNS uses when a publish has none. */
    public static final String DEFAULT_SUBJECT = "Synaps Notification Message";
    /** The subject of confirmation mails. */
    public static final String CONFIRMATION_SUBJECT = "Synaps Notification - Subscription Confirmation";

    private AlarmEmail() {
    }

    /** The subject line of the mail. */
    public static String subject(DeliveryPayload p) {
        if (DeliveryPayload.CONFIRMATION.equals(p.type())) {
            return CONFIRMATION_SUBJECT;
        }
        return p.subject() == null || p.subject().isBlank() ? DEFAULT_SUBJECT : p.subject();
    }

    /** The plain-text body. */
    public static String text(DeliveryPayload p) {
        if (DeliveryPayload.CONFIRMATION.equals(p.type())) {
            return "You have chosen to subscribe to the topic:\n" + p.topicArn()
                    + "\n\nTo confirm this subscription, click or visit the link below "
                    + "(If this was in error no action is necessary):\n" + p.subscribeUrl() + "\n";
        }
        if (!p.fromAlarm()) {
            return p.message() + footer(p);
        }
        Facts f = Facts.of(p);
        StringBuilder s = new StringBuilder(2048);
        s.append("You are receiving this email because your Amazon CloudWatch Alarm \"").append(f.name)
                .append("\" in the ").append(f.region).append(" region has entered the ").append(f.state)
                .append(" state, because \"").append(f.reason).append("\" at \"").append(f.when).append("\".\n\n");
        s.append("View this alarm in the Synaps dashboard:\n").append(f.dashboard).append("\n\n");
        s.append("Alarm Details:\n");
        line(s, "Name", f.name);
        line(s, "Description", f.description);
        line(s, "State Change", f.previous + " -> " + f.state);
        line(s, "Reason for State Change", f.reason);
        line(s, "Timestamp", f.when);
        line(s, "AWS Account", f.account);
        line(s, "Alarm Arn", f.arn);
        s.append('\n');
        if (f.rule != null) {
            s.append("Alarm Rule:\n").append(f.rule).append("\n\n");
            if (!f.children.isEmpty()) {
                s.append("Triggering children:\n");
                for (String c : f.children) {
                    s.append("- ").append(c).append('\n');
                }
                s.append('\n');
            }
        } else {
            s.append("Threshold:\n- The alarm is in the ALARM state when the metric is ").append(f.comparison)
                    .append(' ').append(f.threshold).append(" for ").append(f.evaluationPeriods)
                    .append(" period(s) of ").append(f.period).append(" seconds.\n\n");
            s.append("Monitored Metric:\n");
            line(s, "MetricNamespace", f.namespace);
            line(s, "MetricName", f.metricName);
            line(s, "Dimensions", f.dimensions);
            line(s, "Period", f.period + " seconds");
            line(s, "Statistic", f.statistic);
            line(s, "Unit", f.unit);
            line(s, "TreatMissingData", f.treatMissingData);
            s.append('\n');
            s.append("Recent datapoints:\n");
            if (f.datapoints.isEmpty()) {
                s.append("- none\n");
            }
            for (String d : f.datapoints) {
                s.append("- ").append(d).append('\n');
            }
            s.append('\n');
        }
        s.append("State Change Actions:\n");
        line(s, "OK", f.okActions);
        line(s, "ALARM", f.alarmActions);
        line(s, "INSUFFICIENT_DATA", f.insufficientActions);
        return s.append(footer(p)).toString();
    }

    /** The HTML body (the same facts as {@link #text}). */
    public static String html(DeliveryPayload p) {
        StringBuilder h = new StringBuilder(4096);
        h.append("<!DOCTYPE html><html><body style=\"font-family:Arial,Helvetica,sans-serif;color:#16191f\">");
        if (DeliveryPayload.CONFIRMATION.equals(p.type())) {
            h.append("<p>You have chosen to subscribe to the topic <b>").append(esc(p.topicArn())).append("</b>.</p>")
                    .append("<p><a href=\"").append(esc(p.subscribeUrl())).append("\">Confirm subscription</a></p>")
                    .append("<p>If this was in error no action is necessary.</p></body></html>");
            return h.toString();
        }
        if (!p.fromAlarm()) {
            h.append("<pre style=\"white-space:pre-wrap\">").append(esc(p.message())).append("</pre>");
            return h.append(htmlFooter(p)).append("</body></html>").toString();
        }
        Facts f = Facts.of(p);
        h.append("<h2 style=\"margin:0;padding:8px 12px;color:#fff;background:").append(color(f.state)).append("\">")
                .append(esc(f.state)).append(": ").append(esc(f.name)).append("</h2>");
        h.append("<p>Your alarm <b>").append(esc(f.name)).append("</b> in ").append(esc(f.region))
                .append(" has entered the <b>").append(esc(f.state)).append("</b> state at ").append(esc(f.when))
                .append(".</p>");
        h.append("<p><b>Reason:</b> ").append(esc(f.reason)).append("</p>");
        h.append("<p><a href=\"").append(esc(f.dashboard)).append("\">View this alarm in the Synaps dashboard</a></p>");
        h.append("<table cellpadding=\"4\" style=\"border-collapse:collapse\">");
        row(h, "State change", f.previous + " -> " + f.state);
        row(h, "Description", f.description);
        row(h, "Account", f.account);
        row(h, "Alarm ARN", f.arn);
        if (f.rule != null) {
            row(h, "Alarm rule", f.rule);
            row(h, "Triggering children", String.join(", ", f.children));
        } else {
            row(h, "Metric", f.namespace + " " + f.metricName);
            row(h, "Dimensions", f.dimensions);
            row(h, "Threshold", f.statistic + " " + f.comparison + " " + f.threshold + " for " + f.evaluationPeriods
                    + " period(s) of " + f.period + " seconds");
            row(h, "Unit", f.unit);
            row(h, "TreatMissingData", f.treatMissingData);
        }
        h.append("</table>");
        if (f.rule == null) {
            h.append("<h3>Recent datapoints</h3>");
            if (f.datapoints.isEmpty()) {
                h.append("<p>none</p>");
            } else {
                h.append("<ul>");
                for (String d : f.datapoints) {
                    h.append("<li>").append(esc(d)).append("</li>");
                }
                h.append("</ul>");
            }
        }
        return h.append(htmlFooter(p)).append("</body></html>").toString();
    }

    private static String footer(DeliveryPayload p) {
        return p.unsubscribeUrl() == null ? "\n" : "\n\n--\nIf you wish to stop receiving notifications from this "
                + "topic, please click or visit the link below to unsubscribe:\n" + p.unsubscribeUrl() + "\n";
    }

    private static String htmlFooter(DeliveryPayload p) {
        return p.unsubscribeUrl() == null ? "" : "<hr><p style=\"font-size:small\">If you wish to stop receiving "
                + "notifications from this topic, <a href=\"" + esc(p.unsubscribeUrl()) + "\">unsubscribe</a>.</p>";
    }

    private static void line(StringBuilder s, String label, String value) {
        s.append("- ").append(label).append(':');
        s.append(" ".repeat(Math.max(1, 38 - label.length())));
        s.append(value == null ? "" : value).append('\n');
    }

    private static void row(StringBuilder h, String label, String value) {
        h.append("<tr><th align=\"left\" style=\"border-bottom:1px solid #ddd\">").append(esc(label))
                .append("</th><td style=\"border-bottom:1px solid #ddd\">").append(esc(value)).append("</td></tr>");
    }

    private static String color(String state) {
        return switch (state) {
            case "ALARM" -> "#d13212";
            case "OK" -> "#2eb886";
            default -> "#687078";
        };
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Facts is what both bodies show, read from the payload, its SNS message and StateReasonData. */
    private static final class Facts {
        String name, description, region, state, previous, reason, when, account, arn, dashboard;
        String namespace, metricName, dimensions, statistic, unit, treatMissingData, comparison, threshold;
        int period, evaluationPeriods;
        String rule, okActions, alarmActions, insufficientActions;
        List<String> children = new ArrayList<>();
        List<String> datapoints = new ArrayList<>();

        static Facts of(DeliveryPayload p) {
            DeliveryPayload.AlarmFacts a = p.alarm();
            JsonNode m = read(p.message());
            Facts f = new Facts();
            f.name = a.name();
            f.description = m.path("AlarmDescription").isTextual() ? m.path("AlarmDescription").asText() : "";
            f.region = a.regionName();
            f.state = a.state();
            f.previous = a.previousState();
            f.reason = a.reason();
            f.when = WHEN.format(Instant.ofEpochMilli(a.transitionMillis()));
            f.account = a.accountId();
            f.arn = a.arn();
            f.dashboard = a.dashboardUrl();
            f.okActions = list(m.path("OKActions"));
            f.alarmActions = list(m.path("AlarmActions"));
            f.insufficientActions = list(m.path("InsufficientDataActions"));
            if (m.has("AlarmRule")) {
                f.rule = m.path("AlarmRule").asText();
                for (JsonNode c : m.path("TriggeringChildren")) {
                    f.children.add(c.path("Arn").asText() + " (" + c.path("State").path("Value").asText() + " since "
                            + c.path("State").path("Timestamp").asText() + ")");
                }
                return f;
            }
            JsonNode t = m.path("Trigger");
            f.namespace = t.path("Namespace").asText();
            f.metricName = t.path("MetricName").asText();
            List<String> dims = new ArrayList<>();
            for (JsonNode d : t.path("Dimensions")) {
                dims.add(d.path("name").asText() + " = " + d.path("value").asText());
            }
            f.dimensions = "[" + String.join(", ", dims) + "]";
            f.statistic = t.has("ExtendedStatistic") ? t.path("ExtendedStatistic").asText() : t.path("Statistic").asText();
            f.unit = t.path("Unit").isTextual() ? t.path("Unit").asText() : "not specified";
            f.treatMissingData = t.path("TreatMissingData").asText().isEmpty() ? "missing"
                    : t.path("TreatMissingData").asText();
            f.comparison = t.path("ComparisonOperator").asText();
            f.threshold = t.path("Threshold").asText();
            f.period = t.path("Period").asInt();
            f.evaluationPeriods = t.path("EvaluationPeriods").asInt();
            JsonNode data = read(a.reasonData());
            JsonNode evaluated = data.path("evaluatedDatapoints");
            if (evaluated.isArray() && evaluated.size() > 0) {
                for (JsonNode d : evaluated) {
                    f.datapoints.add(d.path("timestamp").asText() + ": "
                            + (d.has("value") ? d.path("value").asText() : "missing"));
                }
            } else {
                for (JsonNode v : data.path("recentDatapoints")) {
                    f.datapoints.add(v.asText());
                }
            }
            return f;
        }

        private static String list(JsonNode arr) {
            List<String> out = new ArrayList<>();
            for (JsonNode n : arr) {
                out.add(n.asText());
            }
            return out.isEmpty() ? "" : "[" + String.join(", ", out) + "]";
        }

        private static JsonNode read(String json) {
            if (json == null) {
                return MAPPER.createObjectNode();
            }
            try {
                JsonNode n = MAPPER.readTree(json);
                return n == null ? MAPPER.createObjectNode() : n;
            } catch (JsonProcessingException e) {
                return MAPPER.createObjectNode();
            }
        }
    }
}
