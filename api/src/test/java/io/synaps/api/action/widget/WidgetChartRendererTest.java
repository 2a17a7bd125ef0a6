package io.synaps.api.action.widget;

import io.synaps.api.action.widget.MetricWidget.Axis;
import io.synaps.api.action.widget.MetricWidget.Fill;
import io.synaps.api.action.widget.MetricWidget.HorizontalAnnotation;
import io.synaps.api.action.widget.MetricWidget.Side;
import io.synaps.api.action.widget.WidgetChartRenderer.WidgetImage;
import io.synaps.model.StandardUnit;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Rectangle;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * WidgetChartRenderer's PNGs decoded with ImageIO: their size, the palette colours inside the
 * plot, annotation lines at their value's pixel row, single values as text, and "No data
 * available" for widgets without datapoints.
 */
class WidgetChartRendererTest {
    private static final Instant NOW = Instant.parse("2026-01-10T12:00:00Z");
    private static final WidgetChartRenderer RENDERER = new WidgetChartRenderer();

    private static MetricWidget widget(String json) {
        return MetricWidgetParser.parse(json.replace('\'', '"'), NOW);
    }

    /** A series over the widget's default three hours, one point per five minutes, all {@code value}s from {@code f}. */
    private static WidgetSeries series(String label, Integer rgb, Side side, java.util.function.IntToDoubleFunction f) {
        int n = 36;
        long[] ts = new long[n];
        double[] vs = new double[n];
        long start = NOW.minusSeconds(3 * 3600).getEpochSecond();
        for (int i = 0; i < n; i++) {
            ts[i] = start + i * 300L;
            vs[i] = f.applyAsDouble(i);
        }
        return new WidgetSeries(label, rgb, side, StandardUnit.PERCENT, ts, vs);
    }

    private static WidgetSeries flat(String label, double value) {
        return series(label, null, Side.LEFT, i -> value);
    }

    private static WidgetSeries empty(String label) {
        return new WidgetSeries(label, null, Side.LEFT, null, new long[0], new double[0]);
    }

    private record Decoded(BufferedImage image, Rectangle area) {
    }

