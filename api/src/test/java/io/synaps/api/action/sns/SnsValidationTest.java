package io.synaps.api.action.sns;

import io.synaps.model.AwsError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.synaps.api.action.sns.SnsCalls.enc;
import static io.synaps.api.action.sns.SnsCalls.topicArn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every SNS input rule with its code, status and message. The stores fail the test when touched
 * and delivery records nothing, so a refused request provably reaches neither.
 */
class SnsValidationTest {
    private static final String TOPIC = topicArn("alerts");
    private final UnreachableTopicStore unreachable = new UnreachableTopicStore();
    private final RecordingTopicDelivery delivery = new RecordingTopicDelivery();
    private final SnsCalls sns = new SnsCalls(unreachable, delivery, unreachable);

    private void refused(String action, String form, String code, int status, String message) {
        AwsError e = sns.error(action, form);
        assertThat(e.code()).as("code of %s %s", action, form).isEqualTo(code);
        assertThat(e.status()).isEqualTo(status);
        assertThat(e.getMessage()).isEqualTo(message);
        assertThat(delivery.confirmations).isEmpty();
        assertThat(delivery.published).isEmpty();
    }

    private void invalid(String action, String form, String message) {
        refused(action, form, "InvalidParameter", 400, message);
    }

    // ---- CreateTopic ----

    @ParameterizedTest
    @ValueSource(strings = {"", "Name=", "Name=bad%3Aname", "Name=bad+name", "Name=test.fifo", "Name=bad%21name",
            "Name=%C3%A9t%C3%A9"})
    void createTopicRefusesANameOutsideTheTopicAlphabet(String form) {
        invalid("CreateTopic", form, "Invalid parameter: Topic Name");
    }

    @Test
    void createTopicRefusesANameOf257Characters() {
        invalid("CreateTopic", "Name=" + "a".repeat(257), "Invalid parameter: Topic Name");
    }

    @Test
    void createTopicRefusesUnknownAndUnsupportedAttributes() {
        invalid("CreateTopic", "Name=t&Attributes.entry.1.key=Colour&Attributes.entry.1.value=red",
                "Invalid parameter: Attributes Reason: Invalid attribute name: Colour");
        invalid("CreateTopic", "Name=t&Attributes.entry.1.key=KmsMasterKeyId&Attributes.entry.1.value=alias%2Faws%2Fsns",
                "Invalid parameter: Attributes Reason: KmsMasterKeyId is not supported by this Synaps server");
        invalid("CreateTopic", "Name=t&Attributes.entry.1.key=FifoTopic&Attributes.entry.1.value=true",
                "Invalid parameter: Attributes Reason: FifoTopic is not supported by this Synaps server");
        invalid("CreateTopic", "Name=t&Attributes.entry.1.key=DeliveryPolicy&Attributes.entry.1.value=%7B%7D",
                "Invalid parameter: Attributes Reason: DeliveryPolicy is not supported by this Synaps server");
        invalid("CreateTopic", "Name=t&DataProtectionPolicy=%7B%7D",
                "Invalid parameter: DataProtectionPolicy Reason: data protection is not supported by this Synaps server");
    }

    @Test
    void createTopicChecksTheValuesOfSettableAttributes() {
        invalid("CreateTopic", "Name=t&Attributes.entry.1.key=DisplayName&Attributes.entry.1.value=" + "d".repeat(101),
                "Invalid parameter: Attributes Reason: DisplayName: must be at most 100 characters long");
        invalid("CreateTopic", "Name=t&Attributes.entry.1.key=Policy&Attributes.entry.1.value=%7Bnope",
                "Invalid parameter: Attributes Reason: Policy: failed to parse JSON object.");
        invalid("CreateTopic", "Name=t&Attributes.entry.1.key=Policy&Attributes.entry.1.value=%5B%5D",
                "Invalid parameter: Attributes Reason: Policy: failed to parse JSON object.");
        invalid("CreateTopic", "Name=t&Attributes.entry.1.key=SignatureVersion&Attributes.entry.1.value=3",
                "Invalid parameter: Attributes Reason: SignatureVersion: Invalid value [3]. Must be 1 or 2.");
    }

