package io.synaps.bench.widget;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.api.action.RequestContext;
import io.synaps.api.action.widget.GetMetricWidgetImageAction;
import io.synaps.api.action.widget.MetricWidget;
import io.synaps.api.action.widget.MetricWidgetParser;
import io.synaps.api.action.widget.WidgetChartRenderer;
import io.synaps.api.action.widget.WidgetSeries;
import io.synaps.api.protocol.Members;
import io.synaps.engine.EngineConfig;
import io.synaps.engine.MetricEngine;
import io.synaps.journal.SegmentJournal;
import io.synaps.journal.SegmentJournalConfig;
import io.synaps.model.Dimension;
import io.synaps.model.MetricDatum;
import io.synaps.model.MetricId;
import io.synaps.model.StandardUnit;
import io.synaps.store.rocksdb.RocksDbStorage;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * WidgetRenderLoad measures GetMetricWidgetImage in one JVM: it writes {@code --hours} of
 * one-minute data for {@code --metrics} metrics through a real MetricEngine (SegmentJournal and
 * RocksDB in a temporary directory, flushed to the store by a restart), then calls the action
 * ({@code answer}: parse, read through the engine, JFreeChart render, PNG encode) in a loop on
 * {@code --threads} threads, and reports renders per second and latency percentiles, plus the
 * read and render+encode halves alone on one thread. Wall clock (System.nanoTime for durations).
 * Single use; not thread-safe.
 */
@Command(name = "widget-load", mixinStandardHelpOptions = true,
        description = "GetMetricWidgetImage renders of an N-metric widget over stored data.")
public final class WidgetRenderLoad implements Callable<Integer> {
    private static final String ACCOUNT = "000000000001";

    @Option(names = "--metrics", description = "metric rows in the widget (default ${DEFAULT-VALUE})")
    int metrics = 5;
    @Option(names = "--hours", description = "hours of one-minute data, and the widget's range (default ${DEFAULT-VALUE})")
    int hours = 24;
    @Option(names = "--period", description = "widget period in seconds (default ${DEFAULT-VALUE})")
    int period = 60;
    @Option(names = "--width", description = "image width (default ${DEFAULT-VALUE})")
    int width = 600;
    @Option(names = "--height", description = "image height (default ${DEFAULT-VALUE})")
    int height = 400;
    @Option(names = "--stacked", description = "stacked areas instead of lines")
    boolean stacked;
    @Option(names = "--warmup", description = "renders before measuring (default ${DEFAULT-VALUE})")
    int warmup = 100;
    @Option(names = "--renders", description = "measured renders (default ${DEFAULT-VALUE})")
    int renders = 400;
    @Option(names = "--threads", description = "threads rendering at once (default ${DEFAULT-VALUE})")
    int threads = 1;

