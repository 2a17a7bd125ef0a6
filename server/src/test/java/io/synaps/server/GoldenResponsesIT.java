package io.synaps.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.synaps.server.ProtocolClient.Protocol;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GoldenResponsesIT sends each action's success and main error cases over raw HTTP in each wire
 * protocol and compares the normalised responses (status, protocol headers, body bytes) with the
 * golden files in {@code src/test/resources/golden/<protocol>/<case>.<ext>}. The node runs on a
 * fixed clock so timestamps are stable; request ids are replaced by {@code REQUEST-ID}. Run with
 * {@code -Dsynaps.updateGolden=true} to rewrite the files, then review the diff by eye.
 */
class GoldenResponsesIT {
    static final Instant NOW = Instant.parse("2026-01-15T12:00:30Z");
    static final Instant T = Instant.parse("2026-01-15T11:50:00Z");
    static final Set<String> PINNED_HEADERS = Set.of("content-type", "content-encoding", "x-amzn-requestid",
            "x-amzn-query-error", "smithy-protocol");
    static final Pattern STATE_VALUE_XML = Pattern.compile("<StateValue>(\\w+)</StateValue>");
    static final String DASHBOARD_BODY = "{\"widgets\":[{\"type\":\"text\",\"x\":0,\"y\":0,\"width\":6,\"height\":3,"
            + "\"properties\":{\"markdown\":\"golden\"}}]}";

    private static EmbeddedNode node;
    private static ProtocolClient client;

