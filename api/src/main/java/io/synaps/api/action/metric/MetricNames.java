package io.synaps.api.action.metric;

import io.synaps.api.protocol.Members;
import io.synaps.model.AwsError;
import io.synaps.model.Dimension;
import io.synaps.model.MetricId;
import io.synaps.model.StandardUnit;

import java.util.ArrayList;
import java.util.List;

/**
 * MetricNames validates the parts of a metric's identity (namespace, metric name, dimensions,
 * unit) as CloudWatch does, with its error codes and messages. Stateless; thread-safe.
 *
 * <p>Writes ({@link Mode#WRITE}) apply every rule; reads ({@link Mode#READ}) only the
 * required/length rules, so a query for a name that could never have been written simply finds
 * nothing.
 */
public final class MetricNames {
    /** Longest namespace, metric name and dimension name, in characters. */
    public static final int NAME_MAX = 255;
    /** Longest dimension value, in characters. */
    public static final int VALUE_MAX = 1024;
    /** Most dimensions of one metric. */
    public static final int DIMENSIONS_MAX = 30;

    /** Unit wire names in the model's order (used in the "must be a value in the set" message). */
    public static final List<String> UNITS;

    static {
        List<String> units = new ArrayList<>();
        for (StandardUnit u : StandardUnit.values()) {
            units.add(u.wireName());
        }
        UNITS = List.copyOf(units);
    }

    /** Whether a name is being written (all rules) or read (required and length only). */
    public enum Mode { WRITE, READ }

    private MetricNames() {
    }

    /** The Namespace member of {@code in}. Writes refuse the reserved {@code AWS/} prefix. */
    public static String namespace(Members in, String member, Mode mode) {
        String ns = in.requiredString(member);
        check(ns, in, member, NAME_MAX, mode, true);
        if (mode == Mode.WRITE && ns.startsWith("AWS/")) {
            throw AwsError.invalidParameterValue("The value AWS/ for parameter Namespace is invalid.");
        }
        return ns;
    }

    /** The MetricName member of {@code in}. */
    public static String metricName(Members in, String member, Mode mode) {
        String name = in.requiredString(member);
        check(name, in, member, NAME_MAX, mode, false);
        return name;
    }

    /**
     * The Dimensions list member of {@code in}: at most 30, each with a Name and a Value, no name
     * twice.
     */
    public static List<Dimension> dimensions(Members in, String member, Mode mode) {
        List<Members> items = in.list(member);
        if (items.size() > DIMENSIONS_MAX) {
            throw AwsError.invalidParameterValue("The collection " + in.pathOf(member)
                    + " must not have a size greater than " + DIMENSIONS_MAX + ".");
        }
        int size = items.size();
        if (size == 0) {
            return List.of();
        }
        List<Dimension> out = new ArrayList<>(size);
        // At most 30 names: comparing with the earlier ones beats hashing them into a set.
        String[] names = new String[size];
        for (int i = 0; i < size; i++) {
            Members item = items.get(i);
            String name = item.requiredString("Name");
            check(name, item, "Name", NAME_MAX, mode, true);
            String value = item.requiredString("Value");
            check(value, item, "Value", VALUE_MAX, mode, false);
            for (int j = 0; j < i; j++) {
                if (names[j].equals(name)) {
                    throw AwsError.invalidParameterValue("No Metric may specify the same dimension twice.");
                }
            }
            names[i] = name;
            out.add(new Dimension(name, value));
        }
        return out;
    }

    /** A Metric structure (Namespace, MetricName, Dimensions) as used by MetricStat. */
    public static MetricId metric(Members metric, Mode mode) {
        String ns = namespace(metric, "Namespace", mode);
        String name = metricName(metric, "MetricName", mode);
        return new MetricId(ns, name, dimensions(metric, "Dimensions", mode));
    }

    /** The Unit member, or null when absent; anything but a StandardUnit wire name is refused. */
    public static StandardUnit unit(Members in, String member) {
        String wire = in.oneOf(member, UNITS);
        return wire == null ? null : StandardUnit.fromWire(wire);
    }

    /** {@link #check(String, String, int, Mode, boolean)} with the path spelled only on error. */
    static void check(String value, Members in, String member, int max, Mode mode, boolean noLeadingColon) {
        if (!valid(value, max, mode, noLeadingColon)) {
            check(value, in.pathOf(member), max, mode, noLeadingColon);
        }
    }

    /** True when {@code value} passes every rule of {@link #check(String, String, int, Mode, boolean)}. */
    static boolean valid(String value, int max, Mode mode, boolean noLeadingColon) {
        int n = value.length();
        if (n > max) {
            return false;
        }
        if (mode == Mode.READ) {
            return true;
        }
        boolean blank = true;
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
            blank &= c == ' ';
        }
        return !blank && !(noLeadingColon && value.charAt(0) == ':');
    }

    /**
     * Length and character rules for a name or value. Writes accept only printable ASCII with at
     * least one non-blank character; names (namespace, dimension name) may not start with ':'.
     */
    static void check(String value, String path, int max, Mode mode, boolean noLeadingColon) {
        if (value.length() > max) {
            throw AwsError.invalidParameterValue("The parameter " + path + " must be shorter than "
                    + (max + 1) + " characters.");
        }
        if (mode == Mode.READ) {
            return;
        }
        boolean blank = true;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw AwsError.invalidParameterValue("The parameter " + path
                        + " must contain only printable ASCII characters.");
            }
            if (c != ' ') {
                blank = false;
            }
        }
        if (blank) {
            throw AwsError.invalidParameterValue("The parameter " + path
                    + " must contain at least one non-whitespace character.");
        }
        if (noLeadingColon && value.charAt(0) == ':') {
            throw Members.constraint(value, path, "Member must satisfy regular expression pattern: [^:].*");
        }
    }
}