    @Test
    void createTopicChecksTags() {
        invalid("CreateTopic", "Name=t&Tags.member.1.Key=k1&Tags.member.1.Value=v1&Tags.member.2.Key=k1&Tags.member.2.Value=v2",
                "Invalid parameter: Duplicated keys are not allowed.");
        refused("CreateTopic", "Name=t&Tags.member.1.Key=k1", "ValidationError", 400,
                "1 validation error detected: Value null at 'tags.1.member.value' failed to satisfy constraint: "
                        + "Member must not be null");
        refused("CreateTopic", "Name=t&Tags.member.1.Key=" + "k".repeat(129) + "&Tags.member.1.Value=v", "ValidationError",
                400, "1 validation error detected: Value '" + "k".repeat(129) + "' at 'tags.1.member.key' failed to "
                        + "satisfy constraint: Member must have length less than or equal to 128");
        invalid("CreateTopic", "Name=t&Tags.member.1.Key=aws%3Aowner&Tags.member.1.Value=v",
                "Invalid parameter: Tags Reason: the tag key aws:owner is invalid: the aws: prefix is reserved for AWS use");
        StringBuilder many = new StringBuilder("Name=t");
        for (int i = 1; i <= 51; i++) {
            many.append("&Tags.member.").append(i).append(".Key=k").append(i).append("&Tags.member.").append(i)
                    .append(".Value=v");
        }
        refused("CreateTopic", many.toString(), "TagLimitExceeded", 400,
                "Could not complete request: tag quota of per resource exceeded");
    }

    // ---- topic ARNs (every action that takes one) ----

    @ParameterizedTest
    @ValueSource(strings = {"GetTopicAttributes", "DeleteTopic", "ListSubscriptionsByTopic", "Subscribe", "Publish"})
    void topicArnsFollowSnsRules(String action) {
        String extra = switch (action) {
            case "Subscribe" -> "&Protocol=sms&Endpoint=%2B15551234567";
            case "Publish" -> "&Message=hi";
            default -> "";
        };
        invalid(action, "TopicArn=test-topic" + extra,
                "Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 1");
        invalid(action, "TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3Arandom" + extra,
                "Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 5");
        invalid(action, "TopicArn=" + enc("arn:aws:sns:eu-west-1:" + SnsCalls.ACCOUNT + ":alerts") + extra,
                "Invalid parameter: TopicArn");
        invalid(action, "TopicArn=" + enc("arn:aws:sqs:us-east-1:" + SnsCalls.ACCOUNT + ":alerts") + extra,
                "Invalid parameter: TopicArn");
        invalid(action, "TopicArn=" + enc(TOPIC + ":6f1c1b1e-0d2a-4a8e-9f57-5d1a2b3c4d5e") + extra,
                "Invalid parameter: Topic Name");
        refused(action, "TopicArn=" + enc("arn:aws:sns:us-east-1:" + SnsCalls.OTHER + ":alerts") + extra,
                "AuthorizationError", 403, "User: arn:aws:iam::" + SnsCalls.ACCOUNT + ":root is not authorized to "
                        + "perform: SNS:" + action + " on resource: arn:aws:sns:us-east-1:" + SnsCalls.OTHER + ":alerts");
        if (!action.equals("Publish")) {
            invalid(action, extra.isEmpty() ? "" : extra.substring(1),
                    "Invalid parameter: TopicArn Reason: no value for required parameter");
        }
    }

    // ---- Subscribe ----

    private static String subscribe(String protocol, String endpoint) {
        return "TopicArn=" + enc(TOPIC) + "&Protocol=" + enc(protocol) + (endpoint == null ? "" : "&Endpoint=" + enc(endpoint));
    }

