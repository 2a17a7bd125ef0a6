package io.synaps.stats;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.mapping.LogarithmicMapping;
import com.datadoghq.sketch.ddsketch.store.UnboundedSizeDenseStore;
import io.synaps.model.StatisticSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Seeded randomized properties of Aggregate; rerun a failure with -Dsynaps.seed=N. */
class AggregateProperties {
    private static final long SEED = Long.getLong("synaps.seed", new SecureRandom().nextLong());
    private static final int TRIALS = 300;
    private static final double[] GRID = {0, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1};

    @BeforeAll
    static void printSeed() {
        System.out.println("AggregateProperties seed " + SEED + " (rerun with -Dsynaps.seed=" + SEED + ")");
    }

    /** One input to an aggregate: a value with a count, or a statistic set. */
    private record Input(double value, double count, StatisticSet set) {
        void applyTo(Aggregate a) {
            if (set != null) {
                a.add(set);
            } else {
                a.add(value, count);
            }
        }
    }

    private static Random random(int property) {
        return new Random(SEED * 31 + property);
    }

    /** Values of one of several shapes: integers, log-normal, few distinct, constant, very wide. */
    private static double value(Random r, int shape) {
        return switch (shape) {
            case 0 -> r.nextInt(1001);
            case 1 -> Math.exp(r.nextGaussian() * 3);
            case 2 -> new double[] {0, 1.5, 7}[r.nextInt(3)];
            case 3 -> 42;
            default -> Math.pow(10, r.nextInt(101) - 50) * (1 + r.nextInt(9));
        };
    }

    /** Counts that add up exactly in any order: small integers or quarters. */
    private static double exactCount(Random r) {
        return r.nextInt(4) == 0 ? (1 + r.nextInt(8)) / 4.0 : 1 + r.nextInt(3);
    }

