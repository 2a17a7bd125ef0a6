package io.synaps.api.action.widget;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.synaps.api.action.metric.GetMetricDataAction;
import io.synaps.api.action.metric.MetricNames;
import io.synaps.api.action.metric.QueryWindow;
import io.synaps.api.action.widget.MetricWidget.Axis;
import io.synaps.api.action.widget.MetricWidget.Fill;
import io.synaps.api.action.widget.MetricWidget.HorizontalAnnotation;
import io.synaps.api.action.widget.MetricWidget.LegendPosition;
import io.synaps.api.action.widget.MetricWidget.Row;
import io.synaps.api.action.widget.MetricWidget.Side;
import io.synaps.api.action.widget.MetricWidget.VerticalAnnotation;
import io.synaps.api.action.widget.MetricWidget.View;
import io.synaps.model.AwsError;
import io.synaps.model.Dimension;
import io.synaps.model.MetricId;
import io.synaps.stats.Statistic;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * MetricWidgetParser turns a GetMetricWidgetImage {@code MetricWidget} JSON string into a
 * {@link MetricWidget}, resolving the metric-array shorthand ({@code "..."} repeats the previous
 * row's fields around the ones given, {@code "."} repeats the previous row's field at that
 * position) and relative times ({@code -PT3H}, {@code -P1D}) against {@code now}. Problems are
 * ValidationError {@code The parameter MetricWidget is invalid at <JSON pointer>: <message>} with
 * the JSON-schema style messages AWS's dashboard validator uses; an {@code expression} is refused,
 * after everything else validated, with GetMetricData's UnsupportedOperation. Stateless;
 * thread-safe.
 */
public final class MetricWidgetParser {
    /** Default and bounds of width and height, pixels (AWS: 600 x 400, 1..2000). */
    public static final int DEFAULT_WIDTH = 600;
    public static final int DEFAULT_HEIGHT = 400;
    public static final int SIZE_MAX = 2000;
    /** Most metric arrays in one widget (cloudwatch-reference.md 4.5). */
    public static final int METRICS_MAX = 500;
    /** Most datapoints one image may read, over all its series (GetMetricData's MaxDatapoints). */
    public static final long DATAPOINTS_MAX = 100_800;
    static final String DEFAULT_STAT = "Average";
    static final int DEFAULT_PERIOD = 300;
    static final Duration DEFAULT_RANGE = Duration.ofHours(3);
    static final String INVALID_JSON = "The parameter MetricWidget must be a valid JSON object.";
    static final String FIELD_TYPE = "Invalid metric field type, only \"String\" type is allowed";
    private static final Pattern COLOR = Pattern.compile("#[0-9a-fA-F]{6}");
    private static final Pattern TIMEZONE = Pattern.compile("[+-](?:[01]\\d|2[0-3])[0-5]\\d");
    private static final Set<String> OTHER_VIEWS = Set.of("bar", "pie", "gauge", "table");
    private static final Map<String, View> VIEWS = Map.of("timeSeries", View.TIME_SERIES, "singleValue", View.SINGLE_VALUE);
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private MetricWidgetParser() {
    }