    @Test
    void subscribeRefusesUnknownAndUnsupportedProtocols() {
        invalid("Subscribe", subscribe("test-protocol", "a@example.com"),
                "Invalid parameter: Amazon SNS does not support this protocol string: test-protocol");
        invalid("Subscribe", subscribe("HTTP", "http://example.com/"),
                "Invalid parameter: Amazon SNS does not support this protocol string: HTTP");
        invalid("Subscribe", subscribe("sqs", "arn:aws:sqs:us-east-1:123456789012:q"),
                "Invalid parameter: Protocol Reason: sqs subscriptions are not supported by this Synaps server; "
                        + "use one of [email, email-json, http, https, sms, slack]");
        invalid("Subscribe", "TopicArn=" + enc(TOPIC), "Invalid parameter: Protocol Reason: no value for required parameter");
        invalid("Subscribe", subscribe("email", null), "Invalid parameter: Endpoint Reason: no value for required parameter");
    }

    @ParameterizedTest
    @ValueSource(strings = {"this is not an email", "no-at-sign", "two@at@signs", "@example.com", "user@", "a b@c.d"})
    void subscribeRefusesMalformedEmailAddresses(String address) {
        invalid("Subscribe", subscribe("email", address), "Invalid parameter: Email address");
        invalid("Subscribe", subscribe("email-json", address), "Invalid parameter: Email address");
    }

    @Test
    void subscribeChecksUrlsAgainstTheirProtocol() {
        invalid("Subscribe", subscribe("http", "https://example.com/hook"),
                "Invalid parameter: Endpoint must match the specified protocol");
        invalid("Subscribe", subscribe("https", "http://example.com/hook"),
                "Invalid parameter: Endpoint must match the specified protocol");
        invalid("Subscribe", subscribe("https", "example.com"), "Invalid parameter: Endpoint must match the specified protocol");
        invalid("Subscribe", subscribe("http", "http://"), "Invalid parameter: Endpoint Reason: http:// is not a valid URL");
        invalid("Subscribe", subscribe("https", "https://exa mple.com/"),
                "Invalid parameter: Endpoint Reason: https://exa mple.com/ is not a valid URL");
        invalid("Subscribe", subscribe("https", "https://user:pw@example.com/"),
                "Invalid parameter: Endpoint Reason: https://user:pw@example.com/ is not a valid URL");
        invalid("Subscribe", subscribe("slack", "http://hooks.slack.com/services/T0/B0/x"),
                "Invalid parameter: Endpoint Reason: a slack endpoint must be an https URL (a Slack incoming-webhook URL)");
        invalid("Subscribe", subscribe("slack", "#ops"),
                "Invalid parameter: Endpoint Reason: a slack endpoint must be an https URL (a Slack incoming-webhook URL)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"+15--551234567", "NAA+15551234567", "+15551234567.", "/+15551234567", "15551234567",
            "+0123456", "+1234567890123456", "invalid-number"})
    void subscribeRefusesPhoneNumbersThatAreNotE164(String number) {
        invalid("Subscribe", subscribe("sms", number), "Invalid SMS endpoint: " + number);
    }

    @Test
    void subscribeChecksAttributes() {
        String https = subscribe("https", "https://example.com/hook");
        invalid("Subscribe", https + "&Attributes.entry.1.key=RawMessageDelivery&Attributes.entry.1.value=wrongvalue",
                "Invalid parameter: Attributes Reason: RawMessageDelivery: Invalid value [wrongvalue]. Must be true or false.");
        invalid("Subscribe", subscribe("email", "a@example.com")
                        + "&Attributes.entry.1.key=RawMessageDelivery&Attributes.entry.1.value=true",
                "Invalid parameter: Attributes Reason: Delivery protocol [email] does not support raw message delivery.");
        invalid("Subscribe", https + "&Attributes.entry.1.key=FilterPolicy&Attributes.entry.1.value=%7B%7D",
                "Invalid parameter: Attributes Reason: FilterPolicy is not supported by this Synaps server");
        invalid("Subscribe", https + "&Attributes.entry.1.key=Colour&Attributes.entry.1.value=red",
                "Invalid parameter: Attributes Reason: AttributeName");
        invalid("Subscribe", https + "&ReturnSubscriptionArn=maybe", "Invalid parameter: ReturnSubscriptionArn");
    }

    // ---- ConfirmSubscription, Unsubscribe, subscription attributes ----

