package io.synaps.api.action.metric;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.FloatNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.synaps.api.protocol.Members;
import io.synaps.api.protocol.WireProtocol;
import io.synaps.model.AwsError;
import io.synaps.model.Dimension;
import io.synaps.model.MetricDatum;
import io.synaps.model.StandardUnit;
import io.synaps.model.StatisticSet;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * PutMetricDataStreamDecoder turns a JSON 1.0 or RPC v2 CBOR PutMetricData body straight into
 * validated datums with Jackson's streaming parser, without building the input tree (the tree cost
 * several KB of garbage per datum). It only ever answers for a request the tree path would accept,
 * and then with the same datums: on anything else (a malformed body, any invalid or missing member,
 * a duplicate member, a type the tree would coerce in an unusual way) it answers null and the
 * caller runs the tree path, which reports the error exactly as before. Scalars other than plain
 * numbers and strings go through {@link Members} on a one-node tree, so coercions are the tree's.
 * Instances are single-use and not thread-safe; {@link #decode} is thread-safe.
 */
final class PutMetricDataStreamDecoder {
    private static final JsonFactory JSON = new JsonFactory();
    private static final JsonFactory CBOR = new CBORFactory();

    /** Control flow: "let the tree path decide". Shared and stackless, so throwing it costs nothing. */
    private static final class Bail extends RuntimeException {
        Bail() {
            super(null, null, false, false);
        }
    }

    private static final Bail BAIL = new Bail();

    private static final int METRIC_NAME = 1;
    private static final int DIMENSIONS = 2;
    private static final int TIMESTAMP = 4;
    private static final int VALUE = 8;
    private static final int VALUES = 16;
    private static final int COUNTS = 32;
    private static final int STATISTIC_VALUES = 64;
    private static final int UNIT = 128;
    private static final int STORAGE_RESOLUTION = 256;

    /** A datum validated but for its namespace, which may come later in the body. */
    private record Pending(String metricName, List<Dimension> dimensions, Instant timestamp, StandardUnit unit,
                           Integer resolution, double[] values, double[] counts, StatisticSet stats) {
    }

    private final JsonParser p;
    private final Instant now;
    private final Instant earliest;
    private final Instant latest;
    private final List<Pending> top = new ArrayList<>();
    private final List<Pending> entities = new ArrayList<>();
    /** Datums seen (including those that turn out to add nothing), for the 1000 limit. */
    private int datums;
    private double[] scratch = new double[16];
    /**
     * Short strings already read in this request, by content (a hash slot each, last one wins):
     * metric and dimension names and values repeat across datums, so most need no new String,
     * and the datums then share instances whose hash codes are computed once downstream. Null for
     * CBOR, whose parser makes every String anyway (its characters cost a copy more).
     */
    private final String[] strings;
    private static final int STRING_SLOTS = 512;
    private static final int STRING_CACHED_MAX = 64;

    private PutMetricDataStreamDecoder(JsonParser p, Instant now, boolean cacheStrings) {
        this.p = p;
        this.strings = cacheStrings ? new String[STRING_SLOTS] : null;
        this.now = now;
        this.earliest = now.minus(PutMetricDataAction.PAST);
        this.latest = now.plus(PutMetricDataAction.FUTURE);
    }

    /**
     * The request's datums, ready to ingest, exactly as {@link PutMetricDataAction#validate} would
     * return them; null when the tree path must decide (including every invalid request).
     */
    static List<MetricDatum> decode(WireProtocol protocol, byte[] body, Instant now) {
        JsonFactory factory = switch (protocol) {
            case JSON -> JSON;
            case CBOR -> CBOR;
            default -> null;
        };
        if (factory == null || body.length == 0) {
            return null;
        }
        try (JsonParser p = factory.createParser(body)) {
            return new PutMetricDataStreamDecoder(p, now, factory == JSON).request();
        } catch (IOException | Bail | AwsError e) {
            return null;
        }
    }

    private List<MetricDatum> request() throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw BAIL;
        }
        String namespace = null;
        int seen = 0;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            int bit = switch (name) {
                case "Namespace" -> 1;
                case "MetricData" -> 2;
                case "EntityMetricData" -> 4;
                case "StrictEntityValidation" -> 8;
                default -> 0;
            };
            if (bit == 0) {
                p.skipChildren();
                continue;
            }
            if ((seen & bit) != 0) {
                throw BAIL;
            }
            seen |= bit;
            switch (bit) {
                case 1 -> namespace = string(v);
                case 2 -> datumList(v, top);
                case 4 -> entityList(v);
                default -> {
                    if (v != JsonToken.VALUE_TRUE && v != JsonToken.VALUE_FALSE && v != JsonToken.VALUE_NULL) {
                        throw BAIL;
                    }
                }
            }
        }
        if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
            throw BAIL;
        }
        if (namespace == null || namespace.isEmpty()
                || !MetricNames.valid(namespace, MetricNames.NAME_MAX, MetricNames.Mode.WRITE, true)
                || namespace.startsWith("AWS/")) {
            throw BAIL;
        }
        if (datums == 0 || datums > PutMetricDataAction.DATUMS_MAX) {
            throw BAIL;
        }
        List<MetricDatum> out = new ArrayList<>(top.size() + entities.size());
        add(out, namespace, top);
        add(out, namespace, entities);
        return out;
    }

    private static void add(List<MetricDatum> out, String namespace, List<Pending> pending) {
        for (Pending d : pending) {
            MetricDatum datum = PutMetricDataAction.assemble(namespace, d.metricName, d.dimensions, d.timestamp,
                    d.unit, d.resolution, d.values, d.counts, d.stats);
            if (datum != null) {
                out.add(datum);
            }
        }
    }

    /** EntityMetricData: a list of structures whose MetricData datums follow the top-level ones. */
    private void entityList(JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return;
        }
        if (v != JsonToken.START_ARRAY) {
            throw BAIL;
        }
        JsonToken e;
        while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
            if (e != JsonToken.START_OBJECT) {
                throw BAIL;
            }
            boolean seenData = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken m = p.nextToken();
                if (name.equals("MetricData")) {
                    if (seenData) {
                        throw BAIL;
                    }
                    seenData = true;
                    datumList(m, entities);
                } else {
                    p.skipChildren();
                }
            }
        }
    }

    private void datumList(JsonToken v, List<Pending> out) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return;
        }
        if (v != JsonToken.START_ARRAY) {
            throw BAIL;
        }
        JsonToken e;
        while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
            if (e != JsonToken.START_OBJECT || ++datums > PutMetricDataAction.DATUMS_MAX) {
                throw BAIL;
            }
            out.add(datum());
        }
    }

    private Pending datum() throws IOException {
        int seen = 0;
        String metricName = null;
        List<Dimension> dimensions = List.of();
        Instant timestamp = null;
        StandardUnit unit = null;
        Integer resolution = null;
        boolean hasValue = false;
        double value = 0;
        double[] values = null;
        double[] counts = null;
        StatisticSet stats = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            int bit = switch (name) {
                case "MetricName" -> METRIC_NAME;
                case "Dimensions" -> DIMENSIONS;
                case "Timestamp" -> TIMESTAMP;
                case "Value" -> VALUE;
                case "Values" -> VALUES;
                case "Counts" -> COUNTS;
                case "StatisticValues" -> STATISTIC_VALUES;
                case "Unit" -> UNIT;
                case "StorageResolution" -> STORAGE_RESOLUTION;
                default -> 0;
            };
            if (bit == 0) {
                p.skipChildren();
                continue;
            }
            if ((seen & bit) != 0) {
                throw BAIL;
            }
            seen |= bit;
            switch (bit) {
                case METRIC_NAME -> metricName = string(v);
                case DIMENSIONS -> dimensions = dimensions(v);
                case TIMESTAMP -> timestamp = timestamp(v);
                case VALUE -> {
                    hasValue = v != JsonToken.VALUE_NULL;
                    if (hasValue) {
                        value = number(v);
                    }
                }
                case VALUES -> values = numbers(v);
                case COUNTS -> counts = numbers(v);
                case STATISTIC_VALUES -> stats = statisticSet(v);
                case UNIT -> unit = unit(v);
                default -> resolution = resolution(v);
            }
        }
        if (metricName == null || metricName.isEmpty()
                || !MetricNames.valid(metricName, MetricNames.NAME_MAX, MetricNames.Mode.WRITE, false)) {
            throw BAIL;
        }
        boolean hasValues = values != null && values.length > 0;
        boolean hasStats = stats != null;
        if ((hasValue && (hasValues || hasStats)) || (!hasValue && !hasValues && !hasStats)) {
            throw BAIL;
        }
        double[] outValues;
        double[] outCounts;
        if (hasValue) {
            if (!PutMetricDataAction.validValue(value)) {
                throw BAIL;
            }
            outValues = new double[]{value};
            outCounts = new double[]{1};
        } else {
            int n = values == null ? 0 : values.length;
            int c = counts == null ? 0 : counts.length;
            if (n > PutMetricDataAction.VALUES_MAX || c > PutMetricDataAction.VALUES_MAX || (c != 0 && c != n)) {
                throw BAIL;
            }
            outValues = n == 0 ? new double[0] : values;
            outCounts = new double[n];
            for (int i = 0; i < n; i++) {
                if (!PutMetricDataAction.validValue(outValues[i])) {
                    throw BAIL;
                }
                double count = c == 0 ? 1 : counts[i];
                if (!PutMetricDataAction.validCount(count)) {
                    throw BAIL;
                }
                outCounts[i] = count;
            }
        }
        return new Pending(metricName, dimensions, timestamp == null ? now : timestamp, unit, resolution,
                outValues, outCounts, stats);
    }

    /** A non-empty string member (null only for an absent or null member). */
    private String string(JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        if (v != JsonToken.VALUE_STRING) {
            throw BAIL;
        }
        if (strings == null) {
            return p.getText();
        }
        int length = p.getTextLength();
        if (length > STRING_CACHED_MAX) {
            return p.getText();
        }
        char[] chars = p.getTextCharacters();
        int offset = p.getTextOffset();
        int hash = 0;
        for (int i = 0; i < length; i++) {
            hash = 31 * hash + chars[offset + i];
        }
        int slot = (hash ^ (hash >>> 16)) & (STRING_SLOTS - 1);
        String cached = strings[slot];
        if (cached != null && cached.length() == length && cached.hashCode() == hash
                && sameChars(cached, chars, offset)) {
            return cached;
        }
        String text = new String(chars, offset, length);
        strings[slot] = text;
        return text;
    }

    private static boolean sameChars(String s, char[] chars, int offset) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) != chars[offset + i]) {
                return false;
            }
        }
        return true;
    }

    private List<Dimension> dimensions(JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return List.of();
        }
        if (v != JsonToken.START_ARRAY) {
            throw BAIL;
        }
        List<Dimension> out = new ArrayList<>();
        JsonToken e;
        while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
            if (e != JsonToken.START_OBJECT || out.size() == MetricNames.DIMENSIONS_MAX) {
                throw BAIL;
            }
            String name = null;
            String value = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String member = p.currentName();
                JsonToken m = p.nextToken();
                if (member.equals("Name")) {
                    if (name != null) {
                        throw BAIL;
                    }
                    name = string(m);
                    if (name == null) {
                        throw BAIL;
                    }
                } else if (member.equals("Value")) {
                    if (value != null) {
                        throw BAIL;
                    }
                    value = string(m);
                    if (value == null) {
                        throw BAIL;
                    }
                } else {
                    p.skipChildren();
                }
            }
            if (name == null || name.isEmpty() || value == null || value.isEmpty()
                    || !MetricNames.valid(name, MetricNames.NAME_MAX, MetricNames.Mode.WRITE, true)
                    || !MetricNames.valid(value, MetricNames.VALUE_MAX, MetricNames.Mode.WRITE, false)) {
                throw BAIL;
            }
            for (Dimension d : out) {
                if (d.name().equals(name)) {
                    throw BAIL;
                }
            }
            out.add(new Dimension(name, value));
        }
        return out;
    }

    /** A list of numbers (null for an absent or null member, as the tree's empty list). */
    private double[] numbers(JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        if (v != JsonToken.START_ARRAY) {
            throw BAIL;
        }
        int n = 0;
        JsonToken e;
        while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
            if (n > PutMetricDataAction.VALUES_MAX) {
                throw BAIL;
            }
            if (n == scratch.length) {
                scratch = Arrays.copyOf(scratch, n * 2);
            }
            scratch[n++] = number(e);
        }
        return Arrays.copyOf(scratch, n);
    }

    /** A number as the tree's node would give it ({@code doubleValue()}), or numeric text via Members. */
    private double number(JsonToken v) throws IOException {
        switch (v) {
            case VALUE_NUMBER_INT:
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    throw BAIL;
                }
                return p.getDoubleValue();
            case VALUE_NUMBER_FLOAT:
                return switch (p.getNumberTypeFP()) {
                    case BIG_DECIMAL -> throw BAIL;
                    case FLOAT32 -> p.getFloatValue();
                    default -> p.getDoubleValue();
                };
            case VALUE_STRING:
                return new Members(TextNode.valueOf(p.getText()), "").asDouble();
            default:
                throw BAIL;
        }
    }

    /** The scalar node the tree would hold for this token; null for null; BAIL for anything else. */
    private JsonNode scalar(JsonToken v) throws IOException {
        switch (v) {
            case VALUE_NULL:
                return null;
            case VALUE_STRING:
                return TextNode.valueOf(p.getText());
            case VALUE_NUMBER_INT:
                return switch (p.getNumberType()) {
                    case INT -> IntNode.valueOf(p.getIntValue());
                    case LONG -> LongNode.valueOf(p.getLongValue());
                    default -> throw BAIL;
                };
            case VALUE_NUMBER_FLOAT:
                return switch (p.getNumberTypeFP()) {
                    case BIG_DECIMAL -> throw BAIL;
                    case FLOAT32 -> FloatNode.valueOf(p.getFloatValue());
                    default -> DoubleNode.valueOf(p.getDoubleValue());
                };
            default:
                throw BAIL;
        }
    }

    private Instant timestamp(JsonToken v) throws IOException {
        JsonNode node = scalar(v);
        if (node == null) {
            return null;
        }
        Instant t = new Members(node, "Timestamp").asTimestamp();
        if (t.isBefore(earliest) || t.isAfter(latest)) {
            throw BAIL;
        }
        return t;
    }

    private Integer resolution(JsonToken v) throws IOException {
        JsonNode node = scalar(v);
        if (node == null) {
            return null;
        }
        Integer r = new Members(node, "StorageResolution").asInteger();
        if (r != 1 && r != 60) {
            throw BAIL;
        }
        return r;
    }

    private StandardUnit unit(JsonToken v) throws IOException {
        String wire = string(v);
        if (wire == null) {
            return null;
        }
        StandardUnit unit = StandardUnit.fromWire(wire);
        if (unit == null) {
            throw BAIL;
        }
        return unit;
    }

    /** StatisticValues: null for absent, null or empty (the tree's "no statistic set"). */
    private StatisticSet statisticSet(JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        if (v != JsonToken.START_OBJECT) {
            throw BAIL;
        }
        double[] s = new double[4];
        int seen = 0;
        boolean any = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            any = true;
            String name = p.currentName();
            JsonToken m = p.nextToken();
            int i = switch (name) {
                case "SampleCount" -> 0;
                case "Sum" -> 1;
                case "Minimum" -> 2;
                case "Maximum" -> 3;
                default -> -1;
            };
            if (i < 0) {
                p.skipChildren();
                continue;
            }
            if ((seen & (1 << i)) != 0) {
                throw BAIL;
            }
            seen |= 1 << i;
            s[i] = number(m);
            if (!PutMetricDataAction.validValue(s[i])) {
                throw BAIL;
            }
        }
        if (!any) {
            return null;
        }
        if (seen != 15 || s[0] <= 0 || s[2] > s[3]) {
            throw BAIL;
        }
        return new StatisticSet(s[0], s[1], s[2], s[3]);
    }
}
