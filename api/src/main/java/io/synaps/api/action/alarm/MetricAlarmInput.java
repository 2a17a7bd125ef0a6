package io.synaps.api.action.alarm;

import com.fasterxml.jackson.databind.JsonNode;
import io.synaps.api.action.RequestContext;
import io.synaps.api.action.metric.MetricNames;
import io.synaps.api.protocol.Members;
import io.synaps.model.AwsError;
import io.synaps.model.Dimension;
import io.synaps.model.MetricId;
import io.synaps.model.StandardUnit;
import io.synaps.model.alarm.AlarmActions;
import io.synaps.model.alarm.AlarmStatus;
import io.synaps.model.alarm.ComparisonOperator;
import io.synaps.model.alarm.MetricAlarm;
import io.synaps.model.alarm.TreatMissingData;
import io.synaps.stats.Statistic;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MetricAlarmInput turns a PutMetricAlarm request into a {@link MetricAlarm} definition, checking
 * every rule CloudWatch applies to one (see api/ACTIONS.md for codes and messages); it also
 * reads the same body for BacktestMetricAlarm. Stateless; thread-safe.
 */
final class MetricAlarmInput {
    /** The basic statistics in the model's enum order. */
    static final List<String> STATISTICS = List.of("SampleCount", "Average", "Sum", "Minimum", "Maximum");
    static final List<String> COMPARISON_OPERATORS;
    static final List<String> TREAT_MISSING_DATA = List.of("breaching", "notBreaching", "ignore", "missing");
    static final Set<String> LOW_SAMPLE_COUNT = Set.of("evaluate", "ignore");
    /** Longest Period x EvaluationPeriods for periods under an hour (1 day), and otherwise (7 days). */
    static final long RANGE_SHORT_MAX = 86_400;
    static final long RANGE_LONG_MAX = 604_800;
    /** TC/TM/TS/WM percentage bounds PutMetricAlarm accepts (API reference: "between 10 and 90 inclusive"). */
    private static final Pattern PERCENT_RANGE = Pattern.compile("(TM|WM|TC|TS)\\(([0-9.]*)%?:([0-9.]*)%?\\)");

    static {
        List<String> ops = new ArrayList<>();
        for (ComparisonOperator c : ComparisonOperator.values()) {
            ops.add(c.name());
        }
        COMPARISON_OPERATORS = List.copyOf(ops);
    }

    private MetricAlarmInput() {
    }

    /**
     * The alarm the request defines, in the caller's account and region, configured now and in
     * its initial state (the service keeps an existing alarm's state).
     *
     * @param nameRequired false for BacktestMetricAlarm, where the name only labels the run
     */
    static MetricAlarm read(RequestContext context, Members in, String partition, boolean nameRequired) {
        String name = nameRequired ? AlarmInput.name(in, "AlarmName") : AlarmInput.optionalName(in, "AlarmName");
        if (name == null) {
            name = "backtest";
        }
        String description = AlarmInput.description(in);
        AlarmActions actions = AlarmInput.actions(in);

        // Schema constraints first, as AWS's request validator runs before the service.
        String statistic = AlarmInput.enumValue(in, "Statistic", STATISTICS, STATISTICS);
        String comparisonText = AlarmInput.enumValue(in, "ComparisonOperator", COMPARISON_OPERATORS,
                COMPARISON_OPERATORS);
        Integer period = in.integer("Period");
        if (period != null) {
            AlarmInput.atLeast(period, in.pathOf("Period"), 1);
        }
        Integer evaluationPeriods = in.integer("EvaluationPeriods");
        if (evaluationPeriods != null) {
            AlarmInput.atLeast(evaluationPeriods, in.pathOf("EvaluationPeriods"), 1);
        }
        Integer datapointsToAlarm = in.integer("DatapointsToAlarm");
        if (datapointsToAlarm != null) {
            AlarmInput.atLeast(datapointsToAlarm, in.pathOf("DatapointsToAlarm"), 1);
        }
        StandardUnit unit = MetricNames.unit(in, "Unit");

        refuseUnsupported(in, comparisonText);

        String namespace = MetricNames.namespace(in, "Namespace", MetricNames.Mode.READ);
        if (namespace.charAt(0) == ':') {
            throw Members.constraint(namespace, in.pathOf("Namespace"),
                    "Member must satisfy regular expression pattern: [^:].*");
        }
        String metricName = MetricNames.metricName(in, "MetricName", MetricNames.Mode.READ);
        List<Dimension> dimensions = MetricNames.dimensions(in, "Dimensions", MetricNames.Mode.READ);

        String extended = in.string("ExtendedStatistic");
        if (extended != null && extended.isEmpty()) {
            extended = null;
        }
        if (statistic != null && extended != null) {
            throw AwsError.invalidParameterCombination("The parameters " + in.pathOf("Statistic") + " and "
                    + in.pathOf("ExtendedStatistic") + " are mutually exclusive and you have specified both.");
        }
        if (statistic == null && extended == null) {
            throw AwsError.missingParameter("One of the parameters " + in.pathOf("Statistic") + " or "
                    + in.pathOf("ExtendedStatistic") + " must be specified.");
        }
        if (extended != null) {
            checkExtended(extended, in.pathOf("ExtendedStatistic"));
        }

        if (period == null) {
            throw Members.required(in.pathOf("Period"));
        }
        checkPeriod(period, in.pathOf("Period"));
        if (evaluationPeriods == null) {
            throw Members.required(in.pathOf("EvaluationPeriods"));
        }
        if (datapointsToAlarm != null && datapointsToAlarm > evaluationPeriods) {
            throw AwsError.validation("DatapointsToAlarm must be less than or equal to EvaluationPeriods");
        }
        checkRange(period, evaluationPeriods);

        if (comparisonText == null) {
            throw Members.required(in.pathOf("ComparisonOperator"));
        }
        ComparisonOperator comparison = ComparisonOperator.parse(comparisonText);
        Double threshold = in.doubleValue("Threshold");
        if (threshold == null) {
            throw Members.required(in.pathOf("Threshold"));
        }
        if (!Double.isFinite(threshold)) {
            throw Members.invalidValue(in.pathOf("Threshold"), in.string("Threshold"));
        }

        TreatMissingData treatMissingData = null;
        String treat = in.string("TreatMissingData");
        if (treat != null && !treat.isEmpty()) {
            treatMissingData = TreatMissingData.parse(treat);
            if (treatMissingData == null) {
                throw Members.notInSet(in.pathOf("TreatMissingData"), TREAT_MISSING_DATA);
            }
        }
        String lowSampleCount = in.string("EvaluateLowSampleCountPercentile");
        if (lowSampleCount != null && !lowSampleCount.isEmpty()) {
            if (!LOW_SAMPLE_COUNT.contains(lowSampleCount)) {
                throw AwsError.validation("Option " + lowSampleCount + " is not supported. Supported options for"
                        + " parameter EvaluateLowSampleCountPercentile are evaluate and ignore.");
            }
        } else {
            lowSampleCount = null;
        }

        long now = context.clock().millis();
        return new MetricAlarm(context.accountId(), name, arn(partition, context, name), description, actions,
                new MetricId(namespace, metricName, dimensions), statistic, extended, unit, period,
                evaluationPeriods, datapointsToAlarm, threshold, comparison, treatMissingData, lowSampleCount, now,
                AlarmStatus.initial(now));
    }

