package io.synaps.api.action;

import io.synaps.api.action.alarm.AlarmActionsSwitchAction;
import io.synaps.api.action.alarm.AlarmPageTokens;
import io.synaps.api.action.alarm.BacktestMetricAlarmAction;
import io.synaps.api.action.alarm.DeleteAlarmsAction;
import io.synaps.api.action.alarm.DescribeAlarmHistoryAction;
import io.synaps.api.action.alarm.DescribeAlarmsAction;
import io.synaps.api.action.alarm.DescribeAlarmsForMetricAction;
import io.synaps.api.action.alarm.PutCompositeAlarmAction;
import io.synaps.api.action.alarm.PutMetricAlarmAction;
import io.synaps.api.action.alarm.SetAlarmStateAction;
import io.synaps.api.action.dashboard.DeleteDashboardsAction;
import io.synaps.api.action.dashboard.GetDashboardAction;
import io.synaps.api.action.dashboard.ListDashboardsAction;
import io.synaps.api.action.dashboard.PutDashboardAction;
import io.synaps.api.action.metric.GetMetricDataAction;
import io.synaps.api.action.metric.GetMetricStatisticsAction;
import io.synaps.api.action.metric.ListMetricsAction;
import io.synaps.api.action.metric.PutMetricDataAction;
import io.synaps.api.action.sns.SnsActions;
import io.synaps.api.action.tag.ListTagsForResourceAction;
import io.synaps.api.action.tag.TagCleaningDashboardStore;
import io.synaps.api.action.tag.TagResourceAction;
import io.synaps.api.action.tag.TaggedResources;
import io.synaps.api.action.tag.UntagResourceAction;
import io.synaps.api.action.widget.GetMetricWidgetImageAction;
import io.synaps.engine.alarm.AlarmService;
import io.synaps.engine.ingest.MetricIngest;
import io.synaps.engine.query.MetricReader;
import io.synaps.store.dashboard.DashboardStore;
import io.synaps.store.tag.TagStore;
import io.synaps.store.topic.TopicDelivery;
import io.synaps.store.topic.TopicStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * CloudWatchActions builds the handlers of the metric, dashboard, alarm and tag operations over
 * their ports, and with a topic store those of the SNS-compatible API. The handlers are thread-safe and protocol-blind (see api/ACTIONS.md for what each one
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

    /**
     * Every CloudWatch handler: the eight above plus PutMetricAlarm, PutCompositeAlarm, DescribeAlarms,
     * DescribeAlarmsForMetric, DeleteAlarms, Enable/DisableAlarmActions, SetAlarmState,
     * DescribeAlarmHistory, TagResource, UntagResource, ListTagsForResource, GetMetricWidgetImage and the Synaps
     * extension BacktestMetricAlarm. DeleteDashboards also drops the deleted dashboards' tags.
     * DescribeAlarms page tokens are signed with a key made at random here (they do not outlive
     * the process).
     */
    public static List<Action> create(MetricIngest ingest, MetricReader reader, DashboardStore dashboards,
                                      AlarmService alarms, TagStore tags, ActionsConfig cfg) {
        return cloudWatch(ingest, reader, dashboards, alarms, tags, null, cfg);
    }

    /**
     * The CloudWatch handlers above, whose PutMetricAlarm and PutCompositeAlarm also refuse SNS
     * actions naming topics the caller does not have, plus the SNS-compatible API's handlers
     * ({@link SnsActions}: topics, subscriptions and publish over {@code topics} and
     * {@code delivery}, topic tags in {@code tags}; filed under {@code ApiService.SNS}).
     */
    public static List<Action> create(MetricIngest ingest, MetricReader reader, DashboardStore dashboards,
                                      AlarmService alarms, TagStore tags, TopicStore topics, TopicDelivery delivery,
                                      ActionsConfig cfg) {
        Objects.requireNonNull(topics, "topics");
        List<Action> all = new ArrayList<>(cloudWatch(ingest, reader, dashboards, alarms, tags, topics, cfg));
        all.addAll(SnsActions.create(topics, delivery, tags, cfg.partition()));
        return List.copyOf(all);
    }

    private static List<Action> cloudWatch(MetricIngest ingest, MetricReader reader, DashboardStore dashboards,
                                           AlarmService alarms, TagStore tags, TopicStore topics, ActionsConfig cfg) {
        DashboardStore cleaning = new TagCleaningDashboardStore(dashboards, tags, cfg.partition());
        List<Action> all = new ArrayList<>(create(ingest, reader, cleaning, cfg));
        TaggedResources tagged = new TaggedResources(alarms, dashboards, tags, cfg.partition());
        all.addAll(List.of(
                new PutMetricAlarmAction(alarms, cfg.partition(), topics),
                new PutCompositeAlarmAction(alarms, cfg.partition(), topics),
                new DescribeAlarmsAction(alarms, AlarmPageTokens.random()),
                new DescribeAlarmsForMetricAction(alarms),
                new DeleteAlarmsAction(alarms),
                new AlarmActionsSwitchAction(alarms, true),
                new AlarmActionsSwitchAction(alarms, false),
                new SetAlarmStateAction(alarms),
                new DescribeAlarmHistoryAction(alarms),
                new BacktestMetricAlarmAction(alarms, cfg.partition()),
                new TagResourceAction(tagged),
                new UntagResourceAction(tagged),
                new ListTagsForResourceAction(tagged),
                new GetMetricWidgetImageAction(reader)));
        return List.copyOf(all);
    }
}
