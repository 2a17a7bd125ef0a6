package io.synaps.engine.alarm.evaluate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.synaps.model.alarm.MetricAlarm;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * ReasonData writes a metric alarm's StateReasonData JSON with AWS's keys in AWS's order:
 * version, queryDate, startDate (only with real data), unit (only when the alarm has one),
 * statistic, period, recentDatapoints (oldest first), threshold, evaluatedDatapoints (newest
 * first; a missing period has only its timestamp). Stateless and thread-safe.
 */
final class ReasonData {
    private static final JsonFactory JSON = new JsonFactory();

    private ReasonData() {
    }

    static String json(MetricAlarm alarm, Verdict v, long rangeEndMillis, long queryDateMillis) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("version", "1.0");
            g.writeStringField("queryDate", ReasonDates.data(queryDateMillis));
            List<Datapoint> evaluated = v.evaluated();
            if (!evaluated.isEmpty()) {
                long start = rangeEndMillis - (long) alarm.evaluationPeriods() * alarm.period() * 1000L;
                g.writeStringField("startDate", ReasonDates.data(Math.min(start, evaluated.get(0).timestampMillis())));
            }
            if (alarm.unit() != null) {
                g.writeStringField("unit", alarm.unit().wireName());
            }
            g.writeStringField("statistic", alarm.statisticText());
            g.writeNumberField("period", alarm.period());
            g.writeArrayFieldStart("recentDatapoints");
            for (Datapoint d : evaluated) {
                g.writeNumber(d.value());
            }
            g.writeEndArray();
            g.writeNumberField("threshold", alarm.threshold());
            g.writeArrayFieldStart("evaluatedDatapoints");
            long[] filled = v.filled();
            int real = evaluated.size() - 1;
            int missing = 0;
            while (real >= 0 || missing < filled.length) {
                if (missing >= filled.length
                        || (real >= 0 && evaluated.get(real).timestampMillis() > filled[missing])) {
                    Datapoint d = evaluated.get(real--);
                    g.writeStartObject();
                    g.writeStringField("timestamp", ReasonDates.data(d.timestampMillis()));
                    g.writeNumberField("sampleCount", d.sampleCount());
                    g.writeNumberField("value", d.value());
                    g.writeEndObject();
                } else {
                    g.writeStartObject();
                    g.writeStringField("timestamp", ReasonDates.data(filled[missing++]));
                    g.writeEndObject();
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