    /** {@code arn:<partition>:cloudwatch:<region>:<account>:alarm:<name>}. */
    static String arn(String partition, RequestContext context, String name) {
        return "arn:" + partition + ":cloudwatch:" + context.region() + ":" + context.accountId() + ":alarm:" + name;
    }

    /** Math, anomaly-detection and PromQL alarms need engines this server does not have yet. */
    private static void refuseUnsupported(Members in, String comparison) {
        if (!in.list("Metrics").isEmpty()) {
            throw unsupported("Metrics");
        }
        for (String member : List.of("ThresholdMetricId", "EvaluationCriteria", "EvaluationInterval")) {
            JsonNode node = in.child(member).node();
            boolean empty = node.isMissingNode() || node.isNull() || (node.isTextual() && node.textValue().isEmpty())
                    || (node.isContainerNode() && node.isEmpty());
            if (!empty) {
                throw unsupported(member);
            }
        }
        if (comparison != null && ComparisonOperator.parse(comparison).isBand()) {
            throw new AwsError("UnsupportedOperation", "UnsupportedOperation", 400,
                    "Anomaly detection alarms (ComparisonOperator " + comparison
                            + ") need a ThresholdMetricId band computed by metric math, which this Synaps server"
                            + " does not implement yet; use GreaterThanThreshold, GreaterThanOrEqualToThreshold,"
                            + " LessThanThreshold or LessThanOrEqualToThreshold with a Threshold.");
        }
    }

    private static AwsError unsupported(String member) {
        String what = switch (member) {
            case "Metrics" -> "Metric math alarms (Metrics)";
            case "ThresholdMetricId" -> "Anomaly detection alarms (ThresholdMetricId)";
            default -> "PromQL alarms (" + member + ")";
        };
        return new AwsError("UnsupportedOperation", "UnsupportedOperation", 400,
                what + " are not implemented by this Synaps server yet; define the alarm on one metric with"
                        + " Namespace, MetricName, Dimensions, Period and Statistic or ExtendedStatistic.");
    }

    /** 10, 20, 30 (high resolution) or a multiple of 60 seconds. */
    static void checkPeriod(int period, String path) {
        if (period != 10 && period != 20 && period != 30 && period % 60 != 0) {
            // AWS answers ValidationError "Period must be 10, 30 or a multiple of 60" (recorded via
            // CloudFormation before 20 s periods existed); the set now includes 20.
            throw AwsError.validation(path + " must be 10, 20, 30 or a multiple of 60");
        }
    }

    /** Period x EvaluationPeriods: at most one day under one-hour periods, seven days otherwise. */
    static void checkRange(int period, int evaluationPeriods) {
        long range = (long) period * evaluationPeriods;
        if (period < 3600 && range > RANGE_SHORT_MAX) {
            throw AwsError.invalidParameterCombination("Metrics cannot be checked across more than a day"
                    + " (EvaluationPeriods * Period must be <= 86400).");
        }
        if (range > RANGE_LONG_MAX) {
            throw AwsError.invalidParameterCombination("Metrics cannot be checked across more than a week"
                    + " (EvaluationPeriods * Period must be <= 604800).");
        }
    }

    /**
     * An extended statistic the evaluator can compute: the {@code io.synaps.stats} syntax, with
     * PutMetricAlarm's extra rule that percentage bounds of TC/TM/TS/WM ranges lie in 10..90.
     */
    static void checkExtended(String text, String path) {
        Statistic stat = Statistic.parseExtended(text);
        boolean ok = stat != null;
        Matcher m = PERCENT_RANGE.matcher(text);
        if (ok && text.contains("%") && m.matches()) {
            ok = inTenToNinety(m.group(2)) && inTenToNinety(m.group(3));
        }
        if (!ok) {
            throw AwsError.invalidParameterValue("The value " + text + " for parameter " + path + " is not supported.");
        }
    }

    private static boolean inTenToNinety(String bound) {
        if (bound.isEmpty()) {
            return true;
        }
        double v = Double.parseDouble(bound);
        return v >= 10 && v <= 90;
    }
}
