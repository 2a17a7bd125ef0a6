package io.synaps.api.action.tag;

import io.synaps.api.action.RequestContext;
import io.synaps.api.action.dashboard.DashboardNames;
import io.synaps.api.protocol.Members;
import io.synaps.engine.alarm.AlarmService;
import io.synaps.model.AwsError;
import io.synaps.model.alarm.Alarm;
import io.synaps.store.dashboard.DashboardStore;
import io.synaps.store.tag.TagStore;

import java.util.Objects;
import java.util.Optional;

/**
 * TaggedResources resolves a ResourceARN to the taggable resource it names in the caller's
 * account: an alarm ({@code arn:<partition>:cloudwatch:<region>:<account>:alarm:<name>}) or a
 * dashboard ({@code arn:<partition>:cloudwatch::<account>:dashboard/<name>}), and serialises
 * tag changes per resource so the 50-tag limit holds under concurrent TagResource calls.
 * Thread-safe.
 */
public final class TaggedResources {
    static final int ARN_MAX = 1024;
    private static final int STRIPES = 64;

    private final AlarmService alarms;
    private final DashboardStore dashboards;
    private final TagStore tags;
    private final String partition;
    private final Object[] locks = new Object[STRIPES];

    public TaggedResources(AlarmService alarms, DashboardStore dashboards, TagStore tags, String partition) {
        this.alarms = Objects.requireNonNull(alarms, "alarms");
        this.dashboards = Objects.requireNonNull(dashboards, "dashboards");
        this.tags = Objects.requireNonNull(tags, "tags");
        this.partition = Objects.requireNonNull(partition, "partition");
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new Object();
        }
    }

    /**
     * Resource is a resolved ARN: {@code arn} is the canonical ARN its tags are stored under,
     * {@code exists} whether the alarm or dashboard exists in the caller's account now.
     */
    record Resource(String arn, boolean exists) {
    }

    TagStore tags() {
        return tags;
    }

    /** The lock that serialises tag changes of {@code arn}. */
    Object lockFor(String arn) {
        return locks[Math.floorMod(arn.hashCode(), STRIPES)];
    }

    /**
     * The ResourceARN member resolved. An ARN of another account, region or partition names
     * nothing here (exists false); anything that is not an alarm or dashboard ARN is
     * InvalidParameterValue.
     */
    Resource resolve(RequestContext context, Members in) {
        String arn = in.requiredString("ResourceARN");
        if (arn.length() > ARN_MAX) {
            throw Members.constraint(arn, in.pathOf("ResourceARN"), "Member must have length less than or equal to " + ARN_MAX);
        }
        String[] parts = arn.split(":", 6);
        if (parts.length == 6 && parts[0].equals("arn") && parts[2].equals("cloudwatch")) {
            boolean ours = parts[1].equals(partition) && parts[4].equals(context.accountId());
            if (parts[5].startsWith("alarm:") && parts[5].length() > "alarm:".length() && !parts[3].isEmpty()) {
                String name = parts[5].substring("alarm:".length());
                if (!ours || !parts[3].equals(context.region())) {
                    return new Resource(arn, false);
                }
                Optional<Alarm> alarm = alarms.get(context.accountId(), name);
                return alarm.map(a -> new Resource(a.arn(), true)).orElseGet(() -> new Resource(arn, false));
            }
            if (parts[5].startsWith("dashboard/") && parts[5].length() > "dashboard/".length() && parts[3].isEmpty()) {
                String name = parts[5].substring("dashboard/".length());
                if (!ours) {
                    return new Resource(arn, false);
                }
                boolean exists = dashboards.get(context.accountId(), name).isPresent();
                return new Resource(DashboardNames.arn(partition, context.accountId(), name), exists);
            }
        }
        throw AwsError.invalidParameterValue("The value " + arn + " for parameter " + in.pathOf("ResourceARN")
                + " is invalid: this Synaps server tags alarms (arn:" + partition
                + ":cloudwatch:<region>:<account>:alarm:<name>) and dashboards (arn:" + partition
                + ":cloudwatch::<account>:dashboard/<name>).");
    }

    /** ResourceNotFoundException (404) "Unknown", as moto answers Tag/UntagResource on an unknown resource. */
    static AwsError notFound() {
        return new AwsError("ResourceNotFoundException", "ResourceNotFoundException", 404, "Unknown");
    }
}
