package io.synaps.notify.dispatch;

/**
 * ActionTargets sorts alarm action ARNs into what the dispatcher does with them: SNS topics
 * ({@code arn:<partition>:sns:<region>:<account>:<topic>}), Nova server actions
 * ({@code arn:<partition>:automate:<region>:ec2:reboot|stop|terminate|recover} and
 * {@code arn:synaps:nova:<region>:<account>:migrate}), and everything else, named by the ARN's
 * service (lambda, ssm, ...), which no Synaps notifier serves. Stateless and thread-safe.
 */
final class ActionTargets {
    /** The channel of Nova server actions. */
    static final String NOVA = "nova";

    private ActionTargets() {
    }

    /** The parts of a topic ARN, or null when {@code arn} is not one. */
    record TopicRef(String region, String accountId, String name) {
    }

    static TopicRef topic(String arn) {
        String[] p = arn.split(":", 6);
        if (p.length != 6 || !p[0].equals("arn") || !p[2].equals("sns") || p[4].isEmpty() || p[5].isEmpty()
                || p[5].contains(":")) {
            return null;
        }
        return new TopicRef(p[3], p[4], p[5]);
    }

    /** The account of an SNS subscription ARN ({@code arn:aws:sns:<region>:<account>:<topic>:<id>}), or null. */
    static String subscriptionAccount(String arn) {
        String[] p = arn.split(":", 7);
        return p.length == 7 && p[0].equals("arn") && p[2].equals("sns") ? p[4] : null;
    }

    /** The channel of a non-topic action ARN: {@link #NOVA} for server actions, else the ARN's service. */
    static String channel(String arn) {
        String[] p = arn.split(":", 6);
        if (p.length < 6 || !p[0].equals("arn")) {
            return "unknown";
        }
        if (p[2].equals("automate") && p[4].equals("ec2")) {
            return NOVA;
        }
        if (p[1].equals("synaps") && p[2].equals("nova")) {
            return NOVA;
        }
        return p[2].isEmpty() ? "unknown" : p[2];
    }

    /** Why a delivery of {@code channel} cannot go out when no notifier serves it (no secrets, names the setting). */
    static String missingNotifierReason(String channel) {
        return switch (channel) {
            case "email", "email-json" -> "no SMTP server configured (set SYNAPS_SMTP_HOST)";
            case "sms" -> "no SMS gateway configured (set SYNAPS_SMS_URL and SYNAPS_SMS_TOKEN)";
            case NOVA -> "no OpenStack Nova access configured (set SYNAPS_KEYSTONE_URL and its credentials)";
            case "http", "https", "slack" -> "no notifier for the " + channel + " protocol is running";
            default -> channel + " actions are not supported by Synaps";
        };
    }
}
