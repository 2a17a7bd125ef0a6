package io.synaps.api.action.alarm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.api.action.RequestContext;
import io.synaps.api.action.SyncAction;
import io.synaps.api.protocol.Members;
import io.synaps.engine.alarm.AlarmService;
import io.synaps.engine.alarm.rule.AlarmRule;
import io.synaps.model.AwsError;
import io.synaps.model.alarm.Alarm;
import io.synaps.model.alarm.AlarmState;
import io.synaps.model.alarm.AlarmType;
import io.synaps.model.alarm.CompositeAlarm;
import io.synaps.model.alarm.MetricAlarm;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * DescribeAlarmsAction answers DescribeAlarms: alarms by names, name prefix, type, state and
 * action prefix, or the children / parents of one alarm with reduced fields, in name order,
 * MaxRecords (default 50) at a time with a sealed NextToken. Both result lists are always
 * present. Thread-safe.
 */
public final class DescribeAlarmsAction implements SyncAction {
    /** Page size when MaxRecords is absent (observed on AWS, boto issue #3036). */
    static final int DEFAULT_MAX_RECORDS = 50;
    /** How many alarms one store read fetches while filtering. */
    private static final int SCAN_CHUNK = 500;
    static final List<String> STATE_VALUES = List.of("OK", "ALARM", "INSUFFICIENT_DATA");
    /** The order AWS printed StateValue's enum set in (recorded, reference 2.2). */
    static final List<String> STATE_VALUES_SHOWN = List.of("INSUFFICIENT_DATA", "ALARM", "OK");

    private final AlarmService alarms;
    private final AlarmPageTokens tokens;

    public DescribeAlarmsAction(AlarmService alarms, AlarmPageTokens tokens) {
        this.alarms = Objects.requireNonNull(alarms, "alarms");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
    }

    @Override
    public String name() {
        return "DescribeAlarms";
    }

    /** What the request selects; {@code fingerprint} binds page tokens to it. */
    private record Selection(List<String> names, String prefix, Set<AlarmType> types, AlarmState state,
                             String actionPrefix, String childrenOf, String parentsOf) {
        String fingerprint() {
            return String.join("|", "n=" + names, "p=" + prefix, "t=" + types, "s=" + state, "a=" + actionPrefix,
                    "c=" + childrenOf, "r=" + parentsOf);
        }

        boolean matches(Alarm a) {
            if (!types.contains(a.type())) {
                return false;
            }
            if (state != null && a.status().value() != state) {
                return false;
            }
            if (prefix != null && !a.name().startsWith(prefix)) {
                return false;
            }
            return actionPrefix == null || usesAction(a, actionPrefix);
        }
    }

