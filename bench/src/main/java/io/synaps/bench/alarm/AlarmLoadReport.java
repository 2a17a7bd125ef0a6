package io.synaps.bench.alarm;

import io.synaps.bench.alarm.MinuteFigures.Kind;
import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * AlarmLoadReport is the outcome of one {@link AlarmLoad} run: creation, heap (bytes, -1 when
 * not measured) and every simulated minute's figures. Closed minutes up to data minute 2 are
 * warm-up (alarms have fewer than three datapoints before) and stay out of the summaries.
 * Immutable.
 */
public record AlarmLoadReport(int alarms, long created, long createFailures, double createSeconds,
                              long creationTransitions, long heapBeforeBytes, long heapAfterBytes,
                              long rssBeforeBytes, long rssAfterBytes, double restartSeconds,
                              List<MinuteFigures> minutes, long foreignTransitions) {
    static final int LAST_WARM_UP_MINUTE = 2;

    /** Whether nothing failed and every checked minute matched the model (transition counts and states). */
    public boolean healthy() {
        if (createFailures != 0 || foreignTransitions != 0) {
            return false;
        }
        for (MinuteFigures m : minutes) {
            if (m.expectedTransitions() >= 0 && m.transitions() != m.expectedTransitions()) {
                return false;
            }
            if (m.stateMismatches() > 0) {
                return false;
            }
        }
        return true;
    }

    /** The measured minutes of a kind (warm-up excluded). */
    public List<MinuteFigures> measured(Kind kind) {
        return minutes.stream().filter(m -> m.kind() == kind && !warmUp(m)).collect(Collectors.toList());
    }

    /** Closed minutes before every alarm has three datapoints. */
    static boolean warmUp(MinuteFigures m) {
        return (m.kind() == Kind.CLOSED_FULL_SPEED || m.kind() == Kind.CLOSED_PACED)
                && m.dataMinute() <= LAST_WARM_UP_MINUTE;
    }

    /** Datum-to-transition latencies (µs) of the measured minutes of a kind, merged; empty when none. */
    public Histogram latency(Kind kind) {
        Histogram all = new Histogram(1, 600_000_000L, 3);
        for (MinuteFigures m : measured(kind)) {
            if (m.latencyMicros() != null) {
                all.add(m.latencyMicros());
            }
        }
        return all;
    }

    /** Bytes of heap per alarm, or NaN when not measured. */
    public double heapPerAlarm() {
        return heapBeforeBytes < 0 || heapAfterBytes < 0 ? Double.NaN
                : (heapAfterBytes - heapBeforeBytes) / (double) alarms;
    }

    static void printMinute(PrintStream out, MinuteFigures m, int alarms) {
        StringBuilder s = new StringBuilder();
        s.append(String.format("%-19s", m.dataMinute() >= 0 ? "data minute " + m.dataMinute() : ""));
        s.append(String.format("%-19s tick %8.1f ms (%,d transitions)", m.kind().label(), m.tickNanos() / 1e6,
                m.tickTransitions()));
        if (m.putSeconds() >= 0) {
            s.append(String.format("; put %.2f s, idle after %.2f s", m.putSeconds(), m.settleSeconds()));
        }
        s.append(String.format("; %,d transitions", m.transitions()));
        if (m.expectedTransitions() >= 0) {
            s.append(String.format(" (model %,d)", m.expectedTransitions()));
        }
        if (m.stateMismatches() >= 0) {
            s.append(String.format(", %d states off the model", m.stateMismatches()));
        }
        Histogram h = m.latencyMicros();
        if (h != null && h.getTotalCount() > 0) {
            s.append(String.format("; datum->transition p50 %s p99 %s max %s (n=%,d)", ms(h, 50), ms(h, 99),
                    ms(h.getMaxValue()), h.getTotalCount()));
        }
        out.println(s);
        out.println("    CPU s: " + cpu(m.cpuNanos(), 6) + String.format("; alarm shards %.1f µs per alarm (%.0f%% kernel)",
                m.shardCpuNanos() / 1e3 / alarms, 100.0 * Math.max(0, m.shardKernelNanos()) / Math.max(1, m.shardCpuNanos())));
    }

    void print(PrintStream out, int createConcurrency, int inflight, int batch, double minuteSeconds) {
        out.println();
        out.println("== summary ==");
        out.printf("alarms: %,d created in %.1f s = %,.0f alarms/s (%d in flight, each: store write, log record, "
                        + "shard evaluation), %d failed, %,d transitions at creation%n", created, createSeconds,
                created / createSeconds, createConcurrency, createFailures, creationTransitions);
        if (heapBeforeBytes >= 0) {
            out.printf("heap: %.1f MB before alarms (series only), %.1f MB with %,d alarms and their windows "
                            + "= %,.0f bytes per alarm; RSS %.1f -> %.1f MB%n", heapBeforeBytes / 1e6,
                    heapAfterBytes / 1e6, alarms, heapPerAlarm(), rssBeforeBytes / 1e6, rssAfterBytes / 1e6);
        }
        out.println("tick wall time for " + String.format("%,d", alarms) + " alarms (ms; median / max over minutes):");
        tickLine(out, "  cached windows (tick before closed-minute data)", ticks(Kind.CLOSED_FULL_SPEED, Kind.CLOSED_PACED));
        tickLine(out, "  cached windows, no data at all", ticks(Kind.IDLE));
        tickLine(out, "  dirty: every window re-read (open-minute data)", ticks(Kind.OPEN));
        tickLine(out, "  cold: first tick after restart", ticks(Kind.COLD));
        if (restartSeconds >= 0) {
            out.printf("restart (graceful close, journal replay, alarms loaded): %.2f s%n", restartSeconds);
        }
        for (Kind kind : List.of(Kind.CLOSED_FULL_SPEED, Kind.CLOSED_PACED)) {
            List<MinuteFigures> ms = measured(kind);
            if (ms.isEmpty()) {
                continue;
            }
            Histogram h = latency(kind);
            double settle = ms.stream().mapToDouble(MinuteFigures::settleSeconds).average().orElse(0);
            double shard = ms.stream().mapToLong(MinuteFigures::shardCpuNanos).average().orElse(0);
            out.printf("datum->transition, %s (%s): p50 %s, p99 %s, max %s over %,d transitions in %d minutes; "
                            + "a minute's %,d datums evaluated within %.2f s; shard CPU %.2f s/minute%n",
                    kind.label(), kind == Kind.CLOSED_PACED
                            ? String.format("%,d-datum puts spread over %.0f s", batch, minuteSeconds)
                            : String.format("%,d-datum puts, %d in flight", batch, inflight),
                    ms(h, 50), ms(h, 99), ms(h.getMaxValue()), h.getTotalCount(), ms.size(), alarms, settle,
                    shard / 1e9);
        }
        long checked = minutes.stream().filter(m -> m.expectedTransitions() >= 0).count();
        long expected = minutes.stream().filter(m -> m.expectedTransitions() >= 0)
                .mapToLong(MinuteFigures::expectedTransitions).sum();
        long seen = minutes.stream().filter(m -> m.expectedTransitions() >= 0).mapToLong(MinuteFigures::transitions).sum();
        long off = minutes.stream().filter(m -> m.stateMismatches() > 0).mapToLong(MinuteFigures::stateMismatches).sum();
        out.printf("model check: %,d transitions in %d checked minutes, model %,d; %d states off the model; %s%n",
                seen, checked, expected, off, healthy() ? "OK" : "FAILED");
        Histogram full = latency(Kind.CLOSED_FULL_SPEED);
        Histogram paced = latency(Kind.CLOSED_PACED);
        out.printf("RESULT alarms=%d create_per_s=%.0f heap_bytes_per_alarm=%.0f tick_cached_ms=%.1f "
                        + "tick_dirty_ms=%.1f tick_cold_ms=%.1f full_p50_ms=%.1f full_p99_ms=%.1f paced_p50_ms=%.1f "
                        + "paced_p99_ms=%.1f healthy=%s%n",
                alarms, created / createSeconds, heapPerAlarm(), median(ticks(Kind.CLOSED_FULL_SPEED, Kind.CLOSED_PACED)),
                median(ticks(Kind.OPEN)), median(ticks(Kind.COLD)), pct(full, 50), pct(full, 99), pct(paced, 50),
                pct(paced, 99), healthy());
    }

    private List<Double> ticks(Kind... kinds) {
        List<Double> out = new ArrayList<>();
        for (Kind k : kinds) {
            for (MinuteFigures m : measured(k)) {
                out.add(m.tickNanos() / 1e6);
            }
        }
        Collections.sort(out);
        return out;
    }

    private static void tickLine(PrintStream out, String label, List<Double> ms) {
        if (ms.isEmpty()) {
            return;
        }
        out.printf("%-52s %8.1f / %8.1f  (%d ticks)%n", label, median(ms), ms.get(ms.size() - 1), ms.size());
    }

    private static double median(List<Double> sorted) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double pct(Histogram h, double p) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(p) / 1e3;
    }

    private static String ms(Histogram h, double p) {
        return ms(h.getValueAtPercentile(p));
    }

    private static String ms(long micros) {
        return String.format("%.1f ms", micros / 1e3);
    }

    private static String cpu(Map<String, Long> cpu, int limit) {
        Map<String, Long> sorted = new TreeMap<>(cpu);
        return sorted.entrySet().stream().filter(e -> e.getValue() >= 5_000_000L && !e.getKey().endsWith("(kernel)"))
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(limit)
                .map(e -> String.format("%s %.2f", e.getKey(), e.getValue() / 1e9))
                .collect(Collectors.joining(", "));
    }
}