    /** The widget in {@code json}, relative times taken from {@code now}. */
    public static MetricWidget parse(String json, Instant now) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            root = null;
        }
        if (root == null || !root.isObject()) {
            throw AwsError.validation(INVALID_JSON);
        }
        View view = view(root.get("view"));
        boolean stacked = bool(root, "", "stacked", false);
        String title = text(root, "", "title");
        int width = size(root, "width", DEFAULT_WIDTH);
        int height = size(root, "height", DEFAULT_HEIGHT);
        String statText = text(root, "", "stat");
        Statistic stat = statistic(statText == null ? DEFAULT_STAT : statText, "/stat");
        Integer periodValue = period(root, "");
        int period = periodValue == null ? DEFAULT_PERIOD : periodValue;
        Instant end = time(root, "end", now, now);
        Instant start = time(root, "start", now, now.minus(DEFAULT_RANGE));
        if (!start.isBefore(end)) {
            throw problem("/start", "Should be before end (" + start + " is not before " + end + ")");
        }
        text(root, "", "region"); // one region per server: accepted, not used
        Axis left = Axis.DEFAULT;
        Axis right = Axis.DEFAULT;
        JsonNode yAxis = object(root, "", "yAxis");
        if (yAxis != null) {
            left = axis(yAxis, "/yAxis", "left");
            right = axis(yAxis, "/yAxis", "right");
        }
        List<HorizontalAnnotation> horizontal = new ArrayList<>();
        List<VerticalAnnotation> vertical = new ArrayList<>();
        JsonNode annotations = object(root, "", "annotations");
        if (annotations != null) {
            horizontal = horizontal(annotations);
            vertical = vertical(annotations, now);
        }
        LegendPosition legend = LegendPosition.BOTTOM;
        JsonNode legendNode = object(root, "", "legend");
        if (legendNode != null) {
            String position = text(legendNode, "/legend", "position");
            if (position != null) {
                legend = switch (position) {
                    case "bottom" -> LegendPosition.BOTTOM;
                    case "right" -> LegendPosition.RIGHT;
                    case "hidden" -> LegendPosition.HIDDEN;
                    default -> throw problem("/legend/position", "Should be equal to one of the allowed values"
                            + " [bottom, right, hidden]");
                };
            }
        }
        ZoneOffset timezone = ZoneOffset.UTC;
        String tz = text(root, "", "timezone");
        if (tz != null) {
            if (!TIMEZONE.matcher(tz).matches()) {
                throw problem("/timezone", "Should match format +HHMM or -HHMM");
            }
            timezone = ZoneOffset.ofHoursMinutes(Integer.parseInt(tz.substring(0, 3)),
                    (tz.charAt(0) == '-' ? -1 : 1) * Integer.parseInt(tz.substring(3)));
        }
        boolean liveData = bool(root, "", "liveData", false);
        boolean setPeriodToTimeRange = bool(root, "", "setPeriodToTimeRange", false);

        List<String> expressions = new ArrayList<>();
        List<Row> rows = rows(root, stat, period, expressions);
        if (!expressions.isEmpty()) {
            throw GetMetricDataAction.expressionsUnsupported("MetricWidget " + expressions.get(0));
        }
        long seconds = (Duration.between(start, end).toMillis() + 999) / 1000;
        long points = 0;
        for (Row r : rows) {
            if (r.visible()) {
                points += view == View.SINGLE_VALUE && setPeriodToTimeRange ? 1 : (seconds + r.period() - 1) / r.period();
            }
        }
        if (points > DATAPOINTS_MAX) {
            throw AwsError.validation("The MetricWidget requests up to " + points + " datapoints, which exceeds the"
                    + " limit of " + DATAPOINTS_MAX + ". You may reduce the datapoints requested by increasing"
                    + " period, or decreasing the time range.");
        }
        return new MetricWidget(view, stacked, title, width, height, start, end, rows, left, right, horizontal,
                vertical, legend, timezone, liveData, setPeriodToTimeRange);
    }

    // ---------------------------------------------------------------- metrics

    private static List<Row> rows(JsonNode root, Statistic stat, int period, List<String> expressions) {
        JsonNode metrics = root.get("metrics");
        if (metrics == null || metrics.isNull()) {
            throw problem("", "Should have required property 'metrics'");
        }
        if (!metrics.isArray()) {
            throw problem("/metrics", "Should be array");
        }
        if (metrics.isEmpty()) {
            throw problem("/metrics", "Should NOT have fewer than 1 items");
        }
        if (metrics.size() > METRICS_MAX) {
            throw problem("/metrics", "Should NOT have more than " + METRICS_MAX + " items");
        }
        List<Row> rows = new ArrayList<>(metrics.size());
        List<String> previous = null;
        for (int j = 0; j < metrics.size(); j++) {
            String path = "/metrics/" + j;
            JsonNode m = metrics.get(j);
            if (!m.isArray()) {
                throw problem(path, "Should be array");
            }
            if (m.isEmpty()) {
                throw problem(path, "Should NOT have fewer than 1 items");
            }
            JsonNode options = m.get(m.size() - 1).isObject() ? m.get(m.size() - 1) : null;
            int fieldCount = options == null ? m.size() : m.size() - 1;
            List<String> fields = new ArrayList<>(fieldCount);
            for (int k = 0; k < fieldCount; k++) {
                if (!m.get(k).isTextual()) {
                    throw problem(path + "/" + k, FIELD_TYPE);
                }
                fields.add(m.get(k).textValue());
            }
            String optionsPath = path + "/" + fieldCount;
            Options o = options(options, optionsPath);
            if (o.expression != null) {
                expressions.add(optionsPath + "/expression");
                continue;
            }
            if (fields.isEmpty()) {
                throw problem(path, "Should have a namespace and a metric name, or an expression");
            }
            List<String> resolved = resolve(fields, previous, path);
            MetricId metric = metric(resolved, path);
            previous = resolved;
            rows.add(new Row(path, metric, o.stat == null ? stat : o.stat, o.period == null ? period : o.period,
                    o.label, o.rgb, o.side, o.visible));
        }
        return rows;
    }

    /** Expands {@code "..."} and {@code "."} against the previous row's resolved fields. */
    static List<String> resolve(List<String> fields, List<String> previous, String path) {
        int dots = -1;
        for (int k = 0; k < fields.size(); k++) {
            if (fields.get(k).equals("...")) {
                if (dots >= 0) {
                    throw problem(path + "/" + k, "Should NOT have more than one \"...\"");
                }
                dots = k;
            }
        }
        List<String> out = new ArrayList<>();
        if (dots < 0) {
            for (int k = 0; k < fields.size(); k++) {
                out.add(same(fields.get(k), previous, k, path + "/" + k));
            }
            return out;
        }
        if (previous == null) {
            throw problem(path + "/" + dots, "\"...\" repeats the previous metric, and there is none");
        }
        List<String> before = fields.subList(0, dots);
        List<String> after = fields.subList(dots + 1, fields.size());
        for (int k = 0; k < before.size(); k++) {
            out.add(same(before.get(k), previous, k, path + "/" + k));
        }
        int keepTo = previous.size() - after.size();
        for (int k = before.size(); k < keepTo; k++) {
            out.add(previous.get(k));
        }
        for (int k = 0; k < after.size(); k++) {
            out.add(same(after.get(k), previous, out.size(), path + "/" + (dots + 1 + k)));
        }
        return out;
    }

    private static String same(String field, List<String> previous, int position, String path) {
        if (!field.equals(".")) {
            return field;
        }
        if (previous == null || position >= previous.size()) {
            throw problem(path, "\".\" repeats the previous metric's field at this position, and there is none");
        }
        return previous.get(position);
    }

    private static MetricId metric(List<String> f, String path) {
        if (f.size() < 2 || f.size() % 2 != 0) {
            throw problem(path, "Should be a namespace, a metric name and dimension name/value pairs");
        }
        String namespace = f.get(0);
        String name = f.get(1);
        length(namespace, MetricNames.NAME_MAX, path, "namespace");
        length(name, MetricNames.NAME_MAX, path, "metric name");
        int dimensions = (f.size() - 2) / 2;
        if (dimensions > MetricNames.DIMENSIONS_MAX) {
            throw problem(path, "Should NOT have more than " + MetricNames.DIMENSIONS_MAX + " dimensions");
        }
        List<Dimension> dims = new ArrayList<>(dimensions);
        for (int i = 2; i < f.size(); i += 2) {
            String dimName = f.get(i);
            length(dimName, MetricNames.NAME_MAX, path, "dimension name");
            length(f.get(i + 1), MetricNames.VALUE_MAX, path, "dimension value");
            for (Dimension d : dims) {
                if (d.name().equals(dimName)) {
                    throw problem(path, "No Metric may specify the same dimension twice.");
                }
            }
            dims.add(new Dimension(dimName, f.get(i + 1)));
        }
        return new MetricId(namespace, name, dims);
    }

    private static void length(String value, int max, String path, String what) {
        if (value.isEmpty() || value.length() > max) {
            throw problem(path, "The " + what + " should have 1 to " + max + " characters");
        }
    }

    /** A metric array's rendering options. */
    private record Options(Statistic stat, Integer period, String label, Integer rgb, Side side, boolean visible,
                           String expression) {
    }

    private static Options options(JsonNode o, String path) {
        if (o == null) {
            return new Options(null, null, null, null, Side.LEFT, true, null);
        }
        String statText = text(o, path, "stat");
        Statistic stat = statText == null ? null : statistic(statText, path + "/stat");
        Integer period = period(o, path);
        String label = text(o, path, "label");
        Integer rgb = color(o, path);
        Side side = side(o, path);
        boolean visible = bool(o, path, "visible", true);
        text(o, path, "id");
        text(o, path, "accountId");
        text(o, path, "region");
        String expression = text(o, path, "expression");
        return new Options(stat, period, label, rgb, side, visible, expression);
    }

    private static Statistic statistic(String text, String path) {
        Statistic stat = Statistic.parse(text);
        if (stat == null) {
            throw problem(path, "The value " + text + " is not a valid statistic");
        }
        return stat;
    }

    private static Integer period(JsonNode o, String path) {
        Integer period = integer(o, path, "period");
        if (period != null && !QueryWindow.isValidPeriod(period)) {
            throw problem(path + "/period", "Should be 1, 5, 10, 20, 30 or a multiple of 60");
        }
        return period;
    }

    // ---------------------------------------------------------------- layout and time

    private static View view(JsonNode v) {
        if (v == null || v.isNull()) {
            return View.TIME_SERIES;
        }
        if (!v.isTextual()) {
            throw problem("/view", "Should be string");
        }
        View view = VIEWS.get(v.textValue());
        if (view != null) {
            return view;
        }
        if (OTHER_VIEWS.contains(v.textValue())) {
            throw AwsError.validation("The parameter MetricWidget is invalid at /view: the " + v.textValue()
                    + " view is not supported by this Synaps server's GetMetricWidgetImage; use timeSeries or singleValue");
        }
        throw problem("/view", "Should be equal to one of the allowed values [timeSeries, singleValue]");
    }

    private static int size(JsonNode root, String name, int fallback) {
        Integer v = integer(root, "", name);
        if (v == null) {
            return fallback;
        }
        if (v < 1) {
            throw problem("/" + name, "Should be >= 1");
        }
        if (v > SIZE_MAX) {
            throw problem("/" + name, "Should be <= " + SIZE_MAX);
        }
        return v;
    }

    /** An absolute ISO-8601 instant or a duration relative to now ({@code -PT3H}, {@code -P7D}, {@code -P1M}). */
    private static Instant time(JsonNode root, String name, Instant now, Instant fallback) {
        String text = text(root, "", name);
        if (text == null) {
            return fallback;
        }
        Instant t = instant(text, now);
        if (t == null) {
            throw problem("/" + name, "Should be an ISO 8601 timestamp or a relative time such as -PT3H");
        }
        return t;
    }

    static Instant instant(String text, Instant now) {
        String s = text.trim();
        try {
            if (s.startsWith("-P") || s.startsWith("P") || s.startsWith("+P")) {
                try {
                    return now.plus(Duration.parse(s));
                } catch (DateTimeException e) {
                    return now.atOffset(ZoneOffset.UTC).plus(Period.parse(s)).toInstant();
                }
            }
            try {
                return OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeException e) {
                return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
            }
        } catch (DateTimeException | ArithmeticException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------- axes and annotations

    private static Axis axis(JsonNode yAxis, String parent, String name) {
        JsonNode a = object(yAxis, parent, name);
        if (a == null) {
            return Axis.DEFAULT;
        }
        String path = parent + "/" + name;
        Double min = number(a, path, "min");
        Double max = number(a, path, "max");
        if (min != null && max != null && min >= max) {
            throw problem(path + "/min", "Should be less than max");
        }
        return new Axis(min, max, text(a, path, "label"), bool(a, path, "showUnits", true));
    }

    private static List<HorizontalAnnotation> horizontal(JsonNode annotations) {
        JsonNode items = array(annotations, "/annotations", "horizontal");
        List<HorizontalAnnotation> out = new ArrayList<>();
        for (int i = 0; items != null && i < items.size(); i++) {
            String path = "/annotations/horizontal/" + i;
            JsonNode item = items.get(i);
            if (item.isArray()) {
                JsonNode[] ends = band(item, path);
                JsonNode first = ends[0];
                String firstPath = path + "/0";
                if (!bool(first, firstPath, "visible", true)) {
                    continue;
                }
                double from = requiredNumber(first, firstPath, "value");
                double to = requiredNumber(ends[1], path + "/1", "value");
                out.add(new HorizontalAnnotation(from, to, text(first, firstPath, "label"), color(first, firstPath),
                        Fill.NONE, side(first, firstPath)));
                continue;
            }
            if (!item.isObject()) {
                throw problem(path, "Should be object");
            }
            double value = requiredNumber(item, path, "value");
            String label = text(item, path, "label");
            Integer rgb = color(item, path);
            Fill fill = fill(item, path, Map.of("above", Fill.ABOVE, "below", Fill.BELOW));
            Side side = side(item, path);
            if (bool(item, path, "visible", true)) {
                out.add(new HorizontalAnnotation(value, null, label, rgb, fill, side));
            }
        }
        return out;
    }

    private static List<VerticalAnnotation> vertical(JsonNode annotations, Instant now) {
        JsonNode items = array(annotations, "/annotations", "vertical");
        List<VerticalAnnotation> out = new ArrayList<>();
        for (int i = 0; items != null && i < items.size(); i++) {
            String path = "/annotations/vertical/" + i;
            JsonNode item = items.get(i);
            if (item.isArray()) {
                JsonNode[] ends = band(item, path);
                String firstPath = path + "/0";
                if (bool(ends[0], firstPath, "visible", true)) {
                    out.add(new VerticalAnnotation(requiredInstant(ends[0], firstPath, now),
                            requiredInstant(ends[1], path + "/1", now), text(ends[0], firstPath, "label"),
                            color(ends[0], firstPath), Fill.NONE));
                }
                continue;
            }
            if (!item.isObject()) {
                throw problem(path, "Should be object");
            }
            Instant at = requiredInstant(item, path, now);
            String label = text(item, path, "label");
            Integer rgb = color(item, path);
            Fill fill = fill(item, path, Map.of("before", Fill.BEFORE, "after", Fill.AFTER));
            if (bool(item, path, "visible", true)) {
                out.add(new VerticalAnnotation(at, null, label, rgb, fill));
            }
        }
        return out;
    }

    private static JsonNode[] band(JsonNode item, String path) {
        if (item.size() != 2) {
            throw problem(path, "Should have 2 items (a band's two ends)");
        }
        for (int k = 0; k < 2; k++) {
            if (!item.get(k).isObject()) {
                throw problem(path + "/" + k, "Should be object");
            }
        }
        return new JsonNode[]{item.get(0), item.get(1)};
    }

    private static Instant requiredInstant(JsonNode o, String path, Instant now) {
        JsonNode v = o.get("value");
        if (v == null || v.isNull()) {
            throw problem(path, "Should have required property 'value'");
        }
        Instant t = v.isTextual() ? instant(v.textValue(), now) : null;
        if (t == null) {
            throw problem(path + "/value", "Should be an ISO 8601 timestamp or a relative time such as -PT3H");
        }
        return t;
    }

    private static Fill fill(JsonNode o, String path, Map<String, Fill> allowed) {
        String f = text(o, path, "fill");
        if (f == null) {
            return Fill.NONE;
        }
        Fill fill = allowed.get(f);
        if (fill == null) {
            throw problem(path + "/fill", "Should be equal to one of the allowed values " + allowed.keySet().stream().sorted().toList());
        }
        return fill;
    }

    private static Side side(JsonNode o, String path) {
        String s = text(o, path, "yAxis");
        if (s == null || s.equals("left")) {
            return Side.LEFT;
        }
        if (s.equals("right")) {
            return Side.RIGHT;
        }
        throw problem(path + "/yAxis", "Should be equal to one of the allowed values [left, right]");
    }

    private static Integer color(JsonNode o, String path) {
        String c = text(o, path, "color");
        if (c == null) {
            return null;
        }
        if (!COLOR.matcher(c).matches()) {
            throw problem(path + "/color", "Should be a six-digit hex colour such as #1f77b4");
        }
        return Integer.parseInt(c.substring(1), 16);
    }

    // ---------------------------------------------------------------- typed members

    private static String text(JsonNode o, String path, String name) {
        JsonNode v = o.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw problem(path + "/" + name, "Should be string");
        }
        return v.textValue();
    }

    private static boolean bool(JsonNode o, String path, String name, boolean fallback) {
        JsonNode v = o.get(name);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw problem(path + "/" + name, "Should be boolean");
        }
        return v.booleanValue();
    }

    private static Integer integer(JsonNode o, String path, String name) {
        JsonNode v = o.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber() || v.doubleValue() != Math.rint(v.doubleValue()) || Math.abs(v.doubleValue()) > Integer.MAX_VALUE) {
            throw problem(path + "/" + name, "Should be integer");
        }
        return v.intValue();
    }

    private static Double number(JsonNode o, String path, String name) {
        JsonNode v = o.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
            throw problem(path + "/" + name, "Should be number");
        }
        return v.doubleValue();
    }

    private static double requiredNumber(JsonNode o, String path, String name) {
        Double v = number(o, path, name);
        if (v == null) {
            throw problem(path, "Should have required property '" + name + "'");
        }
        return v;
    }

    private static JsonNode object(JsonNode o, String path, String name) {
        JsonNode v = o.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            throw problem(path + "/" + name, "Should be object");
        }
        return v;
    }

    private static JsonNode array(JsonNode o, String path, String name) {
        JsonNode v = o.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray()) {
            throw problem(path + "/" + name, "Should be array");
        }
        return v;
    }

    /** ValidationError {@code The parameter MetricWidget is invalid at <pointer>: <message>}. */
    static AwsError problem(String pointer, String message) {
        return AwsError.validation("The parameter MetricWidget is invalid"
                + (pointer.isEmpty() ? "" : " at " + pointer) + ": " + message);
    }
}
