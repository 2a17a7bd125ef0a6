package io.synaps.model.alarm;

/**
 * AlarmArn builds and parses CloudWatch alarm ARNs,
 * {@code arn:<partition>:cloudwatch:<region>:<account>:alarm:<name>} (names may contain ':').
 * Stateless and thread-safe.
 */
public final class AlarmArn {
    private AlarmArn() {
    }

    /** The ARN of the alarm in the {@code aws} partition. */
    public static String of(String region, String accountId, String name) {
        return "arn:aws:cloudwatch:" + region + ":" + accountId + ":alarm:" + name;
    }

    /** Parsed is an alarm ARN's region, account and name. */
    public record Parsed(String partition, String region, String accountId, String name) {
    }

    /** The parts of an alarm ARN, or null when {@code arn} is not one. */
    public static Parsed parse(String arn) {
        if (arn == null || !arn.startsWith("arn:")) {
            return null;
        }
        String[] parts = arn.split(":", 7);
        if (parts.length < 7 || !parts[2].equals("cloudwatch") || parts[1].isEmpty()) {
            return null;
        }
        String tail = parts[5] + ":" + parts[6];
        if (!tail.startsWith("alarm:") || tail.length() == "alarm:".length()) {
            return null;
        }
        return new Parsed(parts[1], parts[3], parts[4], tail.substring("alarm:".length()));
    }
}
