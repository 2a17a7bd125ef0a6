package io.synaps.api.action.metric;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.api.action.SyncAction;
import io.synaps.api.action.RequestContext;
import io.synaps.api.protocol.Members;
import io.synaps.api.protocol.Output;
import io.synaps.engine.query.MetricReader;
import io.synaps.engine.query.UnitSeries;
import io.synaps.model.AwsError;
import io.synaps.model.MetricId;
import io.synaps.model.StandardUnit;
import io.synaps.stats.Aggregate;
import io.synaps.stats.Statistic;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * GetMetricStatisticsAction answers GetMetricStatistics: one datapoint per period bucket and
 * unit (units are never merged), with the requested basic or extended statistics. Thread-safe.
 */
public final class GetMetricStatisticsAction implements SyncAction {
    /** Most datapoints one call may ask for. */
    public static final long DATAPOINTS_MAX = 1440;
    /** The basic statistics in the model's order (used in messages and in each datapoint). */
    public static final List<String> BASIC = List.of("SampleCount", "Average", "Sum", "Minimum", "Maximum");
    static final int STATISTICS_MAX = 5;
    static final int EXTENDED_MAX = 10;

    private final MetricReader reader;

    public GetMetricStatisticsAction(MetricReader reader) {
        this.reader = Objects.requireNonNull(reader, "reader");
    }

    @Override
    public String name() {
        return "GetMetricStatistics";
    }

    @Override
    public ObjectNode answer(RequestContext context, Members in) {
        String namespace = MetricNames.namespace(in, "Namespace", MetricNames.Mode.READ);
        String metricName = MetricNames.metricName(in, "MetricName", MetricNames.Mode.READ);
        MetricId metric = new MetricId(namespace, metricName, MetricNames.dimensions(in, "Dimensions", MetricNames.Mode.READ));
        Instant start = in.requiredTimestamp("StartTime");
        Instant end = in.requiredTimestamp("EndTime");
        int period = QueryWindow.checkPeriod(in.requiredInt("Period"), "Period");

        List<Statistic> basics = new ArrayList<>();
        List<Statistic> extended = new ArrayList<>();
        statistics(in, basics, extended);
        StandardUnit unit = MetricNames.unit(in, "Unit");

        if (!start.isBefore(end)) {
            throw AwsError.invalidParameterValue("The parameter StartTime must be less than the parameter EndTime.");
        }
        long requested = Duration.between(start, end).toMillis() / (period * 1000L);
        if (requested > DATAPOINTS_MAX) {
            throw AwsError.invalidParameterCombination("You have requested up to " + requested
                    + " datapoints, which exceeds the limit of " + DATAPOINTS_MAX
                    + ". You may reduce the datapoints requested by increasing Period, or decreasing the time range.");
        }

        QueryWindow w = QueryWindow.of(start, end, period, context.clock().instant());
        List<UnitSeries> series = reader.read(context.accountId(), metric, unit, w.startSeconds(), w.endSeconds(), period);

        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("Label", metricName);
        ArrayNode datapoints = out.putArray("Datapoints");
        for (UnitSeries s : series) {
            for (int i = 0; i < s.bucketStarts().length; i++) {
                datapoints.add(datapoint(s.bucketStarts()[i], s.aggregates()[i], s.unit(), basics, extended));
            }
        }
        return out;
    }

    /** Fills the requested statistics: basics in the model's order, extended ones as given. */
    private static void statistics(Members in, List<Statistic> basics, List<Statistic> extended) {
        List<Members> stats = in.list("Statistics");
        List<Members> ext = in.list("ExtendedStatistics");
        if (stats.isEmpty() && ext.isEmpty()) {
            throw AwsError.invalidParameterCombination("Must specify either Statistics or ExtendedStatistics");
        }
        if (!stats.isEmpty() && !ext.isEmpty()) {
            throw AwsError.invalidParameterCombination(
                    "The parameters Statistics and ExtendedStatistics are mutually exclusive and you have specified both.");
        }
        if (stats.size() > STATISTICS_MAX) {
            throw AwsError.invalidParameterValue("The collection Statistics must not have a size greater than "
                    + STATISTICS_MAX + ".");
        }
        if (ext.size() > EXTENDED_MAX) {
            throw AwsError.invalidParameterValue("The collection ExtendedStatistics must not have a size greater than "
                    + EXTENDED_MAX + ".");
        }
        Set<String> wanted = new LinkedHashSet<>();
        for (Members s : stats) {
            String text = s.asRequiredString();
            if (Statistic.parseBasic(text) == null) {
                throw Members.notInSet(s.path(), BASIC);
            }
            wanted.add(text);
        }
        for (String name : BASIC) {
            if (wanted.contains(name)) {
                basics.add(Statistic.parseBasic(name));
            }
        }
        Set<String> seen = new LinkedHashSet<>();
        for (Members e : ext) {
            String text = e.asRequiredString();
            Statistic st = Statistic.parseExtended(text);
            if (st == null) {
                throw AwsError.invalidParameterValue("The value " + text + " for parameter ExtendedStatistic is not supported.");
            }
            if (seen.add(text)) {
                extended.add(st);
            }
        }
    }

    private static ObjectNode datapoint(long bucketStart, Aggregate a, StandardUnit unit,
                                        List<Statistic> basics, List<Statistic> extended) {
        ObjectNode dp = JsonNodeFactory.instance.objectNode();
        dp.set("Timestamp", Output.timestamp(Instant.ofEpochSecond(bucketStart)));
        for (Statistic s : basics) {
            double v = s.compute(a);
            if (!Double.isNaN(v)) {
                dp.put(s.text(), v);
            }
        }
        dp.put("Unit", unit.wireName());
        if (!extended.isEmpty()) {
            ObjectNode map = Output.map();
            for (Statistic s : extended) {
                double v = s.compute(a);
                if (!Double.isNaN(v)) {
                    map.put(s.text(), v);
                }
            }
            if (!map.isEmpty()) {
                dp.set("ExtendedStatistics", map);
            }
        }
        return dp;
    }
}
