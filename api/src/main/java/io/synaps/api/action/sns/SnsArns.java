package io.synaps.api.action.sns;

import io.synaps.api.action.RequestContext;

import java.util.regex.Pattern;

/**
 * SnsArns parses and builds SNS ARNs: topics {@code arn:<partition>:sns:<region>:<account>:<name>}
 * and subscriptions {@code <topic ARN>:<uuid>}, with SNS's messages for malformed ones
 * ({@code Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 1},
 * {@code Invalid parameter: SubscriptionId}, another region: {@code Invalid parameter: TopicArn}).
 * Stateless; thread-safe.
 */
final class SnsArns {
    /** Topic names: 1 to 256 of A-Z, a-z, 0-9, hyphen and underscore (no FIFO {@code .fifo} topics here). */
    static final Pattern TOPIC_NAME = Pattern.compile("[A-Za-z0-9_-]{1,256}");
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private SnsArns() {
    }

    /** A parsed topic ARN. */
    record TopicArn(String text, String partition, String region, String account, String name) {
    }

    /** A parsed subscription ARN and its topic. */
    record SubscriptionArn(String text, TopicArn topic) {
        String account() {
            return topic.account();
        }
    }

    static String topicArn(String partition, String region, String account, String name) {
        return "arn:" + partition + ":sns:" + region + ":" + account + ":" + name;
    }

    /**
     * Parses the topic ARN held by {@code member}: required, six elements, {@code arn:<partition>:sns},
     * a valid topic name, the server's region. The account is not checked here (see
     * {@link #requireOwner}).
     */
    static TopicArn topic(String text, String member, RequestContext context, String partition) {
        String[] parts = elements(text, member);
        if (!parts[0].equals("arn") || !parts[1].equals(partition) || !parts[2].equals("sns")
                || parts[4].isEmpty()) {
            throw SnsErrors.invalidParameter("Invalid parameter: " + member);
        }
        if (parts.length > 6 || !TOPIC_NAME.matcher(parts[5]).matches()) {
            throw SnsErrors.invalidParameter("Invalid parameter: Topic Name");
        }
        if (!parts[3].equals(context.region())) {
            throw SnsErrors.invalidParameter("Invalid parameter: " + member);
        }
        return new TopicArn(text, parts[1], parts[3], parts[4], parts[5]);
    }

    /** The ARN's colon-separated elements: required, at least six, each as SNS words the failure. */
    private static String[] elements(String text, String member) {
        if (text == null || text.isEmpty()) {
            throw SnsErrors.required(member);
        }
        String[] parts = text.split(":", -1);
        if (parts.length < 6) {
            throw SnsErrors.invalidParameter("Invalid parameter: " + member
                    + " Reason: An ARN must have at least 6 elements, not " + parts.length);
        }
        return parts;
    }

    /** Parses a subscription ARN: fewer than 6 elements, exactly 6 (no id) and a bad id are each SNS's error. */
    static SubscriptionArn subscription(String text, String member, RequestContext context, String partition) {
        String[] parts = elements(text, member);
        if (parts.length != 7 || !UUID_TEXT.matcher(parts[6]).matches()) {
            throw SnsErrors.invalidParameter("Invalid parameter: SubscriptionId");
        }
        if (!parts[0].equals("arn") || !parts[1].equals(partition) || !parts[2].equals("sns")
                || parts[4].isEmpty() || !TOPIC_NAME.matcher(parts[5]).matches()
                || !parts[3].equals(context.region())) {
            throw SnsErrors.invalidParameter("Invalid parameter: " + member);
        }
        String topic = text.substring(0, text.lastIndexOf(':'));
        return new SubscriptionArn(text, new TopicArn(topic, parts[1], parts[3], parts[4], parts[5]));
    }

    /** AuthorizationError unless the topic belongs to the caller's account (topics are owner-only here). */
    static void requireOwner(RequestContext context, TopicArn arn, String partition, String action) {
        if (context.anonymous() || !arn.account().equals(context.accountId())) {
            throw SnsErrors.notAuthorized(context, partition, action, arn.text());
        }
    }
}