    @Test
    void confirmSubscriptionRefusesTokensThatAreNotOursInForm() {
        invalid("ConfirmSubscription", "TopicArn=" + enc(TOPIC) + "&Token=randomtoken", "Invalid token");
        invalid("ConfirmSubscription", "TopicArn=" + enc(TOPIC) + "&Token=" + "A".repeat(128), "Invalid token");
        invalid("ConfirmSubscription", "TopicArn=" + enc(TOPIC), "Invalid parameter: Token Reason: no value for required parameter");
        invalid("ConfirmSubscription", "TopicArn=" + enc(TOPIC) + "&Token=" + "a".repeat(128)
                + "&AuthenticateOnUnsubscribe=yes", "Invalid parameter: AuthenticateOnUnsubscribe");
        AwsError anonymous = sns.error(SnsCalls.anonymous(), "ConfirmSubscription", "TopicArn=x&Token=randomtoken");
        assertThat(anonymous.getMessage()).isEqualTo("Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 1");
    }

    @Test
    void subscriptionArnsFollowSnsRules() {
        for (String action : new String[]{"Unsubscribe", "GetSubscriptionAttributes", "SetSubscriptionAttributes"}) {
            String extra = action.equals("SetSubscriptionAttributes") ? "&AttributeName=RawMessageDelivery&AttributeValue=true" : "";
            invalid(action, "SubscriptionArn=randomstring" + extra,
                    "Invalid parameter: SubscriptionArn Reason: An ARN must have at least 6 elements, not 1");
            invalid(action, "SubscriptionArn=" + enc("arn:aws:sns:us-east-1:random") + extra,
                    "Invalid parameter: SubscriptionArn Reason: An ARN must have at least 6 elements, not 5");
            invalid(action, "SubscriptionArn=" + enc("arn:aws:sns:us-east-1:111111111111:random") + extra,
                    "Invalid parameter: SubscriptionId");
            invalid(action, "SubscriptionArn=" + enc(TOPIC + ":not-a-uuid") + extra, "Invalid parameter: SubscriptionId");
            invalid(action, extra.isEmpty() ? "" : extra.substring(1),
                    "Invalid parameter: SubscriptionArn Reason: no value for required parameter");
        }
        String other = "arn:aws:sns:us-east-1:" + SnsCalls.OTHER + ":alerts:6f1c1b1e-0d2a-4a8e-9f57-5d1a2b3c4d5e";
        refused("GetSubscriptionAttributes", "SubscriptionArn=" + enc(other), "AuthorizationError", 403,
                "User: arn:aws:iam::" + SnsCalls.ACCOUNT + ":root is not authorized to perform: "
                        + "SNS:GetSubscriptionAttributes on resource: arn:aws:sns:us-east-1:" + SnsCalls.OTHER + ":alerts");
    }

    @Test
    void setSubscriptionAttributesAllowsOnlyRawMessageDelivery() {
        String arn = "SubscriptionArn=" + enc(TOPIC + ":6f1c1b1e-0d2a-4a8e-9f57-5d1a2b3c4d5e");
        invalid("SetSubscriptionAttributes", arn + "&AttributeName=Colour&AttributeValue=red", "Invalid parameter: AttributeName");
        invalid("SetSubscriptionAttributes", arn + "&AttributeName=RawMessageDelivery&AttributeValue=",
                "Invalid parameter: RawMessageDelivery: Invalid value []. Must be true or false.");
        invalid("SetSubscriptionAttributes", arn + "&AttributeName=RawMessageDelivery&AttributeValue=test-ValUe",
                "Invalid parameter: RawMessageDelivery: Invalid value [test-ValUe]. Must be true or false.");
        invalid("SetSubscriptionAttributes", arn + "&AttributeName=FilterPolicy&AttributeValue=%7B%7D",
                "Invalid parameter: FilterPolicy is not supported by this Synaps server");
        invalid("SetSubscriptionAttributes", arn, "Invalid parameter: AttributeName Reason: no value for required parameter");
    }

