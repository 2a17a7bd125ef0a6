package io.synaps.api.action.alarm;

import io.synaps.model.AwsError;

import java.util.Set;

/**
 * ActionArns checks the alarm action ARNs this server can run: SNS topics
 * ({@code arn:<partition>:sns:<region>:<account>:<topic>}), EC2 automate actions
 * ({@code arn:<partition>:automate:<region>:ec2:stop|terminate|reboot|recover}, run against
 * OpenStack Nova) and Synaps actions ({@code arn:synaps:<service>:...}). Anything else that is
 * a well-formed ARN (Lambda, Systems Manager, Auto Scaling...) is refused by name, since a
 * stored action that can never run would fail silently at the worst moment. Stateless;
 * thread-safe.
 */
final class ActionArns {
    static final Set<String> AUTOMATE_ACTIONS = Set.of("stop", "terminate", "reboot", "recover");

    private ActionArns() {
    }

    /** Throws InvalidParameterValue naming {@code arn} and its parameter unless it is a runnable action. */
    static void check(String arn, String path) {
        String[] parts = arn.split(":", 6);
        if (parts.length < 6 || !parts[0].equals("arn") || parts[1].isEmpty() || parts[2].isEmpty()
                || parts[5].isEmpty()) {
            throw AwsError.invalidParameterValue("The value " + arn + " for parameter " + path
                    + " is not a valid ARN (arn:partition:service:region:account:resource).");
        }
        String partition = parts[1];
        String service = parts[2];
        if (partition.equals("synaps")) {
            return;
        }
        if (service.equals("sns")) {
            if (parts[3].isEmpty() || parts[4].isEmpty() || parts[5].contains(":")) {
                throw AwsError.invalidParameterValue("The value " + arn + " for parameter " + path
                        + " is not a valid SNS topic ARN (arn:" + partition + ":sns:region:account:topic).");
            }
            return;
        }
        if (service.equals("automate")) {
            if (parts[3].isEmpty() || !parts[4].equals("ec2") || !AUTOMATE_ACTIONS.contains(parts[5])) {
                throw AwsError.invalidParameterValue("The value " + arn + " for parameter " + path
                        + " is not a valid EC2 action ARN (arn:" + partition
                        + ":automate:region:ec2:stop|terminate|reboot|recover).");
            }
            return;
        }
        throw AwsError.invalidParameterValue("The action " + arn + " (" + path
                + ") is not supported by this Synaps server: alarm actions may be SNS topics (arn:aws:sns:...),"
                + " EC2 actions (arn:aws:automate:<region>:ec2:...) or Synaps actions (arn:synaps:...).");
    }
}
