package io.synaps.api.action.widget;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.api.action.Action;
import io.synaps.api.action.ActionsConfig;
import io.synaps.api.action.CloudWatchActions;
import io.synaps.api.action.Inputs;
import io.synaps.api.action.RequestContext;
import io.synaps.api.protocol.Members;
import io.synaps.engine.EngineConfig;
import io.synaps.engine.MetricEngine;
import io.synaps.journal.SegmentJournal;
import io.synaps.journal.SegmentJournalConfig;
import io.synaps.model.AwsError;
import io.synaps.model.StandardUnit;
import io.synaps.store.rocksdb.RocksDbStorage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GetMetricWidgetImage end to end over the real engine (a MetricEngine on a SegmentJournal and a
 * RocksDB store in a temporary directory): data written with PutMetricData comes back as pixels of
 * the palette colour at the right row, read per account, with GetMetricData's statistics, labels
 * and windows, and AWS-style errors for bad input.
 */
class GetMetricWidgetImageActionTest {
    private static final Instant NOW = Inputs.NOW; // 2026-01-10T12:00:00Z
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;
    private SegmentJournal journal;
    private RocksDbStorage storage;
    private MetricEngine engine;
    private Action put;
    private GetMetricWidgetImageAction action;

    @BeforeEach
    void start() {
        journal = SegmentJournal.open(SegmentJournalConfig.of(dir.resolve("journal"), 2));
        storage = RocksDbStorage.open(dir.resolve("store"), CLOCK);
        engine = new MetricEngine(journal, storage.metricStore(),
                EngineConfig.defaults(2).withFlushInterval(Duration.ofHours(1)), CLOCK);
        engine.start();
        put = CloudWatchActions.create(engine, engine, storage.dashboardStore(), new ActionsConfig(3, 1000, 100_800, "aws"))
                .stream().filter(a -> a.name().equals("PutMetricData")).findFirst().orElseThrow();
        action = new GetMetricWidgetImageAction(engine);
    }

    @AfterEach
    void stop() {
        engine.close();
        journal.close();
        storage.close();
    }

    /** One value per minute from {@code minutesAgo} minutes before now up to (not including) {@code untilAgo}. */
    private void putMinutes(String account, String metric, String dimValue, double value, int minutesAgo, int untilAgo) {
        StringBuilder data = new StringBuilder();
        for (int m = minutesAgo; m > untilAgo; m--) {
            data.append(data.length() == 0 ? "" : ",").append("{'MetricName': '").append(metric)
                    .append("', 'Dimensions': [{'Name': 'host', 'Value': '").append(dimValue)
                    .append("'}], 'Unit': 'Percent', 'Timestamp': '").append(NOW.minusSeconds(60L * m)).append("', 'Value': ")
                    .append(value).append('}');
        }
        assertThat(Inputs.output(put, context(account), Inputs.json("{'Namespace': 'App', 'MetricData': [" + data + "]}")))
                .isNull();
    }

    private static RequestContext context(String account) {
        return new RequestContext("req-1", account, "AKIDEXAMPLE", "us-east-1", CLOCK);
    }

    private static Members input(String widget, String format) {
        ObjectNode in = JsonNodeFactory.instance.objectNode();
        in.put("MetricWidget", widget.replace('\'', '"'));
        if (format != null) {
            in.put("OutputFormat", format);
        }
        return Members.root(in);
    }

