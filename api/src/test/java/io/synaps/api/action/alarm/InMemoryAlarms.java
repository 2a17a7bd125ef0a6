package io.synaps.api.action.alarm;

import io.synaps.engine.alarm.AlarmService;
import io.synaps.engine.alarm.BacktestResult;
import io.synaps.model.alarm.Alarm;
import io.synaps.model.alarm.AlarmHistoryItem;
import io.synaps.model.alarm.AlarmState;
import io.synaps.model.alarm.CompositeAlarm;
import io.synaps.model.alarm.MetricAlarm;
import io.synaps.store.alarm.HistoryPage;
import io.synaps.store.alarm.HistoryQuery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * InMemoryAlarms is a plain map standing in for the alarm engine where a test checks what a
 * handler sends and how it renders what it gets back (no evaluation). With {@code writable}
 * false every write fails the test: reads are allowed, so a refused request is proven to change
 * nothing. Calls are recorded; not thread-safe (tests are single-threaded).
 */
final class InMemoryAlarms implements AlarmService {
    final Map<String, TreeMap<String, Alarm>> byAccount = new LinkedHashMap<>();
    final List<String> calls = new ArrayList<>();
    final List<Map<String, String>> tagsGiven = new ArrayList<>();
    final List<CompositeAlarm> parents = new ArrayList<>();
    HistoryQuery lastHistoryQuery;
    List<AlarmHistoryItem> history = List.of();
    String historyToken;
    BacktestResult backtestResult;
    MetricAlarm backtested;
    long[] backtestRange;
    private final boolean writable;

    InMemoryAlarms(boolean writable) {
        this.writable = writable;
    }

    /** Only reads; any write is an assertion failure. */
    static InMemoryAlarms readOnly() {
        return new InMemoryAlarms(false);
    }

    private TreeMap<String, Alarm> of(String account) {
        return byAccount.computeIfAbsent(account, a -> new TreeMap<>());
    }

    private void write(String what) {
        if (!writable) {
            throw new AssertionError("invalid input reached the alarm engine: " + what);
        }
        calls.add(what);
    }

    void add(Alarm a) {
        of(a.accountId()).put(a.name(), a);
    }

    @Override
    public CompletableFuture<MetricAlarm> putMetricAlarm(MetricAlarm alarm, Map<String, String> tags) {
        write("putMetricAlarm " + alarm.name());
        tagsGiven.add(tags);
        add(alarm);
        return CompletableFuture.completedFuture(alarm);
    }

    @Override
    public CompletableFuture<CompositeAlarm> putCompositeAlarm(CompositeAlarm alarm, Map<String, String> tags) {
        write("putCompositeAlarm " + alarm.name());
        tagsGiven.add(tags);
        add(alarm);
        return CompletableFuture.completedFuture(alarm);
    }

    @Override
    public Optional<Alarm> get(String accountId, String name) {
        return Optional.ofNullable(of(accountId).get(name));
    }

    @Override
    public List<Alarm> list(String accountId, String prefix, String afterName, int limit) {
        calls.add("list " + prefix + " " + afterName + " " + limit);
        List<Alarm> out = new ArrayList<>();
        var view = afterName == null ? of(accountId) : of(accountId).tailMap(afterName, false);
        for (Alarm a : view.values()) {
            if (prefix == null || a.name().startsWith(prefix)) {
                out.add(a);
                if (out.size() == limit) {
                    break;
                }
            }
        }
        return out;
    }

    @Override
    public List<CompositeAlarm> parentsOf(String accountId, String name) {
        return parents;
    }

    @Override
    public CompletableFuture<Void> delete(String accountId, List<String> names) {
        write("delete " + names);
        names.forEach(of(accountId)::remove);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> setActionsEnabled(String accountId, List<String> names, boolean enabled) {
        write("setActionsEnabled " + names + " " + enabled);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> setState(String accountId, String name, AlarmState state, String reason,
                                            String reasonData) {
        write("setState " + name + " " + state + " " + reason + " " + reasonData);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public HistoryPage history(String accountId, HistoryQuery query) {
        lastHistoryQuery = query;
        return new HistoryPage(history, historyToken);
    }

    @Override
    public BacktestResult backtest(MetricAlarm alarm, long startMillis, long endMillis) {
        if (backtestResult == null) {
            throw new AssertionError("invalid input reached the alarm engine: backtest " + alarm.name());
        }
        backtested = alarm;
        backtestRange = new long[] {startMillis, endMillis};
        return backtestResult;
    }
}
