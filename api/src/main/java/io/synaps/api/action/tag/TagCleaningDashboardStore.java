package io.synaps.api.action.tag;

import io.synaps.api.action.dashboard.DashboardNames;
import io.synaps.store.dashboard.Dashboard;
import io.synaps.store.dashboard.DashboardStore;
import io.synaps.store.tag.TagStore;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * TagCleaningDashboardStore is a {@link DashboardStore} that also removes a dashboard's tags when
 * the dashboard is deleted, so a dashboard created again under the same name starts untagged
 * (as alarms do). Thread-safe as its delegates are.
 */
public final class TagCleaningDashboardStore implements DashboardStore {
    private final DashboardStore delegate;
    private final TagStore tags;
    private final String partition;

    public TagCleaningDashboardStore(DashboardStore delegate, TagStore tags, String partition) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.tags = Objects.requireNonNull(tags, "tags");
        this.partition = Objects.requireNonNull(partition, "partition");
    }

    @Override
    public void put(String accountId, Dashboard dashboard) {
        delegate.put(accountId, dashboard);
    }

    @Override
    public Optional<Dashboard> get(String accountId, String name) {
        return delegate.get(accountId, name);
    }

    @Override
    public List<Dashboard> list(String accountId, String prefix) {
        return delegate.list(accountId, prefix);
    }

    @Override
    public void delete(String accountId, Collection<String> names) {
        delegate.delete(accountId, names);
        for (String name : names) {
            tags.deleteAll(accountId, DashboardNames.arn(partition, accountId, name));
        }
    }
}