    private BufferedImage image(String account, String widget) {
        ObjectNode out = Inputs.output(action, context(account), input(widget, "png"));
        JsonNode blob = out.get("MetricWidgetImage");
        assertThat(blob.isBinary()).isTrue();
        try {
            return ImageIO.read(new ByteArrayInputStream(blob.binaryValue()));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The plot's data area for a widget, found by rendering it again (the layout depends only on the widget and labels). */
    private Rectangle area(String account, String widget) {
        MetricWidget w = MetricWidgetParser.parse(widget.replace('\'', '"'), NOW);
        return new WidgetChartRenderer().render(w, action.read(account, w, NOW)).dataArea().getBounds();
    }

    private static int count(BufferedImage image, Rectangle r, Color c) {
        int n = 0;
        for (int y = Math.max(0, r.y); y < Math.min(image.getHeight(), r.y + r.height); y++) {
            for (int x = r.x; x < r.x + r.width; x++) {
                if ((image.getRGB(x, y) & 0xffffff) == (c.getRGB() & 0xffffff)) {
                    n++;
                }
            }
        }
        return n;
    }

    private static Rectangle rowBand(Rectangle area, double value) {
        int row = (int) Math.floor(area.y + area.height * (1 - value / 100));
        return new Rectangle(area.x, row - 1, area.width, 3);
    }

    // ---------------------------------------------------------------- images

    @Test
    void putDataComesBackAsAPngOfTheRequestedSizeWithThePaletteColourAtItsRow() {
        putMinutes(Inputs.ACCOUNT, "cpu", "a", 42, 170, 5);
        String widget = "{'metrics': [['App', 'cpu', 'host', 'a']], 'width': 480, 'height': 300, 'title': 'CPU',"
                + " 'yAxis': {'left': {'min': 0, 'max': 100}}}";
        BufferedImage image = image(Inputs.ACCOUNT, widget);
        assertThat(image.getWidth()).isEqualTo(480);
        assertThat(image.getHeight()).isEqualTo(300);
        Rectangle area = area(Inputs.ACCOUNT, widget);
        assertThat(count(image, rowBand(area, 42), WidgetChartRenderer.PALETTE.get(0))).isGreaterThan(area.width * 8 / 10);
    }

    @Test
    void anotherAccountDrawsNoneOfTheCallersData() {
        putMinutes(Inputs.ACCOUNT, "cpu", "a", 42, 170, 5);
        String widget = "{'metrics': [['App', 'cpu', 'host', 'a']]}";
        BufferedImage mine = image(Inputs.ACCOUNT, widget);
        BufferedImage theirs = image("210987654321", widget);
        Rectangle whole = new Rectangle(0, 0, 600, 400);
        assertThat(count(mine, whole, WidgetChartRenderer.PALETTE.get(0))).isGreaterThan(300);
        // only the legend swatch is drawn in the other account: no line
        assertThat(count(theirs, whole, WidgetChartRenderer.PALETTE.get(0))).isLessThan(150);
        assertThat(action.read("210987654321", MetricWidgetParser.parse(widget.replace('\'', '"'), NOW), NOW).get(0).size())
                .isZero();
    }

    @Test
    void shorthandRowsEachDrawTheirOwnSeries() {
        putMinutes(Inputs.ACCOUNT, "cpu", "a", 20, 170, 5);
        putMinutes(Inputs.ACCOUNT, "cpu", "b", 80, 170, 5);
        String widget = "{'metrics': [['App', 'cpu', 'host', 'a'], ['...', 'b']], 'yAxis': {'left': {'min': 0, 'max': 100}}}";
        BufferedImage image = image(Inputs.ACCOUNT, widget);
        Rectangle area = area(Inputs.ACCOUNT, widget);
        assertThat(count(image, rowBand(area, 20), WidgetChartRenderer.PALETTE.get(0))).isGreaterThan(area.width * 8 / 10);
        assertThat(count(image, rowBand(area, 80), WidgetChartRenderer.PALETTE.get(1))).isGreaterThan(area.width * 8 / 10);
        assertThat(count(image, rowBand(area, 80), WidgetChartRenderer.PALETTE.get(0))).isZero();
    }

    @Test
    void imagePngAnswersTheSamePng() {
        putMinutes(Inputs.ACCOUNT, "cpu", "a", 42, 60, 5);
        String widget = "{'metrics': [['App', 'cpu', 'host', 'a']], 'width': 200, 'height': 100}";
        ObjectNode png = Inputs.output(action, context(Inputs.ACCOUNT), input(widget, "png"));
        ObjectNode imagePng = Inputs.output(action, context(Inputs.ACCOUNT), input(widget, "image/png"));
        ObjectNode absent = Inputs.output(action, context(Inputs.ACCOUNT), input(widget, null));
        assertThat(imagePng.get("MetricWidgetImage")).isEqualTo(png.get("MetricWidgetImage"));
        assertThat(absent.get("MetricWidgetImage")).isEqualTo(png.get("MetricWidgetImage"));
    }

    @Test
    void aQueryRequestWorksLikeAJsonOne() {
        putMinutes(Inputs.ACCOUNT, "cpu", "a", 42, 60, 5);
        String widget = "{\"metrics\": [[\"App\", \"cpu\", \"host\", \"a\"]], \"width\": 200, \"height\": 100}";
        ObjectNode query = Inputs.output(action, context(Inputs.ACCOUNT), Inputs.query("MetricWidget", widget, "OutputFormat", "png"));
        ObjectNode json = Inputs.output(action, context(Inputs.ACCOUNT), input(widget, "png"));
        assertThat(query.get("MetricWidgetImage")).isEqualTo(json.get("MetricWidgetImage"));
    }

    // ---------------------------------------------------------------- what is read

    @Test
    void rowsAreReadWithTheirStatisticPeriodAndGetMetricDatasDefaultLabels() {
        putMinutes(Inputs.ACCOUNT, "cpu", "a", 10, 120, 0);
        putMinutes(Inputs.ACCOUNT, "cpu", "a", 30, 120, 0); // two samples a minute: 10 and 30
        MetricWidget w = MetricWidgetParser.parse(("{'metrics': [['App', 'cpu', 'host', 'a'],"
                + " ['...', {'stat': 'Maximum', 'period': 60}], ['...', {'stat': 'SampleCount', 'label': 'samples'}],"
                + " ['...', {'visible': false}]], 'liveData': true}").replace('\'', '"'), NOW);
        List<WidgetSeries> s = action.read(Inputs.ACCOUNT, w, NOW);
        assertThat(s).extracting(WidgetSeries::label).containsExactly("cpu Average 300", "cpu Maximum 60", "samples");
        assertThat(s.get(0).values()).containsOnly(20.0);
        assertThat(s.get(1).values()).containsOnly(30.0);
        assertThat(s.get(1).size()).isEqualTo(120);
        assertThat(s.get(2).values()).contains(10.0); // five minutes of two samples
        assertThat(s.get(0).unit()).isEqualTo(StandardUnit.PERCENT);
        // buckets start at the start rounded to the minute and step by the period
        long start = NOW.minusSeconds(3 * 3600).getEpochSecond();
        for (long t : s.get(0).timestamps()) {
            assertThat((t - start) % 300).isZero();
        }
    }

    @Test
    void withoutLiveDataAPeriodShowsOnceItEndedAMinuteAgo() {
        putMinutes(Inputs.ACCOUNT, "cpu", "a", 50, 10, 0); // 11:50 .. 11:59
        String json = "{'metrics': [['App', 'cpu', 'host', 'a']], 'period': 60, 'start': '-PT10M'%s}";
        List<WidgetSeries> settled = action.read(Inputs.ACCOUNT,
                MetricWidgetParser.parse(String.format(json, "").replace('\'', '"'), NOW), NOW);
        List<WidgetSeries> live = action.read(Inputs.ACCOUNT,
                MetricWidgetParser.parse(String.format(json, ", 'liveData': true").replace('\'', '"'), NOW), NOW);
        assertThat(live.get(0).timestamps()).hasSize(10).endsWith(NOW.minusSeconds(60).getEpochSecond());
        // the 11:59 minute ends at 12:00, less than a minute ago; 11:58 ended at 11:59 and shows
        assertThat(settled.get(0).timestamps()).hasSize(9).endsWith(NOW.minusSeconds(120).getEpochSecond());
    }

    @Test
    void singleValueOverTheWholeRangeReadsOnePeriodSpanningIt() {
        putMinutes(Inputs.ACCOUNT, "req", "a", 1, 120, 0);
        MetricWidget whole = MetricWidgetParser.parse(("{'metrics': [['App', 'req', 'host', 'a']], 'stat': 'Sum',"
                + " 'view': 'singleValue', 'setPeriodToTimeRange': true}").replace('\'', '"'), NOW);
        List<WidgetSeries> s = action.read(Inputs.ACCOUNT, whole, NOW);
        assertThat(s.get(0).values()).containsExactly(120.0);
        MetricWidget latest = MetricWidgetParser.parse(("{'metrics': [['App', 'req', 'host', 'a']], 'stat': 'Sum',"
                + " 'view': 'singleValue', 'liveData': true}").replace('\'', '"'), NOW);
        double[] values = action.read(Inputs.ACCOUNT, latest, NOW).get(0).values();
        assertThat(values[values.length - 1]).isEqualTo(5.0);
        BufferedImage image = image(Inputs.ACCOUNT, "{'metrics': [['App', 'req', 'host', 'a']], 'stat': 'Sum',"
                + " 'view': 'singleValue', 'setPeriodToTimeRange': true, 'width': 300, 'height': 120}");
        assertThat(image.getWidth()).isEqualTo(300);
        assertThat(count(image, new Rectangle(0, 0, 300, 120), WidgetChartRenderer.PALETTE.get(0))).isPositive();
    }

    // ---------------------------------------------------------------- errors

    @Test
    void metricWidgetIsRequired() {
        AwsError e = Inputs.error(action, Members.root(JsonNodeFactory.instance.objectNode()));
        assertThat(e.code()).isEqualTo("MissingParameter");
        assertThat(e.getMessage()).isEqualTo("The parameter MetricWidget is required.");
    }

    @Test
    void outputFormatsOtherThanPngAreRefused() {
        for (String format : List.of("jpeg", "PNG", "image/jpeg", "")) {
            AwsError e = Inputs.error(action, input("{'metrics': [['A', 'm']]}", format));
            assertThat(e.code()).isEqualTo("ValidationError");
            assertThat(e.getMessage()).isEqualTo("The value " + format + " for parameter OutputFormat is invalid."
                    + " Only PNG images are supported: png or image/png.");
        }
    }

    @Test
    void badWidgetsAndExpressionsAnswerTheParsersErrors() {
        AwsError invalid = Inputs.error(action, input("{'metrics': [['A', 'm']], 'width': 5000}", null));
        assertThat(invalid.code()).isEqualTo("ValidationError");
        assertThat(invalid.getMessage()).isEqualTo("The parameter MetricWidget is invalid at /width: Should be <= 2000");
        AwsError math = Inputs.error(action, input("{'metrics': [[{'expression': 'SUM(METRICS())'}]]}", null));
        assertThat(math.code()).isEqualTo("UnsupportedOperation");
        assertThat(math.getMessage()).startsWith("Metric math and Metrics Insights expressions (MetricWidget /metrics/0/0/expression)");
    }
}
