package io.synaps.notify.sns;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.synaps.model.Dimension;
import io.synaps.model.alarm.Alarm;
import io.synaps.model.alarm.AlarmArn;
import io.synaps.model.alarm.AlarmTransition;
import io.synaps.model.alarm.CompositeAlarm;
import io.synaps.model.alarm.MetricAlarm;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * AlarmMessage is the SNS notification CloudWatch publishes for an alarm transition (reference
 * 2.7): {@code json} is the message body with AWS's keys in AWS's order (Trigger for metric
 * alarms, AlarmRule and TriggeringChildren for composites) and {@code subject} is
 * {@code <STATE>: "<name>" in <region long name>} cut to SNS's 100 characters. Immutable.
 */
public record AlarmMessage(String subject, String json) {

    /** SNS's limit on a Subject, in characters. */
    public static final int SUBJECT_LIMIT = 100;

    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'+0000'", Locale.ROOT).withZone(ZoneOffset.UTC);

    /**
     * The message of a transition. The region comes from the alarm's ARN; {@code fallbackRegion}
     * is used when the ARN does not parse.
     */
    public static AlarmMessage of(AlarmTransition transition, String fallbackRegion) {
        Alarm alarm = transition.alarm();
        String region = regionOf(alarm, fallbackRegion);
        String regionName = RegionNames.longName(region);
        return new AlarmMessage(subject(alarm, regionName), body(transition, regionName));
    }

    /** The region code of the alarm's ARN, or {@code fallback}. */
    public static String regionOf(Alarm alarm, String fallback) {
        AlarmArn.Parsed parsed = AlarmArn.parse(alarm.arn());
        return parsed == null || parsed.region().isEmpty() ? fallback : parsed.region();
    }

    /** An epoch-millisecond time as AWS writes dates in alarm messages: {@code 2024-01-03T11:36:00.000+0000}. */
    public static String date(long epochMillis) {
        return DATE.format(Instant.ofEpochMilli(epochMillis));
    }

    /**
     * The statistic as alarm messages spell it: upper snake case ({@code SampleCount} ->
     * {@code SAMPLE_COUNT}).
     */
    public static String upperSnake(String statistic) {
        StringBuilder out = new StringBuilder(statistic.length() + 4);
        for (int i = 0; i < statistic.length(); i++) {
            char c = statistic.charAt(i);
            if (Character.isUpperCase(c) && i > 0) {
                out.append('_');
            }
            out.append(Character.toUpperCase(c));
        }
        return out.toString();
    }

    private static String subject(Alarm alarm, String regionName) {
        String s = alarm.status().value().name() + ": \"" + alarm.name() + "\" in " + regionName;
        if (s.length() <= SUBJECT_LIMIT) {
            return s;
        }
        int end = SUBJECT_LIMIT;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--; // never split a surrogate pair
        }
        return s.substring(0, end);
    }

    private static String body(AlarmTransition t, String regionName) {
        Alarm alarm = t.alarm();
        StringWriter out = new StringWriter(1024);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("AlarmName", alarm.name());
            g.writeStringField("AlarmDescription", alarm.description());
            g.writeStringField("AWSAccountId", alarm.accountId());
            g.writeStringField("AlarmConfigurationUpdatedTimestamp", date(alarm.configurationUpdatedMillis()));
            g.writeStringField("NewStateValue", alarm.status().value().name());
            g.writeStringField("NewStateReason", alarm.status().reason());
            g.writeStringField("StateChangeTime", date(t.timestampMillis()));
            g.writeStringField("Region", regionName);
            g.writeStringField("AlarmArn", alarm.arn());
            g.writeStringField("OldStateValue", t.previous().value().name());
            writeList(g, "OKActions", alarm.actions().ok());
            writeList(g, "AlarmActions", alarm.actions().alarm());
            writeList(g, "InsufficientDataActions", alarm.actions().insufficientData());
            g.writeBooleanField("ActionExecutedAfterMuteWindow", false);
            if (alarm instanceof MetricAlarm m) {
                writeTrigger(g, m);
            } else if (alarm instanceof CompositeAlarm c) {
                g.writeStringField("AlarmRule", c.rule());
                writeTriggeringChildren(g, c.status().reasonData());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void writeTrigger(JsonGenerator g, MetricAlarm m) throws IOException {
        g.writeObjectFieldStart("Trigger");
        g.writeStringField("MetricName", m.metric().metricName());
        g.writeStringField("Namespace", m.metric().namespace());
        if (m.statistic() != null) {
            g.writeStringField("StatisticType", "Statistic");
            g.writeStringField("Statistic", upperSnake(m.statistic()));
        } else {
            g.writeStringField("StatisticType", "ExtendedStatistic");
            g.writeStringField("ExtendedStatistic", m.extendedStatistic());
        }
        g.writeStringField("Unit", m.unit() == null ? null : m.unit().wireName());
        g.writeArrayFieldStart("Dimensions");
        for (Dimension d : m.metric().dimensions()) {
            g.writeStartObject();
            g.writeStringField("value", d.value());
            g.writeStringField("name", d.name());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeNumberField("Period", m.period());
        g.writeNumberField("EvaluationPeriods", m.evaluationPeriods());
        g.writeStringField("ComparisonOperator", m.comparison().name());
        g.writeNumberField("Threshold", m.threshold());
        g.writeStringField("TreatMissingData", m.treatMissingData() == null ? "" : m.treatMissingData().wireName());
        g.writeStringField("EvaluateLowSampleCountPercentile",
                m.evaluateLowSampleCountPercentile() == null ? "" : m.evaluateLowSampleCountPercentile());
        g.writeEndObject();
    }

    /** StateReasonData {"triggeringAlarms":[{arn, state:{value, timestamp}}]} -> [{Arn, State:{Value, Timestamp}}]. */
    private static void writeTriggeringChildren(JsonGenerator g, String reasonData) throws IOException {
        g.writeArrayFieldStart("TriggeringChildren");
        JsonNode children = null;
        if (reasonData != null) {
            try {
                children = MAPPER.readTree(reasonData).path("triggeringAlarms");
            } catch (JsonProcessingException e) {
                children = null; // SetAlarmState may store any text: no children to name
            }
        }
        if (children != null && children.isArray()) {
            for (JsonNode child : children) {
                g.writeStartObject();
                g.writeStringField("Arn", child.path("arn").asText());
                g.writeObjectFieldStart("State");
                g.writeStringField("Value", child.path("state").path("value").asText());
                g.writeStringField("Timestamp", child.path("state").path("timestamp").asText());
                g.writeEndObject();
                g.writeEndObject();
            }
        }
        g.writeEndArray();
    }

    private static void writeList(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }
}
