package io.synaps.api.action;

import io.synaps.engine.ingest.MetricIngest;
import io.synaps.engine.query.MetricReader;
import io.synaps.engine.query.UnitSeries;
import io.synaps.model.MetricDatum;
import io.synaps.model.MetricId;
import io.synaps.model.StandardUnit;
import io.synaps.store.metric.MetricFilter;
import io.synaps.store.metric.MetricPage;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Unreachable stands in for the engine where a test proves that a request is refused before it
 * reaches the engine: any call fails the test.
 */
public final class Unreachable implements MetricIngest, MetricReader {
    @Override
    public CompletableFuture<Void> put(String accountId, List<MetricDatum> data) {
        throw new AssertionError("invalid input reached the engine: " + data);
    }

    @Override
    public List<UnitSeries> read(String accountId, MetricId metric, StandardUnit unit, long startSeconds,
                                 long endSeconds, int periodSeconds) {
        throw new AssertionError("invalid input reached the engine: read " + metric);
    }

    @Override
    public MetricPage list(String accountId, MetricFilter filter, String nextToken, int pageSize) {
        throw new AssertionError("invalid input reached the engine: list " + filter);
    }
}
