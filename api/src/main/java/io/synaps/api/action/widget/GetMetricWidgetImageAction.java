package io.synaps.api.action.widget;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.api.action.RequestContext;
import io.synaps.api.action.SyncAction;
import io.synaps.api.action.metric.GetMetricDataAction;
import io.synaps.api.action.metric.QueryWindow;
import io.synaps.api.action.metric.StatSeries;
import io.synaps.api.action.widget.MetricWidget.Row;
import io.synaps.api.protocol.Members;
import io.synaps.engine.query.MetricReader;
import io.synaps.model.AwsError;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * GetMetricWidgetImageAction answers GetMetricWidgetImage: it validates the {@code MetricWidget}
 * JSON ({@link MetricWidgetParser}) and {@code OutputFormat} ({@code png}, or {@code image/png},
 * which this server answers the same way), reads each visible metric row of the caller's account
 * as GetMetricData reads a MetricStat ({@link StatSeries}), and returns the PNG drawn by
 * {@link WidgetChartRenderer} as the {@code MetricWidgetImage} blob. Without {@code liveData} a
 * period is shown once it ended at least a minute ago, as CloudWatch graphs do. Thread-safe.
 */
public final class GetMetricWidgetImageAction implements SyncAction {
    /** The OutputFormat values accepted. */
    public static final List<String> OUTPUT_FORMATS = List.of("png", "image/png");
    /** How long after a period ends it is shown without liveData, seconds (CloudWatch: one minute). */
    static final long SETTLE_SECONDS = 60;

    private final MetricReader reader;
    private final WidgetChartRenderer renderer;

    public GetMetricWidgetImageAction(MetricReader reader) {
        this(reader, new WidgetChartRenderer());
    }

    public GetMetricWidgetImageAction(MetricReader reader, WidgetChartRenderer renderer) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.renderer = Objects.requireNonNull(renderer, "renderer");
    }

    @Override
    public String name() {
        return "GetMetricWidgetImage";
    }

    @Override
    public ObjectNode answer(RequestContext context, Members in) {
        String json = in.requiredString("MetricWidget");
        String format = in.string("OutputFormat");
        if (format != null && !OUTPUT_FORMATS.contains(format)) {
            throw AwsError.validation("The value " + format + " for parameter OutputFormat is invalid."
                    + " Only PNG images are supported: png or image/png.");
        }
        Instant now = context.clock().instant();
        MetricWidget widget = MetricWidgetParser.parse(json, now);
        List<WidgetSeries> series = read(context.accountId(), widget, now);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("MetricWidgetImage", renderer.render(widget, series).png());
        return out;
    }

    /**
     * The series {@code w} shows in {@code accountId} as of {@code now}: one per visible row, in widget
     * order, labelled as GetMetricData labels its results.
     */
    public List<WidgetSeries> read(String accountId, MetricWidget w, Instant now) {
        List<Row> visible = w.rows().stream().filter(Row::visible).toList();
        boolean statsDiffer = visible.stream().map(r -> r.stat().text()).distinct().count() > 1;
        boolean periodsDiffer = visible.stream().map(Row::period).distinct().count() > 1;
        boolean wholeRange = w.view() == MetricWidget.View.SINGLE_VALUE && w.setPeriodToTimeRange();
        List<WidgetSeries> out = new ArrayList<>(visible.size());
        for (Row r : visible) {
            QueryWindow window = wholeRange ? wholeRange(w, now) : QueryWindow.of(w.start(), w.end(), r.period(), now);
            StatSeries s = StatSeries.read(reader, accountId, r.metric(), null, r.stat(), window);
            long[] ts = s.timestamps();
            double[] vs = s.values();
            if (!w.liveData() && !wholeRange) {
                long shownUntil = now.getEpochSecond() - SETTLE_SECONDS - window.periodSeconds();
                int n = ts.length;
                while (n > 0 && ts[n - 1] > shownUntil) {
                    n--;
                }
                ts = Arrays.copyOf(ts, n);
                vs = Arrays.copyOf(vs, n);
            }
            String label = r.label() != null ? r.label()
                    : GetMetricDataAction.defaultLabel(r.metric().metricName(), r.stat().text(), r.period(),
                    statsDiffer, periodsDiffer);
            out.add(new WidgetSeries(label, r.rgb(), r.side(), s.unit(), ts, vs));
        }
        return out;
    }

    /** One bucket from the (rounded) start to the end: whole minutes, at least one. */
    private static QueryWindow wholeRange(MetricWidget w, Instant now) {
        QueryWindow minutes = QueryWindow.of(w.start(), w.end(), 60, now);
        long span = minutes.endSeconds() - minutes.startSeconds();
        long period = Math.max(60, (span + 59) / 60 * 60);
        if (period > Integer.MAX_VALUE) {
            throw MetricWidgetParser.problem("/start", "Should be less than " + Integer.MAX_VALUE + " seconds before end");
        }
        return new QueryWindow(minutes.startSeconds(), minutes.endSeconds(), (int) period);
    }
}