    private static List<Input> inputs(Random r, int max, boolean allowUnavailable) {
        int shape = r.nextInt(5);
        int n = r.nextInt(max + 1);
        List<Input> inputs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double v = value(r, shape);
            double c = exactCount(r);
            int kind = r.nextInt(100);
            if (kind < 8) {
                inputs.add(new Input(0, 0, new StatisticSet(c, v * c, v, v)));
            } else if (allowUnavailable && kind == 8) {
                inputs.add(new Input(0, 0, new StatisticSet(2, v + v + 1, v, v + 1)));
            } else if (allowUnavailable && kind == 9) {
                inputs.add(new Input(-v - 1, c, null));
            } else {
                inputs.add(new Input(v, c, null));
            }
        }
        return inputs;
    }

    private static Aggregate aggregate(List<Input> inputs) {
        Aggregate a = Aggregate.empty();
        inputs.forEach(i -> i.applyTo(a));
        return a;
    }

    private static void assertEquivalent(Aggregate expected, Aggregate actual, String context) {
        assertThat(actual.sampleCount()).as(context + " count").isEqualTo(expected.sampleCount());
        assertThat(Double.valueOf(actual.minimum())).as(context + " min").isEqualTo(Double.valueOf(expected.minimum()));
        assertThat(Double.valueOf(actual.maximum())).as(context + " max").isEqualTo(Double.valueOf(expected.maximum()));
        assertThat(actual.percentilesAvailable()).as(context + " availability").isEqualTo(expected.percentilesAvailable());
        double magnitude = Math.abs(expected.sum()) + expected.sampleCount()
                * Math.max(Math.abs(nanToZero(expected.minimum())), Math.abs(nanToZero(expected.maximum())));
        assertThat(Math.abs(actual.sum() - expected.sum())).as(context + " sum").isLessThanOrEqualTo(1e-9 * magnitude);
        assertThat(actual.sketch() == null).as(context + " sketch presence").isEqualTo(expected.sketch() == null);
        for (double q : GRID) {
            assertThat(Double.valueOf(actual.quantile(q))).as(context + " q" + q).isEqualTo(Double.valueOf(expected.quantile(q)));
        }
        Aggregate.WeightedValues e = expected.weightedValues();
        Aggregate.WeightedValues a = actual.weightedValues();
        if (e == null || a == null) {
            assertThat(a).as(context + " bins").isEqualTo(e);
        } else {
            assertThat(Arrays.copyOf(a.values(), a.size())).as(context + " bin values").isEqualTo(Arrays.copyOf(e.values(), e.size()));
            assertThat(Arrays.copyOf(a.weights(), a.size())).as(context + " bin weights").isEqualTo(Arrays.copyOf(e.weights(), e.size()));
        }
    }

    private static double nanToZero(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    /** Merges parts by a random binary grouping, each node merging its two halves in random order. */
    private static Aggregate mergeRandomly(List<Aggregate> parts, Random r) {
        if (parts.size() == 1) {
            return parts.get(0).copy();
        }
        int split = 1 + r.nextInt(parts.size() - 1);
        Aggregate left = mergeRandomly(parts.subList(0, split), r);
        Aggregate right = mergeRandomly(parts.subList(split, parts.size()), r);
        if (r.nextBoolean()) {
            left.merge(right);
            return left;
        }
        right.merge(left);
        return right;
    }

    @Test
    void mergesAreAssociativeAndCommutative() {
        Random r = random(1);
        for (int trial = 0; trial < TRIALS; trial++) {
            int k = 1 + r.nextInt(8);
            List<Aggregate> parts = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                parts.add(aggregate(inputs(r, 30, r.nextInt(4) == 0)));
            }
            Aggregate sequential = Aggregate.empty();
            parts.forEach(sequential::merge);
            List<Aggregate> shuffled = new ArrayList<>(parts);
            Collections.shuffle(shuffled, r);
            assertEquivalent(sequential, mergeRandomly(shuffled, r), "trial " + trial);
            List<Aggregate> reversed = new ArrayList<>(parts);
            Collections.reverse(reversed);
            Aggregate backwards = Aggregate.empty();
            reversed.forEach(backwards::merge);
            assertEquivalent(sequential, backwards, "trial " + trial + " reversed");
        }
    }

    @Test
    void rollupsEqualDirectAggregation() {
        Random r = random(2);
        for (int trial = 0; trial < 40; trial++) {
            // Two hours of samples at random seconds, in time order.
            List<Input> inputs = inputs(r, 600, r.nextInt(3) == 0);
            int[] seconds = r.ints(inputs.size(), 0, 7200).sorted().toArray();
            TreeMap<Integer, Aggregate> minutes = new TreeMap<>();
            TreeMap<Integer, Aggregate> fiveMinutesDirect = new TreeMap<>();
            TreeMap<Integer, Aggregate> hoursDirect = new TreeMap<>();
            for (int i = 0; i < inputs.size(); i++) {
                int t = seconds[i];
                inputs.get(i).applyTo(minutes.computeIfAbsent(t / 60 * 60, x -> Aggregate.empty()));
                inputs.get(i).applyTo(fiveMinutesDirect.computeIfAbsent(t / 300 * 300, x -> Aggregate.empty()));
                inputs.get(i).applyTo(hoursDirect.computeIfAbsent(t / 3600 * 3600, x -> Aggregate.empty()));
            }
            TreeMap<Integer, Aggregate> fiveMinutes = new TreeMap<>();
            minutes.forEach((t, a) -> fiveMinutes.computeIfAbsent(t / 300 * 300, x -> Aggregate.empty()).merge(a));
            TreeMap<Integer, Aggregate> hours = new TreeMap<>();
            fiveMinutes.forEach((t, a) -> hours.computeIfAbsent(t / 3600 * 3600, x -> Aggregate.empty()).merge(a));

            assertThat(fiveMinutes.keySet()).isEqualTo(fiveMinutesDirect.keySet());
            assertThat(hours.keySet()).isEqualTo(hoursDirect.keySet());
            for (int t : fiveMinutes.keySet()) {
                assertEquivalent(fiveMinutesDirect.get(t), fiveMinutes.get(t), "trial " + trial + " 5m@" + t);
            }
            for (int t : hours.keySet()) {
                assertEquivalent(hoursDirect.get(t), hours.get(t), "trial " + trial + " 1h@" + t);
            }
        }
    }

    /** Non-negative samples with integer counts, expanded and sorted. */
    private record Expanded(Aggregate aggregate, double[] sorted, DDSketch reference) {
    }

    private static Expanded expanded(Random r) {
        int shape = r.nextInt(5);
        int n = 1 + r.nextInt(400);
        Aggregate a = Aggregate.empty();
        DDSketch reference = new DDSketch(new LogarithmicMapping(0.01), UnboundedSizeDenseStore::new);
        List<Double> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double v = value(r, shape);
            int c = 1 + r.nextInt(3);
            a.add(v, c);
            reference.accept(v, c);
            for (int j = 0; j < c; j++) {
                all.add(v);
            }
        }
        double[] sorted = all.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Expanded(a, sorted, reference);
    }

    @Test
    void quantilesAreWithinTheStatedRelativeErrorOfTheExactLowerQuantile() {
        Random r = random(3);
        for (int trial = 0; trial < TRIALS; trial++) {
            Expanded x = expanded(r);
            double[] sorted = x.sorted();
            for (int i = 0; i < 40; i++) {
                double q = i < GRID.length ? GRID[i] : r.nextDouble();
                double exact = sorted[(int) Math.floor(q * (sorted.length - 1))];
                double estimate = x.aggregate().quantile(q);
                assertThat(Math.abs(estimate - exact))
                        .as("trial %d q=%s exact=%s estimate=%s", trial, q, exact, estimate)
                        .isLessThanOrEqualTo(Aggregate.RELATIVE_ACCURACY * exact * (1 + 1e-12));
                if (q > 0 && q < 1 && sorted[0] != sorted[sorted.length - 1]) {
                    // Same answer as the library's own sketch with its default dense store.
                    double library = Math.max(sorted[0], Math.min(sorted[sorted.length - 1], x.reference().getValueAtQuantile(q)));
                    assertThat(estimate).as("trial %d q=%s vs DDSketch", trial, q).isEqualTo(library);
                }
            }
        }
    }

    /** The rank-mass trimmed statistics over exact samples, as TrimmedStatistic documents them. */
    private static double[] exactByRank(double[] sorted, double lowPercent, double highPercent) {
        double low = lowPercent / 100 * sorted.length;
        double high = highPercent / 100 * sorted.length;
        double mass = 0;
        double sum = 0;
        double first = Double.NaN;
        double last = Double.NaN;
        for (int i = 0; i < sorted.length; i++) {
            double kept = Math.min(i + 1, high) - Math.max(i, low);
            if (kept > 0) {
                mass += kept;
                sum += kept * sorted[i];
                if (Double.isNaN(first)) {
                    first = sorted[i];
                }
                last = sorted[i];
            }
        }
        double winsorized = mass > 0 ? (sum + low * first + (sorted.length - high) * last) / sorted.length : Double.NaN;
        return new double[] {mass, sum, mass > 0 ? sum / mass : Double.NaN, winsorized};
    }

    @Test
    void trimmedStatisticsAreWithinTheSketchAccuracyOfExactComputation() {
        Random r = random(4);
        for (int trial = 0; trial < TRIALS; trial++) {
            Expanded x = expanded(r);
            double a = r.nextInt(50) + (r.nextBoolean() ? 0 : r.nextInt(10) / 10.0);
            double b = 50 + r.nextInt(51) - (r.nextBoolean() ? 0 : r.nextInt(10) / 10.0);
            String range = "(" + trim(a) + "%:" + trim(b) + "%)";
            double[] exact = exactByRank(x.sorted(), a, b);
            String context = "trial " + trial + " " + range + " n=" + x.sorted().length;
            assertThat(Statistic.parse("TC" + range).compute(x.aggregate())).as(context)
                    .isCloseTo(exact[0], org.assertj.core.api.Assertions.within(1e-9 * x.sorted().length));
            assertCloseRelative(Statistic.parse("TS" + range).compute(x.aggregate()), exact[1], context + " TS");
            assertCloseRelative(Statistic.parse("TM" + range).compute(x.aggregate()), exact[2], context + " TM");
            if (exact[0] > 0) {
                assertCloseRelative(Statistic.parse("WM" + range).compute(x.aggregate()), exact[3], context + " WM");
            }
        }
    }

    private static String trim(double percent) {
        return percent == Math.rint(percent) ? String.valueOf((long) percent) : String.valueOf(percent);
    }

    private static void assertCloseRelative(double actual, double expected, String context) {
        if (Double.isNaN(expected)) {
            assertThat(actual).as(context).isNaN();
            return;
        }
        assertThat(Math.abs(actual - expected)).as(context + " actual " + actual + " expected " + expected)
                .isLessThanOrEqualTo(Aggregate.RELATIVE_ACCURACY * Math.abs(expected) * (1 + 1e-9) + 1e-300);
    }

    @Test
    void percentileRankJudgesSamplesEqualToTheBoundsExactly() {
        Random r = random(5);
        for (int trial = 0; trial < TRIALS; trial++) {
            Expanded x = expanded(r);
            double[] sorted = x.sorted();
            double low = sorted[r.nextInt(sorted.length)];
            double high = Math.max(low, sorted[r.nextInt(sorted.length)]);
            double inside = 0;
            double ambiguous = 0;
            for (double v : sorted) {
                if (v > low && v <= high) {
                    inside++;
                }
                // Samples sharing a bound's bin but not equal to it may be judged either way.
                if ((near(v, low) && v != low) || (near(v, high) && v != high)) {
                    ambiguous++;
                }
            }
            double exact = 100 * inside / sorted.length;
            double estimate = new PercentileRank(Bounds.absolute(low, high), "PR").compute(x.aggregate());
            assertThat(Math.abs(estimate - exact)).as("trial %d PR(%s:%s)", trial, low, high)
                    .isLessThanOrEqualTo(100 * ambiguous / sorted.length + 1e-9);
        }
    }

    private static boolean near(double v, double bound) {
        return Aggregate.MAPPING.index(Math.max(v, Double.MIN_NORMAL)) == Aggregate.MAPPING.index(Math.max(bound, Double.MIN_NORMAL))
                || Math.abs(v - bound) <= 0.03 * Math.max(v, bound);
    }

    @Test
    void encodingRoundTripsAndReencodesToTheSameBytes() {
        Random r = random(6);
        for (int trial = 0; trial < TRIALS; trial++) {
            List<Input> inputs = inputs(r, 50, r.nextBoolean());
            Aggregate a = aggregate(inputs);
            if (r.nextBoolean() && !a.isEmpty()) {
                a.add(a.maximum() + r.nextDouble(), r.nextDouble() + 0.01); // arbitrary fractional count
            }
            byte[] bytes = AggregateTest.encode(a);
            Aggregate decoded = Aggregate.decode(ByteBuffer.wrap(bytes));
            assertThat(decoded.sum()).isEqualTo(a.sum());
            assertEquivalent(a, decoded, "trial " + trial);
            assertThat(AggregateTest.encode(decoded)).as("trial " + trial).isEqualTo(bytes);
        }
    }
}
