package io.synaps.api.action.widget;

import io.synaps.api.action.widget.MetricWidget.Axis;
import io.synaps.api.action.widget.MetricWidget.Fill;
import io.synaps.api.action.widget.MetricWidget.HorizontalAnnotation;
import io.synaps.api.action.widget.MetricWidget.LegendPosition;
import io.synaps.api.action.widget.MetricWidget.Row;
import io.synaps.api.action.widget.MetricWidget.Side;
import io.synaps.api.action.widget.MetricWidget.View;
import io.synaps.model.AwsError;
import io.synaps.model.Dimension;
import io.synaps.model.MetricId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * MetricWidgetParser against the metric widget structure AWS documents: defaults, the "..." and
 * "." shorthand, options, and one test per validation rule with its code and message.
 */
class MetricWidgetParserTest {
    private static final Instant NOW = Instant.parse("2026-01-10T12:00:00Z");

    private static MetricWidget parse(String json) {
        return MetricWidgetParser.parse(json.replace('\'', '"'), NOW);
    }

    private static AwsError error(String json) {
        AwsError e = catchThrowableOfType(AwsError.class, () -> parse(json));
        assertThat(e).as("expected an AwsError for %s", json).isNotNull();
        return e;
    }

    private static void invalid(String json, String message) {
        AwsError e = error(json);
        assertThat(e.code()).isEqualTo("ValidationError");
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).isEqualTo(message);
    }

    private static MetricId metric(String ns, String name, String... dims) {
        Dimension[] d = new Dimension[dims.length / 2];
        for (int i = 0; i < d.length; i++) {
            d[i] = new Dimension(dims[2 * i], dims[2 * i + 1]);
        }
        return new MetricId(ns, name, List.of(d));
    }

    private static List<MetricId> metrics(MetricWidget w) {
        return w.rows().stream().map(Row::metric).toList();
    }

    // ---------------------------------------------------------------- defaults

    @Test
    void aBareWidgetTakesAwsDefaults() {
        MetricWidget w = parse("{'metrics': [['App', 'cpu']]}");
        assertThat(w.view()).isEqualTo(View.TIME_SERIES);
        assertThat(w.stacked()).isFalse();
        assertThat(w.title()).isNull();
        assertThat(w.width()).isEqualTo(600);
        assertThat(w.height()).isEqualTo(400);
        assertThat(w.start()).isEqualTo(Instant.parse("2026-01-10T09:00:00Z"));
        assertThat(w.end()).isEqualTo(NOW);
        assertThat(w.legend()).isEqualTo(LegendPosition.BOTTOM);
        assertThat(w.timezone()).isEqualTo(ZoneOffset.UTC);
        assertThat(w.left()).isEqualTo(Axis.DEFAULT);
        assertThat(w.right()).isEqualTo(Axis.DEFAULT);
        assertThat(w.horizontal()).isEmpty();
        assertThat(w.vertical()).isEmpty();
        assertThat(w.liveData()).isFalse();
        assertThat(w.setPeriodToTimeRange()).isFalse();
        Row r = w.rows().get(0);
        assertThat(r.metric()).isEqualTo(metric("App", "cpu"));
        assertThat(r.stat().text()).isEqualTo("Average");
        assertThat(r.period()).isEqualTo(300);
        assertThat(r.label()).isNull();
        assertThat(r.rgb()).isNull();
        assertThat(r.side()).isEqualTo(Side.LEFT);
        assertThat(r.visible()).isTrue();
        assertThat(r.path()).isEqualTo("/metrics/0");
    }

    @Test
    void widgetStatAndPeriodApplyToRowsWithoutTheirOwn() {
        MetricWidget w = parse("{'stat': 'p99', 'period': 60, 'metrics': [['App', 'a'], ['App', 'b', {'stat': 'Sum', 'period': 3600}]]}");
        assertThat(w.rows().get(0).stat().text()).isEqualTo("p99");
        assertThat(w.rows().get(0).period()).isEqualTo(60);
        assertThat(w.rows().get(1).stat().text()).isEqualTo("Sum");
        assertThat(w.rows().get(1).period()).isEqualTo(3600);
    }

    @Test
    void everyWidgetPropertyIsRead() {
        MetricWidget w = parse("{'metrics': [['App', 'cpu', {'label': 'CPU', 'color': '#FF0000', 'yAxis': 'right',"
                + " 'visible': false, 'id': 'm1', 'region': 'us-east-1', 'accountId': '123456789012'}]],"
                + " 'view': 'singleValue', 'stacked': true, 'title': 'T', 'width': 1, 'height': 2000,"
                + " 'start': '2026-01-09T00:00:00Z', 'end': '2026-01-09T06:00:00.500+01:00', 'region': 'us-east-1',"
                + " 'yAxis': {'left': {'min': 0, 'max': 100.5, 'label': 'pct', 'showUnits': false}, 'right': {'min': -5}},"
                + " 'annotations': {'horizontal': [{'value': 80, 'label': 'high', 'color': '#00ff00', 'fill': 'above', 'yAxis': 'right'},"
                + " [{'value': 10, 'label': 'band'}, {'value': 20}], {'value': 1, 'visible': false}],"
                + " 'vertical': [{'value': '2026-01-09T03:00:00Z', 'label': 'deploy', 'fill': 'after'},"
                + " [{'value': '2026-01-09T01:00:00Z'}, {'value': '-PT1H'}]]},"
                + " 'legend': {'position': 'hidden'}, 'timezone': '-0530', 'liveData': true, 'setPeriodToTimeRange': true}");
        assertThat(w.view()).isEqualTo(View.SINGLE_VALUE);
        assertThat(w.stacked()).isTrue();
        assertThat(w.title()).isEqualTo("T");
        assertThat(w.width()).isEqualTo(1);
        assertThat(w.height()).isEqualTo(2000);
        assertThat(w.start()).isEqualTo(Instant.parse("2026-01-09T00:00:00Z"));
        assertThat(w.end()).isEqualTo(Instant.parse("2026-01-09T05:00:00.500Z"));
        assertThat(w.left()).isEqualTo(new Axis(0.0, 100.5, "pct", false));
        assertThat(w.right()).isEqualTo(new Axis(-5.0, null, null, true));
        assertThat(w.horizontal()).containsExactly(
                new HorizontalAnnotation(80, null, "high", 0x00ff00, Fill.ABOVE, Side.RIGHT),
                new HorizontalAnnotation(10, 20.0, "band", null, Fill.NONE, Side.LEFT));
        assertThat(w.vertical()).hasSize(2);
        assertThat(w.vertical().get(0).at()).isEqualTo(Instant.parse("2026-01-09T03:00:00Z"));
        assertThat(w.vertical().get(0).fill()).isEqualTo(Fill.AFTER);
        assertThat(w.vertical().get(0).label()).isEqualTo("deploy");
        assertThat(w.vertical().get(1).to()).isEqualTo(NOW.minusSeconds(3600));
        assertThat(w.legend()).isEqualTo(LegendPosition.HIDDEN);
        assertThat(w.timezone()).isEqualTo(ZoneOffset.ofHoursMinutes(-5, -30));
        assertThat(w.liveData()).isTrue();
        assertThat(w.setPeriodToTimeRange()).isTrue();
        Row r = w.rows().get(0);
        assertThat(r.label()).isEqualTo("CPU");
        assertThat(r.rgb()).isEqualTo(0xff0000);
        assertThat(r.side()).isEqualTo(Side.RIGHT);
        assertThat(r.visible()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
            "-PT3H, 2026-01-10T09:00:00Z",
            "-PT15M, 2026-01-10T11:45:00Z",
            "-P1D, 2026-01-09T12:00:00Z",
            "-P7D, 2026-01-03T12:00:00Z",
            "-P1W, 2026-01-03T12:00:00Z",
            "-P1M, 2025-12-10T12:00:00Z",
            "-PT0H, 2026-01-10T12:00:00Z",
            "2026-01-10T10:00:00Z, 2026-01-10T10:00:00Z",
            "2026-01-10T10:00:00.000Z, 2026-01-10T10:00:00Z",
            "2026-01-10T11:00:00+01:00, 2026-01-10T10:00:00Z",
            "2026-01-10T10:00:00, 2026-01-10T10:00:00Z",
    })
    void startIsAnIsoInstantOrADurationBeforeNow(String start, String expected) {
        String end = start.equals("-PT0H") ? ", 'end': '2026-01-10T12:00:01Z'" : "";
        assertThat(parse("{'metrics': [['A', 'm']], 'start': '" + start + "'" + end + "}").start())
                .isEqualTo(Instant.parse(expected));
    }

    // ---------------------------------------------------------------- shorthand

    @Test
    void threeDotsRepeatThePreviousRowAndReplaceItsTrailingFields() {
        MetricWidget w = parse("{'metrics': [['AWS/EC2', 'CPUUtilization', 'InstanceId', 'i-1'],"
                + " ['...', 'i-2'], ['...', {'stat': 'Maximum'}], ['...', 'InstanceType', 't3']]}");
        assertThat(metrics(w)).containsExactly(
                metric("AWS/EC2", "CPUUtilization", "InstanceId", "i-1"),
                metric("AWS/EC2", "CPUUtilization", "InstanceId", "i-2"),
                metric("AWS/EC2", "CPUUtilization", "InstanceId", "i-2"),
                metric("AWS/EC2", "CPUUtilization", "InstanceType", "t3"));
        assertThat(w.rows().get(2).stat().text()).isEqualTo("Maximum");
    }

    @Test
    void threeDotsAfterLeadingFieldsKeepThePreviousMiddle() {
        MetricWidget w = parse("{'metrics': [['App', 'latency', 'host', 'a', 'az', 'z1'], ['Other', '...', 'z2'],"
                + " ['App', 'errors', '...']]}");
        assertThat(metrics(w)).containsExactly(
                metric("App", "latency", "host", "a", "az", "z1"),
                metric("Other", "latency", "host", "a", "az", "z2"),
                metric("App", "errors", "host", "a", "az", "z2"));
    }

    @Test
    void aDotRepeatsThePreviousRowsFieldAtThatPosition() {
        MetricWidget w = parse("{'metrics': [['AWS/EC2', 'NetworkIn', 'InstanceId', 'i-1'],"
                + " ['.', 'NetworkOut', '.', '.'], ['.', '.', '.', 'i-9'], ['...', '.', 'i-3']]}");
        assertThat(metrics(w)).containsExactly(
                metric("AWS/EC2", "NetworkIn", "InstanceId", "i-1"),
                metric("AWS/EC2", "NetworkOut", "InstanceId", "i-1"),
                metric("AWS/EC2", "NetworkOut", "InstanceId", "i-9"),
                metric("AWS/EC2", "NetworkOut", "InstanceId", "i-3"));
    }

    @Test
    void shorthandFollowsTheLastMetricRowAcrossInvisibleRows() {
        MetricWidget w = parse("{'metrics': [['App', 'a', 'h', '1', {'visible': false}], ['...', '2']]}");
        assertThat(metrics(w)).containsExactly(metric("App", "a", "h", "1"), metric("App", "a", "h", "2"));
        assertThat(w.rows().get(0).visible()).isFalse();
        assertThat(w.rows().get(1).visible()).isTrue();
    }

    @Test
    void threeDotsOnTheFirstRowHaveNothingToRepeat() {
        invalid("{'metrics': [['...', 'i-2']]}", "The parameter MetricWidget is invalid at /metrics/0/0:"
                + " \"...\" repeats the previous metric, and there is none");
    }

    @Test
    void aDotOnTheFirstRowOrBeyondThePreviousRowHasNothingToRepeat() {
        invalid("{'metrics': [['.', 'm']]}", "The parameter MetricWidget is invalid at /metrics/0/0:"
                + " \".\" repeats the previous metric's field at this position, and there is none");
        invalid("{'metrics': [['A', 'm'], ['A', 'm', 'd', '.']]}", "The parameter MetricWidget is invalid at"
                + " /metrics/1/3: \".\" repeats the previous metric's field at this position, and there is none");
    }

    @Test
    void threeDotsTwiceInARowAreRefused() {
        invalid("{'metrics': [['A', 'm', 'd', 'v'], ['...', 'x', '...']]}",
                "The parameter MetricWidget is invalid at /metrics/1/2: Should NOT have more than one \"...\"");
    }

    // ---------------------------------------------------------------- validation

    @Test
    void aWidgetThatIsNotAJsonObjectIsRefused() {
        for (String bad : List.of("", "not json", "[]", "42", "{'metrics': []} trailing", "{")) {
            invalid(bad, "The parameter MetricWidget must be a valid JSON object.");
        }
    }

    @Test
    void metricsAreRequiredAndShaped() {
        invalid("{}", "The parameter MetricWidget is invalid: Should have required property 'metrics'");
        invalid("{'metrics': {}}", "The parameter MetricWidget is invalid at /metrics: Should be array");
        invalid("{'metrics': []}", "The parameter MetricWidget is invalid at /metrics: Should NOT have fewer than 1 items");
        invalid("{'metrics': ['App']}", "The parameter MetricWidget is invalid at /metrics/0: Should be array");
        invalid("{'metrics': [[]]}", "The parameter MetricWidget is invalid at /metrics/0: Should NOT have fewer than 1 items");
        invalid("{'metrics': [['App', 5]]}",
                "The parameter MetricWidget is invalid at /metrics/0/1: Invalid metric field type, only \"String\" type is allowed");
        invalid("{'metrics': [['App', {}, 'm']]}",
                "The parameter MetricWidget is invalid at /metrics/0/1: Invalid metric field type, only \"String\" type is allowed");
        invalid("{'metrics': [[{'label': 'x'}]]}",
                "The parameter MetricWidget is invalid at /metrics/0: Should have a namespace and a metric name, or an expression");
        invalid("{'metrics': [['App']]}",
                "The parameter MetricWidget is invalid at /metrics/0: Should be a namespace, a metric name and dimension name/value pairs");
        invalid("{'metrics': [['App', 'm', 'host']]}",
                "The parameter MetricWidget is invalid at /metrics/0: Should be a namespace, a metric name and dimension name/value pairs");
    }

    @Test
    void atMostFiveHundredMetricRows() {
        StringBuilder b = new StringBuilder("{'metrics': [['A', 'm']");
        for (int i = 1; i < 500; i++) {
            b.append(", ['...']");
        }
        assertThat(parse(b + "], 'period': 3600}").rows()).hasSize(500);
        invalid(b + ", ['...']]}", "The parameter MetricWidget is invalid at /metrics: Should NOT have more than 500 items");
    }

    @Test
    void namesAndDimensionsKeepCloudWatchLimits() {
        String longName = "n".repeat(256);
        invalid("{'metrics': [['', 'm']]}",
                "The parameter MetricWidget is invalid at /metrics/0: The namespace should have 1 to 255 characters");
        invalid("{'metrics': [['A', '" + longName + "']]}",
                "The parameter MetricWidget is invalid at /metrics/0: The metric name should have 1 to 255 characters");
        invalid("{'metrics': [['A', 'm', '" + longName + "', 'v']]}",
                "The parameter MetricWidget is invalid at /metrics/0: The dimension name should have 1 to 255 characters");
        invalid("{'metrics': [['A', 'm', 'd', '" + "v".repeat(1025) + "']]}",
                "The parameter MetricWidget is invalid at /metrics/0: The dimension value should have 1 to 1024 characters");
        invalid("{'metrics': [['A', 'm', 'd', 'v', 'd', 'w']]}",
                "The parameter MetricWidget is invalid at /metrics/0: No Metric may specify the same dimension twice.");
        StringBuilder dims = new StringBuilder("{'metrics': [['A', 'm'");
        for (int i = 0; i < 31; i++) {
            dims.append(", 'd").append(i).append("', 'v'");
        }
        invalid(dims + "]]}", "The parameter MetricWidget is invalid at /metrics/0: Should NOT have more than 30 dimensions");
    }

    @Test
    void rowOptionsAreTyped() {
        invalid("{'metrics': [['A', 'm', {'stat': 'Mean'}]]}",
                "The parameter MetricWidget is invalid at /metrics/0/2/stat: The value Mean is not a valid statistic");
        invalid("{'metrics': [['A', 'm', {'stat': 5}]]}",
                "The parameter MetricWidget is invalid at /metrics/0/2/stat: Should be string");
        invalid("{'metrics': [['A', 'm', {'period': 45}]]}",
                "The parameter MetricWidget is invalid at /metrics/0/2/period: Should be 1, 5, 10, 20, 30 or a multiple of 60");
        invalid("{'metrics': [['A', 'm', {'period': 0}]]}",
                "The parameter MetricWidget is invalid at /metrics/0/2/period: Should be 1, 5, 10, 20, 30 or a multiple of 60");
        invalid("{'metrics': [['A', 'm', {'period': 60.5}]]}",
                "The parameter MetricWidget is invalid at /metrics/0/2/period: Should be integer");
        invalid("{'metrics': [['A', 'm', {'color': 'red'}]]}",
                "The parameter MetricWidget is invalid at /metrics/0/2/color: Should be a six-digit hex colour such as #1f77b4");
        invalid("{'metrics': [['A', 'm', {'yAxis': 'top'}]]}",
                "The parameter MetricWidget is invalid at /metrics/0/2/yAxis: Should be equal to one of the allowed values [left, right]");
        invalid("{'metrics': [['A', 'm', {'visible': 'no'}]]}",
                "The parameter MetricWidget is invalid at /metrics/0/2/visible: Should be boolean");
        invalid("{'metrics': [['A', 'm', {'label': 1}]]}",
                "The parameter MetricWidget is invalid at /metrics/0/2/label: Should be string");
        invalid("{'metrics': [['A', 'm', {'id': true}]]}",
                "The parameter MetricWidget is invalid at /metrics/0/2/id: Should be string");
    }

    @Test
    void widgetPropertiesAreTyped() {
        invalid("{'metrics': [['A', 'm']], 'stat': 'Avg'}",
                "The parameter MetricWidget is invalid at /stat: The value Avg is not a valid statistic");
        invalid("{'metrics': [['A', 'm']], 'period': 7}",
                "The parameter MetricWidget is invalid at /period: Should be 1, 5, 10, 20, 30 or a multiple of 60");
        invalid("{'metrics': [['A', 'm']], 'stacked': 'true'}",
                "The parameter MetricWidget is invalid at /stacked: Should be boolean");
        invalid("{'metrics': [['A', 'm']], 'title': 7}", "The parameter MetricWidget is invalid at /title: Should be string");
        invalid("{'metrics': [['A', 'm']], 'liveData': 1}", "The parameter MetricWidget is invalid at /liveData: Should be boolean");
        invalid("{'metrics': [['A', 'm']], 'setPeriodToTimeRange': 'x'}",
                "The parameter MetricWidget is invalid at /setPeriodToTimeRange: Should be boolean");
        invalid("{'metrics': [['A', 'm']], 'region': 1}", "The parameter MetricWidget is invalid at /region: Should be string");
    }

    @Test
    void widthAndHeightAreIntegersFromOneToTwoThousand() {
        invalid("{'metrics': [['A', 'm']], 'width': 0}", "The parameter MetricWidget is invalid at /width: Should be >= 1");
        invalid("{'metrics': [['A', 'm']], 'width': 2001}", "The parameter MetricWidget is invalid at /width: Should be <= 2000");
        invalid("{'metrics': [['A', 'm']], 'height': 0}", "The parameter MetricWidget is invalid at /height: Should be >= 1");
        invalid("{'metrics': [['A', 'm']], 'height': 2001}", "The parameter MetricWidget is invalid at /height: Should be <= 2000");
        invalid("{'metrics': [['A', 'm']], 'width': '600'}", "The parameter MetricWidget is invalid at /width: Should be integer");
        invalid("{'metrics': [['A', 'm']], 'height': 10.5}", "The parameter MetricWidget is invalid at /height: Should be integer");
        assertThat(parse("{'metrics': [['A', 'm']], 'width': 2000, 'height': 1.0}").height()).isEqualTo(1);
    }

    @Test
    void onlyTimeSeriesAndSingleValueViewsAreDrawn() {
        for (String view : List.of("bar", "pie", "gauge", "table")) {
            invalid("{'metrics': [['A', 'm']], 'view': '" + view + "'}", "The parameter MetricWidget is invalid at /view: the "
                    + view + " view is not supported by this Synaps server's GetMetricWidgetImage; use timeSeries or singleValue");
        }
        invalid("{'metrics': [['A', 'm']], 'view': 'lines'}",
                "The parameter MetricWidget is invalid at /view: Should be equal to one of the allowed values [timeSeries, singleValue]");
        invalid("{'metrics': [['A', 'm']], 'view': 1}", "The parameter MetricWidget is invalid at /view: Should be string");
    }

    @Test
    void timesMustParseAndStartMustPrecedeEnd() {
        invalid("{'metrics': [['A', 'm']], 'start': 'yesterday'}",
                "The parameter MetricWidget is invalid at /start: Should be an ISO 8601 timestamp or a relative time such as -PT3H");
        invalid("{'metrics': [['A', 'm']], 'end': '-PTXH'}",
                "The parameter MetricWidget is invalid at /end: Should be an ISO 8601 timestamp or a relative time such as -PT3H");
        invalid("{'metrics': [['A', 'm']], 'start': 5}", "The parameter MetricWidget is invalid at /start: Should be string");
        invalid("{'metrics': [['A', 'm']], 'start': '-PT1H', 'end': '-PT2H'}",
                "The parameter MetricWidget is invalid at /start: Should be before end (2026-01-10T11:00:00Z is not before"
                        + " 2026-01-10T10:00:00Z)");
        invalid("{'metrics': [['A', 'm']], 'start': '-PT0H'}",
                "The parameter MetricWidget is invalid at /start: Should be before end (2026-01-10T12:00:00Z is not before"
                        + " 2026-01-10T12:00:00Z)");
    }

    @Test
    void axesAnnotationsLegendAndTimezoneAreTyped() {
        invalid("{'metrics': [['A', 'm']], 'yAxis': []}", "The parameter MetricWidget is invalid at /yAxis: Should be object");
        invalid("{'metrics': [['A', 'm']], 'yAxis': {'left': 1}}", "The parameter MetricWidget is invalid at /yAxis/left: Should be object");
        invalid("{'metrics': [['A', 'm']], 'yAxis': {'left': {'min': 'a'}}}",
                "The parameter MetricWidget is invalid at /yAxis/left/min: Should be number");
        invalid("{'metrics': [['A', 'm']], 'yAxis': {'right': {'min': 5, 'max': 5}}}",
                "The parameter MetricWidget is invalid at /yAxis/right/min: Should be less than max");
        invalid("{'metrics': [['A', 'm']], 'yAxis': {'left': {'showUnits': 'yes'}}}",
                "The parameter MetricWidget is invalid at /yAxis/left/showUnits: Should be boolean");
        invalid("{'metrics': [['A', 'm']], 'annotations': []}", "The parameter MetricWidget is invalid at /annotations: Should be object");
        invalid("{'metrics': [['A', 'm']], 'annotations': {'horizontal': {}}}",
                "The parameter MetricWidget is invalid at /annotations/horizontal: Should be array");
        invalid("{'metrics': [['A', 'm']], 'annotations': {'horizontal': [5]}}",
                "The parameter MetricWidget is invalid at /annotations/horizontal/0: Should be object");
        invalid("{'metrics': [['A', 'm']], 'annotations': {'horizontal': [{'label': 'x'}]}}",
                "The parameter MetricWidget is invalid at /annotations/horizontal/0: Should have required property 'value'");
        invalid("{'metrics': [['A', 'm']], 'annotations': {'horizontal': [{'value': '5'}]}}",
                "The parameter MetricWidget is invalid at /annotations/horizontal/0/value: Should be number");
        invalid("{'metrics': [['A', 'm']], 'annotations': {'horizontal': [{'value': 5, 'fill': 'after'}]}}",
                "The parameter MetricWidget is invalid at /annotations/horizontal/0/fill: Should be equal to one of the allowed values [above, below]");
        invalid("{'metrics': [['A', 'm']], 'annotations': {'horizontal': [{'value': 5, 'color': '#12345'}]}}",
                "The parameter MetricWidget is invalid at /annotations/horizontal/0/color: Should be a six-digit hex colour such as #1f77b4");
        invalid("{'metrics': [['A', 'm']], 'annotations': {'horizontal': [[{'value': 5}]]}}",
                "The parameter MetricWidget is invalid at /annotations/horizontal/0: Should have 2 items (a band's two ends)");
        invalid("{'metrics': [['A', 'm']], 'annotations': {'horizontal': [[{'value': 5}, 6]]}}",
                "The parameter MetricWidget is invalid at /annotations/horizontal/0/1: Should be object");
        invalid("{'metrics': [['A', 'm']], 'annotations': {'vertical': [{'value': 5}]}}",
                "The parameter MetricWidget is invalid at /annotations/vertical/0/value: Should be an ISO 8601 timestamp or a relative time such as -PT3H");
        invalid("{'metrics': [['A', 'm']], 'annotations': {'vertical': [{'value': '-PT1H', 'fill': 'above'}]}}",
                "The parameter MetricWidget is invalid at /annotations/vertical/0/fill: Should be equal to one of the allowed values [after, before]");
        invalid("{'metrics': [['A', 'm']], 'legend': 'bottom'}", "The parameter MetricWidget is invalid at /legend: Should be object");
        invalid("{'metrics': [['A', 'm']], 'legend': {'position': 'top'}}",
                "The parameter MetricWidget is invalid at /legend/position: Should be equal to one of the allowed values [bottom, right, hidden]");
        for (String tz : List.of("UTC", "+2400", "0100", "+01:00", "+0160")) {
            invalid("{'metrics': [['A', 'm']], 'timezone': '" + tz + "'}",
                    "The parameter MetricWidget is invalid at /timezone: Should match format +HHMM or -HHMM");
        }
    }

    @Test
    void anExpressionIsRefusedWithGetMetricDatasWordingAfterValidation() {
        AwsError e = error("{'metrics': [['A', 'm', {'id': 'm1'}], [{'expression': 'm1 * 2', 'label': 'x2', 'id': 'e1'}]]}");
        assertThat(e.code()).isEqualTo("UnsupportedOperation");
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).isEqualTo("Metric math and Metrics Insights expressions (MetricWidget /metrics/1/0/expression)"
                + " are not implemented by this Synaps server yet; use MetricStat queries.");
        // a validation problem anywhere wins over the expression
        invalid("{'metrics': [[{'expression': 'm1'}]], 'width': 0}", "The parameter MetricWidget is invalid at /width: Should be >= 1");
    }

    @Test
    void tooManyDatapointsAreRefusedBeforeAnyRead() {
        invalid("{'metrics': [['A', 'm'], ['A', 'n']], 'period': 1, 'start': '-P1D'}",
                "The MetricWidget requests up to 172800 datapoints, which exceeds the limit of 100800."
                        + " You may reduce the datapoints requested by increasing period, or decreasing the time range.");
        assertThat(parse("{'metrics': [['A', 'm'], ['A', 'n', {'visible': false}]], 'period': 1, 'start': '-P1D'}").rows()).hasSize(2);
        assertThat(parse("{'metrics': [['A', 'm']], 'period': 1, 'start': '-P400D', 'view': 'singleValue',"
                + " 'setPeriodToTimeRange': true}").rows()).hasSize(1);
    }
}
