package io.synaps.engine.alarm;

import io.synaps.model.Dimension;
import io.synaps.model.MetricDatum;
import io.synaps.model.MetricId;
import io.synaps.model.StandardUnit;
import io.synaps.model.alarm.Alarm;
import io.synaps.model.alarm.AlarmActions;
import io.synaps.model.alarm.AlarmArn;
import io.synaps.model.alarm.AlarmState;
import io.synaps.model.alarm.AlarmStatus;
import io.synaps.model.alarm.ComparisonOperator;
import io.synaps.model.alarm.CompositeAlarm;
import io.synaps.model.alarm.MetricAlarm;
import io.synaps.model.alarm.TreatMissingData;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.synaps.engine.alarm.AlarmFixture.ACCOUNT;
import static io.synaps.engine.alarm.AlarmFixture.REGION;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * ScenarioTest runs every plain-text scenario in {@code src/test/resources/alarm-scenarios}
 * through the real metric and alarm engines in virtual time. The format (one command per line,
 * {@code #} starts a comment, times are {@code HH:MM:SS} offsets from the start, 2026-01-05
 * 10:00:00 UTC unless a {@code start <instant>} line says otherwise):
 *
 * <pre>
 * alarm &lt;name&gt; key=value...         a metric alarm, created at the current time. Keys: metric=Namespace/Name,
 *                                    dimensions=K:V,K:V, statistic, extendedStatistic, unit, period,
 *                                    evaluationPeriods, datapointsToAlarm, threshold, comparison,
 *                                    treatMissingData, evaluateLowSampleCountPercentile
 * composite &lt;name&gt; [suppressor=S wait=N extension=N] rule &lt;AlarmRule text&gt;
 * at &lt;T&gt;                             the clock moves to T (never backwards)
 * put &lt;T&gt; &lt;values&gt; [metric=NS/Name] [unit=U] [resolution=1]
 *                                    a datum stamped T, published now; values: 70, 1,2,3 or 1..100 (each once)
 * tick &lt;T&gt;                           the clock moves to T and the engine ticks
 * run &lt;T&gt;                            ticks at every 10 s boundary after now, up to T
 * set-state &lt;name&gt; &lt;STATE&gt; "reason"   SetAlarmState
 * expect [&lt;name&gt;] &lt;STATE&gt; ["reason prefix"]   the stored state (name: the first alarm when omitted)
 * expect-transitions &lt;name&gt; &lt;n&gt;      transition events of the alarm so far
 * </pre>
 */
class ScenarioTest {
    private static final String DIR = "alarm-scenarios";

    @TestFactory
    Stream<DynamicTest> scenarios() throws IOException, URISyntaxException {
        Path dir = Path.of(getClass().getClassLoader().getResource(DIR).toURI());
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(8);
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> run(file)));
    }

    private static void run(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Path dir = Files.createTempDirectory("alarm-scenario");
        try {
            new Runner(dir, file.getFileName().toString()).run(lines);
        } finally {
            deleteTree(dir);
        }
    }

    /** Runner executes one scenario's commands against its own fixture. Not thread-safe. */
    private static final class Runner {
        private final Path dir;
        private final String file;
        private long start = Instant.parse("2026-01-05T10:00:00Z").toEpochMilli();
        private VirtualClock clock;
        private AlarmFixture f;
        private final Map<String, MetricId> metrics = new LinkedHashMap<>();
        private int line;

        Runner(Path dir, String file) {
            this.dir = dir;
            this.file = file;
        }

        void run(List<String> lines) {
            try {
                for (line = 1; line <= lines.size(); line++) {
                    String text = lines.get(line - 1).strip();
                    if (text.isEmpty() || text.startsWith("#")) {
                        continue;
                    }
                    try {
                        execute(tokens(text));
                    } catch (AssertionError | RuntimeException e) {
                        throw new AssertionError(file + ":" + line + ": " + text + "\n" + e.getMessage(), e);
                    }
                }
            } finally {
                if (f != null) {
                    f.close();
                }
            }
        }

        private AlarmFixture fixture() {
            if (f == null) {
                clock = new VirtualClock(Instant.ofEpochMilli(start));
                f = new AlarmFixture(dir, clock);
            }
            return f;
        }

        private void execute(List<String> t) {
            String command = t.get(0);
            if (command.equals("start")) {
                if (f != null) {
                    throw new IllegalArgumentException("start must come first");
                }
                start = Instant.parse(t.get(1)).toEpochMilli();
                return;
            }
            AlarmFixture fx = fixture();
            switch (command) {
                case "alarm" -> {
                    MetricAlarm alarm = metricAlarm(t.get(1), options(t, 2));
                    metrics.put(alarm.name(), alarm.metric());
                    fx.alarms.putMetricAlarm(alarm, Map.of()).join();
                }
                case "composite" -> {
                    int ruleAt = t.indexOf("rule");
                    if (ruleAt < 0) {
                        throw new IllegalArgumentException("composite needs 'rule <text>'");
                    }
                    Map<String, String> o = options(t.subList(0, ruleAt), 2);
                    String rule = String.join(" ", t.subList(ruleAt + 1, t.size()));
                    String name = t.get(1);
                    fx.alarms.putCompositeAlarm(new CompositeAlarm(ACCOUNT, name, AlarmArn.of(REGION, ACCOUNT, name),
                            null, AlarmActions.none(), rule, o.get("suppressor"), integer(o.get("wait")),
                            integer(o.get("extension")), 0, AlarmStatus.initial(0), null, null), Map.of()).join();
                    metrics.putIfAbsent(name, null);
                }
                case "at" -> moveTo(time(t.get(1)));
                case "tick" -> {
                    moveTo(time(t.get(1)));
                    fx.alarms.tick();
                }
                case "run" -> {
                    long until = time(t.get(1));
                    for (long next = (clock.millis() / 10_000 + 1) * 10_000; next <= until; next += 10_000) {
                        clock.set(next);
                        fx.alarms.tick();
                    }
                    moveTo(until);
                }
                case "put" -> put(fx, t);
                case "set-state" -> {
                    fx.alarms.setState(ACCOUNT, t.get(1), state(t.get(2)), t.get(3), null).join();
                    fx.alarms.awaitIdle();
                }
                case "expect" -> expect(fx, t);
                case "expect-transitions" -> assertThat(fx.transitionsOf(t.get(1)))
                        .as("transitions of %s", t.get(1)).hasSize(Integer.parseInt(t.get(2)));
                default -> throw new IllegalArgumentException("unknown command " + command);
            }
        }

        private void put(AlarmFixture fx, List<String> t) {
            long timestamp = time(t.get(1));
            double[] values = values(t.get(2));
            Map<String, String> o = options(t, 3);
            MetricId metric = o.containsKey("metric") ? metricId(o.get("metric"), null)
                    : metrics.values().stream().filter(m -> m != null).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("put before any metric alarm needs metric=")) ;
            StandardUnit unit = o.containsKey("unit") ? StandardUnit.fromWire(o.get("unit")) : StandardUnit.NONE;
            int resolution = Integer.parseInt(o.getOrDefault("resolution", "60"));
            double[] counts = new double[values.length];
            java.util.Arrays.fill(counts, 1);
            fx.put(new MetricDatum(metric, timestamp, unit, resolution, values, counts, null));
            fx.alarms.awaitIdle();
        }

        private void expect(AlarmFixture fx, List<String> t) {
            int i = 1;
            String name;
            if (state(t.get(1)) != null) {
                name = metrics.keySet().iterator().next();
            } else {
                name = t.get(1);
                i = 2;
            }
            AlarmState expected = state(t.get(i));
            if (expected == null) {
                throw new IllegalArgumentException("expect needs a state, got " + t.get(i));
            }
            Alarm alarm = fx.alarm(name);
            assertThat(alarm.status().value()).as("state of %s (reason: %s)", name, alarm.status().reason())
                    .isEqualTo(expected);
            if (t.size() > i + 1) {
                assertThat(alarm.status().reason()).as("reason of %s", name).startsWith(t.get(i + 1));
            }
        }

        private void moveTo(long millis) {
            if (millis < clock.millis()) {
                throw new IllegalArgumentException("time goes backwards");
            }
            clock.set(millis);
        }

        private long time(String hms) {
            String[] p = hms.split(":");
            if (p.length != 3) {
                throw new IllegalArgumentException("times are HH:MM:SS offsets, got " + hms);
            }
            return start + ((Long.parseLong(p[0]) * 60 + Long.parseLong(p[1])) * 60 + Long.parseLong(p[2])) * 1000;
        }
    }

    private static MetricAlarm metricAlarm(String name, Map<String, String> o) {
        MetricId metric = metricId(o.getOrDefault("metric", "App/Cpu"), o.get("dimensions"));
        String extended = o.get("extendedStatistic");
        String statistic = extended == null ? o.getOrDefault("statistic", "Average") : null;
        ComparisonOperator comparison = ComparisonOperator.parse(o.getOrDefault("comparison", "GreaterThanThreshold"));
        if (comparison == null) {
            throw new IllegalArgumentException("unknown comparison " + o.get("comparison"));
        }
        TreatMissingData missing = null;
        if (o.containsKey("treatMissingData")) {
            missing = TreatMissingData.parse(o.get("treatMissingData"));
            if (missing == null) {
                throw new IllegalArgumentException("unknown treatMissingData " + o.get("treatMissingData"));
            }
        }
        return new MetricAlarm(ACCOUNT, name, AlarmArn.of(REGION, ACCOUNT, name), null, AlarmActions.none(), metric,
                statistic, extended, o.containsKey("unit") ? StandardUnit.fromWire(o.get("unit")) : null,
                Integer.parseInt(o.getOrDefault("period", "60")),
                Integer.parseInt(o.getOrDefault("evaluationPeriods", "1")), integer(o.get("datapointsToAlarm")),
                Double.parseDouble(o.getOrDefault("threshold", "0")), comparison, missing,
                o.get("evaluateLowSampleCountPercentile"), 0, AlarmStatus.initial(0));
    }

    private static MetricId metricId(String text, String dimensions) {
        int slash = text.lastIndexOf('/');
        if (slash <= 0) {
            throw new IllegalArgumentException("metric is Namespace/Name, got " + text);
        }
        List<Dimension> dims = new ArrayList<>();
        if (dimensions != null) {
            for (String pair : dimensions.split(",")) {
                String[] kv = pair.split(":", 2);
                dims.add(new Dimension(kv[0], kv[1]));
            }
        }
        return new MetricId(text.substring(0, slash), text.substring(slash + 1), dims);
    }

    private static double[] values(String text) {
        if (text.contains("..")) {
            String[] p = text.split("\\.\\.");
            int from = Integer.parseInt(p[0]);
            int to = Integer.parseInt(p[1]);
            double[] out = new double[to - from + 1];
            for (int i = 0; i < out.length; i++) {
                out[i] = from + i;
            }
            return out;
        }
        String[] p = text.split(",");
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = Double.parseDouble(p[i]);
        }
        return out;
    }

    private static AlarmState state(String text) {
        return AlarmState.parse(text);
    }

    private static Integer integer(String text) {
        return text == null ? null : Integer.valueOf(text);
    }

    private static Map<String, String> options(List<String> t, int from) {
        Map<String, String> out = new HashMap<>();
        for (String token : t.subList(from, t.size())) {
            int eq = token.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected key=value, got " + token);
            }
            out.put(token.substring(0, eq), token.substring(eq + 1));
        }
        return out;
    }

    /** Splits on blanks; a double-quoted token may contain blanks (no escapes). */
    private static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"') {
                int end = text.indexOf('"', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated quote");
                }
                out.add(text.substring(i + 1, end));
                i = end + 1;
            } else {
                int end = i;
                while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
                    end++;
                }
                out.add(text.substring(i, end));
                i = end;
            }
        }
        return out;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
