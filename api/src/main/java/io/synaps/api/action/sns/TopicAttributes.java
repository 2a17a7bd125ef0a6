package io.synaps.api.action.sns;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.synaps.store.topic.Topic;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * TopicAttributes is what a topic's attributes may be and what GetTopicAttributes shows.
 * Settable: {@code DisplayName} (at most 100 characters; the sender name of email and SMS),
 * {@code Policy} (a JSON object; stored and returned, not enforced: topics are owner-only here)
 * and {@code SignatureVersion} (1 or 2; stored and returned: Synaps signs webhook deliveries
 * with its own HMAC header instead). Other SNS attributes (FIFO, KMS, delivery policies,
 * feedback roles, archiving, tracing) are refused as not supported rather than stored unused.
 * Stateless; thread-safe.
 */
final class TopicAttributes {
    static final Set<String> SETTABLE = Set.of("DisplayName", "Policy", "SignatureVersion");
    /** SNS topic attributes this server does not implement. */
    static final Set<String> UNSUPPORTED = Set.of("DeliveryPolicy", "KmsMasterKeyId", "FifoTopic",
            "ContentBasedDeduplication", "ArchivePolicy", "FifoThroughputScope", "TracingConfig",
            "DataProtectionPolicy", "HTTPSuccessFeedbackRoleArn", "HTTPSuccessFeedbackSampleRate",
            "HTTPFailureFeedbackRoleArn", "ApplicationSuccessFeedbackRoleArn",
            "ApplicationSuccessFeedbackSampleRate", "ApplicationFailureFeedbackRoleArn",
            "LambdaSuccessFeedbackRoleArn", "LambdaSuccessFeedbackSampleRate", "LambdaFailureFeedbackRoleArn",
            "SQSSuccessFeedbackRoleArn", "SQSSuccessFeedbackSampleRate", "SQSFailureFeedbackRoleArn",
            "FirehoseSuccessFeedbackRoleArn", "FirehoseSuccessFeedbackSampleRate", "FirehoseFailureFeedbackRoleArn");
    static final int DISPLAY_NAME_MAX = 100;

    /**
     * EffectiveDeliveryPolicy in SNS's shape, describing Synaps's default retries (the notify
     * module's: exponential backoff with full jitter from 1 s to 5 min, 10 attempts).
     */
    static final String EFFECTIVE_DELIVERY_POLICY = "{\"http\":{\"defaultHealthyRetryPolicy\":{\"minDelayTarget\":1,"
            + "\"maxDelayTarget\":300,\"numRetries\":9,\"numMaxDelayRetries\":0,\"numNoDelayRetries\":0,"
            + "\"numMinDelayRetries\":0,\"backoffFunction\":\"exponential\"},\"disableSubscriptionOverrides\":false,"
            + "\"defaultRequestPolicy\":{\"headerContentType\":\"text/plain; charset=UTF-8\"}}}";

    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private TopicAttributes() {
    }

    /**
     * Checks one attribute; {@code prefix} is {@code Invalid parameter: Attributes Reason: } for
     * CreateTopic and {@code Invalid parameter: } for SetTopicAttributes.
     */
    static void check(String name, String value, String prefix, boolean create) {
        if (name.equals("FifoTopic")) {
            if (!create) {
                throw SnsErrors.invalidParameter("Invalid parameter: AttributeName"); // fixed at creation (AWS)
            }
            if ("false".equalsIgnoreCase(value)) {
                return; // AWS accepts and drops an explicit FifoTopic=false
            }
        }
        if (UNSUPPORTED.contains(name)) {
            throw SnsErrors.invalidParameter(prefix + name + " is not supported by this Synaps server");
        }
        if (!SETTABLE.contains(name)) {
            throw SnsErrors.invalidParameter(create ? prefix + "Invalid attribute name: " + name
                    : "Invalid parameter: AttributeName");
        }
        String v = value == null ? "" : value;
        switch (name) {
            case "DisplayName" -> {
                if (v.length() > DISPLAY_NAME_MAX) {
                    throw SnsErrors.invalidParameter(prefix + "DisplayName: must be at most " + DISPLAY_NAME_MAX
                            + " characters long");
                }
            }
            case "Policy" -> {
                if (!isJsonObject(v)) {
                    throw SnsErrors.invalidParameter(prefix + "Policy: failed to parse JSON object.");
                }
            }
            case "SignatureVersion" -> {
                if (!v.equals("1") && !v.equals("2")) {
                    throw SnsErrors.invalidParameter(prefix + "SignatureVersion: Invalid value [" + v
                            + "]. Must be 1 or 2.");
                }
            }
            default -> throw new IllegalStateException(name);
        }
    }

    /** The attributes to store from a CreateTopic request (drops FifoTopic=false). */
    static Map<String, String> stored(Map<String, String> requested) {
        Map<String, String> out = new TreeMap<>();
        requested.forEach((k, v) -> {
            if (SETTABLE.contains(k)) {
                out.put(k, v == null ? "" : v);
            }
        });
        return out;
    }

    /** The value a topic shows for a settable attribute (DisplayName defaults to empty). */
    static String current(Topic topic, String name) {
        String v = topic.attributes().get(name);
        return v == null && name.equals("DisplayName") ? "" : v;
    }

    /**
     * GetTopicAttributes: the stored attributes, the default Policy when none was set, and the
     * computed ones, sorted by name.
     */
    static Map<String, String> view(Topic topic, long confirmed, long pending) {
        Map<String, String> out = new TreeMap<>(topic.attributes());
        out.putIfAbsent("DisplayName", "");
        out.putIfAbsent("Policy", defaultPolicy(topic.arn(), topic.accountId()));
        out.put("EffectiveDeliveryPolicy", EFFECTIVE_DELIVERY_POLICY);
        out.put("Owner", topic.accountId());
        out.put("SubscriptionsConfirmed", Long.toString(confirmed));
        out.put("SubscriptionsPending", Long.toString(pending));
        out.put("SubscriptionsDeleted", "0");
        out.put("TopicArn", topic.arn());
        return out;
    }

    /** AWS's default topic policy: the owner account may use every topic action. */
    static String defaultPolicy(String topicArn, String account) {
        return "{\"Version\":\"2008-10-17\",\"Id\":\"__default_policy_ID\",\"Statement\":[{\"Sid\":\"__default_statement_ID\","
                + "\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":[\"SNS:GetTopicAttributes\","
                + "\"SNS:SetTopicAttributes\",\"SNS:AddPermission\",\"SNS:RemovePermission\",\"SNS:DeleteTopic\","
                + "\"SNS:Subscribe\",\"SNS:ListSubscriptionsByTopic\",\"SNS:Publish\"],\"Resource\":\"" + topicArn
                + "\",\"Condition\":{\"StringEquals\":{\"AWS:SourceOwner\":\"" + account + "\"}}}]}";
    }

    private static boolean isJsonObject(String text) {
        try {
            JsonNode n = STRICT.readTree(text);
            return n != null && n.isObject();
        } catch (IOException e) {
            return false;
        }
    }
}
