package io.synaps.api.action.alarm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.api.action.Action;
import io.synaps.api.action.RequestContext;
import io.synaps.api.protocol.Members;
import io.synaps.engine.alarm.AlarmService;
import io.synaps.model.AwsError;
import io.synaps.model.alarm.Alarm;
import io.synaps.model.alarm.CompositeAlarm;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * DeleteAlarmsAction answers DeleteAlarms: 1..100 names, at most one of them a composite alarm
 * (AWS's documented limit); unknown names are skipped and the known ones deleted, as AWS does.
 * History stays; tags go with the alarm. No output. Thread-safe.
 */
public final class DeleteAlarmsAction implements Action {
    private final AlarmService alarms;

    public DeleteAlarmsAction(AlarmService alarms) {
        this.alarms = Objects.requireNonNull(alarms, "alarms");
    }

    @Override
    public String name() {
        return "DeleteAlarms";
    }

    @Override
    public CompletableFuture<ObjectNode> handle(RequestContext context, Members in) {
        List<String> names = new ArrayList<>(new LinkedHashSet<>(AlarmInput.names(in, "AlarmNames", true)));
        List<String> composites = new ArrayList<>();
        for (String n : names) {
            Optional<Alarm> a = alarms.get(context.accountId(), n);
            if (a.isPresent() && a.get() instanceof CompositeAlarm) {
                composites.add(n);
            }
        }
        if (composites.size() > 1) {
            throw AwsError.invalidParameterCombination("DeleteAlarms can delete at most one composite alarm per call;"
                    + " AlarmNames names " + composites.size() + ": " + String.join(", ", composites) + ".");
        }
        return alarms.delete(context.accountId(), names).thenApply(v -> null);
    }
}
