package io.synaps.api.action;

import io.synaps.api.action.dashboard.DeleteDashboardsAction;
import io.synaps.api.action.dashboard.GetDashboardAction;
import io.synaps.api.action.dashboard.ListDashboardsAction;
import io.synaps.api.action.dashboard.PutDashboardAction;
import io.synaps.api.action.metric.GetMetricDataAction;
import io.synaps.api.action.metric.GetMetricStatisticsAction;
import io.synaps.api.action.metric.ListMetricsAction;
import io.synaps.api.action.metric.PutMetricDataAction;
import io.synaps.engine.ingest.MetricIngest;
import io.synaps.engine.query.MetricReader;
import io.synaps.store.dashboard.DashboardStore;

import java.util.List;

/**
 * CloudWatchActions builds the handlers of the metric and dashboard operations over their
 * ports. The handlers are thread-safe and protocol-blind (see api/ACTIONS.md for what each one
 * validates and the output trees the protocols must render).
 */
public final class CloudWatchActions {
    private CloudWatchActions() {
    }

    /** PutMetricData, GetMetricStatistics, GetMetricData, ListMetrics and the four dashboard operations. */
    public static List<Action> create(MetricIngest ingest, MetricReader reader, DashboardStore dashboards,
                                      ActionsConfig cfg) {
        return List.of(
                new PutMetricDataAction(ingest),
                new GetMetricStatisticsAction(reader),
                new GetMetricDataAction(reader, cfg.maxDatapoints()),
                new ListMetricsAction(reader, cfg.listMetricsPageSize()),
                new PutDashboardAction(dashboards),
                new GetDashboardAction(dashboards, cfg.partition()),
                new ListDashboardsAction(dashboards, cfg.partition(), cfg.listDashboardsPageSize()),
                new DeleteDashboardsAction(dashboards));
    }
}
