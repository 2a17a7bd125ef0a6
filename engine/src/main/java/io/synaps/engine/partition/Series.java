package io.synaps.engine.partition;

import io.synaps.model.MetricId;

/**
 * Series is one account's metric as the engine keeps it in memory: the interned identity plus the
 * bookkeeping its partition's applier needs. Equality is by (account, metric), so a fresh
 * instance works as a lookup probe. Identity fields are immutable; the bookkeeping fields belong
 * to the owning applier thread.
 */
final class Series {
    final String accountId;
    final MetricId metric;
    private final int hash;
    /** Clock millis of the last applied datum (applier thread only). */
    long lastActiveMillis;
    /** Clock seconds of the last MetricStore.index call for this series (applier thread only). */
    long lastIndexedSeconds = Long.MIN_VALUE;

    public Series(String accountId, MetricId metric) {
        this.accountId = accountId;
        this.metric = metric;
        this.hash = 31 * accountId.hashCode() + metric.hashCode();
    }

    public String accountId() {
        return accountId;
    }

    public MetricId metric() {
        return metric;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof Series s && s.hash == hash && s.accountId.equals(accountId) && s.metric.equals(metric);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return accountId + "/" + metric;
    }
}
