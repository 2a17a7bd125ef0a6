package io.synaps.api.action.metric;

import io.synaps.api.action.Inputs;
import io.synaps.api.action.Unreachable;
import io.synaps.api.protocol.Members;
import io.synaps.model.AwsError;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Validation of GetMetricStatistics, GetMetricData and ListMetrics: refused before the engine is asked. */
class ReadValidationTest {
    private final GetMetricStatisticsAction statistics = new GetMetricStatisticsAction(new Unreachable());
    private final GetMetricDataAction data = new GetMetricDataAction(new Unreachable(), 100_800);
    private final ListMetricsAction list = new ListMetricsAction(new Unreachable(), 500);

    private static void assertError(AwsError e, String code, String message) {
        assertThat(e.code()).isEqualTo(code);
        assertThat(e.getMessage()).isEqualTo(message);
    }

    private static final String GMS = "'Namespace': 'App', 'MetricName': 'm', 'StartTime': '2026-01-10T10:00:00Z',"
            + " 'EndTime': '2026-01-10T11:00:00Z', 'Period': 60";

    private AwsError gms(String members) {
        return Inputs.error(statistics, Inputs.json("{" + members + "}"));
    }

    @Test
    void getMetricStatisticsNeedsItsRequiredMembers() {
        assertError(gms("'MetricName': 'm'"), "MissingParameter", "The parameter Namespace is required.");
        assertError(gms("'Namespace': 'App'"), "MissingParameter", "The parameter MetricName is required.");
        assertError(Inputs.error(statistics, Inputs.query("Namespace", "App", "MetricName", "m",
                        "EndTime", "2026-01-10T11:00:00Z", "Period", "60", "Statistics.member.1", "Sum")),
                "MissingParameter", "The parameter StartTime is required.");
        assertError(Inputs.error(statistics, Inputs.query("Namespace", "App", "MetricName", "m",
                        "StartTime", "2026-01-10T10:00:00Z", "EndTime", "2026-01-10T11:00:00Z", "Statistics.member.1", "Sum")),
                "MissingParameter", "The parameter Period is required.");
    }

    @Test
    void getMetricStatisticsNeedsStatisticsXorExtendedStatistics() {
        assertError(gms(GMS), "InvalidParameterCombination", "Must specify either Statistics or ExtendedStatistics");
        assertError(gms(GMS + ", 'Statistics': ['Sum'], 'ExtendedStatistics': ['p99']"), "InvalidParameterCombination",
                "The parameters Statistics and ExtendedStatistics are mutually exclusive and you have specified both.");
        assertError(gms(GMS + ", 'Statistics': ['Sum', 'Average', 'Minimum', 'Maximum', 'SampleCount', 'Sum']"),
                "InvalidParameterValue", "The collection Statistics must not have a size greater than 5.");
        assertError(gms(GMS + ", 'ExtendedStatistics': ['p1','p2','p3','p4','p5','p6','p7','p8','p9','p10','p11']"),
                "InvalidParameterValue", "The collection ExtendedStatistics must not have a size greater than 10.");
        assertError(gms(GMS + ", 'Statistics': ['Sum', 'Median']"), "InvalidParameterValue",
                "The parameter Statistics.member.2 must be a value in the set [ SampleCount, Average, Sum, Minimum, Maximum ].");
        assertError(gms(GMS + ", 'ExtendedStatistics': ['90']"), "InvalidParameterValue",
                "The value 90 for parameter ExtendedStatistic is not supported.");
        assertError(Inputs.error(statistics, Inputs.query("Namespace", "App", "MetricName", "m",
                        "StartTime", "2026-01-10T10:00:00Z", "EndTime", "2026-01-10T11:00:00Z", "Period", "60",
                        "ExtendedStatistics.member.1", "p99", "ExtendedStatistics.member.2", "p101")),
                "InvalidParameterValue", "The value p101 for parameter ExtendedStatistic is not supported.");
    }

