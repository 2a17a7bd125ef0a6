package io.synaps.store.dashboard;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * DashboardStore keeps CloudWatch dashboards per account. Thread-safe; every write is durable
 * when the call returns (read-your-writes).
 */
public interface DashboardStore {

    /** Creates or replaces the dashboard of that name. */
    void put(String accountId, Dashboard dashboard);

    Optional<Dashboard> get(String accountId, String name);

    /** Dashboards whose name starts with {@code prefix} (null or empty: all), sorted by name. */
    List<Dashboard> list(String accountId, String prefix);

    /** Deletes the named dashboards; names that do not exist are ignored. */
    void delete(String accountId, Collection<String> names);
}