    @Test
    void setTopicAttributesRefusesReadOnlyUnknownAndUnsupportedNames() {
        String arn = "TopicArn=" + enc(TOPIC);
        invalid("SetTopicAttributes", arn + "&AttributeName=FifoTopic&AttributeValue=false", "Invalid parameter: AttributeName");
        invalid("SetTopicAttributes", arn + "&AttributeName=Owner&AttributeValue=1", "Invalid parameter: AttributeName");
        invalid("SetTopicAttributes", arn + "&AttributeName=DeliveryPolicy&AttributeValue=%7B%7D",
                "Invalid parameter: DeliveryPolicy is not supported by this Synaps server");
        invalid("SetTopicAttributes", arn + "&AttributeName=Policy&AttributeValue=nope",
                "Invalid parameter: Policy: failed to parse JSON object.");
        invalid("SetTopicAttributes", arn, "Invalid parameter: AttributeName Reason: no value for required parameter");
    }

    @Test
    void listCallsRefuseATokenThatIsNotOne() {
        invalid("ListTopics", "NextToken=%21%21%21", "Invalid parameter: NextToken");
        invalid("ListSubscriptions", "NextToken=" + enc(java.util.Base64.getUrlEncoder().encodeToString("x".getBytes())),
                "Invalid parameter: NextToken");
    }

    // ---- Publish ----

    private static String publish(String rest) {
        return "TopicArn=" + enc(TOPIC) + "&" + rest;
    }

    @Test
    void publishChecksSubjectAndMessage() {
        invalid("Publish", publish("Message=hi&Subject="), "Invalid parameter: Subject");
        invalid("Publish", publish("Message=hi&Subject=" + "s".repeat(101)), "Invalid parameter: Subject");
        invalid("Publish", publish("Message=hi&Subject=line%0Abreak"), "Invalid parameter: Subject");
        invalid("Publish", publish("Message="), "Invalid parameter: Empty message");
        invalid("Publish", "TopicArn=" + enc(TOPIC), "Invalid parameter: Message Reason: no value for required parameter");
        invalid("Publish", publish("Message=" + "a".repeat(262_145)), "Invalid parameter: Message too long");
        invalid("Publish", "Message=hi", "Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter");
        invalid("Publish", publish("Message=hi&TargetArn=" + enc(TOPIC)),
                "Invalid parameter: TopicArn or TargetArn Reason: only one of TopicArn and TargetArn may be given");
    }

    @Test
    void publishCountsMessageAttributesInTheSizeLimit() {
        // name "attr1" + type "Number" + value "1" = 12 bytes (AWS's count, recorded by LocalStack)
        String attrs = "&MessageAttributes.entry.1.Name=attr1&MessageAttributes.entry.1.Value.DataType=Number"
                + "&MessageAttributes.entry.1.Value.StringValue=1";
        invalid("Publish", publish("Message=" + "a".repeat(262_144 - 12 + 1) + attrs), "Invalid parameter: Message too long");
    }

    @Test
    void publishRefusesWhatItDoesNotImplement() {
        invalid("Publish", "Message=hi&PhoneNumber=%2B15551234567", "Invalid parameter: PhoneNumber Reason: publishing to "
                + "a phone number (subscribe it with protocol sms) is not supported by this Synaps server");
        invalid("Publish", publish("Message=%7B%22default%22%3A%22x%22%7D&MessageStructure=json"),
                "Invalid parameter: MessageStructure Reason: a per-protocol message (MessageStructure) is not supported "
                        + "by this Synaps server");
        invalid("Publish", publish("Message=hi&MessageDeduplicationId=1"), "Invalid parameter: MessageDeduplicationId "
                + "Reason: The request includes MessageDeduplicationId parameter that is not valid for this topic type");
        invalid("Publish", "Message=hi&TargetArn=" + enc("arn:aws:sns:us-east-1:123456789012:endpoint/GCM/app/1"),
                "Invalid parameter: TargetArn Reason: publishing to a platform endpoint is not supported by this Synaps server");
    }

    private void attributeRefused(String entries, String message) {
        refused("Publish", publish("Message=hi" + entries), "ParameterValueInvalid", 400, message);
    }

