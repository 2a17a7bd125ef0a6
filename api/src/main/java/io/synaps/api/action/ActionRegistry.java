package io.synaps.api.action;

import io.synaps.api.protocol.ApiService;
import io.synaps.model.AwsError;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * ActionRegistry maps each served API's operation names to their {@link Action}s (by
 * {@link Action#service()}: CloudWatch or SNS). It knows every operation of the current CloudWatch
 * and SNS models, so a known operation without a handler fails with UnsupportedOperation ("not
 * implemented by this Synaps server yet") and an unknown name with InvalidAction
 * ({@code Could not find operation X for version 2010-08-01}, or {@code 2010-03-31} for SNS), as
 * AWS words it. Synaps's own operations ({@link #EXTENSIONS}) are known names too.
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
    public static final Set<String> EXTENSIONS = Set.of("BacktestMetricAlarm", "ListDeadLetters", "ListActiveMetrics");

    /** The 42 operations of the SNS 2010-03-31 model (botocore 1.43). */
    public static final Set<String> SNS_OPERATIONS = Collections.unmodifiableSet(new TreeSet<>(List.of(
            "AddPermission", "CheckIfPhoneNumberIsOptedOut", "ConfirmSubscription", "CreatePlatformApplication",
            "CreatePlatformEndpoint", "CreateSMSSandboxPhoneNumber", "CreateTopic", "DeleteEndpoint",
            "DeletePlatformApplication", "DeleteSMSSandboxPhoneNumber", "DeleteTopic", "GetDataProtectionPolicy",
            "GetEndpointAttributes", "GetPlatformApplicationAttributes", "GetSMSAttributes",
            "GetSMSSandboxAccountStatus", "GetSubscriptionAttributes", "GetTopicAttributes",
            "ListEndpointsByPlatformApplication", "ListOriginationNumbers", "ListPhoneNumbersOptedOut",
            "ListPlatformApplications", "ListSMSSandboxPhoneNumbers", "ListSubscriptions",
            "ListSubscriptionsByTopic", "ListTagsForResource", "ListTopics", "OptInPhoneNumber", "Publish",
            "PublishBatch", "PutDataProtectionPolicy", "RemovePermission", "SetEndpointAttributes",
            "SetPlatformApplicationAttributes", "SetSMSAttributes", "SetSubscriptionAttributes",
            "SetTopicAttributes", "Subscribe", "TagResource", "Unsubscribe", "UntagResource",
            "VerifySMSSandboxPhoneNumber")));

    private final Map<ApiService, Map<String, Action>> actions;

    private ActionRegistry(Map<ApiService, Map<String, Action>> actions) {
        this.actions = actions;
    }

    /**
     * A registry of the given actions, each filed under its {@link Action#service()}.
     *
     * @throws IllegalArgumentException when two actions of a service share a name or a name is not
     *                                  an operation of its service
     */
    public static ActionRegistry of(Collection<? extends Action> actions) {
        Map<ApiService, Map<String, Action>> byService = new EnumMap<>(ApiService.class);
        for (ApiService s : ApiService.values()) {
            byService.put(s, new HashMap<>());
        }
        for (Action a : actions) {
            String name = a.name();
            ApiService service = a.service();
            if (!isOperation(service, name)) {
                throw new IllegalArgumentException(service == ApiService.CLOUDWATCH
                        ? "not a CloudWatch operation: " + name : "not an operation of " + service + ": " + name);
            }
            if (byService.get(service).putIfAbsent(name, a) != null) {
                throw new IllegalArgumentException("two actions named " + name);
            }
        }
        byService.replaceAll((s, m) -> Map.copyOf(m));
        return new ActionRegistry(Collections.unmodifiableMap(byService));
    }

    /**
     * The CloudWatch action of an operation.
     *
     * @throws AwsError UnsupportedOperation for a known operation without a handler, InvalidAction for an unknown name
     */
    public Action lookup(String operation) {
        return lookup(ApiService.CLOUDWATCH, operation);
    }

    /**
     * The action of an operation of the given service.
     *
     * @throws AwsError UnsupportedOperation for a known operation without a handler, InvalidAction for an unknown name
     */
    public Action lookup(ApiService service, String operation) {
        Action a = actions.get(service).get(operation);
        if (a != null) {
            return a;
        }
        if (isOperation(service, operation)) {
            throw AwsError.notImplemented(operation);
        }
        throw AwsError.invalidAction("Could not find operation " + operation + " for version " + service.version());
    }

    /** True when the name is a CloudWatch operation or a Synaps extension (implemented or not). */
    public static boolean isOperation(String name) {
        return isOperation(ApiService.CLOUDWATCH, name);
    }

    /** True when the name is an operation of the service (implemented or not). */
    public static boolean isOperation(ApiService service, String name) {
        if (name == null) {
            return false;
        }
        return switch (service) {
            case CLOUDWATCH -> OPERATIONS.contains(name) || EXTENSIONS.contains(name);
            case SNS -> SNS_OPERATIONS.contains(name);
        };
    }

    /** The names of the implemented CloudWatch operations, sorted. */
    public Set<String> implemented() {
        return implemented(ApiService.CLOUDWATCH);
    }

    /** The names of the implemented operations of a service, sorted. */
    public Set<String> implemented(ApiService service) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(new TreeSet<>(actions.get(service).keySet())));
    }
}
