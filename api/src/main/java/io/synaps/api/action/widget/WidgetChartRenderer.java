package io.synaps.api.action.widget;

import io.synaps.api.action.widget.MetricWidget.Axis;
import io.synaps.api.action.widget.MetricWidget.Fill;
import io.synaps.api.action.widget.MetricWidget.HorizontalAnnotation;
import io.synaps.api.action.widget.MetricWidget.LegendPosition;
import io.synaps.api.action.widget.MetricWidget.Side;
import io.synaps.api.action.widget.MetricWidget.VerticalAnnotation;
import io.synaps.model.StandardUnit;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.Marker;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.AbstractXYItemRenderer;
import org.jfree.chart.renderer.xy.StackedXYAreaRenderer2;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.HorizontalAlignment;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.DefaultTableXYDataset;
import org.jfree.data.xy.XYDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TimeZone;
import java.util.TreeSet;

/**
 * WidgetChartRenderer draws a {@link MetricWidget} and its {@link WidgetSeries} to a PNG with
 * JFreeChart in headless AWT: a time-series line chart (stacked areas when {@code stacked}) with
 * CloudWatch's default palette, legend, title, left/right y-axes, horizontal and vertical
 * annotations and a time axis in the widget's timezone; or, for singleValue, each series' latest
 * value as large text under its label. No data draws {@value #NO_DATA} as AWS does. Sets
 * {@code java.awt.headless=true} when unset before AWT starts. Stateless; thread-safe (each call
 * builds its own chart and image).
 */
