package io.synaps.api.action.sns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.api.action.RequestContext;
import io.synaps.api.protocol.Members;
import io.synaps.model.AwsError;
import io.synaps.store.topic.Topic;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * PublishAction answers Publish to a topic of the caller (TopicArn, or TargetArn naming a topic):
 * Message (not empty; with the message attributes at most 256 KiB), Subject (1 to 100 printable
 * ASCII characters, no line breaks), MessageAttributes (at most 10; AWS's name, type and value
 * rules). The message is queued durably for every confirmed subscription through
 * {@code TopicDelivery.publish}, which answers the MessageId. Not supported (refused): PhoneNumber
 * (direct SMS), platform-endpoint TargetArns, MessageStructure=json, FIFO parameters.
 * Thread-safe.
 */
final class PublishAction implements SnsAction {
    /** Largest message plus attributes, in bytes (256 KiB). */
    static final int MAX_BYTES = 262_144;
    static final int SUBJECT_MAX = 100;
    static final int MAX_ATTRIBUTES = 10;
    private static final Pattern SUBJECT = Pattern.compile("[\\x20-\\x7E]+");
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Pattern CUSTOM_TYPE = Pattern.compile("(String|Number|Binary)\\..+");
    private final SnsTopics topics;

    PublishAction(SnsTopics topics) {
        this.topics = topics;
    }

    @Override
    public String name() {
        return "Publish";
    }

    @Override
    public ObjectNode answer(RequestContext context, Members in) {
        String subject = in.string("Subject");
        if (subject != null && (subject.isEmpty() || subject.length() > SUBJECT_MAX
                || !SUBJECT.matcher(subject).matches())) {
            throw SnsErrors.invalidParameter("Invalid parameter: Subject");
        }
        String message = in.string("Message");
        if (message == null) {
            throw SnsErrors.required("Message");
        }
        if (message.isEmpty()) {
            throw SnsErrors.invalidParameter("Invalid parameter: Empty message");
        }
        String phone = in.string("PhoneNumber");
        if (phone != null && !phone.isEmpty()) {
            throw SnsErrors.notSupported("PhoneNumber", "publishing to a phone number (subscribe it with protocol sms)");
        }
        String structure = in.string("MessageStructure");
        if (structure != null && !structure.isEmpty()) {
            throw SnsErrors.notSupported("MessageStructure", "a per-protocol message (MessageStructure)");
        }
        if (present(in, "MessageDeduplicationId")) {
            throw SnsErrors.invalidParameter("Invalid parameter: MessageDeduplicationId Reason: The request includes "
                    + "MessageDeduplicationId parameter that is not valid for this topic type");
        }
        if (present(in, "MessageGroupId")) {
            throw SnsErrors.invalidParameter("Invalid parameter: MessageGroupId Reason: The request includes "
                    + "MessageGroupId parameter that is not valid for this topic type");
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        long size = message.getBytes(StandardCharsets.UTF_8).length + attributes(in, attributes);
        if (size > MAX_BYTES) {
            throw SnsErrors.invalidParameter("Invalid parameter: Message too long");
        }
        String topicText = in.string("TopicArn");
        String targetText = in.string("TargetArn");
        boolean hasTopic = topicText != null && !topicText.isEmpty();
        boolean hasTarget = targetText != null && !targetText.isEmpty();
        if (!hasTopic && !hasTarget) {
            throw SnsErrors.invalidParameter("Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter");
        }
        if (hasTopic && hasTarget) {
            throw SnsErrors.invalidParameter("Invalid parameter: TopicArn or TargetArn Reason: "
                    + "only one of TopicArn and TargetArn may be given");
        }
        if (hasTarget && targetText.contains(":endpoint/")) {
            throw SnsErrors.notSupported("TargetArn", "publishing to a platform endpoint");
        }
        SnsArns.TopicArn arn = hasTopic ? SnsArns.topic(topicText, "TopicArn", context, topics.partition)
                : SnsArns.topic(targetText, "TargetArn", context, topics.partition);
        SnsArns.requireOwner(context, arn, topics.partition, name());
        Topic topic = topics.require(arn);
        String messageId = topics.delivery.publish(topic, subject, message, attributes);
        return JsonNodeFactory.instance.objectNode().put("MessageId", messageId);
    }

    private static boolean present(Members in, String member) {
        String v = in.string(member);
        return v != null && !v.isEmpty();
    }

    /** Checks MessageAttributes, fills {@code out} with name -> value text, answers their size in bytes. */
    private static long attributes(Members in, Map<String, String> out) {
        JsonNode node = in.node().get("MessageAttributes");
        if (node == null || node.isNull() || (node.isTextual() && node.textValue().isEmpty())) {
            return 0;
        }
        if (!node.isObject()) {
            throw SnsErrors.invalidParameter("Invalid parameter: MessageAttributes");
        }
        if (node.size() > MAX_ATTRIBUTES) {
            throw SnsErrors.invalidParameter("Invalid parameter: MessageAttributes Reason: a message may have at most "
                    + MAX_ATTRIBUTES + " message attributes, not " + node.size());
        }
        long size = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            checkName(name);
            JsonNode v = e.getValue();
            String type = text(v, "DataType");
            if (type == null) {
                throw AwsError.validation("1 validation error detected: Value null at 'messageAttributes." + name
                        + ".member.dataType' failed to satisfy constraint: Member must not be null");
            }
            if (!type.equals("String") && !type.equals("Number") && !type.equals("Binary")
                    && !CUSTOM_TYPE.matcher(type).matches()) {
                throw SnsErrors.parameterValueInvalid("The message attribute '" + name + "' has an invalid message "
                        + "attribute type, the set of supported type prefixes is Binary, Number, and String.");
            }
            String stringValue = text(v, "StringValue");
            String binaryValue = text(v, "BinaryValue");
            if (stringValue == null && binaryValue == null) {
                throw SnsErrors.parameterValueInvalid("The message attribute '" + name + "' must contain non-empty "
                        + "message attribute value for message attribute type '" + type + "'.");
            }
            boolean binary = type.startsWith("Binary");
            String value = binary ? binaryValue : stringValue;
            if (value == null) {
                throw SnsErrors.parameterValueInvalid("The message attribute '" + name + "' with type '" + type
                        + "' must use field '" + (binary ? "Binary" : "String") + "'.");
            }
            if (value.isEmpty()) {
                throw SnsErrors.parameterValueInvalid("The message attribute '" + name + "' must contain non-empty "
                        + "message attribute value for message attribute type '" + type + "'.");
            }
            long valueBytes;
            if (binary) {
                try {
                    valueBytes = Base64.getMimeDecoder().decode(value).length;
                } catch (IllegalArgumentException ex) {
                    throw SnsErrors.parameterValueInvalid("The message attribute '" + name
                            + "' has a BinaryValue that is not base64.");
                }
            } else {
                valueBytes = value.getBytes(StandardCharsets.UTF_8).length;
            }
            size += name.getBytes(StandardCharsets.UTF_8).length + type.getBytes(StandardCharsets.UTF_8).length
                    + valueBytes;
            out.put(name, value);
        }
        return size;
    }

