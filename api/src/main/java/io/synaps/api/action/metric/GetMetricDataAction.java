package io.synaps.api.action.metric;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.api.action.SyncAction;
import io.synaps.api.action.RequestContext;
import io.synaps.api.protocol.Members;
import io.synaps.api.protocol.Output;
import io.synaps.engine.query.MetricReader;
import io.synaps.model.AwsError;
import io.synaps.model.Dimension;
import io.synaps.model.MetricId;
import io.synaps.model.StandardUnit;
import io.synaps.stats.Statistic;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * GetMetricDataAction answers GetMetricData for MetricStat queries: results in query order, AWS's
 * default labels, one unit per result (the alphabetically first, with a MultipleUnits message
 * when several units hold data and the query names none), ScanBy order, and pagination by
 * MaxDatapoints with an opaque NextToken. Expression queries (metric math, Metrics Insights) are
 * validated and then refused with UnsupportedOperation until the expression engine exists.
 * Thread-safe.
 */
public final class GetMetricDataAction implements SyncAction {
    /** Most queries per call, hard AWS limit. */
    public static final int QUERIES_MAX = 500;
    static final int EXPRESSION_MAX = 2048;
    static final Pattern ID = Pattern.compile("[a-z][a-zA-Z0-9_]*");
    static final Pattern TIMEZONE = Pattern.compile("[+-](?:[01]\\d|2[0-3])[0-5]\\d");
    static final List<String> SCAN_BY = List.of("TimestampDescending", "TimestampAscending");
    private static final String TOKEN_VERSION = "g1";

    private final MetricReader reader;
    private final int maxDatapoints;

