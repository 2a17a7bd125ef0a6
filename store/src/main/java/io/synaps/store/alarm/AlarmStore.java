package io.synaps.store.alarm;

import io.synaps.model.alarm.Alarm;
import io.synaps.model.alarm.AlarmHistoryItem;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * AlarmStore keeps alarm definitions with their current status, and their history, per account.
 * Thread-safe; every write is durable when the call returns (read-your-writes), and a write
 * that carries a history item stores both or neither.
 */
public interface AlarmStore {

    /** Creates or replaces the alarm (definition and status as given) and appends {@code history}. */
    void put(Alarm alarm, AlarmHistoryItem history);

    /**
     * Replaces only the status fields of a stored alarm (for composites also the suppression
     * fields), and appends the update's history item when it has one, provided the stored alarm
     * still has {@code expectedConfigurationUpdatedMillis}: an evaluation of an older definition
     * never overwrites a newer one.
     *
     * @return the alarm as stored after the update, or empty (nothing written) when the alarm is
     *         gone or was reconfigured since
     */
    Optional<Alarm> updateStatus(StatusUpdate update);

    /**
     * Applies each update as {@link #updateStatus} does, in list order (a later update of the same
     * alarm sees the earlier one); a store may write them all in one durable batch.
     *
     * @return one result per update, in order: the alarm as stored after it, or empty (that update
     *         wrote nothing)
     */
    default List<Optional<Alarm>> updateStatuses(List<StatusUpdate> updates) {
        List<Optional<Alarm>> results = new ArrayList<>(updates.size());
        for (StatusUpdate update : updates) {
            results.add(updateStatus(update));
        }
        return results;
    }

    /**
     * Sets ActionsEnabled of a stored alarm, leaving everything else as it is.
     *
     * @return the alarm after the change, or empty when there is no such alarm
     */
    Optional<Alarm> setActionsEnabled(String accountId, String name, boolean enabled);

    Optional<Alarm> get(String accountId, String name);

    /**
     * Up to {@code limit} alarms of the account whose name starts with {@code prefix} (null or
     * empty: all) and sorts after {@code afterName} (null: from the first), sorted by name
     * (String order of the UTF-16 names is fine; the order is stable).
     */
    List<Alarm> list(String accountId, String prefix, String afterName, int limit);

    /** Calls {@code consumer} for every alarm of every account (engine start-up), in no set order. */
    void forEach(Consumer<Alarm> consumer);

    /**
     * Deletes the alarm and appends {@code history} (its ConfigurationUpdate "deleted" item).
     *
     * @return false (nothing written) when there is no such alarm
     */
    boolean delete(String accountId, String name, AlarmHistoryItem history);

    /** Appends a history item on its own (e.g. an Action item). */
    void appendHistory(AlarmHistoryItem item);

    /**
     * One page of the account's history matching the query, ordered by timestamp (then by
     * insertion order for equal timestamps) as the query asks.
     *
     * @throws io.synaps.model.AwsError InvalidNextToken when the token was not issued for this account
     */
    HistoryPage history(String accountId, HistoryQuery query);

    /** Deletes history items with a timestamp before {@code beforeMillis} (retention); returns how many. */
    long pruneHistory(long beforeMillis);
}