    @Test
    void getMetricStatisticsTimeRangeAndPeriodRules() {
        assertError(gms("'Namespace': 'App', 'MetricName': 'm', 'StartTime': 1768046400, 'EndTime': 1768046400,"
                        + " 'Period': 60, 'Statistics': ['Sum']"),
                "InvalidParameterValue", "The parameter StartTime must be less than the parameter EndTime.");
        assertError(gms("'Namespace': 'App', 'MetricName': 'm', 'StartTime': 1768046400, 'EndTime': 1768046000,"
                        + " 'Period': 60, 'Statistics': ['Sum']"),
                "InvalidParameterValue", "The parameter StartTime must be less than the parameter EndTime.");
        assertError(gms("'Namespace': 'App', 'MetricName': 'm', 'StartTime': '2026-01-09T12:00:00Z',"
                        + " 'EndTime': '2026-01-10T12:00:00Z', 'Period': 1, 'Statistics': ['Sum']"),
                "InvalidParameterCombination", "You have requested up to 86400 datapoints, which exceeds the limit of 1440."
                        + " You may reduce the datapoints requested by increasing Period, or decreasing the time range.");
        AwsError zero = gms("'Namespace': 'App', 'MetricName': 'm', 'StartTime': 1768046000, 'EndTime': 1768046400,"
                + " 'Period': 0, 'Statistics': ['Sum']");
        assertError(zero, "ValidationError", "1 validation error detected: Value '0' at 'period' failed to satisfy"
                + " constraint: Member must have value greater than or equal to 1");
        assertError(gms("'Namespace': 'App', 'MetricName': 'm', 'StartTime': 1768046000, 'EndTime': 1768046400,"
                        + " 'Period': 45, 'Statistics': ['Sum']"),
                "InvalidParameterValue", "The parameter Period must be 1, 5, 10, 20, 30, or a multiple of 60.");
        assertError(gms("'Namespace': 'App', 'MetricName': 'm', 'StartTime': 1768046000, 'EndTime': 1768046400,"
                        + " 'Period': 60, 'Statistics': ['Sum'], 'Unit': 'Parsecs'"),
                "InvalidParameterValue", "The parameter Unit must be a value in the set [ " + String.join(", ", MetricNames.UNITS) + " ].");
    }

    @Test
    void exactlyFourteenHundredFortyDatapointsAreAllowed() {
        // One day at Period 60 asks for 1440 datapoints: not refused, so it reaches the engine.
        Members in = Inputs.json("{'Namespace': 'App', 'MetricName': 'm', 'StartTime': '2026-01-09T12:00:00Z',"
                + " 'EndTime': '2026-01-10T12:00:00Z', 'Period': 60, 'Statistics': ['Sum']}");
        assertThatThrownBy(() -> statistics.handle(Inputs.context(), in).join())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("reached the engine");
    }

    private AwsError gmd(String members) {
        return Inputs.error(data, Inputs.json("{" + members + "}"));
    }

    private static final String WINDOW = "'StartTime': '2026-01-10T10:00:00Z', 'EndTime': '2026-01-10T11:00:00Z'";
    private static final String STAT = "'MetricStat': {'Metric': {'Namespace': 'App', 'MetricName': 'm'}, 'Period': 60, 'Stat': 'Sum'}";

