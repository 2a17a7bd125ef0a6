package io.synaps.api.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.synaps.model.AwsError;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Members is a read-only view of a request's input structure, whichever protocol carried it.
 * Immutable and thread-safe (as long as nobody mutates the wrapped tree).
 *
 * <p>The tree is a Jackson {@link JsonNode}: objects for structures, arrays for lists (Query's
 * {@code X.member.N} become arrays, {@code X.entry.N.key/value} become objects). Scalars are text
 * in Query and typed in JSON/CBOR, so read them only through the coercing accessors here:
 * timestamps accept epoch seconds (number or numeric text) and ISO-8601 text.
 *
 * <p>{@code path} is the member's Query-style path (e.g. {@code MetricData.member.1}) used in AWS
 * error messages in every protocol.
 *
 * <p>Accessors named after a member ({@code string("Namespace")}) return null when the member is
 * absent; {@code required*} variants throw MissingParameter {@code The parameter X is required.}.
 * A value that cannot be coerced throws InvalidParameterValue
 * {@code The value V for parameter X is invalid.}. The {@code as*} accessors read this node itself
 * (a list element).
 */
public final class Members {
    private static final Pattern DECIMAL =
            Pattern.compile("[+-]?(NaN|Infinity|(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?)");
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,19}");
    private static final DateTimeFormatter ISO = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart()
            .appendLiteral('T')
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HH", "Z").optionalEnd()
            .optionalEnd()
            .toFormatter(Locale.ROOT);

    private final JsonNode node;
    private final String path;

    public Members(JsonNode node, String path) {
        this.node = node == null ? MissingNode.getInstance() : node;
        this.path = path;
    }

    public static Members root(JsonNode node) {
        return new Members(node, "");
    }

    public JsonNode node() {
        return node;
    }

    /** Query-style path of this structure ("" at the root). */
    public String path() {
        return path;
    }

    /** Query-style path of a member of this structure, e.g. {@code MetricData.member.1.Value}. */
    public String pathOf(String member) {
        return path.isEmpty() ? member : path + "." + member;
    }

    public boolean has(String member) {
        JsonNode n = node.get(member);
        return n != null && !n.isNull() && !n.isMissingNode();
    }

    /** True when this node holds a value (not missing, not null). */
    public boolean isPresent() {
        return !node.isMissingNode() && !node.isNull();
    }

    // ---- structures and lists ----

    /** The member as a view of any kind (scalar, list or structure), possibly absent. */
    public Members child(String member) {
        return new Members(node.get(member), pathOf(member));
    }

    /** The member as a structure view (possibly absent: check {@link #isPresent()}). */
    public Members struct(String member) {
        JsonNode n = node.get(member);
        if (n != null && isPresentValue(n) && !n.isObject() && !isEmptyText(n)) {
            throw invalidValue(pathOf(member), n);
        }
        return new Members(n != null && isEmptyText(n) ? null : n, pathOf(member));
    }

    /**
     * The elements of a list member, each with its Query path {@code X.member.N} (1-based).
     * An absent member, null, or an empty string (how Query sends an empty list) is an empty list.
     */
    public List<Members> list(String member) {
        JsonNode n = node.get(member);
        String listPath = pathOf(member);
        if (n == null || !isPresentValue(n) || isEmptyText(n)) {
            return List.of();
        }
        if (!n.isArray()) {
            throw invalidValue(listPath, n);
        }
        List<Members> out = new ArrayList<>(n.size());
        for (int i = 0; i < n.size(); i++) {
            out.add(new Members(n.get(i), listPath + ".member." + (i + 1)));
        }
        return out;
    }

    /** The number of elements of a list member (0 when absent). */
    public int sizeOf(String member) {
        return list(member).size();
    }

    /** A list of strings; a missing element throws MissingParameter with its path. */
    public List<String> strings(String member) {
        List<Members> items = list(member);
        List<String> out = new ArrayList<>(items.size());
        for (Members item : items) {
            out.add(item.asRequiredString());
        }
        return out;
    }

    // ---- scalars by member name ----

    public String string(String member) {
        return child(member).asString();
    }

    /** The member's text; absent or empty text is MissingParameter. */
    public String requiredString(String member) {
        return child(member).asRequiredString();
    }

    public Integer integer(String member) {
        return child(member).asInteger();
    }

    public int requiredInt(String member) {
        requirePresent(member);
        return child(member).asInteger();
    }

    public Long longValue(String member) {
        return child(member).asLong();
    }

    public Double doubleValue(String member) {
        return child(member).asDouble();
    }

    public double requiredDouble(String member) {
        requirePresent(member);
        return child(member).asDouble();
    }

    public Boolean bool(String member) {
        return child(member).asBoolean();
    }

    /** The member's boolean, or {@code fallback} when absent. */
    public boolean bool(String member, boolean fallback) {
        Boolean b = bool(member);
        return b == null ? fallback : b;
    }

    public Instant timestamp(String member) {
        return child(member).asTimestamp();
    }

    public Instant requiredTimestamp(String member) {
        requirePresent(member);
        return child(member).asTimestamp();
    }

    /**
     * The member's text when it is one of {@code allowed} (exact case), null when absent;
     * otherwise InvalidParameterValue {@code The parameter X must be a value in the set [ a, b ].}
     * (AWS's wording for Unit and StorageResolution).
     */
    public String oneOf(String member, Collection<String> allowed) {
        String v = string(member);
        if (v != null && !allowed.contains(v)) {
            throw notInSet(pathOf(member), allowed);
        }
        return v;
    }

    // ---- scalars of this node ----

    /** This node's text (numbers and booleans as their text), null when absent. */
    public String asString() {
        if (!isPresent()) {
            return null;
        }
        if (node.isValueNode()) {
            return node.asText();
        }
        throw invalidValue(path, node);
    }

    /** This node's text; absent or empty is MissingParameter {@code The parameter X is required.}. */
    public String asRequiredString() {
        String s = asString();
        if (s == null || s.isEmpty()) {
            throw required(path);
        }
        return s;
    }

    public Integer asInteger() {
        Long l = asLong();
        if (l == null) {
            return null;
        }
        if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
            throw invalidValue(path, node);
        }
        return l.intValue();
    }

    public Long asLong() {
        if (!isPresent()) {
            return null;
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isFloatingPointNumber()) {
            double d = node.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 0x1p62) {
                return (long) d;
            }
            throw invalidValue(path, node);
        }
        if (node.isTextual()) {
            String t = node.textValue().trim();
            if (INTEGER.matcher(t).matches()) {
                try {
                    return Long.parseLong(t);
                } catch (NumberFormatException e) {
                    throw invalidValue(path, node);
                }
            }
        }
        throw invalidValue(path, node);
    }

    /**
     * This node as a double. Text may be a decimal or {@code NaN}, {@code Infinity},
     * {@code -Infinity} (JSON protocols send non-finite doubles as these strings); callers decide
     * whether non-finite values are acceptable.
     */
    public Double asDouble() {
        if (!isPresent()) {
            return null;
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isTextual()) {
            String t = node.textValue().trim();
            if (DECIMAL.matcher(t).matches()) {
                return Double.parseDouble(t);
            }
        }
        throw invalidValue(path, node);
    }

    public Boolean asBoolean() {
        if (!isPresent()) {
            return null;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isTextual()) {
            String t = node.textValue().trim();
            if (t.equalsIgnoreCase("true")) {
                return Boolean.TRUE;
            }
            if (t.equalsIgnoreCase("false")) {
                return Boolean.FALSE;
            }
        }
        throw invalidValue(path, node);
    }

    /**
     * This node as an instant: epoch seconds (a number, possibly fractional, or numeric text;
     * rounded to the millisecond) or ISO-8601 text with or without fractional seconds and offset (no offset means UTC).
     */
    public Instant asTimestamp() {
        if (!isPresent()) {
            return null;
        }
        Instant pojo = Output.instantOf(node);
        if (pojo != null) {
            return pojo;
        }
        try {
            if (node.isNumber()) {
                return epochSeconds(node.decimalValue());
            }
            if (node.isTextual()) {
                String t = node.textValue().trim();
                if (DECIMAL.matcher(t).matches() && !t.endsWith("NaN") && !t.endsWith("Infinity")) {
                    return epochSeconds(new BigDecimal(t));
                }
                return iso(t);
            }
        } catch (DateTimeException | ArithmeticException | NumberFormatException e) {
            throw invalidValue(path, node);
        }
        throw invalidValue(path, node);
    }

    // ---- errors ----

    /** MissingParameter {@code The parameter X is required.} */
    public static AwsError required(String path) {
        return AwsError.missingParameter("The parameter " + path + " is required.");
    }

    /** InvalidParameterValue {@code The value V for parameter X is invalid.} */
    public static AwsError invalidValue(String path, String valueText) {
        return AwsError.invalidParameterValue("The value " + valueText + " for parameter " + path + " is invalid.");
    }

    private static AwsError invalidValue(String path, JsonNode value) {
        String text = value.isValueNode() ? value.asText() : value.toString();
        return invalidValue(path, text);
    }

    /** InvalidParameterValue {@code The parameter X must be a value in the set [ a, b ].} */
    public static AwsError notInSet(String path, Collection<String> allowed) {
        return AwsError.invalidParameterValue("The parameter " + path + " must be a value in the set [ "
                + String.join(", ", allowed) + " ].");
    }

    /**
     * A schema-constraint failure as AWS's request validator words it (ValidationError):
     * {@code 1 validation error detected: Value 'v' at 'metricData.1.member.unit' failed to satisfy constraint: ...}.
     */
    public static AwsError constraint(String value, String queryPath, String constraint) {
        return AwsError.validation("1 validation error detected: Value '" + value + "' at '"
                + constraintPath(queryPath) + "' failed to satisfy constraint: " + constraint);
    }

    /**
     * The validator's spelling of a Query path: camel-case names, list indexes before
     * {@code member} ({@code MetricData.member.1.Unit} -> {@code metricData.1.member.unit}).
     */
    public static String constraintPath(String queryPath) {
        String[] parts = queryPath.split("\\.");
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.equals("member") && i + 1 < parts.length) {
                append(out, parts[i + 1]);
                append(out, "member");
                i++;
                continue;
            }
            append(out, part.isEmpty() ? part : Character.toLowerCase(part.charAt(0)) + part.substring(1));
        }
        return out.toString();
    }

    private static void append(StringBuilder out, String part) {
        if (out.length() > 0) {
            out.append('.');
        }
        out.append(part);
    }

    // ---- internals ----


    private void requirePresent(String member) {
        JsonNode n = node.get(member);
        if (n == null || !isPresentValue(n) || isEmptyText(n)) {
            throw required(pathOf(member));
        }
    }

    private static boolean isPresentValue(JsonNode n) {
        return !n.isMissingNode() && !n.isNull();
    }

    private static boolean isEmptyText(JsonNode n) {
        return n.isTextual() && n.textValue().isEmpty();
    }

    /** Epoch seconds to an instant, rounded to the millisecond (AWS's timestamp precision). */
    private static Instant epochSeconds(BigDecimal seconds) {
        return Instant.ofEpochMilli(seconds.movePointRight(3).setScale(0, RoundingMode.HALF_UP).longValueExact());
    }

    private static Instant iso(String text) {
        TemporalAccessor t = ISO.parseBest(text, java.time.OffsetDateTime::from, LocalDateTime::from, LocalDate::from);
        if (t instanceof java.time.OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (t instanceof LocalDateTime ldt) {
            return ldt.toInstant(ZoneOffset.UTC);
        }
        if (t instanceof LocalDate d && !t.isSupported(ChronoField.HOUR_OF_DAY)) {
            return d.atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        throw new DateTimeException("not a timestamp: " + text);
    }
}