    private static Decoded render(MetricWidget w, List<WidgetSeries> series) {
        WidgetImage out = RENDERER.render(w, series);
        assertThat(out.png()).startsWith(0x89, 'P', 'N', 'G');
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(out.png()));
            assertThat(image).isNotNull();
            return new Decoded(image, out.dataArea().getBounds());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int count(BufferedImage image, Rectangle r, Color c) {
        int n = 0;
        Rectangle in = r.intersection(new Rectangle(0, 0, image.getWidth(), image.getHeight()));
        for (int y = in.y; y < in.y + in.height; y++) {
            for (int x = in.x; x < in.x + in.width; x++) {
                if ((image.getRGB(x, y) & 0xffffff) == (c.getRGB() & 0xffffff)) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Pixels at least as dark as text (anti-aliased glyph cores), in {@code r}. */
    private static int dark(BufferedImage image, Rectangle r) {
        int n = 0;
        for (int y = r.y; y < r.y + r.height; y++) {
            for (int x = r.x; x < r.x + r.width; x++) {
                int rgb = image.getRGB(x, y);
                int lum = ((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff);
                if (lum < 3 * 120) {
                    n++;
                }
            }
        }
        return n;
    }

    private static int rowOf(Rectangle area, double value, double min, double max) {
        return (int) Math.floor(area.y + area.height * (1 - (value - min) / (max - min)));
    }

    // ---------------------------------------------------------------- size

    @Test
    void theImageIsExactlyTheWidgetsWidthByHeight() {
        for (String size : List.of("", ", 'width': 1, 'height': 1", ", 'width': 320, 'height': 200",
                ", 'width': 2000, 'height': 1200")) {
            for (String view : List.of("timeSeries", "singleValue")) {
                MetricWidget w = widget("{'metrics': [['A', 'm']], 'view': '" + view + "', 'title': 'T'" + size + "}");
                BufferedImage image = render(w, List.of(flat("m", 5))).image();
                assertThat(image.getWidth()).as(view + size).isEqualTo(w.width());
                assertThat(image.getHeight()).as(view + size).isEqualTo(w.height());
            }
        }
        BufferedImage defaults = render(widget("{'metrics': [['A', 'm']]}"), List.of(flat("m", 5))).image();
        assertThat(defaults.getWidth()).isEqualTo(600);
        assertThat(defaults.getHeight()).isEqualTo(400);
    }

    // ---------------------------------------------------------------- colours

    @Test
    void seriesTakeThePaletteInOrderInsideThePlot() {
        Decoded d = render(widget("{'metrics': [['A', 'a'], ['A', 'b'], ['A', 'c']]}"),
                List.of(flat("a", 10), flat("b", 20), flat("c", 30)));
        for (int i = 0; i < 3; i++) {
            assertThat(count(d.image(), d.area(), WidgetChartRenderer.PALETTE.get(i))).as("palette colour %d", i)
                    .isGreaterThan(d.area().width / 2);
        }
        assertThat(count(d.image(), d.area(), WidgetChartRenderer.PALETTE.get(3))).isZero();
        assertThat(WidgetChartRenderer.PALETTE.get(0)).isEqualTo(new Color(0x1f77b4));
    }

    @Test
    void anExplicitColourReplacesThePaletteColourOfItsPosition() {
        Decoded d = render(widget("{'metrics': [['A', 'a', {'color': '#ff00ff'}], ['A', 'b']]}"),
                List.of(series("a", 0xff00ff, Side.LEFT, i -> 10), flat("b", 20)));
        assertThat(count(d.image(), d.area(), new Color(0xff00ff))).isGreaterThan(d.area().width / 2);
        assertThat(count(d.image(), d.area(), WidgetChartRenderer.PALETTE.get(0))).isZero();
        assertThat(count(d.image(), d.area(), WidgetChartRenderer.PALETTE.get(1))).isGreaterThan(d.area().width / 2);
    }

    @Test
    void aSeriesIsDrawnAtItsValuesPixelRow() {
        Decoded d = render(widget("{'metrics': [['A', 'a']], 'yAxis': {'left': {'min': 0, 'max': 100}}}"),
                List.of(flat("a", 75)));
        int row = rowOf(d.area(), 75, 0, 100);
        Rectangle band = new Rectangle(d.area().x, row - 1, d.area().width, 3);
        assertThat(count(d.image(), band, WidgetChartRenderer.PALETTE.get(0))).isGreaterThan(d.area().width / 2);
        Rectangle elsewhere = new Rectangle(d.area().x, rowOf(d.area(), 25, 0, 100), d.area().width, 3);
        assertThat(count(d.image(), elsewhere, WidgetChartRenderer.PALETTE.get(0))).isZero();
    }

    @Test
    void stackedSeriesFillAreasWithTheirColours() {
        Decoded d = render(widget("{'metrics': [['A', 'a'], ['A', 'b']], 'stacked': true,"
                + " 'yAxis': {'left': {'min': 0, 'max': 100}}}"), List.of(flat("a", 30), flat("b", 40)));
        int plot = d.area().width * d.area().height;
        assertThat(count(d.image(), d.area(), WidgetChartRenderer.PALETTE.get(0))).isGreaterThan(plot / 5);
        assertThat(count(d.image(), d.area(), WidgetChartRenderer.PALETTE.get(1))).isGreaterThan(plot / 5);
        // b sits on a: its colour reaches up to 70 of 100 and no further
        int above = rowOf(d.area(), 80, 0, 100);
        assertThat(count(d.image(), new Rectangle(d.area().x, d.area().y, d.area().width, above - d.area().y),
                WidgetChartRenderer.PALETTE.get(1))).isZero();
    }

    @Test
    void aRightAxisSeriesIsDrawnAgainstItsOwnScale() {
        Decoded d = render(widget("{'metrics': [['A', 'a'], ['A', 'b', {'yAxis': 'right'}]],"
                        + " 'yAxis': {'left': {'min': 0, 'max': 100}, 'right': {'min': 0, 'max': 1000}}}"),
                List.of(flat("a", 50), series("b", null, Side.RIGHT, i -> 250)));
        int row = rowOf(d.area(), 250, 0, 1000);
        assertThat(count(d.image(), new Rectangle(d.area().x, row - 1, d.area().width, 3),
                WidgetChartRenderer.PALETTE.get(1))).isGreaterThan(d.area().width / 2);
    }

    // ---------------------------------------------------------------- annotations

    @Test
    void aHorizontalAnnotationIsALineAtItsValue() {
        Decoded d = render(widget("{'metrics': [['A', 'a']], 'yAxis': {'left': {'min': 0, 'max': 100}},"
                        + " 'annotations': {'horizontal': [{'value': 40, 'label': 'limit', 'color': '#00aa00'}]}}"),
                List.of(flat("a", 10)));
        Color green = new Color(0x00aa00);
        int row = rowOf(d.area(), 40, 0, 100);
        assertThat(count(d.image(), new Rectangle(d.area().x, row - 1, d.area().width, 3), green))
                .isGreaterThan(d.area().width * 9 / 10);
        assertThat(count(d.image(), new Rectangle(d.area().x, row + 10, d.area().width, d.area().height - 10 - (row - d.area().y)),
                green)).isZero();
    }

    @Test
    void anAnnotationOutsideTheDataWidensTheAxisToShowIt() {
        Decoded d = render(widget("{'metrics': [['A', 'a']],"
                + " 'annotations': {'horizontal': [{'value': 500, 'color': '#00aa00'}]}}"), List.of(flat("a", 10)));
        assertThat(count(d.image(), d.area(), new Color(0x00aa00))).isGreaterThan(d.area().width * 9 / 10);
        double[] range = WidgetChartRenderer.range(List.of(flat("a", 10)), List.of(0), false,
                List.of(new HorizontalAnnotation(500, null, null, null, Fill.NONE, Side.LEFT)), Axis.DEFAULT);
        assertThat(range[0]).isEqualTo(0.0);
        assertThat(range[1]).isCloseTo(524.5, within(1e-9));
    }

    @Test
    void fillAboveShadesOnlyTheSideAboveTheLine() {
        Decoded d = render(widget("{'metrics': [['A', 'a']], 'yAxis': {'left': {'min': 0, 'max': 100}},"
                        + " 'annotations': {'horizontal': [{'value': 50, 'color': '#0000ff', 'fill': 'above'}]}}"),
                List.of(flat("a", 10)));
        int row = rowOf(d.area(), 50, 0, 100);
        int x = d.area().x + d.area().width / 2 + 3;
        int above = d.image().getRGB(x, row - 15) & 0xffffff;
        int below = d.image().getRGB(x, row + 15) & 0xffffff;
        assertThat(above).isNotEqualTo(0xffffff);
        assertThat(above & 0xff).isGreaterThan((above >> 16) & 0xff); // tinted blue
        assertThat(below).isEqualTo(0xffffff);
    }

    @Test
    void aVerticalAnnotationIsALineAtItsInstant() {
        Decoded d = render(widget("{'metrics': [['A', 'a']],"
                        + " 'annotations': {'vertical': [{'value': '2026-01-10T10:30:00Z', 'label': 'deploy', 'color': '#00aa00'}]}}"),
                List.of(flat("a", 10)));
        int column = (int) Math.floor(d.area().x + d.area().width * 0.5);
        assertThat(count(d.image(), new Rectangle(column - 1, d.area().y, 3, d.area().height), new Color(0x00aa00)))
                .isGreaterThan(d.area().height * 9 / 10);
    }

    // ---------------------------------------------------------------- layout

    @Test
    void aHiddenLegendGivesThePlotItsRoomAndARightLegendTakesWidth() {
        List<WidgetSeries> s = List.of(flat("a", 1), flat("b", 2));
        Rectangle bottom = render(widget("{'metrics': [['A', 'a'], ['A', 'b']]}"), s).area();
        Rectangle hidden = render(widget("{'metrics': [['A', 'a'], ['A', 'b']], 'legend': {'position': 'hidden'}}"), s).area();
        Rectangle right = render(widget("{'metrics': [['A', 'a'], ['A', 'b']], 'legend': {'position': 'right'}}"), s).area();
        assertThat(hidden.height).isGreaterThan(bottom.height);
        assertThat(right.width).isLessThan(hidden.width);
        assertThat(right.height).isEqualTo(hidden.height);
    }

    @Test
    void aTitleIsDrawnAboveThePlot() {
        Decoded titled = render(widget("{'metrics': [['A', 'a']], 'title': 'Requests per host'}"), List.of(flat("a", 1)));
        Decoded plain = render(widget("{'metrics': [['A', 'a']]}"), List.of(flat("a", 1)));
        assertThat(titled.area().y).isGreaterThan(plain.area().y);
        assertThat(dark(titled.image(), new Rectangle(0, 0, 200, titled.area().y))).isGreaterThan(20);
    }

    @Test
    void theTimeAxisIsLabelledInTheWidgetsTimezone() {
        List<WidgetSeries> s = List.of(flat("a", 1));
        BufferedImage utc = render(widget("{'metrics': [['A', 'a']]}"), s).image();
        BufferedImage shifted = render(widget("{'metrics': [['A', 'a']], 'timezone': '+0530'}"), s).image();
        Rectangle axis = render(widget("{'metrics': [['A', 'a']]}"), s).area();
        Rectangle labels = new Rectangle(0, axis.y + axis.height, 600, 18);
        assertThat(differing(utc, shifted, labels)).isGreaterThan(10);
        Rectangle plot = new Rectangle(axis.x + 2, axis.y + 2, axis.width - 4, axis.height - 4);
        assertThat(differing(utc, shifted, plot)).isZero();
    }

    private static int differing(BufferedImage a, BufferedImage b, Rectangle r) {
        int n = 0;
        for (int y = r.y; y < r.y + r.height; y++) {
            for (int x = r.x; x < r.x + r.width; x++) {
                if (a.getRGB(x, y) != b.getRGB(x, y)) {
                    n++;
                }
            }
        }
        return n;
    }

    // ---------------------------------------------------------------- no data, single value

    @Test
    void aWidgetWithoutDatapointsSaysNoDataAvailable() {
        String json = "{'metrics': [['A', 'a'], ['A', 'b']], 'yAxis': {'left': {'min': 0, 'max': 100}}}";
        Decoded d = render(widget(json), List.of(empty("a"), empty("b")));
        assertThat(d.image().getWidth()).isEqualTo(600);
        Rectangle middle = new Rectangle(d.area().x, d.area().y + d.area().height / 2 - 15, d.area().width, 30);
        assertThat(dark(d.image(), middle)).isGreaterThan(30);
        for (Color c : WidgetChartRenderer.PALETTE.subList(0, 2)) {
            assertThat(count(d.image(), d.area(), c)).isZero();
        }
        Decoded with = render(widget(json), List.of(empty("a"), flat("b", 90)));
        Rectangle sameMiddle = new Rectangle(with.area().x, with.area().y + with.area().height / 2 - 15, with.area().width, 30);
        assertThat(dark(with.image(), sameMiddle)).isZero();
        // no visible rows at all is no data too
        Decoded none = render(widget("{'metrics': [['A', 'a', {'visible': false}]]}"), List.of());
        assertThat(dark(none.image(), new Rectangle(none.area().x, none.area().y + none.area().height / 2 - 15,
                none.area().width, 30))).isGreaterThan(30);
    }

    @Test
    void singleValueDrawsEachLatestValueAsLargeTextUnderItsLabel() {
        MetricWidget w = widget("{'metrics': [['A', 'a'], ['A', 'b']], 'view': 'singleValue'}");
        Decoded d = render(w, List.of(series("a", null, Side.LEFT, i -> i), flat("b", 1234567)));
        assertThat(d.area()).isEqualTo(new Rectangle(0, 0, 600, 400));
        Rectangle left = new Rectangle(0, 0, 300, 120);
        Rectangle right = new Rectangle(300, 0, 300, 120);
        assertThat(dark(d.image(), left)).isGreaterThan(200);
        assertThat(dark(d.image(), right)).isGreaterThan(200);
        assertThat(count(d.image(), left, WidgetChartRenderer.PALETTE.get(0))).isGreaterThan(50);
        assertThat(count(d.image(), right, WidgetChartRenderer.PALETTE.get(1))).isGreaterThan(50);
        Decoded nothing = render(w, List.of(empty("a"), empty("b")));
        assertThat(dark(nothing.image(), new Rectangle(0, 0, 600, 400))).isGreaterThan(30);
        assertThat(dark(nothing.image(), new Rectangle(0, 0, 600, 150))).isZero();
    }

    @Test
    void singleValuesAreShortenedLikeCloudWatchShowsThem() {
        assertThat(WidgetChartRenderer.format(42)).isEqualTo("42");
        assertThat(WidgetChartRenderer.format(42.56789)).isEqualTo("42.57");
        assertThat(WidgetChartRenderer.format(12345)).isEqualTo("12.35k");
        assertThat(WidgetChartRenderer.format(-1_500_000)).isEqualTo("-1.5M");
        assertThat(WidgetChartRenderer.format(2.5e9)).isEqualTo("2.5B");
        assertThat(WidgetChartRenderer.format(0.0046213)).isEqualTo("0.004621");
        assertThat(WidgetChartRenderer.format(0)).isEqualTo("0");
    }

    @Test
    void manySeriesAndLongLabelsStillRender() {
        List<WidgetSeries> many = new ArrayList<>();
        StringBuilder rows = new StringBuilder("{'metrics': [['A', 'm0']");
        for (int i = 0; i < 30; i++) {
            int k = i;
            many.add(series("metric " + "x".repeat(40) + i, null, Side.LEFT, j -> k * 10 + j));
            if (i > 0) {
                rows.append(", ['A', 'm").append(i).append("']");
            }
        }
        for (String view : List.of("timeSeries", "singleValue")) {
            Decoded d = render(widget(rows + "], 'view': '" + view + "', 'width': 300, 'height': 200}"), many);
            assertThat(d.image().getWidth()).isEqualTo(300);
        }
        Decoded d = render(widget(rows + "]}"), many);
        // the 21st series wraps around to the first palette colour
        assertThat(count(d.image(), d.area(), WidgetChartRenderer.PALETTE.get(0))).isGreaterThan(0);
        Rectangle2D area = d.area();
        assertThat(area.getHeight()).isPositive();
    }
}