    private static void checkName(String name) {
        if (name.getBytes(StandardCharsets.UTF_8).length > 256) {
            throw SnsErrors.parameterValueInvalid("Length of message attribute name must be less than 256 bytes.");
        }
        if (!ATTRIBUTE_NAME.matcher(name).matches()) {
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (!(c == '.' || c == '_' || c == '-' || (c < 128 && Character.isLetterOrDigit(c)))) {
                    throw SnsErrors.parameterValueInvalid("Invalid non-alphanumeric character '#x"
                            + Integer.toHexString(name.codePointAt(i)).toUpperCase(java.util.Locale.ROOT)
                            + "' was found in the message attribute name. Can only include alphanumeric characters, "
                            + "hyphens, underscores, or dots.");
                }
            }
            throw SnsErrors.parameterValueInvalid("Invalid message attribute name.");
        }
        if (name.startsWith(".")) {
            throw SnsErrors.parameterValueInvalid("Invalid message attribute name starting with character '.' was found.");
        }
        if (name.endsWith(".")) {
            throw SnsErrors.parameterValueInvalid("Invalid message attribute name ending with character '.' was found.");
        }
        if (name.contains("..")) {
            throw SnsErrors.parameterValueInvalid("Message attribute name can not have successive '.' character.");
        }
    }

    private static String text(JsonNode v, String field) {
        if (v == null || !v.isObject()) {
            return null;
        }
        JsonNode f = v.get(field);
        return f == null || f.isNull() ? null : f.asText();
    }
}
