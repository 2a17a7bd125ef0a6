package io.synaps.api.action.metric;

import io.synaps.api.action.Inputs;
import io.synaps.api.action.Unreachable;
import io.synaps.api.protocol.Members;
import io.synaps.model.AwsError;
import io.synaps.model.Dimension;
import io.synaps.model.MetricDatum;
import io.synaps.model.MetricId;
import io.synaps.model.StandardUnit;
import io.synaps.model.StatisticSet;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PutMetricDataActionTest {
    private final PutMetricDataAction action = new PutMetricDataAction(new Unreachable());

    private List<MetricDatum> accepted(Members in) {
        return action.validate(Inputs.context(), in);
    }

    private AwsError refused(Members in) {
        return Inputs.error(action, in);
    }

    private static void assertError(AwsError e, String code, String message) {
        assertThat(e.code()).isEqualTo(code);
        assertThat(e.getMessage()).isEqualTo(message);
        assertThat(e.status()).isEqualTo(400);
    }

    @Test
    void aSingleValueGetsNowAsTimestampNoneAsUnitAndStandardResolution() {
        for (Members in : List.of(
                Inputs.query("Namespace", "App", "MetricData.member.1.MetricName", "Latency",
                        "MetricData.member.1.Value", "12.5",
                        "MetricData.member.1.Dimensions.member.1.Name", "Host",
                        "MetricData.member.1.Dimensions.member.1.Value", "a"),
                Inputs.json("{'Namespace': 'App', 'MetricData': [{'MetricName': 'Latency', 'Value': 12.5,"
                        + " 'Dimensions': [{'Name': 'Host', 'Value': 'a'}]}]}"))) {
            List<MetricDatum> data = accepted(in);
            assertThat(data).hasSize(1);
            MetricDatum d = data.get(0);
            assertThat(d.metric()).isEqualTo(MetricId.of("App", "Latency", new Dimension("Host", "a")));
            assertThat(d.timestampMillis()).isEqualTo(Inputs.NOW.toEpochMilli());
            assertThat(d.unit()).isEqualTo(StandardUnit.NONE);
            assertThat(d.storageResolution()).isEqualTo(60);
            assertThat(d.values()).containsExactly(12.5);
            assertThat(d.counts()).containsExactly(1.0);
            assertThat(d.statisticValues()).isNull();
        }
    }

    @Test
    void valuesWithCountsAndStatisticValuesAreAcceptedTogether() {
        Members in = Inputs.json("{'Namespace': 'App', 'MetricData': [{'MetricName': 'm', 'Unit': 'Count',"
                + " 'Timestamp': 1768046340, 'StorageResolution': 1, 'Values': [1, 10], 'Counts': [2, 4],"
                + " 'StatisticValues': {'SampleCount': 10, 'Sum': 55, 'Minimum': 1, 'Maximum': 10}}]}");
        MetricDatum d = accepted(in).get(0);
        assertThat(d.values()).containsExactly(1.0, 10.0);
        assertThat(d.counts()).containsExactly(2.0, 4.0);
        assertThat(d.statisticValues()).isEqualTo(new StatisticSet(10, 55, 1, 10));
        assertThat(d.unit()).isEqualTo(StandardUnit.COUNT);
        assertThat(d.storageResolution()).isEqualTo(1);
        assertThat(d.timestampMillis()).isEqualTo(1768046340_000L);
    }

    @Test
    void valuesWithoutCountsCountOnceEachAndZeroCountsAddNothing() {
        MetricDatum d = accepted(Inputs.query("Namespace", "App", "MetricData.member.1.MetricName", "m",
                "MetricData.member.1.Values.member.1", "3", "MetricData.member.1.Values.member.2", "4")).get(0);
        assertThat(d.counts()).containsExactly(1.0, 1.0);
        MetricDatum z = accepted(Inputs.json("{'Namespace': 'App', 'MetricData': [{'MetricName': 'm',"
                + " 'Values': [3, 4, 5], 'Counts': [1, 0, 2]}]}")).get(0);
        assertThat(z.values()).containsExactly(3.0, 5.0);
        assertThat(z.counts()).containsExactly(1.0, 2.0);
    }

    @Test
    void valueAndValuesAreMutuallyExclusive() {
        String message = "The parameters MetricData.member.1.Value and MetricData.member.1.Values are mutually"
                + " exclusive and you have specified both.";
        assertError(refused(Inputs.query("Namespace", "App", "MetricData.member.1.MetricName", "m",
                        "MetricData.member.1.Value", "1", "MetricData.member.1.Values.member.1", "2")),
                "InvalidParameterCombination", message);
        AwsError e = refused(Inputs.json("{'Namespace': 'App', 'MetricData': [{'MetricName': 'm', 'Value': 1, 'Values': [2]}]}"));
        assertError(e, "InvalidParameterCombination", message);
        assertThat(e.shape()).isEqualTo("InvalidParameterCombinationException");
    }

    @Test
    void valueAndStatisticValuesAreMutuallyExclusive() {
        assertError(refused(Inputs.json("{'Namespace': 'App', 'MetricData': [{'MetricName': 'm', 'Value': 1,"
                        + " 'StatisticValues': {'SampleCount': 1, 'Sum': 1, 'Minimum': 1, 'Maximum': 1}}]}")),
                "InvalidParameterCombination", "The parameters MetricData.member.1.Value and"
                        + " MetricData.member.1.StatisticValues are mutually exclusive and you have specified both.");
    }

    @Test
    void valuesAndCountsMustHaveTheSameSize() {
        String message = "The parameters MetricData.member.1.Values and MetricData.member.1.Counts must be of the same size.";
        assertError(refused(Inputs.query("Namespace", "App", "MetricData.member.1.MetricName", "m",
                        "MetricData.member.1.Values.member.1", "1", "MetricData.member.1.Values.member.2", "2",
                        "MetricData.member.1.Counts.member.1", "1")),
                "InvalidParameterValue", message);
        assertError(refused(Inputs.json("{'Namespace': 'App', 'MetricData': [{'MetricName': 'm', 'Values': [1], 'Counts': [1, 2]}]}")),
                "InvalidParameterValue", message);
    }

    @Test
    void nanAndInfinityAreRefusedWithTheirParameterPath() {
        String message = "The value NaN for parameter MetricData.member.1.Value is invalid.";
        assertError(refused(Inputs.query("Namespace", "App", "MetricData.member.1.MetricName", "m",
                "MetricData.member.1.Value", "NaN")), "InvalidParameterValue", message);
        assertError(refused(Inputs.json("{'Namespace': 'App', 'MetricData': [{'MetricName': 'm', 'Value': 'NaN'}]}")),
                "InvalidParameterValue", message);
        assertError(refused(Inputs.json("{'Namespace': 'App', 'MetricData': [{'MetricName': 'm', 'Values': [1, 'Infinity']}]}")),
                "InvalidParameterValue", "The value Infinity for parameter MetricData.member.1.Values.member.2 is invalid.");
        assertError(refused(Inputs.query("Namespace", "App", "MetricData.member.1.MetricName", "m",
                        "MetricData.member.1.Values.member.1", "1", "MetricData.member.1.Counts.member.1", "-1")),
                "InvalidParameterValue", "The value -1 for parameter MetricData.member.1.Counts.member.1 is invalid.");
    }

    @Test
    void valuesBeyondTwoToThe360AreRefused() {
        assertThat(accepted(Inputs.json("{'Namespace': 'App', 'MetricData': [{'MetricName': 'm', 'Value': "
                + PutMetricDataAction.VALUE_LIMIT + "}]}"))).hasSize(1);
        assertError(refused(Inputs.query("Namespace", "App", "MetricData.member.1.MetricName", "m",
                        "MetricData.member.1.Value", "-1e109")),
                "InvalidParameterValue", "The value -1e109 for parameter MetricData.member.1.Value is invalid.");
    }

    @Test
    void collectionsHaveAwsLimits() {
        StringBuilder dims = new StringBuilder();
        for (int i = 0; i < 31; i++) {
            dims.append(i == 0 ? "" : ",").append("{'Name': 'd").append(i).append("', 'Value': 'v'}");
        }
        assertError(refused(Inputs.json("{'Namespace': 'App', 'MetricData': [{'MetricName': 'm', 'Value': 1,"
                        + " 'Dimensions': [" + dims + "]}]}")),
                "InvalidParameterValue", "The collection MetricData.member.1.Dimensions must not have a size greater than 30.");

        List<String> pairs = new ArrayList<>(List.of("Namespace", "App", "MetricData.member.1.MetricName", "m"));
        for (int i = 1; i <= 151; i++) {
            pairs.add("MetricData.member.1.Values.member." + i);
            pairs.add(Integer.toString(i));
        }
        assertError(refused(Inputs.query(pairs.toArray(String[]::new))),
                "InvalidParameterValue", "The collection MetricData.member.1.Values must not have a size greater than 150.");

        StringBuilder data = new StringBuilder();
        for (int i = 0; i < 1001; i++) {
            data.append(i == 0 ? "" : ",").append("{'MetricName': 'm', 'Value': 1}");
        }
        assertError(refused(Inputs.json("{'Namespace': 'App', 'MetricData': [" + data + "]}")),
                "InvalidParameterValue", "The collection MetricData must not have a size greater than 1000.");
    }

    @Test
    void entityMetricDataCountsTowardsTheThousandAndIsIngested() {
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < 600; i++) {
            data.append(i == 0 ? "" : ",").append("{'MetricName': 'm', 'Value': 1}");
        }
        String entity = "{'Entity': {'KeyAttributes': {'Type': 'Service'}}, 'MetricData': [" + data + "]}";
        assertError(refused(Inputs.json("{'Namespace': 'App', 'MetricData': [" + data + "], 'EntityMetricData': ["
                        + entity + "]}")),
                "InvalidParameterValue", "The collection MetricData must not have a size greater than 1000.");
        List<MetricDatum> ok = accepted(Inputs.json("{'Namespace': 'App', 'StrictEntityValidation': true,"
                + " 'EntityMetricData': [" + entity + "]}"));
        assertThat(ok).hasSize(600);
        AwsError e = refused(Inputs.json("{'Namespace': 'App', 'EntityMetricData': [{'MetricData': [{'MetricName': 'm'}]}]}"));
        assertThat(e.getMessage()).contains("EntityMetricData.member.1.MetricData.member.1.Value");
    }

    @Test
    void namespaceRules() {
        assertError(refused(Inputs.json("{'MetricData': [{'MetricName': 'm', 'Value': 1}]}")),
                "MissingParameter", "The parameter Namespace is required.");
        assertError(refused(Inputs.query("Namespace", "AWS/EC2", "MetricData.member.1.MetricName", "m",
                "MetricData.member.1.Value", "1")), "InvalidParameterValue", "The value AWS/ for parameter Namespace is invalid.");
        assertError(refused(Inputs.query("Namespace", "x".repeat(256), "MetricData.member.1.MetricName", "m",
                        "MetricData.member.1.Value", "1")),
                "InvalidParameterValue", "The parameter Namespace must be shorter than 256 characters.");
        assertError(refused(Inputs.query("Namespace", ":App", "MetricData.member.1.MetricName", "m",
                        "MetricData.member.1.Value", "1")),
                "ValidationError", "1 validation error detected: Value ':App' at 'namespace' failed to satisfy"
                        + " constraint: Member must satisfy regular expression pattern: [^:].*");
        assertError(refused(Inputs.query("Namespace", "Äpp", "MetricData.member.1.MetricName", "m",
                        "MetricData.member.1.Value", "1")),
                "InvalidParameterValue", "The parameter Namespace must contain only printable ASCII characters.");
        assertError(refused(Inputs.query("Namespace", "   ", "MetricData.member.1.MetricName", "m",
                        "MetricData.member.1.Value", "1")),
                "InvalidParameterValue", "The parameter Namespace must contain at least one non-whitespace character.");
        assertThat(accepted(Inputs.query("Namespace", "My App/#1:x.y-z_", "MetricData.member.1.MetricName", "m",
                "MetricData.member.1.Value", "1"))).hasSize(1);
    }

    @Test
    void metricDataIsRequired() {
        assertError(refused(Inputs.query("Namespace", "App")), "MissingParameter", "The parameter MetricData is required.");
        assertError(refused(Inputs.query("Namespace", "App", "MetricData", "")), "MissingParameter",
                "The parameter MetricData is required.");
        assertError(refused(Inputs.json("{'Namespace': 'App', 'MetricData': []}")), "MissingParameter",
                "The parameter MetricData is required.");
    }

    @Test
    void metricNameAndDimensionRules() {
        assertError(refused(Inputs.json("{'Namespace': 'App', 'MetricData': [{'Value': 1}]}")),
                "MissingParameter", "The parameter MetricData.member.1.MetricName is required.");
        assertError(refused(Inputs.json("{'Namespace': 'App', 'MetricData': [{'MetricName': '" + "m".repeat(256) + "', 'Value': 1}]}")),
                "InvalidParameterValue", "The parameter MetricData.member.1.MetricName must be shorter than 256 characters.");
        assertError(refused(Inputs.json("{'Namespace': 'App', 'MetricData': [{'MetricName': 'm', 'Value': 1,"
                        + " 'Dimensions': [{'Value': 'v'}]}]}")),
                "MissingParameter", "The parameter MetricData.member.1.Dimensions.member.1.Name is required.");
        assertError(refused(Inputs.query("Namespace", "App", "MetricData.member.1.MetricName", "m",
                        "MetricData.member.1.Value", "1", "MetricData.member.1.Dimensions.member.1.Name", "Host")),
                "MissingParameter", "The parameter MetricData.member.1.Dimensions.member.1.Value is required.");
        assertError(refused(Inputs.json("{'Namespace': 'App', 'MetricData': [{'MetricName': 'm', 'Value': 1,"
                        + " 'Dimensions': [{'Name': 'Host', 'Value': '" + "v".repeat(1025) + "'}]}]}")),
                "InvalidParameterValue", "The parameter MetricData.member.1.Dimensions.member.1.Value must be shorter than 1025 characters.");
        assertThat(accepted(Inputs.json("{'Namespace': 'App', 'MetricData': [{'MetricName': 'm', 'Value': 1,"
                + " 'Dimensions': [{'Name': 'Host', 'Value': '" + "v".repeat(1024) + "'}]}]}"))).hasSize(1);
        assertError(refused(Inputs.json("{'Namespace': 'App', 'MetricData': [{'MetricName': 'm', 'Value': 1,"
                        + " 'Dimensions': [{'Name': ':Host', 'Value': 'a'}]}]}")),
                "ValidationError", "1 validation error detected: Value ':Host' at 'metricData.1.member.dimensions.1.member.name'"
                        + " failed to satisfy constraint: Member must satisfy regular expression pattern: [^:].*");
        assertError(refused(Inputs.json("{'Namespace': 'App', 'MetricData': [{'MetricName': 'm', 'Value': 1,"
                        + " 'Dimensions': [{'Name': 'Host', 'Value': 'tab\\there'}]}]}")),
                "InvalidParameterValue", "The parameter MetricData.member.1.Dimensions.member.1.Value must contain only printable ASCII characters.");
        assertError(refused(Inputs.json("{'Namespace': 'App', 'MetricData': [{'MetricName': 'm', 'Value': 1,"
                        + " 'Dimensions': [{'Name': 'Host', 'Value': 'a'}, {'Name': 'Host', 'Value': 'b'}]}]}")),
                "InvalidParameterValue", "No Metric may specify the same dimension twice.");
    }

    @Test
    void unitMustBeAStandardUnit() {
        assertError(refused(Inputs.query("Namespace", "App", "MetricData.member.1.MetricName", "m",
                        "MetricData.member.1.Value", "1", "MetricData.member.1.Unit", "Furlongs")),
                "InvalidParameterValue", "The parameter MetricData.member.1.Unit must be a value in the set [ Seconds,"
                        + " Microseconds, Milliseconds, Bytes, Kilobytes, Megabytes, Gigabytes, Terabytes, Bits, Kilobits,"
                        + " Megabits, Gigabits, Terabits, Percent, Count, Bytes/Second, Kilobytes/Second, Megabytes/Second,"
                        + " Gigabytes/Second, Terabytes/Second, Bits/Second, Kilobits/Second, Megabits/Second,"
                        + " Gigabits/Second, Terabits/Second, Count/Second, None ].");
        assertThat(accepted(Inputs.json("{'Namespace': 'App', 'MetricData': [{'MetricName': 'm', 'Value': 1,"
                + " 'Unit': 'Bytes/Second'}]}")).get(0).unit()).isEqualTo(StandardUnit.BYTES_SECOND);
    }

    @Test
    void storageResolutionIsOneOrSixty() {
        assertError(refused(Inputs.json("{'Namespace': 'App', 'MetricData': [{'MetricName': 'm', 'Value': 1, 'StorageResolution': 30}]}")),
                "InvalidParameterValue", "The parameter MetricData.member.1.StorageResolution must be a value in the set [ 1, 60 ].");
        assertError(refused(Inputs.query("Namespace", "App", "MetricData.member.1.MetricName", "m",
                        "MetricData.member.1.Value", "1", "MetricData.member.1.StorageResolution", "300")),
                "InvalidParameterValue", "The parameter MetricData.member.1.StorageResolution must be a value in the set [ 1, 60 ].");
    }

    @Test
    void timestampsMayBeTwoWeeksOldAndTwoHoursAhead() {
        assertThat(accepted(Inputs.query("Namespace", "App", "MetricData.member.1.MetricName", "m",
                "MetricData.member.1.Value", "1", "MetricData.member.1.Timestamp", "2025-12-27T12:00:00Z"))).hasSize(1);
        assertThat(accepted(Inputs.query("Namespace", "App", "MetricData.member.1.MetricName", "m",
                "MetricData.member.1.Value", "1", "MetricData.member.1.Timestamp", "2026-01-10T14:00:00Z"))).hasSize(1);
        assertError(refused(Inputs.query("Namespace", "App", "MetricData.member.1.MetricName", "m",
                        "MetricData.member.1.Value", "1", "MetricData.member.1.Timestamp", "2025-12-27T11:59:59Z")),
                "InvalidParameterValue", "The parameter MetricData.member.1.Timestamp must specify a time within the past two weeks.");
        assertError(refused(Inputs.json("{'Namespace': 'App', 'MetricData': [{'MetricName': 'm', 'Value': 1,"
                        + " 'Timestamp': " + (Inputs.NOW.getEpochSecond() + 7201) + "}]}")),
                "InvalidParameterValue", "The parameter MetricData.member.1.Timestamp must specify a time no more than two hours in the future.");
    }

    @Test
    void everyDatumsErrorOfTheFirstKindIsReportedOnePerLine() {
        AwsError e = refused(Inputs.json("{'Namespace': 'App', 'MetricData': ["
                + "{'MetricName': 'm', 'Value': 1, 'Timestamp': 1000},"
                + "{'MetricName': 'm', 'Value': 1},"
                + "{'MetricName': 'm', 'Value': 1, 'Timestamp': 2000},"
                + "{'Value': 1}]}"));
        assertError(e, "InvalidParameterValue",
                "The parameter MetricData.member.1.Timestamp must specify a time within the past two weeks.\n"
                        + "The parameter MetricData.member.3.Timestamp must specify a time within the past two weeks.");
    }

    @Test
    void statisticValuesNeedAllFourMembersAndMustBeConsistent() {
        assertError(refused(Inputs.json("{'Namespace': 'App', 'MetricData': [{'MetricName': 'm',"
                        + " 'StatisticValues': {'SampleCount': 1, 'Minimum': 1, 'Maximum': 1}}]}")),
                "MissingParameter", "The parameter MetricData.member.1.StatisticValues.Sum is required.");
        assertError(refused(Inputs.query("Namespace", "App", "MetricData.member.1.MetricName", "m",
                        "MetricData.member.1.StatisticValues.Sum", "1")),
                "MissingParameter", "The parameter MetricData.member.1.StatisticValues.SampleCount is required.\n"
                        + "The parameter MetricData.member.1.StatisticValues.Minimum is required.\n"
                        + "The parameter MetricData.member.1.StatisticValues.Maximum is required.");
        assertError(refused(Inputs.json("{'Namespace': 'App', 'MetricData': [{'MetricName': 'm',"
                        + " 'StatisticValues': {'SampleCount': 0, 'Sum': 1, 'Minimum': 1, 'Maximum': 1}}]}")),
                "InvalidParameterValue", "The parameter MetricData.member.1.StatisticValues.SampleCount must be greater than 0.");
        assertError(refused(Inputs.json("{'Namespace': 'App', 'MetricData': [{'MetricName': 'm',"
                        + " 'StatisticValues': {'SampleCount': 2, 'Sum': 3, 'Minimum': 2, 'Maximum': 1}}]}")),
                "InvalidParameterValue", "The parameter MetricData.member.1.StatisticValues.Maximum must be greater than"
                        + " MetricData.member.1.StatisticValues.Minimum.");
        assertError(refused(Inputs.json("{'Namespace': 'App', 'MetricData': [{'MetricName': 'm',"
                        + " 'StatisticValues': {'SampleCount': 2, 'Sum': 'NaN', 'Minimum': 1, 'Maximum': 1}}]}")),
                "InvalidParameterValue", "The value NaN for parameter MetricData.member.1.StatisticValues.Sum is invalid.");
    }

    @Test
    void aDatumNeedsAValueValuesOrStatisticValues() {
        assertError(refused(Inputs.json("{'Namespace': 'App', 'MetricData': [{'MetricName': 'm'}]}")),
                "MissingParameter", "At least one of the parameters MetricData.member.1.Value, MetricData.member.1.Values"
                        + " or MetricData.member.1.StatisticValues must be specified.");
    }

    @Test
    void oneBadDatumRefusesTheWholeRequestBeforeAnythingIsIngested() {
        // The Unreachable engine fails the test if anything reaches it.
        AwsError e = refused(Inputs.json("{'Namespace': 'App', 'MetricData': [{'MetricName': 'm', 'Value': 1},"
                + " {'MetricName': 'm', 'Value': 'NaN'}]}"));
        assertError(e, "InvalidParameterValue", "The value NaN for parameter MetricData.member.2.Value is invalid.");
    }
}
