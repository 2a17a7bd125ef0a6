package io.synaps.api.action.dashboard;

import io.synaps.api.protocol.Members;
import io.synaps.model.AwsError;

import java.util.regex.Pattern;

/** DashboardNames checks dashboard names and builds their ARNs. Stateless; thread-safe. */
public final class DashboardNames {
    /** Longest dashboard name, in characters. */
    public static final int NAME_MAX = 255;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_.-]*");

    private DashboardNames() {
    }

    /** The DashboardName member, required and valid (AWS's message ends with a newline). */
    public static String name(Members in, String member) {
        String name = in.requiredString(member);
        if (name.length() > NAME_MAX) {
            throw AwsError.invalidParameterValue("The parameter " + in.pathOf(member) + " must be shorter than "
                    + (NAME_MAX + 1) + " characters.");
        }
        if (!NAME.matcher(name).matches()) {
            throw AwsError.invalidParameterValue("The value for field DashboardName contains invalid characters. "
                    + "It can only contain alphanumerics, dash (-) and underscore (_).\n");
        }
        return name;
    }

    /** The DashboardNamePrefix member, null when absent; the docs allow '.' in prefixes too. */
    public static String prefix(Members in, String member) {
        String prefix = in.string(member);
        if (prefix == null || prefix.isEmpty()) {
            return null;
        }
        if (prefix.length() > NAME_MAX) {
            throw AwsError.invalidParameterValue("The parameter " + in.pathOf(member) + " must be shorter than "
                    + (NAME_MAX + 1) + " characters.");
        }
        if (!PREFIX.matcher(prefix).matches()) {
            throw AwsError.invalidParameterValue("The value for field DashboardNamePrefix contains invalid characters. "
                    + "It can only contain alphanumerics, dash (-), underscore (_) and period (.).\n");
        }
        return prefix;
    }

    /** {@code arn:<partition>:cloudwatch::<account>:dashboard/<name>}: dashboards are global, no region. */
    public static String arn(String partition, String accountId, String name) {
        return "arn:" + partition + ":cloudwatch::" + accountId + ":dashboard/" + name;
    }
}