    public static void main(String[] args) {
        System.exit(new CommandLine(new WidgetRenderLoad()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Clock clock = Clock.systemUTC();
        Path dir = Files.createTempDirectory("synaps-widget-bench-");
        try {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MINUTES);
            write(dir, clock, now);
            SegmentJournal journal = SegmentJournal.open(SegmentJournalConfig.of(dir.resolve("journal"), 2));
            RocksDbStorage storage = RocksDbStorage.open(dir.resolve("store"), clock);
            MetricEngine engine = new MetricEngine(journal, storage.metricStore(), EngineConfig.defaults(2), clock);
            engine.start();
            try {
                return measure(engine, clock);
            } finally {
                engine.close();
                journal.close();
                storage.close();
            }
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Writes the data and closes the engine, which flushes every bucket to RocksDB. */
    private void write(Path dir, Clock clock, Instant now) {
        SegmentJournal journal = SegmentJournal.open(SegmentJournalConfig.of(dir.resolve("journal"), 2));
        RocksDbStorage storage = RocksDbStorage.open(dir.resolve("store"), clock);
        MetricEngine engine = new MetricEngine(journal, storage.metricStore(), EngineConfig.defaults(2), clock);
        engine.start();
        long t0 = System.nanoTime();
        int minutes = hours * 60;
        for (int m = 0; m < metrics; m++) {
            MetricId id = new MetricId("Bench/Widget", "latency", List.of(new Dimension("host", "host-" + m)));
            List<MetricDatum> batch = new ArrayList<>();
            for (int i = minutes; i >= 1; i--) {
                double v = 100 + 20 * m + 15 * Math.sin(i / 90.0 + m);
                batch.add(MetricDatum.ofValue(id, now.minus(i, ChronoUnit.MINUTES).toEpochMilli(), StandardUnit.MILLISECONDS, v));
                if (batch.size() == 1000) {
                    engine.put(ACCOUNT, batch).join();
                    batch = new ArrayList<>();
                }
            }
            if (!batch.isEmpty()) {
                engine.put(ACCOUNT, batch).join();
            }
        }
        engine.close();
        journal.close();
        storage.close();
        System.out.printf("wrote %d metrics x %d minutes in %.1f s%n", metrics, minutes, (System.nanoTime() - t0) / 1e9);
    }

    private String widget() {
        StringBuilder b = new StringBuilder("{\"title\": \"Latency by host\", \"metrics\": [[\"Bench/Widget\", \"latency\", \"host\", \"host-0\"]");
        for (int m = 1; m < metrics; m++) {
            b.append(", [\"...\", \"host-").append(m).append("\"]");
        }
        return b.append("], \"start\": \"-PT").append(hours).append("H\", \"period\": ").append(period)
                .append(", \"stat\": \"p99\", \"width\": ").append(width).append(", \"height\": ").append(height)
                .append(", \"stacked\": ").append(stacked)
                .append(", \"annotations\": {\"horizontal\": [{\"value\": 150, \"label\": \"SLO\", \"color\": \"#d62728\"}]}}")
                .toString();
    }

    private int measure(MetricEngine engine, Clock clock) throws Exception {
        GetMetricWidgetImageAction action = new GetMetricWidgetImageAction(engine);
        String json = widget();
        ObjectNode in = JsonNodeFactory.instance.objectNode();
        in.put("MetricWidget", json);
        Members input = Members.root(in);
        RequestContext context = new RequestContext("bench", ACCOUNT, "AKIDBENCH", "us-east-1", clock);

        ObjectNode first = action.answer(context, input);
        int pngBytes = first.get("MetricWidgetImage").binaryValue().length;
        for (int i = 0; i < warmup; i++) {
            action.answer(context, input);
        }

        // the two halves alone, one thread
        Histogram read = new Histogram(3_600_000_000L, 3);
        Histogram draw = new Histogram(3_600_000_000L, 3);
        WidgetChartRenderer renderer = new WidgetChartRenderer();
        int points = 0;
        for (int i = 0; i < Math.min(renders, 200); i++) {
            Instant now = clock.instant();
            long a = System.nanoTime();
            MetricWidget w = MetricWidgetParser.parse(json, now);
            List<WidgetSeries> series = action.read(ACCOUNT, w, now);
            long b = System.nanoTime();
            renderer.render(w, series);
            long c = System.nanoTime();
            read.recordValue((b - a) / 1000);
            draw.recordValue((c - b) / 1000);
            points = series.stream().mapToInt(WidgetSeries::size).sum();
        }

        Histogram whole = new Histogram(3_600_000_000L, 3);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        List<Future<Histogram>> parts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int share = renders / threads + (t < renders % threads ? 1 : 0);
            parts.add(pool.submit(() -> {
                Histogram h = new Histogram(3_600_000_000L, 3);
                for (int i = 0; i < share; i++) {
                    long a = System.nanoTime();
                    action.answer(context, input);
                    h.recordValue((System.nanoTime() - a) / 1000);
                }
                return h;
            }));
        }
        for (Future<Histogram> f : parts) {
            whole.add(f.get());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();

        System.out.printf("widget: %d metrics, %d h, period %d s, p99, %dx%d%s, %d points drawn, PNG %,d bytes%n",
                metrics, hours, period, width, height, stacked ? ", stacked" : "", points, pngBytes);
        System.out.printf("read (parse + engine reads), 1 thread: p50 %.1f ms, p99 %.1f ms%n",
                read.getValueAtPercentile(50) / 1e3, read.getValueAtPercentile(99) / 1e3);
        System.out.printf("render + PNG encode, 1 thread:       p50 %.1f ms, p99 %.1f ms%n",
                draw.getValueAtPercentile(50) / 1e3, draw.getValueAtPercentile(99) / 1e3);
        System.out.printf("RESULT threads=%d renders=%d renders/s=%.1f p50=%.1fms p90=%.1fms p99=%.1fms max=%.1fms%n",
                threads, renders, renders / seconds, whole.getValueAtPercentile(50) / 1e3,
                whole.getValueAtPercentile(90) / 1e3, whole.getValueAtPercentile(99) / 1e3, whole.getMaxValue() / 1e3);
        return 0;
    }
}