    @Test
    void getMetricDataNeedsQueriesAndATimeRange() {
        assertError(gmd(WINDOW), "MissingParameter", "The parameter MetricDataQueries is required.");
        assertError(gmd("'MetricDataQueries': [{'Id': 'a', " + STAT + "}], 'EndTime': 1768046400"),
                "MissingParameter", "The parameter StartTime is required.");
        assertError(gmd("'MetricDataQueries': [{'Id': 'a', " + STAT + "}], 'StartTime': 1768046400, 'EndTime': 1768046400"),
                "ValidationError", "The parameter StartTime must not equal parameter EndTime.");
        assertError(gmd("'MetricDataQueries': [{'Id': 'a', " + STAT + "}], 'StartTime': 1768046400, 'EndTime': 1768046000"),
                "ValidationError", "The parameter EndTime must be greater than StartTime.");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 501; i++) {
            many.append(i == 0 ? "" : ",").append("{'Id': 'q").append(i).append("', ").append(STAT).append("}");
        }
        assertError(gmd(WINDOW + ", 'MetricDataQueries': [" + many + "]"), "ValidationError",
                "The collection MetricDataQueries must not have a size greater than 500.");
    }

    @Test
    void getMetricDataQueryIdsStartLowerCaseAndAreUnique() {
        assertError(gmd(WINDOW + ", 'MetricDataQueries': [{" + STAT + "}]"), "MissingParameter",
                "The parameter MetricDataQueries.member.1.Id is required.");
        for (String bad : List.of("Cpu", "1a", "a-b", "a b")) {
            AwsError e = gmd(WINDOW + ", 'MetricDataQueries': [{'Id': '" + bad + "', " + STAT + "}]");
            assertThat(e.code()).isEqualTo("ValidationError");
            assertThat(e.getMessage()).startsWith("The value " + bad + " for parameter MetricDataQueries.member.1.Id is invalid.");
        }
        AwsError dup = gmd(WINDOW + ", 'MetricDataQueries': [{'Id': 'a_1', " + STAT + "}, {'Id': 'a_1', " + STAT + "}]");
        assertError(dup, "ValidationError", "The value a_1 for parameter MetricDataQueries.member.2.Id is already used by"
                + " MetricDataQueries.member.1.Id. Ids must be unique within a request.");
    }

    @Test
    void getMetricDataQueriesNeedExactlyOneOfMetricStatAndExpression() {
        assertError(gmd(WINDOW + ", 'MetricDataQueries': [{'Id': 'a'}]"), "ValidationError",
                "The parameter MetricDataQueries.member.1.MetricStat is required.\n");
        assertError(gmd(WINDOW + ", 'MetricDataQueries': [{'Id': 'a', 'Expression': 'b * 2', " + STAT + "}]"),
                "ValidationError", "The parameters MetricDataQueries.member.1.MetricStat and"
                        + " MetricDataQueries.member.1.Expression are mutually exclusive and you have specified both.");
    }

    @Test
    void expressionsAreValidatedThenRefusedAsNotImplemented() {
        AwsError e = gmd(WINDOW + ", 'MetricDataQueries': [{'Id': 'a', " + STAT + "}, {'Id': 'b', 'Expression': 'a * 2'}]");
        assertThat(e.code()).isEqualTo("UnsupportedOperation");
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("Metric math", "MetricDataQueries.member.2.Expression", "not implemented");
        assertError(gmd(WINDOW + ", 'MetricDataQueries': [{'Id': 'b', 'Expression': '" + "x".repeat(2049) + "'}]"),
                "ValidationError", "1 validation error detected: Value '" + "x".repeat(2049)
                        + "' at 'metricDataQueries.1.member.expression' failed to satisfy constraint:"
                        + " Member must have length less than or equal to 2048");
    }

    @Test
    void getMetricDataMetricStatRules() {
        assertError(gmd(WINDOW + ", 'MetricDataQueries': [{'Id': 'a', 'MetricStat': {'Period': 60, 'Stat': 'Sum'}}]"),
                "MissingParameter", "The parameter MetricDataQueries.member.1.MetricStat.Metric is required.");
        assertError(gmd(WINDOW + ", 'MetricDataQueries': [{'Id': 'a', 'MetricStat': {'Metric': {'Namespace': 'App',"
                        + " 'MetricName': 'm'}, 'Stat': 'Sum'}}]"),
                "MissingParameter", "The parameter MetricDataQueries.member.1.MetricStat.Period is required.");
        assertError(gmd(WINDOW + ", 'MetricDataQueries': [{'Id': 'a', 'MetricStat': {'Metric': {'Namespace': 'App',"
                        + " 'MetricName': 'm'}, 'Period': 90, 'Stat': 'Sum'}}]"),
                "InvalidParameterValue", "The parameter MetricDataQueries.member.1.MetricStat.Period must be 1, 5, 10, 20, 30, or a multiple of 60.");
        assertError(gmd(WINDOW + ", 'MetricDataQueries': [{'Id': 'a', 'MetricStat': {'Metric': {'Namespace': 'App',"
                        + " 'MetricName': 'm'}, 'Period': 60, 'Stat': 'Mean'}}]"),
                "InvalidParameterValue", "The value Mean for parameter MetricDataQueries.member.1.MetricStat.Stat is not supported.");
        assertError(gmd(WINDOW + ", 'MetricDataQueries': [{'Id': 'a', 'MetricStat': {'Metric': {'MetricName': 'm'},"
                        + " 'Period': 60, 'Stat': 'Sum'}}]"),
                "MissingParameter", "The parameter MetricDataQueries.member.1.MetricStat.Metric.Namespace is required.");
        assertError(Inputs.error(data, Inputs.query("StartTime", "2026-01-10T10:00:00Z", "EndTime", "2026-01-10T11:00:00Z",
                        "MetricDataQueries.member.1.Id", "a",
                        "MetricDataQueries.member.1.MetricStat.Metric.Namespace", "App",
                        "MetricDataQueries.member.1.MetricStat.Metric.MetricName", "m",
                        "MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Name", "Host",
                        "MetricDataQueries.member.1.MetricStat.Period", "60",
                        "MetricDataQueries.member.1.MetricStat.Stat", "Sum")),
                "MissingParameter", "The parameter MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Value is required.");
    }

    @Test
    void getMetricDataOptionsAreChecked() {
        String q = WINDOW + ", 'MetricDataQueries': [{'Id': 'a', " + STAT + "}]";
        assertError(gmd(q + ", 'ScanBy': 'Newest'"), "InvalidParameterValue",
                "The parameter ScanBy must be a value in the set [ TimestampDescending, TimestampAscending ].");
        assertError(gmd(q + ", 'MaxDatapoints': 0"), "InvalidParameterValue",
                "The parameter MaxDatapoints must be greater than 0.");
        assertError(gmd(q + ", 'LabelOptions': {'Timezone': '+25:00'}"), "InvalidParameterValue",
                "The value +25:00 for parameter LabelOptions.Timezone is invalid.");
    }

    private AwsError lm(Members in) {
        return Inputs.error(list, in);
    }

    @Test
    void listMetricsRules() {
        assertError(lm(Inputs.query("RecentlyActive", "PT1H")), "ValidationError",
                "1 validation error detected: Value 'PT1H' at 'recentlyActive' failed to satisfy constraint:"
                        + " Member must satisfy enum value set: [PT3H]");
        StringBuilder dims = new StringBuilder();
        for (int i = 0; i < 11; i++) {
            dims.append(i == 0 ? "" : ",").append("{'Name': 'd").append(i).append("'}");
        }
        assertError(lm(Inputs.json("{'Dimensions': [" + dims + "]}")), "InvalidParameterValue",
                "The collection Dimensions must not have a size greater than 10.");
        assertError(lm(Inputs.json("{'Dimensions': [{'Value': 'v'}]}")), "MissingParameter",
                "The parameter Dimensions.member.1.Name is required.");
        assertError(lm(Inputs.json("{'Namespace': '" + "n".repeat(256) + "'}")), "InvalidParameterValue",
                "The parameter Namespace must be shorter than 256 characters.");
        assertError(lm(Inputs.query("IncludeLinkedAccounts", "maybe")), "InvalidParameterValue",
                "The value maybe for parameter IncludeLinkedAccounts is invalid.");
    }
}
