package io.synaps.api.action.alarm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.api.action.Action;
import io.synaps.api.action.RequestContext;
import io.synaps.api.protocol.Members;
import io.synaps.engine.alarm.AlarmService;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * AlarmActionsSwitchAction answers EnableAlarmActions or DisableAlarmActions (one instance per
 * operation): sets ActionsEnabled of the named alarms that exist (1..100 names; unknown names are
 * ignored, as emulators and AWS's docs agree). No output. Thread-safe.
 */
public final class AlarmActionsSwitchAction implements Action {
    private final AlarmService alarms;
    private final boolean enable;

    /** EnableAlarmActions when {@code enable}, else DisableAlarmActions. */
    public AlarmActionsSwitchAction(AlarmService alarms, boolean enable) {
        this.alarms = Objects.requireNonNull(alarms, "alarms");
        this.enable = enable;
    }

    @Override
    public String name() {
        return enable ? "EnableAlarmActions" : "DisableAlarmActions";
    }

    @Override
    public CompletableFuture<ObjectNode> handle(RequestContext context, Members in) {
        var names = new ArrayList<>(new LinkedHashSet<>(AlarmInput.names(in, "AlarmNames", true)));
        return alarms.setActionsEnabled(context.accountId(), names, enable).thenApply(v -> null);
    }
}