    @Override
    public ObjectNode answer(RequestContext context, Members in) {
        List<String> names = AlarmInput.names(in, "AlarmNames", false);
        String prefix = in.string("AlarmNamePrefix");
        if (prefix != null && prefix.isEmpty()) {
            prefix = null;
        }
        if (prefix != null) {
            AlarmInput.maxLength(prefix, in.pathOf("AlarmNamePrefix"), AlarmInput.NAME_MAX);
        }
        Set<AlarmType> types = AlarmInput.alarmTypes(in);
        String stateText = AlarmInput.enumValue(in, "StateValue", STATE_VALUES, STATE_VALUES_SHOWN);
        String actionPrefix = in.string("ActionPrefix");
        if (actionPrefix != null && actionPrefix.isEmpty()) {
            actionPrefix = null;
        }
        if (actionPrefix != null) {
            AlarmInput.maxLength(actionPrefix, in.pathOf("ActionPrefix"), AlarmInput.ARN_MAX);
        }
        String childrenOf = AlarmInput.optionalName(in, "ChildrenOfAlarmName");
        String parentsOf = AlarmInput.optionalName(in, "ParentsOfAlarmName");
        int max = AlarmInput.maxRecords(in, DEFAULT_MAX_RECORDS);
        String nextToken = in.string("NextToken");
        if (nextToken != null && nextToken.isEmpty()) {
            nextToken = null;
        }

        if (!names.isEmpty() && prefix != null) {
            throw AwsError.invalidParameterCombination("AlarmNamePrefix and AlarmNames.member are mutually exclusive");
        }
        boolean others = !names.isEmpty() || prefix != null || !in.list("AlarmTypes").isEmpty() || stateText != null
                || actionPrefix != null;
        if (childrenOf != null && (others || parentsOf != null)) {
            throw AwsError.validation("If ChildrenOfAlarmName is specified, no other parameters except MaxRecords"
                    + " and NextToken may be specified.");
        }
        if (parentsOf != null && others) {
            throw AwsError.validation("If ParentsOfAlarmName is specified, no other parameters except MaxRecords"
                    + " and NextToken may be specified.");
        }

        Selection sel = new Selection(names, prefix, types, stateText == null ? null : AlarmState.parse(stateText),
                actionPrefix, childrenOf, parentsOf);
        String account = context.accountId();
        String after = nextToken == null ? null : tokens.open(account, sel.fingerprint(), nextToken);

        List<Alarm> found;
        if (childrenOf != null) {
            found = byNames(account, children(context, childrenOf), after, max + 1, a -> true);
        } else if (parentsOf != null) {
            found = parents(account, parentsOf, after, max + 1);
        } else if (!names.isEmpty()) {
            found = byNames(account, new TreeSet<>(names), after, max + 1, sel::matches);
        } else {
            found = scan(account, sel, after, max + 1);
        }

        String next = null;
        if (found.size() > max) {
            found = found.subList(0, max);
            next = tokens.seal(account, sel.fingerprint(), found.get(max - 1).name());
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode composites = out.putArray("CompositeAlarms");
        ArrayNode metrics = out.putArray("MetricAlarms");
        for (Alarm a : found) {
            if (childrenOf != null) {
                (a instanceof MetricAlarm ? metrics : composites).add(AlarmOutput.child(a));
            } else if (parentsOf != null) {
                composites.add(AlarmOutput.parent((CompositeAlarm) a));
            } else if (a instanceof MetricAlarm m) {
                metrics.add(AlarmOutput.metric(m));
            } else {
                composites.add(AlarmOutput.composite((CompositeAlarm) a));
            }
        }
        if (next != null) {
            out.put("NextToken", next);
        }
        return out;
    }


    /** The alarms a composite's rule references (none when the alarm is missing or not composite). */
    private Set<String> children(RequestContext context, String name) {
        Optional<Alarm> parent = alarms.get(context.accountId(), name);
        if (parent.isEmpty() || !(parent.get() instanceof CompositeAlarm c)) {
            return new TreeSet<>();
        }
        return new TreeSet<>(AlarmRule.parse(c.rule(), context.region(), context.accountId()).children());
    }

    private List<Alarm> parents(String account, String name, String after, int limit) {
        List<Alarm> out = new ArrayList<>();
        for (CompositeAlarm c : alarms.parentsOf(account, name)) {
            if (after != null && c.name().compareTo(after) <= 0) {
                continue;
            }
            out.add(c);
            if (out.size() == limit) {
                break;
            }
        }
        return out;
    }

    /** Up to {@code limit} existing, matching alarms among sorted {@code names} after {@code after}. */
    private List<Alarm> byNames(String account, Set<String> names, String after, int limit,
                                Predicate<Alarm> filter) {
        List<Alarm> out = new ArrayList<>();
        for (String n : names) {
            if (after != null && n.compareTo(after) <= 0) {
                continue;
            }
            Optional<Alarm> a = alarms.get(account, n);
            if (a.isPresent() && filter.test(a.get())) {
                out.add(a.get());
                if (out.size() == limit) {
                    break;
                }
            }
        }
        return out;
    }

    /** Reads the account's alarms in name order from {@code after}, keeping matches, until {@code limit}. */
    private List<Alarm> scan(String account, Selection sel, String after, int limit) {
        List<Alarm> out = new ArrayList<>();
        String cursor = after;
        while (true) {
            List<Alarm> chunk = alarms.list(account, sel.prefix(), cursor, SCAN_CHUNK);
            for (Alarm a : chunk) {
                if (sel.matches(a)) {
                    out.add(a);
                    if (out.size() == limit) {
                        return out;
                    }
                }
            }
            if (chunk.size() < SCAN_CHUNK) {
                return out;
            }
            cursor = chunk.get(chunk.size() - 1).name();
        }
    }

    /** Whether any of the alarm's action ARNs (any state) starts with {@code prefix}. */
    static boolean usesAction(Alarm a, String prefix) {
        for (List<String> list : List.of(a.actions().alarm(), a.actions().ok(), a.actions().insufficientData())) {
            for (String arn : list) {
                if (arn.startsWith(prefix)) {
                    return true;
                }
            }
        }
        return false;
    }
}
