package io.synaps.engine.alarm;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.synaps.model.Dimension;
import io.synaps.model.alarm.Alarm;
import io.synaps.model.alarm.AlarmHistoryItem;
import io.synaps.model.alarm.AlarmState;
import io.synaps.model.alarm.AlarmStatus;
import io.synaps.model.alarm.CompositeAlarm;
import io.synaps.model.alarm.HistoryItemType;
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
 * HistoryData builds the alarm history items the engine writes (reference 2.9): StateUpdate with
 * {@code {"version":"1.0","oldState":{..},"newState":{..}}} (StateReasonData embedded as a JSON
 * object) and ConfigurationUpdate with the alarm in camelCase. Stateless and thread-safe.
 */
final class HistoryData {
    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'+0000'", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** ConfigurationUpdate kinds: the HistoryData type, the summary verb and the alarm's key. */
    enum Change {
        CREATE("Create", "created", "createdAlarm"),
        UPDATE("Update", "updated", "updatedAlarm"),
        DELETE("Delete", "deleted", "deletedAlarm");

        final String type;
        final String verb;
        final String key;

        Change(String type, String verb, String key) {
            this.type = type;
            this.verb = verb;
            this.key = key;
        }
    }

    private HistoryData() {
    }

    /** The StateUpdate item of a change from {@code previous} to {@code next} at {@code timestampMillis}. */
    static AlarmHistoryItem stateUpdate(Alarm alarm, AlarmStatus previous, AlarmStatus next, long timestampMillis) {
        String summary = "Alarm updated from " + previous.value() + " to " + next.value();
        String data = write(g -> {
            g.writeStartObject();
            g.writeStringField("version", "1.0");
            writeState(g, "oldState", previous);
            writeState(g, "newState", next);
            g.writeEndObject();
        });
        return new AlarmHistoryItem(alarm.accountId(), alarm.name(), alarm.type(), HistoryItemType.StateUpdate,
                timestampMillis, summary, data);
    }

    /** The ConfigurationUpdate item for the alarm (as stored after a create or update, as it was before a delete). */
    static AlarmHistoryItem configurationUpdate(Alarm alarm, Change change, long timestampMillis) {
        String summary = "Alarm \"" + alarm.name() + "\" " + change.verb;
        String data = write(g -> {
            g.writeStartObject();
            g.writeStringField("version", "1.0");
            g.writeStringField("type", change.type);
            g.writeFieldName(change.key);
            writeAlarm(g, alarm);
            g.writeEndObject();
        });
        return new AlarmHistoryItem(alarm.accountId(), alarm.name(), alarm.type(), HistoryItemType.ConfigurationUpdate,
                timestampMillis, summary, data);
    }

    /**
     * The old state a StateUpdate item records, or null when the item does not hold one. The
     * item does not say when that state began: both timestamps are the item's.
     */
    static AlarmStatus oldState(AlarmHistoryItem item) {
        try {
            JsonNode old = MAPPER.readTree(item.data()).path("oldState");
            AlarmState value = AlarmState.parse(old.path("stateValue").asText(null));
            if (value == null) {
                return null;
            }
            JsonNode data = old.get("stateReasonData");
            String reasonData = data == null || data.isNull() ? null
                    : data.isTextual() ? data.asText() : MAPPER.writeValueAsString(data);
            return new AlarmStatus(value, old.path("stateReason").asText(""), reasonData, item.timestampMillis(),
                    item.timestampMillis());
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** ISO-8601 with milliseconds and {@code +0000}, as AWS writes dates inside history data. */
    static String date(long epochMillis) {
        return DATE.format(Instant.ofEpochMilli(epochMillis));
    }

    private static void writeState(JsonGenerator g, String field, AlarmStatus status) throws IOException {
        g.writeObjectFieldStart(field);
        g.writeStringField("stateValue", status.value().name());
        g.writeStringField("stateReason", status.reason());
        if (status.reasonData() != null) {
            g.writeFieldName("stateReasonData");
            writeEmbedded(g, status.reasonData());
        }
        g.writeEndObject();
    }

    /**
     * The reason data as a JSON value, copied as it is: the engine wrote it with a generator and
     * SetAlarmState accepts only well-formed JSON, so re-parsing it would only cost time.
     */
    private static void writeEmbedded(JsonGenerator g, String json) throws IOException {
        g.writeRawValue(json);
    }

    private static void writeAlarm(JsonGenerator g, Alarm alarm) throws IOException {
        AlarmStatus status = alarm.status();
        g.writeStartObject();
        g.writeStringField("alarmName", alarm.name());
        g.writeStringField("alarmArn", alarm.arn());
        if (alarm.description() != null) {
            g.writeStringField("alarmDescription", alarm.description());
        }
        g.writeStringField("alarmConfigurationUpdatedTimestamp", date(alarm.configurationUpdatedMillis()));
        g.writeBooleanField("actionsEnabled", alarm.actions().enabled());
        // AWS's own capture spells this key "okactions".
        writeStrings(g, "okactions", alarm.actions().ok());
        writeStrings(g, "alarmActions", alarm.actions().alarm());
        writeStrings(g, "insufficientDataActions", alarm.actions().insufficientData());
        g.writeStringField("stateValue", status.value().name());
        g.writeStringField("stateReason", status.reason());
        if (status.reasonData() != null) {
            g.writeStringField("stateReasonData", status.reasonData());
        }
        g.writeStringField("stateUpdatedTimestamp", date(status.updatedMillis()));
        g.writeStringField("stateTransitionedTimestamp", date(status.transitionedMillis()));
        if (alarm instanceof MetricAlarm m) {
            g.writeStringField("metricName", m.metric().metricName());
            g.writeStringField("namespace", m.metric().namespace());
            if (m.statistic() != null) {
                g.writeStringField("statistic", m.statistic());
            } else {
                g.writeStringField("extendedStatistic", m.extendedStatistic());
            }
            g.writeArrayFieldStart("dimensions");
            for (Dimension d : m.metric().dimensions()) {
                g.writeStartObject();
                g.writeStringField("name", d.name());
                g.writeStringField("value", d.value());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeNumberField("period", m.period());
            if (m.unit() != null) {
                g.writeStringField("unit", m.unit().wireName());
            }
            g.writeNumberField("evaluationPeriods", m.evaluationPeriods());
            if (m.datapointsToAlarm() != null) {
                g.writeNumberField("datapointsToAlarm", m.datapointsToAlarm());
            }
            g.writeNumberField("threshold", m.threshold());
            g.writeStringField("comparisonOperator", m.comparison().name());
            if (m.treatMissingData() != null) {
                g.writeStringField("treatMissingData", m.treatMissingData().wireName());
            }
            if (m.evaluateLowSampleCountPercentile() != null) {
                g.writeStringField("evaluateLowSampleCountPercentile", m.evaluateLowSampleCountPercentile());
            }
        } else if (alarm instanceof CompositeAlarm c) {
            g.writeStringField("alarmRule", c.rule());
            if (c.actionsSuppressor() != null) {
                g.writeStringField("actionsSuppressor", c.actionsSuppressor());
            }
            if (c.suppressorWaitPeriod() != null) {
                g.writeNumberField("actionsSuppressorWaitPeriod", c.suppressorWaitPeriod());
            }
            if (c.suppressorExtensionPeriod() != null) {
                g.writeNumberField("actionsSuppressorExtensionPeriod", c.suppressorExtensionPeriod());
            }
        }
        g.writeEndObject();
    }

    private static void writeStrings(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static String write(Body body) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
