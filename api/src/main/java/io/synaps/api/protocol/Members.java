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
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.RandomAccess;

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
 * error messages in every protocol. Views made by {@link #child}, {@link #list} and friends keep
 * their parent and name and spell the path only when it is asked for (in practice: when an error
 * is raised), so a valid request never formats one; the cached text is an idempotent, benign race.
 *
 * <p>Accessors named after a member ({@code string("Namespace")}) return null when the member is
 * absent; {@code required*} variants throw MissingParameter {@code The parameter X is required.}.
 * A value that cannot be coerced throws InvalidParameterValue
 * {@code The value V for parameter X is invalid.}. The {@code as*} accessors read this node itself
 * (a list element).
 */
public final class Members {
    /** Below this magnitude a double's ulp is under half a millisecond (see {@link #epochMillis}). */
    private static final double EXACT_MILLIS_LIMIT = 0x1p40;
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
    /** The structure this view was reached from (null when the path was given). */
    private final Members parent;
    /** The member name in {@code parent} (the list's name for a list element). */
    private final String name;
    /** 1-based index within the list {@code parent.name}, 0 for a structure member. */
    private final int index;
    /** The Query path, built on first use. */
    private String path;

    public Members(JsonNode node, String path) {
        this.node = node == null ? MissingNode.getInstance() : node;
        this.parent = null;
        this.name = null;
        this.index = 0;
        this.path = path;
    }

    private Members(JsonNode node, Members parent, String name, int index) {
        this.node = node == null ? MissingNode.getInstance() : node;
        this.parent = parent;
        this.name = name;
        this.index = index;
    }

    public static Members root(JsonNode node) {
        return new Members(node, "");
    }

    public JsonNode node() {
        return node;
    }

    /** Query-style path of this structure ("" at the root). */
    public String path() {
        String p = path;
        if (p == null && parent != null) {
            p = index == 0 ? parent.pathOf(name) : parent.pathOf(name) + ".member." + index;
            path = p;
        }
        return p;
    }

    /** Query-style path of a member of this structure, e.g. {@code MetricData.member.1.Value}. */
    public String pathOf(String member) {
        String p = path();
        return p.isEmpty() ? member : p + "." + member;
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
        return new Members(node.get(member), this, member, 0);
    }

    /** The member as a structure view (possibly absent: check {@link #isPresent()}). */
    public Members struct(String member) {
        JsonNode n = node.get(member);
        if (n != null && isPresentValue(n) && !n.isObject() && !isEmptyText(n)) {
            throw invalidValue(pathOf(member), n);
        }
        return new Members(n != null && isEmptyText(n) ? null : n, this, member, 0);
    }

    /**
     * The elements of a list member, each with its Query path {@code X.member.N} (1-based).
     * An absent member, null, or an empty string (how Query sends an empty list) is an empty list.
     */
    public List<Members> list(String member) {
        JsonNode n = node.get(member);
        if (n == null || !isPresentValue(n) || isEmptyText(n)) {
            return List.of();
        }
        if (!n.isArray()) {
            throw invalidValue(pathOf(member), n);
        }
        return new Elements(n, this, member);
    }

    /** The number of elements of a list member (0 when absent). */
    public int sizeOf(String member) {
        return list(member).size();
    }

    /** A list member's elements as views made on access: no copy of the array, no paths. */
    private static final class Elements extends AbstractList<Members> implements RandomAccess {
        private final JsonNode array;
        private final Members owner;
        private final String member;

        Elements(JsonNode array, Members owner, String member) {
            this.array = array;
            this.owner = owner;
            this.member = member;
        }

        @Override
        public Members get(int i) {
            Objects.checkIndex(i, array.size());
            return new Members(array.get(i), owner, member, i + 1);
        }

        @Override
        public int size() {
            return array.size();
        }
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

    /**
     * The optional integer member, or null when absent; outside {@code min..max} it fails with the
     * validator's range message ({@code Member must have value greater than or equal to 1}).
     */
    public Integer integerBetween(String member, int min, int max) {
        Integer value = integer(member);
        if (value != null && (value < min || value > max)) {
            throw constraint(value.toString(), member, "Member must have value "
                    + (value < min ? "greater than or equal to " + min : "less than or equal to " + max));
        }
        return value;
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
        throw invalidValue(path(), node);
    }

    /** This node's text; absent or empty is MissingParameter {@code The parameter X is required.}. */
    public String asRequiredString() {
        String s = asString();
        if (s == null || s.isEmpty()) {
            throw required(path());
        }
        return s;
    }

    public Integer asInteger() {
        Long l = asLong();
        if (l == null) {
            return null;
        }
        if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
            throw invalidValue(path(), node);
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
            throw invalidValue(path(), node);
        }
        if (node.isTextual()) {
            String t = node.textValue().trim();
            if (isInteger(t)) {
                try {
                    return Long.parseLong(t);
                } catch (NumberFormatException e) {
                    throw invalidValue(path(), node);
                }
            }
        }
        throw invalidValue(path(), node);
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
            if (isDecimal(t)) {
                return Double.parseDouble(t);
            }
        }
        throw invalidValue(path(), node);
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
        throw invalidValue(path(), node);
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
                if (node.isDouble()) {
                    long millis = epochMillis(node.doubleValue());
                    if (millis != Long.MIN_VALUE) {
                        return Instant.ofEpochMilli(millis);
                    }
                }
                return epochSeconds(node.decimalValue());
            }
            if (node.isTextual()) {
                String t = node.textValue().trim();
                if (isDecimal(t) && !t.endsWith("NaN") && !t.endsWith("Infinity")) {
                    return epochSeconds(new BigDecimal(t));
                }
                Instant utc = isoUtc(t);
                return utc != null ? utc : iso(t);
            }
        } catch (DateTimeException | ArithmeticException | NumberFormatException e) {
            throw invalidValue(path(), node);
        }
        throw invalidValue(path(), node);
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

    /** Text matching {@code [+-]?\\d{1,19}} (ASCII digits). */
    static boolean isInteger(String t) {
        int n = t.length();
        int i = n > 0 && (t.charAt(0) == '+' || t.charAt(0) == '-') ? 1 : 0;
        int digits = n - i;
        if (digits < 1 || digits > 19) {
            return false;
        }
        for (; i < n; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * Text matching {@code [+-]?(NaN|Infinity|(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?)} (ASCII
     * digits), scanned by hand: a regex per value showed in profiles of large PutMetricData requests.
     */
    static boolean isDecimal(String t) {
        int n = t.length();
        int i = 0;
        if (i < n && (t.charAt(i) == '+' || t.charAt(i) == '-')) {
            i++;
        }
        if (t.startsWith("NaN", i)) {
            return i + 3 == n;
        }
        if (t.startsWith("Infinity", i)) {
            return i + 8 == n;
        }
        int intDigits = 0;
        while (i < n && isDigit(t.charAt(i))) {
            i++;
            intDigits++;
        }
        int fracDigits = 0;
        if (i < n && t.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(t.charAt(i))) {
                i++;
                fracDigits++;
            }
        }
        if (intDigits == 0 && fracDigits == 0) {
            return false;
        }
        if (i < n && (t.charAt(i) == 'e' || t.charAt(i) == 'E')) {
            i++;
            if (i < n && (t.charAt(i) == '+' || t.charAt(i) == '-')) {
                i++;
            }
            int expDigits = 0;
            while (i < n && isDigit(t.charAt(i))) {
                i++;
                expDigits++;
            }
            if (expDigits == 0) {
                return false;
            }
        }
        return i == n;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * Epoch seconds as a double to epoch milliseconds, exactly as {@link #epochSeconds} would round
     * the double's decimal text, or Long.MIN_VALUE to say "use epochSeconds". When the double is
     * the nearest one to c/1000 and its ulp is below half a millisecond, every decimal that reads
     * back as it (its Double.toString included) is within that ulp of c/1000, so rounds half-up to c.
     */
    static long epochMillis(double seconds) {
        if (!(Math.abs(seconds) < EXACT_MILLIS_LIMIT)) {
            return Long.MIN_VALUE;
        }
        long c = Math.round(seconds * 1000.0);
        return c / 1000.0 == seconds ? c : Long.MIN_VALUE;
    }

    /**
     * The common ISO-8601 form {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} with every field in its
     * strict range, parsed without the formatter; null for anything else (then {@link #iso} decides,
     * with its own leniency, so the result is the same either way).
     */
    static Instant isoUtc(String t) {
        int n = t.length();
        if (n < 20 || t.charAt(n - 1) != 'Z' || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T'
                || t.charAt(13) != ':' || t.charAt(16) != ':') {
            return null;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 7);
        int day = digits(t, 8, 10);
        int hour = digits(t, 11, 13);
        int minute = digits(t, 14, 16);
        int second = digits(t, 17, 19);
        if ((year | month | day | hour | minute | second) < 0 || month < 1 || month > 12 || day < 1
                || day > LocalDate.of(year, month, 1).lengthOfMonth() || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        int nanos = 0;
        if (n > 20) {
            int fraction = n - 21; // between '.' and 'Z'
            if (t.charAt(19) != '.' || fraction < 1 || fraction > 9) {
                return null;
            }
            nanos = digits(t, 20, n - 1);
            if (nanos < 0) {
                return null;
            }
            for (int i = fraction; i < 9; i++) {
                nanos *= 10;
            }
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3600 + minute * 60 + second, nanos);
    }

    /** The decimal value of t[from, to), -1 when any character is not an ASCII digit. */
    private static int digits(String t, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** Epoch seconds to an instant, rounded to the millisecond (AWS's timestamp precision). */
    static Instant epochSeconds(BigDecimal seconds) {
        return Instant.ofEpochMilli(seconds.movePointRight(3).setScale(0, RoundingMode.HALF_UP).longValueExact());
    }

    static Instant iso(String text) {
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
