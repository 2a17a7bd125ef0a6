package io.synaps.api.action;

import io.synaps.model.AwsError;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * ActionRegistry maps operation names to their {@link Action}s. It knows every operation of the
 * current CloudWatch model, so a known operation without a handler fails with
 * UnsupportedOperation ("not implemented by this Synaps server yet") and an unknown name with
 * InvalidAction ({@code Could not find operation X for version 2010-08-01}), as AWS words it.
 * Synaps's own operations ({@link #EXTENSIONS}) are known names too.
 * Immutable; thread-safe.
 */
public final class ActionRegistry {
    /**
     * The 55 operations of the CloudWatch 2010-08-01 model as shipped in the newest SDKs: the 38
     * of the 2023 model, the 12 added by botocore 1.43 / Java SDK 2.54, and the 5 of JS v3 3.1162.
     */
    public static final Set<String> OPERATIONS = Collections.unmodifiableSet(new TreeSet<>(List.of(
            // 2023 model (awscli 2.9 / botocore 1.29)
            "DeleteAlarms", "DeleteAnomalyDetector", "DeleteDashboards", "DeleteInsightRules",
            "DeleteMetricStream", "DescribeAlarmHistory", "DescribeAlarms", "DescribeAlarmsForMetric",
            "DescribeAnomalyDetectors", "DescribeInsightRules", "DisableAlarmActions", "DisableInsightRules",
            "EnableAlarmActions", "EnableInsightRules", "GetDashboard", "GetInsightRuleReport", "GetMetricData",
            "GetMetricStatistics", "GetMetricStream", "GetMetricWidgetImage", "ListDashboards",
            "ListManagedInsightRules", "ListMetricStreams", "ListMetrics", "ListTagsForResource",
            "PutAnomalyDetector", "PutCompositeAlarm", "PutDashboard", "PutInsightRule", "PutManagedInsightRules",
            "PutMetricAlarm", "PutMetricData", "PutMetricStream", "SetAlarmState", "StartMetricStreams",
            "StopMetricStreams", "TagResource", "UntagResource",
            // botocore 1.43.67, Java SDK 2.54.15
            "AssociateDatasetKmsKey", "DisassociateDatasetKmsKey", "GetDataset", "DescribeAlarmContributors",
            "PutAlarmMuteRule", "GetAlarmMuteRule", "ListAlarmMuteRules", "DeleteAlarmMuteRule", "PutLogAlarm",
            "GetOTelEnrichment", "StartOTelEnrichment", "StopOTelEnrichment",
            // JS v3 3.1162.0
            "CreateResourceMetricsConfiguration", "GetResourceMetricsConfiguration",
            "UpdateResourceMetricsConfiguration", "DeleteResourceMetricsConfiguration", "UpdateOTelEnrichment")));

    /**
     * Operations Synaps adds to the CloudWatch endpoint (decision 0010): known names, so they are
     * never InvalidAction, but not part of AWS's model.
     */
    public static final Set<String> EXTENSIONS = Set.of("BacktestMetricAlarm");

    private final Map<String, Action> actions;

    private ActionRegistry(Map<String, Action> actions) {
        this.actions = actions;
    }

    /**
     * A registry of the given actions.
     *
     * @throws IllegalArgumentException when two actions share a name or a name is not a CloudWatch operation
     */
    public static ActionRegistry of(Collection<? extends Action> actions) {
        Map<String, Action> byName = new HashMap<>();
        for (Action a : actions) {
            String name = a.name();
            if (!isOperation(name)) {
                throw new IllegalArgumentException("not a CloudWatch operation: " + name);
            }
            if (byName.putIfAbsent(name, a) != null) {
                throw new IllegalArgumentException("two actions named " + name);
            }
        }
        return new ActionRegistry(Map.copyOf(byName));
    }

    /**
     * The action of an operation.
     *
     * @throws AwsError UnsupportedOperation for a known operation without a handler, InvalidAction for an unknown name
     */
    public Action lookup(String operation) {
        Action a = actions.get(operation);
        if (a != null) {
            return a;
        }
        if (isOperation(operation)) {
            throw AwsError.notImplemented(operation);
        }
        throw AwsError.invalidAction("Could not find operation " + operation + " for version 2010-08-01");
    }

    /** True when the name is a CloudWatch operation or a Synaps extension (implemented or not). */
    public static boolean isOperation(String name) {
        return name != null && (OPERATIONS.contains(name) || EXTENSIONS.contains(name));
    }

    /** The names of the implemented operations, sorted. */
    public Set<String> implemented() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(new TreeSet<>(actions.keySet())));
    }
}
