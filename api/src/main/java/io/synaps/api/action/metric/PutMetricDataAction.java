package io.synaps.api.action.metric;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.api.action.RawBodyAction;
import io.synaps.api.action.RequestContext;
import io.synaps.api.protocol.Members;
import io.synaps.api.protocol.WireProtocol;
import io.synaps.engine.ingest.MetricIngest;
import io.synaps.model.AwsError;
import io.synaps.model.Dimension;
import io.synaps.model.MetricDatum;
import io.synaps.model.MetricId;
import io.synaps.model.StandardUnit;
import io.synaps.model.StatisticSet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * PutMetricDataAction validates a whole PutMetricData request with CloudWatch's rules and
 * messages, then hands every datum to {@link MetricIngest} and answers once they are durable.
 * A request with any invalid datum changes nothing. Thread-safe.
 *
 * <p>EntityMetricData is accepted: its entities are ignored and its MetricData ingested like the
 * top-level MetricData (so StrictEntityValidation has nothing to refuse).
 */
public final class PutMetricDataAction implements RawBodyAction {
    /** Most datums per request (MetricData plus EntityMetricData), hard AWS limit. */
    public static final int DATUMS_MAX = 1000;
    /** Most Values (and Counts) per datum. */
    public static final int VALUES_MAX = 150;
    /** Largest accepted magnitude: 2^360. */
    public static final double VALUE_LIMIT = 0x1p360;
    static final Duration PAST = Duration.ofDays(14);
    static final Duration FUTURE = Duration.ofHours(2);

    private final MetricIngest ingest;

    public PutMetricDataAction(MetricIngest ingest) {
        this.ingest = Objects.requireNonNull(ingest, "ingest");
    }

    @Override
    public String name() {
        return "PutMetricData";
    }

