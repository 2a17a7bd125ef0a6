package io.synaps.api.action.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.synaps.model.AwsError;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * DashboardBodyRules checks a PutDashboard body against the dashboard body structure (widgets,
 * their type, position, size and required properties), reporting problems as AWS does: JSON
 * pointer data paths and JSON-schema style messages ({@code Should have required property 'metrics'}).
 * Stateless; thread-safe.
 */
public final class DashboardBodyRules {
    /** Widget types the dashboard body structure defines. */
    public static final Set<String> WIDGET_TYPES = Set.of("metric", "text", "log", "alarm", "explorer", "custom");
    static final int WIDGETS_MAX = 500;
    static final int METRICS_PER_WIDGET_MAX = 500;
    static final int METRICS_PER_DASHBOARD_MAX = 2500;
    static final String INVALID_JSON = "The field DashboardBody must be a valid JSON object";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private DashboardBodyRules() {
    }

    /** One problem found in a body. */
    public record Problem(String dataPath, String message) {
    }

    /**
     * Checks {@code body}; throws DashboardInvalidInputError (Query code InvalidParameterInput)
     * listing every problem when there is any.
     */
    public static void check(String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            root = null;
        }
        if (root == null || root.isMissingNode()) {
            throw AwsError.dashboardInvalidInput(INVALID_JSON, List.of(entry(new Problem("", INVALID_JSON))));
        }
        List<Problem> problems = problems(root);
        if (!problems.isEmpty()) {
            throw error(problems);
        }
    }

    /** Every problem of a parsed body, in document order. */
    public static List<Problem> problems(JsonNode root) {
        List<Problem> out = new ArrayList<>();
        if (!root.isObject()) {
            out.add(new Problem("", "Should be object"));
            return out;
        }
        JsonNode widgets = root.get("widgets");
        if (widgets == null) {
            out.add(new Problem("", "Should have required property 'widgets'"));
            return out;
        }
        if (!widgets.isArray()) {
            out.add(new Problem("/widgets", "Should be array"));
            return out;
        }
        if (widgets.size() > WIDGETS_MAX) {
            out.add(new Problem("/widgets", "Should NOT have more than " + WIDGETS_MAX + " items"));
        }
        int metrics = 0;
        for (int i = 0; i < widgets.size(); i++) {
            metrics += widget(widgets.get(i), "/widgets/" + i, out);
        }
        if (metrics > METRICS_PER_DASHBOARD_MAX) {
            out.add(new Problem("/widgets", "Should NOT have more than " + METRICS_PER_DASHBOARD_MAX + " metrics in total"));
        }
        return out;
    }

    /** Checks one widget; returns how many metrics it shows. */
    private static int widget(JsonNode w, String path, List<Problem> out) {
        if (!w.isObject()) {
            out.add(new Problem(path, "Should be object"));
            return 0;
        }
        JsonNode type = w.get("type");
        String t = null;
        if (type == null) {
            out.add(new Problem(path, "Should have required property 'type'"));
        } else if (!type.isTextual() || !WIDGET_TYPES.contains(type.textValue())) {
            out.add(new Problem(path + "/type", "Should be equal to one of the allowed values"));
        } else {
            t = type.textValue();
        }
        integer(w, "x", path, 0, 23, out);
        integer(w, "y", path, 0, Integer.MAX_VALUE, out);
        integer(w, "width", path, 1, 24, out);
        integer(w, "height", path, 1, 1000, out);
        if (t == null) {
            return 0;
        }
        JsonNode props = w.get("properties");
        if (props == null) {
            out.add(new Problem(path, "Should have required property 'properties'"));
            return 0;
        }
        String pp = path + "/properties";
        if (!props.isObject()) {
            out.add(new Problem(pp, "Should be object"));
            return 0;
        }
        switch (t) {
            case "metric" -> {
                return metrics(props, pp, out);
            }
            case "text" -> requiredText(props, "markdown", pp, out);
            case "log" -> requiredText(props, "query", pp, out);
            case "custom" -> requiredText(props, "endpoint", pp, out);
            case "alarm" -> {
                JsonNode alarms = props.get("alarms");
                if (alarms == null) {
                    out.add(new Problem(pp, "Should have required property 'alarms'"));
                } else if (!alarms.isArray()) {
                    out.add(new Problem(pp + "/alarms", "Should be array"));
                } else {
                    for (int i = 0; i < alarms.size(); i++) {
                        if (!alarms.get(i).isTextual()) {
                            out.add(new Problem(pp + "/alarms/" + i, "Should be string"));
                        }
                    }
                }
            }
            default -> {
                // explorer: free-form properties
            }
        }
        return 0;
    }

    /**
     * A metric widget's {@code metrics}: arrays of strings (namespace, name, dimension pairs, or
     * "..." repeats), optionally ending with one rendering-options object.
     */
    private static int metrics(JsonNode props, String pp, List<Problem> out) {
        JsonNode metrics = props.get("metrics");
        if (metrics == null) {
            out.add(new Problem(pp, "Should have required property 'metrics'"));
            return 0;
        }
        String mp = pp + "/metrics";
        if (!metrics.isArray()) {
            out.add(new Problem(mp, "Should be array"));
            return 0;
        }
        if (metrics.size() > METRICS_PER_WIDGET_MAX) {
            out.add(new Problem(mp, "Should NOT have more than " + METRICS_PER_WIDGET_MAX + " items"));
        }
        for (int j = 0; j < metrics.size(); j++) {
            JsonNode m = metrics.get(j);
            String path = mp + "/" + j;
            if (!m.isArray()) {
                out.add(new Problem(path, "Should be array"));
                continue;
            }
            if (m.isEmpty()) {
                out.add(new Problem(path, "Should NOT have fewer than 1 items"));
                continue;
            }
            for (int k = 0; k < m.size(); k++) {
                JsonNode field = m.get(k);
                boolean last = k == m.size() - 1;
                if (!field.isTextual() && !(last && field.isObject())) {
                    out.add(new Problem(path + "/" + k, "Invalid metric field type, only \"String\" type is allowed"));
                }
            }
        }
        return metrics.size();
    }

    private static void requiredText(JsonNode props, String name, String pp, List<Problem> out) {
        JsonNode v = props.get(name);
        if (v == null) {
            out.add(new Problem(pp, "Should have required property '" + name + "'"));
        } else if (!v.isTextual()) {
            out.add(new Problem(pp + "/" + name, "Should be string"));
        }
    }

    private static void integer(JsonNode w, String name, String path, int min, int max, List<Problem> out) {
        JsonNode v = w.get(name);
        if (v == null) {
            return;
        }
        String p = path + "/" + name;
        if (!v.isIntegralNumber() && !(v.isNumber() && v.doubleValue() == Math.rint(v.doubleValue()))) {
            out.add(new Problem(p, "Should be integer"));
        } else if (v.doubleValue() < min) {
            out.add(new Problem(p, "Should be >= " + min));
        } else if (v.doubleValue() > max) {
            out.add(new Problem(p, "Should be <= " + max));
        }
    }

    /** The AWS error: a count, then the problems as a pretty-printed JSON array, plus the structured list. */
    static AwsError error(List<Problem> problems) {
        StringBuilder b = new StringBuilder("The dashboard body is invalid, there are ")
                .append(problems.size()).append(" validation errors:\n[");
        List<Map<String, String>> entries = new ArrayList<>(problems.size());
        for (int i = 0; i < problems.size(); i++) {
            Problem p = problems.get(i);
            b.append(i == 0 ? "\n" : ",\n")
                    .append("  {\n    \"dataPath\": ").append(TextNode.valueOf(p.dataPath()))
                    .append(",\n    \"message\": ").append(TextNode.valueOf(p.message()))
                    .append("\n  }");
            entries.add(entry(p));
        }
        b.append("\n]");
        return AwsError.dashboardInvalidInput(b.toString(), entries);
    }

    private static Map<String, String> entry(Problem p) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("DataPath", p.dataPath());
        m.put("Message", p.message());
        return m;
    }
}
