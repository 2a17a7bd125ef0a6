package io.synaps.engine.query;

import io.synaps.model.MetricId;
import io.synaps.model.StandardUnit;
import io.synaps.store.metric.MetricFilter;
import io.synaps.store.metric.MetricPage;

/**
 * MetricReader answers reads from stored buckets plus still-open (not yet flushed) ones, so a
 * datum is readable as soon as PutMetricData is acknowledged. Thread-safe.
 */
public interface MetricReader {

    /**
     * Aggregates of one metric over [startSeconds, endSeconds) in buckets of {@code periodSeconds}
     * aligned at {@code startSeconds} (callers round StartTime as AWS does before calling), one
     * {@link UnitSeries} per unit that has data (only {@code unit} when it is not null). Buckets
     * without samples are absent. Picks the storage tier for the data's age; where the period does
     * not fit the tier (AWS: older than 3 h needs a multiple of 60, 15 d of 300, 63 d of 3600) the
     * affected buckets are absent, not an error.
     */
    java.util.List<UnitSeries> read(String accountId, MetricId metric, StandardUnit unit,
                                    long startSeconds, long endSeconds, int periodSeconds);

    /**
     * Lists the account's metrics matching the filter, at most {@code pageSize} per page, in a stable
     * order; {@code nextToken} is null for the first page or the token of the previous page.
     *
     * @throws io.synaps.model.AwsError InvalidNextToken when the token is not one this reader issued
     */
    MetricPage list(String accountId, MetricFilter filter, String nextToken, int pageSize);
}
