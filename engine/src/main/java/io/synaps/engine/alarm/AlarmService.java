package io.synaps.engine.alarm;

import io.synaps.model.alarm.Alarm;
import io.synaps.model.alarm.AlarmState;
import io.synaps.model.alarm.CompositeAlarm;
import io.synaps.model.alarm.MetricAlarm;
import io.synaps.store.alarm.HistoryPage;
import io.synaps.store.alarm.HistoryQuery;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * AlarmService is the alarm engine as the API sees it: the control-plane operations behind
 * PutMetricAlarm, PutCompositeAlarm, DescribeAlarms, DeleteAlarms, Enable/DisableAlarmActions,
 * SetAlarmState, DescribeAlarmHistory and back-testing. Thread-safe. The API validates request
 * syntax and limits first; the service checks what needs other alarms (composite rules) and
 * fails with {@link io.synaps.model.AwsError}. Writes complete once durable (read-your-writes).
 */
public interface AlarmService {

    /**
     * Creates the alarm (status INSUFFICIENT_DATA, "Unchecked: Initial alarm creation", tags set)
     * or replaces the definition of an existing metric alarm (state kept, tags ignored, as AWS
     * does); the given alarm's status is ignored. Writes a ConfigurationUpdate history item and
     * evaluates the alarm soon after, on data published before it existed too.
     *
     * @throws io.synaps.model.AwsError (in the future) when the name belongs to a composite alarm
     */
    CompletableFuture<MetricAlarm> putMetricAlarm(MetricAlarm alarm, Map<String, String> tags);

    /**
     * Creates or replaces a composite alarm after parsing its rule against the account's alarms.
     *
     * @throws io.synaps.model.AwsError (in the future) for a rule that does not parse, references
     *         unknown alarms or would make a cycle, or a name that belongs to a metric alarm
     */
    CompletableFuture<CompositeAlarm> putCompositeAlarm(CompositeAlarm alarm, Map<String, String> tags);

    Optional<Alarm> get(String accountId, String name);

    /** As {@link io.synaps.store.alarm.AlarmStore#list}, from the store (read-your-writes). */
    List<Alarm> list(String accountId, String prefix, String afterName, int limit);

    /** The composite alarms whose rule references {@code name}, sorted by name. */
    List<CompositeAlarm> parentsOf(String accountId, String name);

    /**
     * Deletes the named alarms that exist (unknown names are skipped, as AWS does) with their
     * tags, writing a ConfigurationUpdate "deleted" history item for each.
     */
    CompletableFuture<Void> delete(String accountId, List<String> names);

    /** Enables or disables actions of the named alarms that exist. */
    CompletableFuture<Void> setActionsEnabled(String accountId, List<String> names, boolean enabled);

    /**
     * SetAlarmState: moves the alarm to {@code state} with that reason (and reasonData JSON, may
     * be null), records a StateUpdate and emits a transition when the value changes. A metric
     * alarm returns to its real state at its next evaluation, a composite when a child changes.
     *
     * @throws io.synaps.model.AwsError (in the future) ResourceNotFound without a message for an unknown alarm
     */
    CompletableFuture<Void> setState(String accountId, String name, AlarmState state, String reason,
                                     String reasonData);

    /** One page of history (items outlive their alarms). */
    HistoryPage history(String accountId, HistoryQuery query);

    /**
     * Replays stored data over [startMillis, endMillis) through the same evaluator, one evaluation
     * per tick the live engine would have run, starting from INSUFFICIENT_DATA; nothing is stored.
     *
     * @throws io.synaps.model.AwsError InvalidParameterValue when the range holds more than 100,000 evaluations
     */
    BacktestResult backtest(MetricAlarm alarm, long startMillis, long endMillis);
}