    /** @param maxDatapoints the default and largest MaxDatapoints (AWS: 100,800) */
    public GetMetricDataAction(MetricReader reader, int maxDatapoints) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.maxDatapoints = maxDatapoints;
    }

    @Override
    public String name() {
        return "GetMetricData";
    }

    /** One validated MetricStat query. */
    private record Query(String id, String label, boolean returnData, MetricId metric, int period,
                         Statistic stat, StandardUnit unit) {
    }

    /** One query's answer before paging: ascending or descending per ScanBy. */
    private record Result(Query query, String label, long[] timestamps, double[] values, String message) {
    }

    @Override
    public ObjectNode answer(RequestContext context, Members in) {
        List<Members> items = in.list("MetricDataQueries");
        if (items.isEmpty()) {
            throw Members.required("MetricDataQueries");
        }
        if (items.size() > QUERIES_MAX) {
            throw AwsError.validation("The collection MetricDataQueries must not have a size greater than "
                    + QUERIES_MAX + ".");
        }
        Instant start = in.requiredTimestamp("StartTime");
        Instant end = in.requiredTimestamp("EndTime");
        if (start.equals(end)) {
            throw AwsError.validation("The parameter StartTime must not equal parameter EndTime.");
        }
        if (end.isBefore(start)) {
            throw AwsError.validation("The parameter EndTime must be greater than StartTime.");
        }
        String scanBy = in.oneOf("ScanBy", SCAN_BY);
        boolean ascending = "TimestampAscending".equals(scanBy);
        Integer max = in.integer("MaxDatapoints");
        if (max != null && max < 1) {
            throw AwsError.invalidParameterValue("The parameter MaxDatapoints must be greater than 0.");
        }
        int pageSize = max == null ? maxDatapoints : Math.min(max, maxDatapoints);
        Members labelOptions = in.struct("LabelOptions");
        String timezone = labelOptions.string("Timezone");
        if (timezone != null && !TIMEZONE.matcher(timezone).matches()) {
            throw Members.invalidValue(labelOptions.pathOf("Timezone"), timezone);
        }
        String nextToken = in.string("NextToken");

        List<Query> queries = new ArrayList<>(items.size());
        Map<String, String> idPaths = new HashMap<>();
        String expressionPath = null;
        for (Members q : items) {
            String id = q.requiredString("Id");
            if (id.length() > MetricNames.NAME_MAX || !ID.matcher(id).matches()) {
                throw AwsError.validation("The value " + id + " for parameter " + q.pathOf("Id")
                        + " is invalid. An Id must start with a lowercase letter and contain only letters,"
                        + " numbers and underscores.");
            }
            String previous = idPaths.putIfAbsent(id, q.pathOf("Id"));
            if (previous != null) {
                throw AwsError.validation("The value " + id + " for parameter " + q.pathOf("Id")
                        + " is already used by " + previous + ". Ids must be unique within a request.");
            }
            boolean hasStat = q.has("MetricStat");
            boolean hasExpression = q.has("Expression");
            if (hasStat && hasExpression) {
                throw AwsError.validation("The parameters " + q.pathOf("MetricStat") + " and " + q.pathOf("Expression")
                        + " are mutually exclusive and you have specified both.");
            }
            if (!hasStat && !hasExpression) {
                throw AwsError.validation("The parameter " + q.pathOf("MetricStat") + " is required.\n");
            }
            boolean returnData = q.bool("ReturnData", true);
            String label = q.string("Label");
            Integer queryPeriod = q.integer("Period");
            if (queryPeriod != null) {
                QueryWindow.checkPeriod(queryPeriod, q.pathOf("Period"));
            }
            q.string("AccountId");
            if (hasExpression) {
                String expression = q.string("Expression");
                if (expression.isEmpty()) {
                    throw Members.constraint(expression, q.pathOf("Expression"),
                            "Member must have length greater than or equal to 1");
                }
                if (expression.length() > EXPRESSION_MAX) {
                    throw Members.constraint(expression, q.pathOf("Expression"),
                            "Member must have length less than or equal to " + EXPRESSION_MAX);
                }
                if (expressionPath == null) {
                    expressionPath = q.pathOf("Expression");
                }
                continue;
            }
            queries.add(metricStat(q, id, label, returnData, queryPeriod));
        }
        if (expressionPath != null) {
            throw expressionsUnsupported(expressionPath);
        }

        String fingerprint = fingerprint(context.accountId(), start, end, ascending, queries);
        long offset = nextToken == null ? 0 : offset(nextToken, fingerprint);

        boolean statsDiffer = queries.stream().map(q -> q.stat().text()).distinct().count() > 1;
        boolean periodsDiffer = queries.stream().map(Query::period).distinct().count() > 1;
        Instant now = context.clock().instant();
        List<Result> results = new ArrayList<>();
        for (Query q : queries) {
            if (!q.returnData()) {
                continue; // only expressions could consume it, and they are refused above
            }
            results.add(read(context.accountId(), q, start, end, now, ascending,
                    label(q, statsDiffer, periodsDiffer)));
        }
        return render(results, offset, pageSize, fingerprint);
    }

    /**
     * UnsupportedOperation for a metric math or Metrics Insights expression at {@code path}; the
     * one wording every action that meets an expression answers with.
     */
    public static AwsError expressionsUnsupported(String path) {
        return new AwsError("UnsupportedOperation", "UnsupportedOperation", 400,
                "Metric math and Metrics Insights expressions (" + path
                        + ") are not implemented by this Synaps server yet; use MetricStat queries.");
    }

    private static Query metricStat(Members q, String id, String label, boolean returnData, Integer queryPeriod) {
        Members ms = q.struct("MetricStat");
        if (!ms.has("Metric")) {
            throw Members.required(ms.pathOf("Metric"));
        }
        MetricId metric = MetricNames.metric(ms.struct("Metric"), MetricNames.Mode.READ);
        Integer period = ms.integer("Period");
        String periodPath = ms.pathOf("Period");
        if (period == null) {
            if (queryPeriod == null) {
                throw Members.required(periodPath);
            }
            period = queryPeriod;
            periodPath = q.pathOf("Period");
        }
        QueryWindow.checkPeriod(period, periodPath);
        String statText = ms.requiredString("Stat");
        Statistic stat = Statistic.parse(statText);
        if (stat == null) {
            throw AwsError.invalidParameterValue("The value " + statText + " for parameter " + ms.pathOf("Stat")
                    + " is not supported.");
        }
        StandardUnit unit = MetricNames.unit(ms, "Unit");
        return new Query(id, label == null || label.isEmpty() ? null : label, returnData, metric, period, stat, unit);
    }

    private static String label(Query q, boolean statsDiffer, boolean periodsDiffer) {
        return q.label() != null ? q.label()
                : defaultLabel(q.metric().metricName(), q.stat().text(), q.period(), statsDiffer, periodsDiffer);
    }

    /**
     * AWS's default label: the metric name, plus the Stat when the request's MetricStat queries use
     * different stats, plus the Period when they use different periods. Units are never added.
     * GetMetricWidgetImage labels its series the same way.
     */
    public static String defaultLabel(String metricName, String stat, int period, boolean statsDiffer,
                                      boolean periodsDiffer) {
        StringBuilder b = new StringBuilder(metricName);
        if (statsDiffer) {
            b.append(' ').append(stat);
        }
        if (periodsDiffer) {
            b.append(' ').append(period);
        }
        return b.toString();
    }

    private Result read(String account, Query q, Instant start, Instant end, Instant now, boolean ascending, String label) {
        StatSeries s = StatSeries.read(reader, account, q.metric(), q.unit(), q.stat(),
                QueryWindow.of(start, end, q.period(), now));
        int k = s.size();
        long[] timestamps = new long[k];
        double[] values = new double[k];
        for (int i = 0; i < k; i++) {
            int from = ascending ? i : k - 1 - i;
            timestamps[i] = s.timestamps()[from];
            values[i] = s.values()[from];
        }
        return new Result(q, label, timestamps, values, s.multipleUnitsMessage());
    }

    /** One page: points [offset, offset + pageSize) of the results laid end to end in query order. */
    private static ObjectNode render(List<Result> results, long offset, int pageSize, String fingerprint) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode list = out.putArray("MetricDataResults");
        long pageEnd = offset + pageSize;
        long first = 0;
        for (Result r : results) {
            int n = r.values().length;
            int from = (int) Math.max(0, Math.min(n, offset - first));
            int to = (int) Math.max(0, Math.min(n, pageEnd - first));
            ObjectNode item = list.addObject();
            item.put("Id", r.query().id());
            item.put("Label", r.label());
            ArrayNode timestamps = item.putArray("Timestamps");
            ArrayNode values = item.putArray("Values");
            for (int i = from; i < to; i++) {
                timestamps.add(Output.timestamp(Instant.ofEpochSecond(r.timestamps()[i])));
                values.add(r.values()[i]);
            }
            item.put("StatusCode", first + n > pageEnd ? "PartialData" : "Complete");
            if (r.message() != null) {
                ObjectNode m = item.putArray("Messages").addObject();
                m.put("Code", "MultipleUnits");
                m.put("Value", r.message());
            }
            first += n;
        }
        if (first > pageEnd) {
            out.put("NextToken", token(fingerprint, pageEnd));
        }
        out.putArray("Messages");
        return out;
    }

    /** Binds a token to the request that issued it, so it cannot page through another query. */
    private static String fingerprint(String account, Instant start, Instant end, boolean ascending, List<Query> queries) {
        StringBuilder b = new StringBuilder(account).append('|').append(start).append('|').append(end)
                .append('|').append(ascending);
        for (Query q : queries) {
            b.append('|').append(q.id()).append(',').append(q.returnData()).append(',')
                    .append(q.metric().namespace()).append(',').append(q.metric().metricName());
            for (Dimension d : q.metric().dimensions()) {
                b.append(',').append(d.name()).append('=').append(d.value());
            }
            b.append(',').append(q.period()).append(',').append(q.stat().text()).append(',')
                    .append(q.unit() == null ? "" : q.unit().wireName());
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(b.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static String token(String fingerprint, long offset) {
        String raw = TOKEN_VERSION + ":" + fingerprint + ":" + offset;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static long offset(String token, String fingerprint) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            String[] parts = raw.split(":");
            if (parts.length == 3 && parts[0].equals(TOKEN_VERSION) && parts[1].equals(fingerprint)) {
                long offset = Long.parseLong(parts[2]);
                if (offset > 0) {
                    return offset;
                }
            }
        } catch (IllegalArgumentException e) {
            // falls through to the AWS error
        }
        throw AwsError.invalidNextToken("Request parameter NextToken is invalid");
    }
}
