package io.synaps.engine.ingest;

import io.synaps.model.MetricDatum;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * MetricIngest accepts validated datums of one account. Thread-safe.
 *
 * <p>The returned future completes normally only once every datum is durable in the journal
 * (acknowledged data survive kill -9). It completes exceptionally with an
 * {@link io.synaps.model.AwsError} when the request is refused as a whole (e.g. LimitExceeded
 * because the account's active-series limit would be passed, or ServiceUnavailable on overload);
 * a refused request changes nothing.
 */
public interface MetricIngest {
    CompletableFuture<Void> put(String accountId, List<MetricDatum> data);
}