    @Test
    void publishChecksMessageAttributesInAwsWords() {
        String e = "&MessageAttributes.entry.1.";
        attributeRefused(e + "Name=.attr&" + e.substring(1) + "Value.DataType=String&" + e.substring(1) + "Value.StringValue=v",
                "Invalid message attribute name starting with character '.' was found.");
        attributeRefused(e + "Name=attr.&" + e.substring(1) + "Value.DataType=String&" + e.substring(1) + "Value.StringValue=v",
                "Invalid message attribute name ending with character '.' was found.");
        attributeRefused(e + "Name=a..b&" + e.substring(1) + "Value.DataType=String&" + e.substring(1) + "Value.StringValue=v",
                "Message attribute name can not have successive '.' character.");
        attributeRefused(e + "Name=a%5Eb&" + e.substring(1) + "Value.DataType=String&" + e.substring(1) + "Value.StringValue=v",
                "Invalid non-alphanumeric character '#x5E' was found in the message attribute name. Can only include "
                        + "alphanumeric characters, hyphens, underscores, or dots.");
        attributeRefused(e + "Name=attr1&" + e.substring(1) + "Value.DataType=Text&" + e.substring(1) + "Value.StringValue=v",
                "The message attribute 'attr1' has an invalid message attribute type, the set of supported type prefixes "
                        + "is Binary, Number, and String.");
        attributeRefused(e + "Name=attr1&" + e.substring(1) + "Value.DataType=String&" + e.substring(1) + "Value.StringValue=",
                "The message attribute 'attr1' must contain non-empty message attribute value for message attribute type 'String'.");
        attributeRefused(e + "Name=attr1&" + e.substring(1) + "Value.DataType=Binary&" + e.substring(1) + "Value.StringValue=v",
                "The message attribute 'attr1' with type 'Binary' must use field 'Binary'.");
        attributeRefused(e + "Name=attr1&" + e.substring(1) + "Value.DataType=Number&" + e.substring(1) + "Value.BinaryValue=AQ%3D%3D",
                "The message attribute 'attr1' with type 'Number' must use field 'String'.");
        attributeRefused(e + "Name=attr1&" + e.substring(1) + "Value.DataType=String",
                "The message attribute 'attr1' must contain non-empty message attribute value for message attribute type 'String'.");
        attributeRefused(e + "Name=" + "n".repeat(257) + "&" + e.substring(1) + "Value.DataType=String&" + e.substring(1)
                + "Value.StringValue=v", "Length of message attribute name must be less than 256 bytes.");
        refused("Publish", publish("Message=hi" + e + "Name=attr1&" + e.substring(1) + "Value.StringValue=v"),
                "ValidationError", 400, "1 validation error detected: Value null at 'messageAttributes.attr1.member.dataType' "
                        + "failed to satisfy constraint: Member must not be null");
        StringBuilder eleven = new StringBuilder();
        for (int i = 1; i <= 11; i++) {
            String p = "&MessageAttributes.entry." + i + ".";
            eleven.append(p).append("Name=a").append(i).append(p).append("Value.DataType=String").append(p)
                    .append("Value.StringValue=v");
        }
        invalid("Publish", publish("Message=hi" + eleven),
                "Invalid parameter: MessageAttributes Reason: a message may have at most 10 message attributes, not 11");
    }

    // ---- tags ----

    @Test
    void topicTagCallsCheckTheirInput() {
        String arn = "ResourceArn=" + enc(TOPIC);
        invalid("TagResource", arn, "Invalid parameter: Tags Reason: no value for required parameter");
        invalid("UntagResource", arn, "Invalid parameter: TagKeys Reason: no value for required parameter");
        invalid("ListTagsForResource", "", "Invalid parameter: ResourceArn Reason: no value for required parameter");
        invalid("TagResource", "ResourceArn=nope&Tags.member.1.Key=k&Tags.member.1.Value=v",
                "Invalid parameter: ResourceArn Reason: An ARN must have at least 6 elements, not 1");
        invalid("TagResource", arn + "&Tags.member.1.Key=k&Tags.member.1.Value=v&Tags.member.2.Key=k&Tags.member.2.Value=v",
                "Invalid parameter: Duplicated keys are not allowed.");
        refused("UntagResource", arn + "&TagKeys.member.1=", "ValidationError", 400,
                "1 validation error detected: Value '' at 'tagKeys.1.member' failed to satisfy constraint: "
                        + "Member must have length greater than or equal to 1");
    }
}