    @BeforeAll
    static void startNode() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        node = EmbeddedNode.start(clock);
        client = new ProtocolClient(node.port(), node.admin().accessKeyId(), node.admin().secretAccessKey(), clock);
    }

    @AfterAll
    static void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> query() {
        return cases(Protocol.QUERY);
    }

    @TestFactory
    Stream<DynamicTest> json() {
        return cases(Protocol.JSON);
    }

    @TestFactory
    Stream<DynamicTest> cbor() {
        return cases(Protocol.CBOR);
    }

    /** Case is one golden request: a name (the file name), and how to send it. */
    record Case(String name, Function<Protocol, RawHttp.Response> send) {
    }

    private Stream<DynamicTest> cases(Protocol p) {
        return scenario(p).stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            RawHttp.Response response = c.send().apply(p);
            checkProtocolInvariants(p, response);
            compareWithGolden(p, c.name(), render(p, response));
        }));
    }

    private static Case call(String name, String action, ObjectNode input) {
        return new Case(name, p -> client.call(p, action, input));
    }

    /** The ordered scenario of one protocol; each protocol uses its own namespace and dashboard. */
    private static List<Case> scenario(Protocol p) {
        String ns = "Golden/" + p.dir();
        String dashboard = "golden-" + p.dir();
        List<Case> cases = new ArrayList<>();

        if (p == Protocol.CBOR) {
            // Smithy rpcv2Cbor: an input without members may come as an empty body or an empty map
            cases.add(new Case("ListDashboards-empty-body", x -> client.send(
                    "/service/" + ProtocolClient.TARGET_PREFIX + "/operation/ListDashboards",
                    List.of(Map.entry("smithy-protocol", "rpc-v2-cbor"), Map.entry("Accept", "application/cbor"),
                            Map.entry("x-amzn-query-mode", "true")), new byte[0])));
            cases.add(new Case("ListDashboards-empty-map", x -> client.send(
                    "/service/" + ProtocolClient.TARGET_PREFIX + "/operation/ListDashboards",
                    List.of(Map.entry("smithy-protocol", "rpc-v2-cbor"), Map.entry("Accept", "application/cbor"),
                            Map.entry("Content-Type", "application/cbor"), Map.entry("x-amzn-query-mode", "true")),
                    new byte[]{(byte) 0xbf, (byte) 0xff})));
        }

        ObjectNode put = ProtocolClient.input().put("Namespace", ns);
        ArrayNode data = put.putArray("MetricData");
        ObjectNode cpu = data.addObject().put("MetricName", "CPUUtilization");
        cpu.putArray("Dimensions").addObject().put("Name", "InstanceId").put("Value", "i-0123456789");
        cpu.set("Timestamp", ProtocolClient.timestamp(T.plusSeconds(5)));
        cpu.putArray("Values").add(1.0).add(10.0);
        cpu.putArray("Counts").add(2.0).add(4.0);
        cpu.put("Unit", "Percent");
        ObjectNode latency = data.addObject().put("MetricName", "Latency");
        latency.set("Timestamp", ProtocolClient.timestamp(T.plusSeconds(1)));
        latency.put("Value", 11.0).put("Unit", "Milliseconds");
        ObjectNode set = data.addObject().put("MetricName", "Latency");
        set.set("Timestamp", ProtocolClient.timestamp(T.plusSeconds(2)));
        set.putObject("StatisticValues").put("SampleCount", 10.0).put("Sum", 55.0).put("Minimum", 1.0).put("Maximum", 10.0);
        set.put("Unit", "Milliseconds");
        cases.add(call("PutMetricData-ok", "PutMetricData", put));

        ObjectNode both = ProtocolClient.input().put("Namespace", ns);
        ObjectNode bad = both.putArray("MetricData").addObject().put("MetricName", "Latency").put("Value", 1.0);
        bad.putArray("Values").add(1.0).add(2.0);
        cases.add(call("PutMetricData-value-and-values", "PutMetricData", both));

        ObjectNode sizes = ProtocolClient.input().put("Namespace", ns);
        ObjectNode badSizes = sizes.putArray("MetricData").addObject().put("MetricName", "Latency");
        badSizes.putArray("Values").add(1.0).add(2.0);
        badSizes.putArray("Counts").add(1.0);
        cases.add(call("PutMetricData-counts-size", "PutMetricData", sizes));

        ObjectNode stats = ProtocolClient.input().put("Namespace", ns).put("MetricName", "Latency");
        stats.set("StartTime", ProtocolClient.timestamp(T));
        stats.set("EndTime", ProtocolClient.timestamp(T.plusSeconds(120)));
        stats.put("Period", 60);
        stats.putArray("Statistics").add("SampleCount").add("Sum").add("Minimum").add("Maximum").add("Average");
        cases.add(call("GetMetricStatistics-ok", "GetMetricStatistics", stats));

        ObjectNode pct = ProtocolClient.input().put("Namespace", ns).put("MetricName", "CPUUtilization");
        pct.putArray("Dimensions").addObject().put("Name", "InstanceId").put("Value", "i-0123456789");
        pct.set("StartTime", ProtocolClient.timestamp(T));
        pct.set("EndTime", ProtocolClient.timestamp(T.plusSeconds(60)));
        pct.put("Period", 60);
        pct.putArray("ExtendedStatistics").add("p50").add("p99");
        cases.add(call("GetMetricStatistics-percentiles", "GetMetricStatistics", pct));

        ObjectNode none = ProtocolClient.input().put("Namespace", ns).put("MetricName", "NeverPublished");
        none.set("StartTime", ProtocolClient.timestamp(T));
        none.set("EndTime", ProtocolClient.timestamp(T.plusSeconds(120)));
        none.put("Period", 60);
        none.putArray("Statistics").add("Sum");
        cases.add(call("GetMetricStatistics-empty", "GetMetricStatistics", none));

        ObjectNode same = ProtocolClient.input().put("Namespace", ns).put("MetricName", "Latency");
        same.set("StartTime", ProtocolClient.timestamp(T));
        same.set("EndTime", ProtocolClient.timestamp(T));
        same.put("Period", 60);
        same.putArray("Statistics").add("Sum");
        cases.add(call("GetMetricStatistics-start-equals-end", "GetMetricStatistics", same));

        ObjectNode gmd = metricData(ns, T, T.plusSeconds(120));
        cases.add(call("GetMetricData-ok", "GetMetricData", gmd));

        ObjectNode token = metricData(ns, T, T.plusSeconds(120)).put("NextToken", "not-a-token");
        cases.add(call("GetMetricData-invalid-next-token", "GetMetricData", token));

        ObjectNode expression = metricData(ns, T, T.plusSeconds(120));
        ((ObjectNode) expression.get("MetricDataQueries").get(0)).put("ReturnData", false);
        ((ArrayNode) expression.get("MetricDataQueries")).addObject().put("Id", "doubled").put("Expression", "cpu * 2");
        cases.add(call("GetMetricData-expression", "GetMetricData", expression));

        cases.add(call("ListMetrics-ok", "ListMetrics", ProtocolClient.input().put("Namespace", ns)));

        // a gzip body (Query clients may spell the header GZIP) carrying names that need escaping in XML and JSON
        ObjectNode special = ProtocolClient.input().put("Namespace", ns + "/escape");
        ObjectNode odd = special.putArray("MetricData").addObject().put("MetricName", "Quote\"Less<Amp&Gt>");
        odd.putArray("Dimensions").addObject().put("Name", "Path").put("Value", "/a?b=c&d=<e> 'f'");
        odd.set("Timestamp", ProtocolClient.timestamp(T.plusSeconds(7)));
        odd.put("Value", 1.5);
        cases.add(new Case("PutMetricData-gzip", x -> client.callGzip(x, "PutMetricData", special,
                x == Protocol.QUERY ? "GZIP" : "gzip")));
        cases.add(call("ListMetrics-escaping", "ListMetrics", ProtocolClient.input().put("Namespace", ns + "/escape")));
        ObjectNode nonAscii = ProtocolClient.input().put("Namespace", ns);
        ObjectNode accented = nonAscii.putArray("MetricData").addObject().put("MetricName", "Latency").put("Value", 1.0);
        accented.putArray("Dimensions").addObject().put("Name", "City").put("Value", "Z\u00fcrich");
        cases.add(call("PutMetricData-non-ascii-dimension", "PutMetricData", nonAscii));
        if (p == Protocol.QUERY) {
            // the API reference allows GET with the parameters in the query string, and Operation as an alias of Action
            cases.add(new Case("ListMetrics-http-get", x -> client.send("GET", "/?" + ProtocolClient.queryString("Action",
                    "ListMetrics", ProtocolClient.input().put("Namespace", ns)), List.of(), new byte[0])));
            cases.add(new Case("ListMetrics-operation-alias", x -> client.send("/",
                    List.of(Map.entry("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")),
                    ProtocolClient.queryString("Operation", "ListMetrics", ProtocolClient.input().put("Namespace", ns))
                            .getBytes(StandardCharsets.UTF_8))));
        }

        cases.add(call("PutDashboard-ok", "PutDashboard",
                ProtocolClient.input().put("DashboardName", dashboard).put("DashboardBody", DASHBOARD_BODY)));
        cases.add(call("PutDashboard-bad-name", "PutDashboard",
                ProtocolClient.input().put("DashboardName", "bad:name").put("DashboardBody", DASHBOARD_BODY)));
        cases.add(call("PutDashboard-invalid-body", "PutDashboard",
                ProtocolClient.input().put("DashboardName", dashboard + "-x").put("DashboardBody", "{not json")));
        cases.add(call("GetDashboard-ok", "GetDashboard", ProtocolClient.input().put("DashboardName", dashboard)));
        cases.add(call("ListDashboards-ok", "ListDashboards", ProtocolClient.input().put("DashboardNamePrefix", dashboard)));
        ObjectNode delete = ProtocolClient.input();
        delete.putArray("DashboardNames").add(dashboard);
        cases.add(call("DeleteDashboards-ok", "DeleteDashboards", delete));
        cases.add(call("GetDashboard-not-found", "GetDashboard", ProtocolClient.input().put("DashboardName", dashboard)));
        if (p != Protocol.QUERY) {
            cases.add(new Case("GetDashboard-not-found-without-query-mode",
                    x -> client.call(x, "GetDashboard", ProtocolClient.input().put("DashboardName", dashboard), false)));
        }

        cases.add(new Case("ListMetrics-wrong-secret", x -> client.withCredentials(node.admin().accessKeyId(), "wrong-secret")
                .call(x, "ListMetrics", ProtocolClient.input().put("Namespace", ns))));
        cases.add(new Case("ListMetrics-unknown-key", x -> client.withCredentials("AKIAUNKNOWNUNKNOWN00", "whatever")
                .call(x, "ListMetrics", ProtocolClient.input().put("Namespace", ns))));
        cases.add(new Case("ListMetrics-unsigned", x -> client.unsigned()
                .call(x, "ListMetrics", ProtocolClient.input().put("Namespace", ns))));
        cases.add(new Case("ListMetrics-signed-20-minutes-ago", x -> client.withSigningClock(Clock.fixed(NOW.minusSeconds(1200), ZoneOffset.UTC))
                .call(x, "ListMetrics", ProtocolClient.input().put("Namespace", ns))));
        cases.add(call("UnknownOperation", "DescribeNothing", ProtocolClient.input()));
        alarmScenario(p, cases);
        return cases;
    }

    /**
     * The alarm actions (reference 2.7-2.11): each protocol has its own alarms and namespace. The
     * clock is fixed, so the only evaluations are the ones on creation and on datum arrival; the
     * cases that follow an evaluation poll until it has happened, then record the response.
     */
    private static void alarmScenario(Protocol p, List<Case> cases) {
        String ns = "Golden/" + p.dir() + "/alarms";
        String a = "golden-" + p.dir();
        String arnPrefix = "arn:aws:cloudwatch:us-east-1:" + ServerConfig.DEFAULT_ACCOUNT_ID + ":alarm:";
        String topic = "arn:aws:sns:us-east-1:" + ServerConfig.DEFAULT_ACCOUNT_ID + ":golden-";
        // Alarm actions must name topics that exist (checked at configuration time).
        for (String t : List.of("page", "mail", "ok")) {
            RawHttp.Response created = client.createSnsTopic("golden-" + t);
            if (created.status() != 200) {
                throw new IllegalStateException("CreateTopic golden-" + t + " answered " + created.status());
            }
        }

        ObjectNode minimal = ProtocolClient.input().put("AlarmName", a + "-cpu").put("Namespace", ns)
                .put("MetricName", "CPUUtilization").put("Statistic", "Sum").put("Period", 60).put("EvaluationPeriods", 1)
                .put("Threshold", 30).put("ComparisonOperator", "GreaterThanThreshold");
        cases.add(call("PutMetricAlarm-ok", "PutMetricAlarm", minimal));
        cases.add(call("DescribeAlarms-new", "DescribeAlarms", alarmNames(a + "-cpu")));

        ObjectNode full = ProtocolClient.input().put("AlarmName", a + "-latency").put("AlarmDescription", "p99 <latency> & more")
                .put("ActionsEnabled", false).put("Namespace", ns).put("MetricName", "Latency")
                .put("ExtendedStatistic", "p99").put("EvaluateLowSampleCountPercentile", "ignore").put("Unit", "Milliseconds")
                .put("Period", 300).put("EvaluationPeriods", 3).put("DatapointsToAlarm", 2).put("Threshold", 250.5)
                .put("ComparisonOperator", "LessThanOrEqualToThreshold").put("TreatMissingData", "ignore");
        full.putArray("Dimensions").addObject().put("Name", "Host").put("Value", "a");
        full.putArray("AlarmActions").add(topic + "page").add(topic + "mail");
        full.putArray("OKActions").add(topic + "ok");
        full.putArray("Tags").addObject().put("Key", "team").put("Value", "core");
        cases.add(call("PutMetricAlarm-every-member", "PutMetricAlarm", full));
        cases.add(call("DescribeAlarms-every-member", "DescribeAlarms", alarmNames(a + "-latency")));

        // one breaching datum in the newest complete minute: evaluated on arrival
        ObjectNode breach = ProtocolClient.input().put("Namespace", ns);
        ObjectNode datum = breach.putArray("MetricData").addObject().put("MetricName", "CPUUtilization").put("Value", 40.0);
        datum.set("Timestamp", ProtocolClient.timestamp(NOW.minusSeconds(60)));
        cases.add(call("PutMetricData-breaching", "PutMetricData", breach));
        cases.add(new Case("DescribeAlarms-in-alarm", x -> untilState(x, "DescribeAlarms", alarmNames(a + "-cpu"), "ALARM")));
        // the Synaps extension (decision 0010): the same alarm replayed over the stored minute
        ObjectNode backtest = minimal.deepCopy().put("AlarmName", a + "-backtest");
        backtest.set("StartTime", ProtocolClient.timestamp(NOW.minusSeconds(330)));
        backtest.set("EndTime", ProtocolClient.timestamp(NOW));
        cases.add(call("BacktestMetricAlarm-ok", "BacktestMetricAlarm", backtest));
        ObjectNode emptyRange = backtest.deepCopy();
        emptyRange.set("EndTime", ProtocolClient.timestamp(NOW.minusSeconds(330)));
        cases.add(call("BacktestMetricAlarm-empty-range", "BacktestMetricAlarm", emptyRange));
        cases.add(call("DescribeAlarmsForMetric-ok", "DescribeAlarmsForMetric",
                ProtocolClient.input().put("Namespace", ns).put("MetricName", "CPUUtilization")));

        cases.add(call("SetAlarmState-ok", "SetAlarmState", ProtocolClient.input().put("AlarmName", a + "-latency")
                .put("StateValue", "ALARM").put("StateReason", "testing purposes").put("StateReasonData", "{\"ticket\":\"OPS-1\"}")));
        cases.add(call("SetAlarmState-invalid-state", "SetAlarmState", ProtocolClient.input().put("AlarmName", a + "-latency")
                .put("StateValue", "INVALID").put("StateReason", "x")));
        ObjectNode unknownAlarm = ProtocolClient.input().put("AlarmName", a + "-nope").put("StateValue", "OK").put("StateReason", "x");
        cases.add(call("SetAlarmState-unknown-alarm", "SetAlarmState", unknownAlarm));
        if (p != Protocol.QUERY) {
            cases.add(new Case("SetAlarmState-unknown-alarm-without-query-mode",
                    x -> client.call(x, "SetAlarmState", unknownAlarm, false)));
        }
        cases.add(call("SetAlarmState-reason-data-not-json", "SetAlarmState", ProtocolClient.input()
                .put("AlarmName", a + "-latency").put("StateValue", "OK").put("StateReason", "x").put("StateReasonData", "{not json")));
        cases.add(call("DescribeAlarmHistory-ok", "DescribeAlarmHistory", ProtocolClient.input().put("AlarmName", a + "-cpu")));
        cases.add(call("DescribeAlarmHistory-state-updates", "DescribeAlarmHistory", ProtocolClient.input()
                .put("AlarmName", a + "-latency").put("HistoryItemType", "StateUpdate")));

        cases.add(call("PutCompositeAlarm-ok", "PutCompositeAlarm", ProtocolClient.input().put("AlarmName", a + "-comp")
                .put("AlarmDescription", "either").put("AlarmRule", "ALARM(\"" + a + "-cpu\") OR ALARM(\"" + arnPrefix + a + "-latency\")")));
        cases.add(new Case("DescribeAlarms-composite", x -> untilState(x, "DescribeAlarms",
                alarmNames(a + "-comp").set("AlarmTypes", ProtocolClient.input().arrayNode().add("CompositeAlarm")), "ALARM")));
        cases.add(call("DescribeAlarms-parents", "DescribeAlarms", ProtocolClient.input().put("ParentsOfAlarmName", a + "-cpu")));
        cases.add(call("PutCompositeAlarm-unknown-child", "PutCompositeAlarm", ProtocolClient.input().put("AlarmName", a + "-comp2")
                .put("AlarmRule", "ALARM(" + a + "-nope)")));

        ObjectNode tag = ProtocolClient.input().put("ResourceARN", arnPrefix + a + "-latency");
        tag.putArray("Tags").addObject().put("Key", "env").put("Value", "prod");
        cases.add(call("TagResource-ok", "TagResource", tag));
        ObjectNode untag = ProtocolClient.input().put("ResourceARN", arnPrefix + a + "-latency");
        untag.putArray("TagKeys").add("team");
        cases.add(call("UntagResource-ok", "UntagResource", untag));
        cases.add(call("ListTagsForResource-ok", "ListTagsForResource",
                ProtocolClient.input().put("ResourceARN", arnPrefix + a + "-latency")));
        cases.add(call("DisableAlarmActions-ok", "DisableAlarmActions", alarmNames(a + "-cpu")));
        cases.add(call("EnableAlarmActions-ok", "EnableAlarmActions", alarmNames(a + "-cpu")));

        cases.add(call("PutMetricAlarm-bad-period", "PutMetricAlarm", minimal.deepCopy().put("AlarmName", a + "-bad").put("Period", 45)));
        cases.add(call("PutMetricAlarm-datapoints-over-periods", "PutMetricAlarm",
                minimal.deepCopy().put("AlarmName", a + "-bad").put("DatapointsToAlarm", 2)));
        ObjectNode sixActions = minimal.deepCopy().put("AlarmName", a + "-bad");
        ArrayNode six = sixActions.putArray("AlarmActions");
        for (int i = 0; i < 6; i++) {
            six.add(topic + i);
        }
        cases.add(call("PutMetricAlarm-six-actions", "PutMetricAlarm", sixActions));
        cases.add(call("PutMetricAlarm-unknown-comparison", "PutMetricAlarm",
                minimal.deepCopy().put("AlarmName", a + "-bad").put("ComparisonOperator", "Bigger")));
        cases.add(call("PutMetricAlarm-range-over-a-day", "PutMetricAlarm",
                minimal.deepCopy().put("AlarmName", a + "-bad").put("EvaluationPeriods", 1441)));
        cases.add(call("DescribeAlarms-max-records-101", "DescribeAlarms", ProtocolClient.input().put("MaxRecords", 101)));
        cases.add(call("DescribeAlarms-invalid-next-token", "DescribeAlarms", ProtocolClient.input().put("NextToken", "not-a-token")));

        cases.add(call("DeleteAlarms-composite", "DeleteAlarms", alarmNames(a + "-comp")));
        cases.add(call("DeleteAlarms-ok", "DeleteAlarms", alarmNames(a + "-cpu", a + "-latency", a + "-nope")));
        cases.add(call("DescribeAlarms-after-delete", "DescribeAlarms", ProtocolClient.input().put("AlarmNamePrefix", a + "-")));
        cases.add(call("ListTagsForResource-deleted", "ListTagsForResource",
                ProtocolClient.input().put("ResourceARN", arnPrefix + a + "-latency")));
    }

    private static ObjectNode alarmNames(String... names) {
        ObjectNode in = ProtocolClient.input();
        ArrayNode list = in.putArray("AlarmNames");
        for (String name : names) {
            list.add(name);
        }
        return in;
    }

    /** Repeats a read until the first StateValue in its answer is {@code state} (10 s at most) and returns that answer. */
    private static RawHttp.Response untilState(Protocol p, String action, ObjectNode input, String state) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        RawHttp.Response r = client.call(p, action, input);
        while (!state.equals(firstStateValue(p, r)) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            r = client.call(p, action, input);
        }
        return r;
    }

    private static String firstStateValue(Protocol p, RawHttp.Response r) {
        try {
            if (p == Protocol.QUERY) {
                Matcher m = STATE_VALUE_XML.matcher(r.bodyText());
                return m.find() ? m.group(1) : null;
            }
            ObjectMapper mapper = p == Protocol.CBOR ? new ObjectMapper(new CBORFactory()) : new ObjectMapper();
            JsonNode v = mapper.readTree(r.body()).findValue("StateValue");
            return v == null ? null : v.asText();
        } catch (IOException e) {
            return null;
        }
    }

    private static ObjectNode metricData(String ns, Instant start, Instant end) {
        ObjectNode in = ProtocolClient.input();
        ArrayNode queries = in.putArray("MetricDataQueries");
        ObjectNode cpu = queries.addObject().put("Id", "cpu");
        ObjectNode cpuStat = cpu.putObject("MetricStat");
        ObjectNode cpuMetric = cpuStat.putObject("Metric").put("Namespace", ns).put("MetricName", "CPUUtilization");
        cpuMetric.putArray("Dimensions").addObject().put("Name", "InstanceId").put("Value", "i-0123456789");
        cpuStat.put("Period", 60).put("Stat", "Sum");
        ObjectNode lat = queries.addObject().put("Id", "lat");
        ObjectNode latStat = lat.putObject("MetricStat");
        latStat.putObject("Metric").put("Namespace", ns).put("MetricName", "Latency");
        latStat.put("Period", 60).put("Stat", "Average");
        lat.put("Label", "latency average");
        in.set("StartTime", ProtocolClient.timestamp(start));
        in.set("EndTime", ProtocolClient.timestamp(end));
        return in;
    }

    // ------------------------------------------------------------ checks

    /** What every response of a protocol must carry, whatever the golden says. */
    private static void checkProtocolInvariants(Protocol p, RawHttp.Response r) {
        assertThat(r.headers()).as("header spelled exactly x-amzn-RequestId")
                .anySatisfy(h -> assertThat(h.getKey()).isEqualTo("x-amzn-RequestId"));
        boolean error = r.status() >= 400;
        switch (p) {
            case QUERY -> {
                assertThat(r.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/xml"));
                assertThat(r.bodyText()).contains(error ? "<ErrorResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\">"
                        : "xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\"");
                assertThat(r.bodyText()).contains("<RequestId>" + r.header("x-amzn-RequestId").orElseThrow() + "</RequestId>");
            }
            case JSON -> {
                if (r.body().length > 0) {
                    assertThat(r.header("Content-Type")).hasValue("application/x-amz-json-1.0");
                }
                if (error) {
                    assertThat(r.header("x-amzn-query-error")).isPresent();
                    assertThat(r.bodyText()).contains("\"__type\"");
                }
            }
            case CBOR -> {
                assertThat(r.header("smithy-protocol")).hasValue("rpc-v2-cbor");
                if (r.body().length > 0) {
                    assertThat(r.header("Content-Type")).hasValue("application/cbor");
                    assertThat(r.body()[0] & 0xff).as("maps are indefinite-length like AWS's").isEqualTo(0xbf);
                } else {
                    assertThat(r.header("Content-Type")).as("no Content-Type without a body").isEmpty();
                }
                if (error) {
                    assertThat(r.header("x-amzn-query-error")).isPresent();
                }
            }
            default -> throw new IllegalArgumentException(p.toString());
        }
    }

    /** Status, the pinned headers in wire order and spelling, then the body (CBOR as hex plus diagnostic notation). */
    static String render(Protocol p, RawHttp.Response r) {
        String requestId = r.header("x-amzn-RequestId").orElse(null);
        StringBuilder out = new StringBuilder("HTTP ").append(r.status()).append('\n');
        for (Map.Entry<String, String> h : r.headers()) {
            if (PINNED_HEADERS.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                String value = h.getKey().equalsIgnoreCase("x-amzn-RequestId") ? "REQUEST-ID" : h.getValue();
                out.append(h.getKey()).append(": ").append(value).append('\n');
            }
        }
        out.append('\n');
        if (p == Protocol.CBOR) {
            out.append(CborDiagnostic.hex(r.body(), 32));
            if (r.body().length > 0) {
                out.append("\n# diagnostic notation (derived from the bytes above)\n").append(CborDiagnostic.render(r.body()));
            }
        } else {
            String body = r.bodyText();
            if (requestId != null && !requestId.isEmpty()) {
                body = body.replace(requestId, "REQUEST-ID");
            }
            out.append(body).append('\n');
        }
        return out.toString();
    }

    private static void compareWithGolden(Protocol p, String name, String actual) throws IOException {
        Path file = goldenDir().resolve(p.dir()).resolve(name + "." + p.extension);
        if (Boolean.getBoolean("synaps.updateGolden")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual, StandardCharsets.UTF_8);
            return;
        }
        assertThat(file).as("golden file %s (create it with -Dsynaps.updateGolden=true)", file).exists();
        assertThat(actual).as("response differs from %s", file).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    }

    private static Path goldenDir() {
        Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        Path dir = base.resolve("src/test/resources/golden");
        if (!Files.isDirectory(dir) && !Boolean.getBoolean("synaps.updateGolden")) {
            throw new UncheckedIOException(new IOException("no golden directory at " + dir.toAbsolutePath()));
        }
        return dir;
    }
}
