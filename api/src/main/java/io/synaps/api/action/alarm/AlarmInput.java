package io.synaps.api.action.alarm;

import io.synaps.api.protocol.Members;
import io.synaps.model.AwsError;
import io.synaps.model.alarm.AlarmActions;
import io.synaps.model.alarm.AlarmType;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * AlarmInput reads the members the alarm operations share (names, descriptions, action lists,
 * enums, lengths) with CloudWatch's codes: schema constraints of the model (lengths, min/max,
 * enums) as coral's ValidationError, semantic rules as InvalidParameterValue. Stateless;
 * thread-safe.
 */
final class AlarmInput {
    /** Longest AlarmName, in characters. */
    static final int NAME_MAX = 255;
    /** Most names in AlarmNames (DescribeAlarms, DeleteAlarms, Enable/DisableAlarmActions). */
    static final int NAMES_MAX = 100;
    /** Longest AlarmDescription. */
    static final int DESCRIPTION_MAX = 1024;
    /** Most action ARNs per state list. */
    static final int ACTIONS_MAX = 5;
    /** Longest action ARN (ResourceName). */
    static final int ARN_MAX = 1024;
    /** AlarmType values of the newest model. */
    static final List<String> ALARM_TYPES = List.of("CompositeAlarm", "MetricAlarm", "LogAlarm");

    private AlarmInput() {
    }

    /** A required AlarmName-like member: 1..255 characters without ASCII control characters. */
    static String name(Members in, String member) {
        String name = in.requiredString(member);
        checkName(name, in.pathOf(member));
        return name;
    }

    /** An optional AlarmName-like member (null when absent or empty). */
    static String optionalName(Members in, String member) {
        String name = in.string(member);
        if (name == null || name.isEmpty()) {
            return null;
        }
        checkName(name, in.pathOf(member));
        return name;
    }

    static void checkName(String name, String path) {
        maxLength(name, path, NAME_MAX);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw AwsError.invalidParameterValue("The parameter " + path
                        + " must not contain ASCII control characters.");
            }
        }
    }

    /**
     * An AlarmNames list: at most 100 names, each a valid alarm name; an empty or absent list is
     * MissingParameter when {@code required}. Duplicates are kept (callers dedupe if they care).
     */
    static List<String> names(Members in, String member, boolean required) {
        List<Members> items = in.list(member);
        if (items.isEmpty()) {
            if (required) {
                throw Members.required(in.pathOf(member));
            }
            return List.of();
        }
        if (items.size() > NAMES_MAX) {
            throw Members.constraint(listText(in.strings(member)), in.pathOf(member),
                    "Member must have length less than or equal to " + NAMES_MAX);
        }
        List<String> out = new ArrayList<>(items.size());
        for (Members item : items) {
            String name = item.asRequiredString();
            checkName(name, item.path());
            out.add(name);
        }
        return out;
    }

    /** AlarmDescription: null when absent, at most 1,024 characters. */
    static String description(Members in) {
        String d = in.string("AlarmDescription");
        if (d != null) {
            maxLength(d, in.pathOf("AlarmDescription"), DESCRIPTION_MAX);
        }
        return d;
    }

    /** ActionsEnabled (default true) and the three action lists, each at most 5 valid ARNs. */
    static AlarmActions actions(Members in) {
        boolean enabled = in.bool("ActionsEnabled", true);
        List<String> ok = actionList(in, "OKActions");
        List<String> alarm = actionList(in, "AlarmActions");
        List<String> insufficient = actionList(in, "InsufficientDataActions");
        return new AlarmActions(enabled, alarm, ok, insufficient);
    }

    private static List<String> actionList(Members in, String member) {
        List<Members> items = in.list(member);
        if (items.isEmpty()) {
            return List.of();
        }
        if (items.size() > ACTIONS_MAX) {
            throw Members.constraint(listText(in.strings(member)), in.pathOf(member),
                    "Member must have length less than or equal to " + ACTIONS_MAX);
        }
        List<String> out = new ArrayList<>(items.size());
        for (Members item : items) {
            String arn = item.asRequiredString();
            maxLength(arn, item.path(), ARN_MAX);
            ActionArns.check(arn, item.path());
            out.add(arn);
        }
        return out;
    }

    /** ValidationError {@code Member must have length less than or equal to max} when too long. */
    static void maxLength(String value, String path, int max) {
        if (value.length() > max) {
            throw Members.constraint(value, path, "Member must have length less than or equal to " + max);
        }
    }

    /** ValidationError {@code Member must have value greater than or equal to min} when below. */
    static int atLeast(int value, String path, int min) {
        if (value < min) {
            throw Members.constraint(Integer.toString(value), path, "Member must have value greater than or equal to " + min);
        }
        return value;
    }

    /**
     * The member's text when it is one of {@code allowed}, null when absent or empty; otherwise
     * coral's enum ValidationError listing {@code shown} (AWS prints the set in its own order).
     */
    static String enumValue(Members in, String member, Collection<String> allowed, List<String> shown) {
        String v = in.string(member);
        if (v == null || v.isEmpty()) {
            return null;
        }
        checkEnum(v, in.pathOf(member), allowed, shown);
        return v;
    }

    static void checkEnum(String value, String path, Collection<String> allowed, List<String> shown) {
        if (!allowed.contains(value)) {
            throw Members.constraint(value, path, "Member must satisfy enum value set: [" + String.join(", ", shown) + "]");
        }
    }

    /** MaxRecords: {@code fallback} when absent, else 1..100 (ValidationError outside, as AWS answers). */
    static int maxRecords(Members in, int fallback) {
        Integer max = in.integer("MaxRecords");
        if (max == null) {
            return fallback;
        }
        if (max > NAMES_MAX) {
            throw Members.constraint(Integer.toString(max), in.pathOf("MaxRecords"),
                    "Member must have value less than or equal to " + NAMES_MAX);
        }
        return atLeast(max, in.pathOf("MaxRecords"), 1);
    }

    /**
     * AlarmTypes: MetricAlarm only when absent (as AWS documents); {@code LogAlarm} is a valid
     * value of the newest model but names nothing here, so it adds no type.
     */
    static Set<AlarmType> alarmTypes(Members in) {
        List<Members> items = in.list("AlarmTypes");
        if (items.isEmpty()) {
            return EnumSet.of(AlarmType.MetricAlarm);
        }
        Set<AlarmType> out = EnumSet.noneOf(AlarmType.class);
        for (Members item : items) {
            String t = item.asRequiredString();
            checkEnum(t, item.path(), ALARM_TYPES, ALARM_TYPES);
            AlarmType type = AlarmType.parse(t);
            if (type != null) {
                out.add(type);
            }
        }
        return out;
    }

    /** A list as coral prints list values: {@code [a, b]}. */
    static String listText(List<String> values) {
        return "[" + String.join(", ", values) + "]";
    }
}