public final class WidgetChartRenderer {
    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** CloudWatch's default series colours, in the order series take them. */
    public static final List<Color> PALETTE = List.of(
            new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
            new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf),
            new Color(0xaec7e8), new Color(0xffbb78), new Color(0x98df8a), new Color(0xff9896), new Color(0xc5b0d5),
            new Color(0xc49c94), new Color(0xf7b6d2), new Color(0xc7c7c7), new Color(0xdbdb8d), new Color(0x9edae5));
    /** What an image without any datapoint says. */
    public static final String NO_DATA = "No data available";
    /** Colour of an annotation that names none. */
    public static final Color ANNOTATION_DEFAULT = new Color(0x545b64);
    static final Color TEXT = new Color(0x16191f);
    static final Color MUTED = new Color(0x545b64);
    static final Color GRID = new Color(0xe9ebed);
    private static final Color CLEAR = new Color(0, 0, 0, 0);
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 14);
    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    private static final Font LEGEND_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font MESSAGE_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    private static final Stroke LINE = new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    private static final Stroke GRID_STROKE = new BasicStroke(1f);
    private static final float FILL_ALPHA = 0.15f;

    /**
     * WidgetImage is a rendered widget: the PNG bytes and, in image pixels, the area the data is
     * drawn in (the plot's data area; the whole image for singleValue).
     */
    public record WidgetImage(byte[] png, Rectangle2D dataArea) {
    }

    /** Draws {@code widget} with {@code series} (the visible rows' data, in widget order). */
    public WidgetImage render(MetricWidget widget, List<WidgetSeries> series) {
        Objects.requireNonNull(widget, "widget");
        BufferedImage image = new BufferedImage(widget.width(), widget.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        Rectangle2D area;
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, widget.width(), widget.height());
            area = widget.view() == MetricWidget.View.SINGLE_VALUE
                    ? singleValue(g, widget, series)
                    : timeSeries(g, widget, series);
        } finally {
            g.dispose();
        }
        return new WidgetImage(png(image), area);
    }

    /** The colour of the series at {@code index}: its own, else the palette's. */
    static Color colour(WidgetSeries s, int index) {
        return s.rgb() != null ? new Color(s.rgb()) : PALETTE.get(index % PALETTE.size());
    }

    // ---------------------------------------------------------------- timeSeries

    /** A unique, ordered series key whose text is the legend label. */
    private record SeriesKey(int index, String label) implements Comparable<SeriesKey> {
        @Override
        public int compareTo(SeriesKey o) {
            return Integer.compare(index, o.index);
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private Rectangle2D timeSeries(Graphics2D g, MetricWidget w, List<WidgetSeries> series) {
        TimeZone zone = TimeZone.getTimeZone(w.timezone());
        DateAxis time = new DateAxis();
        time.setTimeZone(zone);
        time.setStandardTickUnits(DateAxis.createStandardDateTickUnits(zone, Locale.ROOT));
        time.setRange(new Date(w.start().toEpochMilli()), new Date(w.end().toEpochMilli()));
        style(time);

        XYPlot plot = new XYPlot();
        plot.setDomainAxis(time);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlineVisible(false);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinePaint(GRID);
        plot.setRangeGridlineStroke(GRID_STROKE);
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        plot.setNoDataMessage(NO_DATA);
        plot.setNoDataMessageFont(MESSAGE_FONT);
        plot.setNoDataMessagePaint(MUTED);

        boolean hasRight = series.stream().anyMatch(s -> s.side() == Side.RIGHT);
        for (Side side : hasRight ? List.of(Side.LEFT, Side.RIGHT) : List.of(Side.LEFT)) {
            int index = side == Side.LEFT ? 0 : 1;
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < series.size(); i++) {
                if (series.get(i).side() == side) {
                    members.add(i);
                }
            }
            Axis opts = side == Side.LEFT ? w.left() : w.right();
            NumberAxis axis = new NumberAxis(axisLabel(opts, series, members));
            style(axis);
            axis.setAutoRangeIncludesZero(false);
            List<HorizontalAnnotation> annotations = new ArrayList<>();
            for (HorizontalAnnotation a : w.horizontal()) {
                if (a.side() == side || (side == Side.LEFT && !hasRight)) {
                    annotations.add(a);
                }
            }
            double[] range = range(series, members, w.stacked(), annotations, opts);
            axis.setRange(range[0], range[1]);
            plot.setRangeAxis(index, axis);
            if (index == 1) {
                plot.setRangeAxisLocation(1, AxisLocation.BOTTOM_OR_RIGHT);
            }
            AbstractXYItemRenderer renderer;
            XYDataset dataset;
            if (w.stacked()) {
                dataset = table(series, members);
                renderer = new StackedXYAreaRenderer2();
            } else {
                dataset = lines(series, members);
                XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, false);
                lines.setDrawSeriesLineAsPath(true); // one stroked path per series: smooth joins, ~25% less CPU than segments
                for (int k = 0; k < members.size(); k++) {
                    if (series.get(members.get(k)).size() == 1) {
                        lines.setSeriesShapesVisible(k, true); // a lone point has no line to show it
                        lines.setSeriesShape(k, new Ellipse2D.Double(-3, -3, 6, 6));
                    }
                }
                renderer = lines;
            }
            for (int k = 0; k < members.size(); k++) {
                int i = members.get(k);
                renderer.setSeriesPaint(k, colour(series.get(i), i));
                renderer.setSeriesStroke(k, LINE);
            }
            plot.setDataset(index, dataset);
            plot.setRenderer(index, renderer);
            plot.mapDatasetToRangeAxis(index, index);
            for (HorizontalAnnotation a : annotations) {
                addHorizontal(plot, index, a, range);
            }
        }
        for (VerticalAnnotation a : w.vertical()) {
            addVertical(plot, a, w);
        }

        JFreeChart chart = new JFreeChart(null, TITLE_FONT, plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        chart.setPadding(new RectangleInsets(4, 4, 4, 8));
        if (w.title() != null && !w.title().isEmpty()) {
            TextTitle title = new TextTitle(w.title(), TITLE_FONT);
            title.setPaint(TEXT);
            title.setHorizontalAlignment(HorizontalAlignment.LEFT);
            title.setPadding(new RectangleInsets(2, 4, 6, 4));
            chart.setTitle(title);
        }
        if (w.legend() != LegendPosition.HIDDEN && !series.isEmpty()) {
            LegendItemCollection items = legendItems(g, w, series);
            LegendTitle legend = new LegendTitle(() -> items);
            legend.setPosition(w.legend() == LegendPosition.RIGHT ? RectangleEdge.RIGHT : RectangleEdge.BOTTOM);
            legend.setHorizontalAlignment(HorizontalAlignment.LEFT);
            legend.setFrame(BlockBorder.NONE);
            legend.setItemFont(LEGEND_FONT);
            legend.setItemPaint(TEXT);
            legend.setBackgroundPaint(Color.WHITE);
            chart.addLegend(legend);
        }
        ChartRenderingInfo info = new ChartRenderingInfo(null); // no entity collection: nothing is clickable
        chart.draw(g, new Rectangle2D.Double(0, 0, w.width(), w.height()), info);
        return (Rectangle2D) info.getPlotInfo().getDataArea().clone();
    }

    /**
     * One square per series in widget order, labels shortened to fit; when they would take more than
     * a third of the height (below) or most of it (right), the rest are summed up as "+N more" so the
     * plot keeps its room.
     */
    private static LegendItemCollection legendItems(Graphics2D g, MetricWidget w, List<WidgetSeries> series) {
        FontMetrics fm = g.getFontMetrics(LEGEND_FONT);
        boolean right = w.legend() == LegendPosition.RIGHT;
        int line = fm.getHeight() + 4;
        int maxLabel = Math.max(20, right ? w.width() / 3 - 24 : w.width() - 48);
        int maxLines = Math.max(1, (int) (w.height() * (right ? 0.8 : 0.25) / line));
        int room = w.width() - 24;
        LegendItemCollection out = new LegendItemCollection();
        int lines = 1;
        int x = 0;
        for (int i = 0; i < series.size(); i++) {
            String label = fit(series.get(i).label(), fm, maxLabel);
            int itemWidth = fm.stringWidth(label) + 24;
            if (right) {
                lines = i + 1;
            } else if (x > 0 && x + itemWidth > room) {
                lines++;
                x = 0;
            }
            x += itemWidth;
            boolean last = i == series.size() - 1;
            if (lines > maxLines || (lines == maxLines && !last && right)) {
                out.add(new LegendItem("+" + (series.size() - i) + " more", null, null, null,
                        new Rectangle2D.Double(0, 0, 0, 0), Color.WHITE));
                break;
            }
            out.add(new LegendItem(label, null, null, null, new Rectangle2D.Double(-5, -5, 10, 10),
                    colour(series.get(i), i)));
        }
        return out;
    }

    private static String axisLabel(Axis opts, List<WidgetSeries> series, List<Integer> members) {
        if (opts.label() != null) {
            return opts.label();
        }
        if (!opts.showUnits()) {
            return null;
        }
        StandardUnit unit = null;
        for (int i : members) {
            StandardUnit u = series.get(i).unit();
            if (u == null) {
                continue;
            }
            if (unit != null && unit != u) {
                return null; // mixed units: no single unit to show
            }
            unit = u;
        }
        return unit == null || unit == StandardUnit.NONE ? null : unit.wireName();
    }

    private static XYSeriesCollection lines(List<WidgetSeries> series, List<Integer> members) {
        XYSeriesCollection out = new XYSeriesCollection();
        for (int i : members) {
            WidgetSeries s = series.get(i);
            XYSeries xy = new XYSeries(new SeriesKey(i, s.label()), false, true);
            for (int k = 0; k < s.size(); k++) {
                xy.add(s.timestamps()[k] * 1000.0, s.values()[k], false);
            }
            out.addSeries(xy);
        }
        return out;
    }

    /** Stacked areas need every series on the same x values: a missing bucket stacks as 0. */
    private static DefaultTableXYDataset table(List<WidgetSeries> series, List<Integer> members) {
        TreeSet<Long> xs = new TreeSet<>();
        for (int i : members) {
            for (long t : series.get(i).timestamps()) {
                xs.add(t);
            }
        }
        DefaultTableXYDataset out = new DefaultTableXYDataset(false);
        for (int i : members) {
            WidgetSeries s = series.get(i);
            Map<Long, Double> byTime = new HashMap<>(s.size() * 2);
            for (int k = 0; k < s.size(); k++) {
                byTime.put(s.timestamps()[k], s.values()[k]);
            }
            XYSeries xy = new XYSeries(new SeriesKey(i, s.label()), true, false);
            for (long t : xs) {
                xy.add(t * 1000.0, byTime.getOrDefault(t, 0.0), false);
            }
            out.addSeries(xy);
        }
        return out;
    }

    /**
     * The y range: the axis's fixed bounds, else the data (stacked sums when stacked) and the
     * annotations with a 5% margin, never crossing zero when the data does not.
     */
    static double[] range(List<WidgetSeries> series, List<Integer> members, boolean stacked,
                          List<HorizontalAnnotation> annotations, Axis opts) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        if (stacked) {
            Map<Long, double[]> sums = new HashMap<>();
            for (int i : members) {
                WidgetSeries s = series.get(i);
                for (int k = 0; k < s.size(); k++) {
                    double[] pn = sums.computeIfAbsent(s.timestamps()[k], t -> new double[2]);
                    pn[s.values()[k] >= 0 ? 0 : 1] += s.values()[k];
                }
            }
            for (double[] pn : sums.values()) {
                lo = Math.min(lo, pn[1]);
                hi = Math.max(hi, pn[0]);
            }
        } else {
            for (int i : members) {
                for (double v : series.get(i).values()) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        for (HorizontalAnnotation a : annotations) {
            lo = Math.min(lo, a.value());
            hi = Math.max(hi, a.value());
            if (a.toValue() != null) {
                lo = Math.min(lo, a.toValue());
                hi = Math.max(hi, a.toValue());
            }
        }
        if (lo > hi) {
            lo = 0;
            hi = 1;
        } else if (lo == hi) {
            double pad = lo == 0 ? 1 : Math.abs(lo) * 0.1;
            lo = lo >= 0 && lo - pad < 0 ? 0 : lo - pad;
            hi += pad;
        } else {
            double margin = (hi - lo) * 0.05;
            lo = lo >= 0 && lo - margin < 0 ? 0 : lo - margin;
            hi += margin;
        }
        if (opts.min() != null) {
            lo = opts.min();
        }
        if (opts.max() != null) {
            hi = opts.max();
        }
        if (hi <= lo) {
            if (opts.max() != null && opts.min() == null) {
                lo = hi - 1;
            } else {
                hi = lo + 1;
            }
        }
        return new double[]{lo, hi};
    }

    private static void addHorizontal(XYPlot plot, int index, HorizontalAnnotation a, double[] range) {
        Color c = a.rgb() == null ? ANNOTATION_DEFAULT : new Color(a.rgb());
        if (a.toValue() != null) {
            IntervalMarker band = new IntervalMarker(Math.min(a.value(), a.toValue()), Math.max(a.value(), a.toValue()));
            band.setPaint(c);
            band.setAlpha(FILL_ALPHA);
            label(band, a.label(), c, RectangleAnchor.TOP_LEFT, TextAnchor.TOP_LEFT);
            plot.addRangeMarker(index, band, Layer.BACKGROUND, false);
            return;
        }
        if (a.fill() == Fill.ABOVE || a.fill() == Fill.BELOW) {
            IntervalMarker shade = a.fill() == Fill.ABOVE
                    ? new IntervalMarker(a.value(), Math.max(a.value(), range[1]))
                    : new IntervalMarker(Math.min(a.value(), range[0]), a.value());
            shade.setPaint(c);
            shade.setAlpha(FILL_ALPHA);
            plot.addRangeMarker(index, shade, Layer.BACKGROUND, false);
        }
        ValueMarker line = new ValueMarker(a.value(), c, LINE);
        line.setAlpha(1f);
        label(line, a.label(), c, RectangleAnchor.TOP_LEFT, TextAnchor.BOTTOM_LEFT);
        plot.addRangeMarker(index, line, Layer.FOREGROUND, false);
    }

    private static void addVertical(XYPlot plot, VerticalAnnotation a, MetricWidget w) {
        Color c = a.rgb() == null ? ANNOTATION_DEFAULT : new Color(a.rgb());
        double at = a.at().toEpochMilli();
        if (a.to() != null) {
            double to = a.to().toEpochMilli();
            IntervalMarker band = new IntervalMarker(Math.min(at, to), Math.max(at, to));
            band.setPaint(c);
            band.setAlpha(FILL_ALPHA);
            label(band, a.label(), c, RectangleAnchor.TOP_LEFT, TextAnchor.TOP_LEFT);
            plot.addDomainMarker(0, band, Layer.BACKGROUND, false);
            return;
        }
        if (a.fill() == Fill.BEFORE || a.fill() == Fill.AFTER) {
            double start = w.start().toEpochMilli();
            double end = w.end().toEpochMilli();
            IntervalMarker shade = a.fill() == Fill.BEFORE
                    ? new IntervalMarker(Math.min(start, at), at)
                    : new IntervalMarker(at, Math.max(end, at));
            shade.setPaint(c);
            shade.setAlpha(FILL_ALPHA);
            plot.addDomainMarker(0, shade, Layer.BACKGROUND, false);
        }
        ValueMarker line = new ValueMarker(at, c, LINE);
        line.setAlpha(1f);
        label(line, a.label(), c, RectangleAnchor.TOP_RIGHT, TextAnchor.TOP_LEFT);
        plot.addDomainMarker(0, line, Layer.FOREGROUND, false);
    }

    private static void label(Marker m, String text, Color c, RectangleAnchor anchor, TextAnchor textAnchor) {
        if (text == null || text.isEmpty()) {
            return;
        }
        m.setLabel(text);
        m.setLabelFont(LABEL_FONT);
        m.setLabelPaint(c);
        m.setLabelBackgroundColor(CLEAR);
        m.setLabelAnchor(anchor);
        m.setLabelTextAnchor(textAnchor);
        m.setLabelOffset(new RectangleInsets(2, 4, 2, 4));
    }

    private static void style(ValueAxis axis) {
        axis.setTickLabelFont(LABEL_FONT);
        axis.setTickLabelPaint(MUTED);
        axis.setLabelFont(LABEL_FONT);
        axis.setLabelPaint(MUTED);
        axis.setAxisLineVisible(false);
        axis.setTickMarksVisible(false);
    }

    // ---------------------------------------------------------------- singleValue

    private Rectangle2D singleValue(Graphics2D g, MetricWidget w, List<WidgetSeries> series) {
        int width = w.width();
        int height = w.height();
        int top = 6;
        if (w.title() != null && !w.title().isEmpty()) {
            g.setFont(TITLE_FONT);
            g.setColor(TEXT);
            FontMetrics fm = g.getFontMetrics();
            g.drawString(fit(w.title(), fm, width - 16), 8, top + fm.getAscent());
            top += fm.getHeight() + 8;
        }
        boolean any = series.stream().anyMatch(s -> s.size() > 0);
        Rectangle2D area = new Rectangle2D.Double(0, 0, width, height);
        if (!any) {
            g.setFont(MESSAGE_FONT);
            g.setColor(MUTED);
            FontMetrics fm = g.getFontMetrics();
            g.drawString(NO_DATA, (width - fm.stringWidth(NO_DATA)) / 2,
                    top + (height - top - fm.getHeight()) / 2 + fm.getAscent());
            return area;
        }
        int n = series.size();
        int cols = Math.max(1, Math.min(n, width / 160));
        int rows = (n + cols - 1) / cols;
        int cellW = Math.max(1, (width - 16) / cols);
        int cellH = Math.max(1, (height - top - 8) / rows);
        for (int i = 0; i < n; i++) {
            WidgetSeries s = series.get(i);
            int x = 8 + (i % cols) * cellW;
            int y = top + (i / cols) * cellH;
            g.setFont(LEGEND_FONT);
            FontMetrics lm = g.getFontMetrics();
            g.setColor(colour(s, i));
            g.fillRect(x, y + (lm.getAscent() - 10) / 2 + 1, 10, 10);
            g.setColor(MUTED);
            g.drawString(fit(s.label(), lm, cellW - 22), x + 14, y + lm.getAscent());
            String value = s.size() == 0 ? "--" : format(s.values()[s.size() - 1]);
            int room = cellH - lm.getHeight() - 4;
            int size = Math.max(10, Math.min(48, room));
            Font font = new Font(Font.SANS_SERIF, Font.PLAIN, size);
            FontMetrics vm = g.getFontMetrics(font);
            while (size > 10 && vm.stringWidth(value) > cellW - 8) {
                size -= 2;
                font = new Font(Font.SANS_SERIF, Font.PLAIN, size);
                vm = g.getFontMetrics(font);
            }
            g.setFont(font);
            g.setColor(s.size() == 0 ? MUTED : TEXT);
            g.drawString(value, x, y + lm.getHeight() + 2 + vm.getAscent());
        }
        return area;
    }

    /** A value as a single-value widget shows it: four significant digits, k/M/B/T above a thousand. */
    static String format(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        String[] suffixes = {"", "k", "M", "B", "T"};
        int s = 0;
        while (Math.abs(v) >= 1000 && s < suffixes.length - 1) {
            v /= 1000;
            s++;
        }
        BigDecimal d = new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros();
        return (d.signum() == 0 ? "0" : d.toPlainString()) + suffixes[s];
    }

    private static String fit(String text, FontMetrics fm, int room) {
        if (fm.stringWidth(text) <= room) {
            return text;
        }
        String dots = "\u2026";
        int end = text.length();
        while (end > 0 && fm.stringWidth(text.substring(0, end) + dots) > room) {
            end--;
        }
        return text.substring(0, end) + dots;
    }

    /** PNG bytes, encoded in memory (ImageIO.write would cache through a temporary file). */
    private static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
        if (!writers.hasNext()) {
            throw new IllegalStateException("this JVM has no PNG writer");
        }
        ImageWriter writer = writers.next();
        try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.write(image);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