    @Override
    public CompletableFuture<ObjectNode> handle(RequestContext context, Members input) {
        List<MetricDatum> data;
        try {
            data = validate(context, input);
        } catch (AwsError e) {
            return CompletableFuture.failedFuture(e);
        }
        if (data.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return ingest.put(context.accountId(), data).thenApply(v -> null);
    }

    /**
     * The JSON/CBOR body decoded by {@link PutMetricDataStreamDecoder} without the tree; null (use
     * {@link #handle}) whenever the body is anything but a valid request the decoder fully understands,
     * so every error and every unusual coercion is the tree path's.
     */
    @Override
    public CompletableFuture<ObjectNode> handleRaw(RequestContext context, WireProtocol protocol, byte[] body) {
        List<MetricDatum> data = PutMetricDataStreamDecoder.decode(protocol, body, context.clock().instant());
        if (data == null) {
            return null;
        }
        if (data.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return ingest.put(context.accountId(), data).thenApply(v -> null);
    }

    /** The request's datums, ready to ingest; throws the AwsError AWS would answer. */
    List<MetricDatum> validate(RequestContext context, Members input) {
        String namespace = MetricNames.namespace(input, "Namespace", MetricNames.Mode.WRITE);
        List<Members> datums = new ArrayList<>(input.list("MetricData"));
        for (Members entity : input.list("EntityMetricData")) {
            datums.addAll(entity.list("MetricData"));
        }
        if (datums.isEmpty()) {
            throw Members.required("MetricData");
        }
        if (datums.size() > DATUMS_MAX) {
            throw AwsError.invalidParameterValue("The collection MetricData must not have a size greater than "
                    + DATUMS_MAX + ".");
        }
        input.bool("StrictEntityValidation");
        Instant now = context.clock().instant();
        Instant earliest = now.minus(PAST);
        Instant latest = now.plus(FUTURE);
        List<MetricDatum> out = new ArrayList<>(datums.size());
        List<AwsError> errors = new ArrayList<>();
        for (Members datum : datums) {
            try {
                MetricDatum d = datum(namespace, datum, now, earliest, latest);
                if (d != null) {
                    out.add(d);
                }
            } catch (AwsError e) {
                errors.add(e);
            }
        }
        if (!errors.isEmpty()) {
            throw combined(errors);
        }
        return out;
    }

    /**
     * AWS reports every datum's error of the first error's kind, one message per line (seen for
     * timestamps out of range in several datums).
     */
    private static AwsError combined(List<AwsError> errors) {
        AwsError first = errors.get(0);
        if (errors.size() == 1) {
            return first;
        }
        String message = errors.stream()
                .filter(e -> e.code().equals(first.code()))
                .map(AwsError::getMessage)
                .collect(Collectors.joining("\n"));
        return new AwsError(first.shape(), first.code(), first.status(), first.senderFault(), message, first.members());
    }

    private static MetricDatum datum(String namespace, Members d, Instant now, Instant earliest, Instant latest) {
        String metricName = MetricNames.metricName(d, "MetricName", MetricNames.Mode.WRITE);
        List<Dimension> dimensions = MetricNames.dimensions(d, "Dimensions", MetricNames.Mode.WRITE);

        Instant timestamp = d.timestamp("Timestamp");
        if (timestamp == null) {
            timestamp = now;
        } else if (timestamp.isBefore(earliest)) {
            throw AwsError.invalidParameterValue("The parameter " + d.pathOf("Timestamp")
                    + " must specify a time within the past two weeks.");
        } else if (timestamp.isAfter(latest)) {
            throw AwsError.invalidParameterValue("The parameter " + d.pathOf("Timestamp")
                    + " must specify a time no more than two hours in the future.");
        }

        StandardUnit unit = MetricNames.unit(d, "Unit");
        Integer resolution = d.integer("StorageResolution");
        if (resolution != null && resolution != 1 && resolution != 60) {
            throw AwsError.invalidParameterValue("The parameter " + d.pathOf("StorageResolution")
                    + " must be a value in the set [ 1, 60 ].");
        }

        boolean hasValue = d.has("Value");
        List<Members> valueItems = d.list("Values");
        List<Members> countItems = d.list("Counts");
        boolean hasValues = !valueItems.isEmpty();
        Members statsIn = d.struct("StatisticValues");
        boolean hasStats = statsIn.isPresent() && statsIn.node().size() > 0;
        if (hasValue && hasValues) {
            throw exclusive(d, "Value", "Values");
        }
        if (hasValue && hasStats) {
            throw exclusive(d, "Value", "StatisticValues");
        }
        if (!hasValue && !hasValues && !hasStats) {
            throw AwsError.missingParameter("At least one of the parameters " + d.pathOf("Value") + ", "
                    + d.pathOf("Values") + " or " + d.pathOf("StatisticValues") + " must be specified.");
        }

        double[] values;
        double[] counts;
        if (hasValue) {
            values = new double[]{value(d.child("Value"))};
            counts = new double[]{1};
        } else {
            if (valueItems.size() > VALUES_MAX) {
                throw tooMany(d.pathOf("Values"));
            }
            if (countItems.size() > VALUES_MAX) {
                throw tooMany(d.pathOf("Counts"));
            }
            if (!countItems.isEmpty() && countItems.size() != valueItems.size()) {
                throw AwsError.invalidParameterValue("The parameters " + d.pathOf("Values") + " and "
                        + d.pathOf("Counts") + " must be of the same size.");
            }
            values = new double[valueItems.size()];
            counts = new double[valueItems.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = value(valueItems.get(i));
                counts[i] = countItems.isEmpty() ? 1 : count(countItems.get(i));
            }
        }
        StatisticSet stats = hasStats ? statisticSet(statsIn) : null;
        return assemble(namespace, metricName, dimensions, timestamp, unit, resolution, values, counts, stats);
    }

    /**
     * The datum of validated parts, shared by the tree and the streaming decoder; null when it adds
     * nothing (no positive count and no statistic set).
     */
    static MetricDatum assemble(String namespace, String metricName, List<Dimension> dimensions, Instant timestamp,
                                StandardUnit unit, Integer resolution, double[] values, double[] counts,
                                StatisticSet stats) {
        // A value that occurred zero times adds nothing; aggregates only take positive counts.
        int kept = 0;
        for (double c : counts) {
            if (c > 0) {
                kept++;
            }
        }
        if (kept < counts.length) {
            double[] v = new double[kept];
            double[] c = new double[kept];
            for (int i = 0, j = 0; i < counts.length; i++) {
                if (counts[i] > 0) {
                    v[j] = values[i];
                    c[j++] = counts[i];
                }
            }
            values = v;
            counts = c;
        }
        if (values.length == 0 && stats == null) {
            return null;
        }
        MetricId metric = new MetricId(namespace, metricName, dimensions);
        return new MetricDatum(metric, timestamp.toEpochMilli(), unit == null ? StandardUnit.NONE : unit,
                resolution == null ? 60 : resolution, values, counts, stats);
    }

    /** True for a value AWS accepts: finite, within +-2^360. */
    static boolean validValue(double x) {
        return Double.isFinite(x) && Math.abs(x) <= VALUE_LIMIT;
    }

    /** True for a count AWS accepts: finite, not negative. */
    static boolean validCount(double x) {
        return Double.isFinite(x) && x >= 0;
    }

    /** A finite value within +-2^360; AWS names the offending value and its parameter. */
    private static double value(Members v) {
        double x = v.asDouble();
        if (!validValue(x)) {
            throw Members.invalidValue(v.path(), text(v, x));
        }
        return x;
    }

    private static double count(Members c) {
        double x = c.asDouble();
        if (!validCount(x)) {
            throw Members.invalidValue(c.path(), text(c, x));
        }
        return x;
    }

    private static String text(Members v, double x) {
        return v.node().isTextual() ? v.node().textValue().trim() : Double.toString(x);
    }

    private static StatisticSet statisticSet(Members s) {
        List<String> missing = new ArrayList<>();
        for (String member : List.of("SampleCount", "Sum", "Minimum", "Maximum")) {
            if (!s.has(member)) {
                missing.add("The parameter " + s.pathOf(member) + " is required.");
            }
        }
        if (!missing.isEmpty()) {
            throw AwsError.missingParameter(String.join("\n", missing));
        }
        double sampleCount = value(s.child("SampleCount"));
        double sum = value(s.child("Sum"));
        double minimum = value(s.child("Minimum"));
        double maximum = value(s.child("Maximum"));
        if (sampleCount <= 0) {
            throw AwsError.invalidParameterValue("The parameter " + s.pathOf("SampleCount")
                    + " must be greater than 0.");
        }
        if (minimum > maximum) {
            throw AwsError.invalidParameterValue("The parameter " + s.pathOf("Maximum")
                    + " must be greater than " + s.pathOf("Minimum") + ".");
        }
        return new StatisticSet(sampleCount, sum, minimum, maximum);
    }

    private static AwsError exclusive(Members d, String a, String b) {
        return AwsError.invalidParameterCombination("The parameters " + d.pathOf(a) + " and " + d.pathOf(b)
                + " are mutually exclusive and you have specified both.");
    }

    private static AwsError tooMany(String path) {
        return AwsError.invalidParameterValue("The collection " + path + " must not have a size greater than "
                + VALUES_MAX + ".");
    }
}
