package io.synaps.api.action.sns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.api.action.Inputs;
import io.synaps.model.AwsError;
import io.synaps.store.rocksdb.RocksDbStorage;
import io.synaps.store.topic.Subscription;
import io.synaps.store.topic.TopicStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.synaps.api.action.sns.SnsCalls.ACCOUNT;
import static io.synaps.api.action.sns.SnsCalls.OTHER;
import static io.synaps.api.action.sns.SnsCalls.enc;
import static io.synaps.api.action.sns.SnsCalls.topicArn;
import static org.assertj.core.api.Assertions.assertThat;

/** The SNS operations end to end over the real RocksDB topic and tag stores, delivery recorded. */
class SnsActionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UUID_TAIL = ":[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    @TempDir
    Path dir;
    private RocksDbStorage storage;
    private TopicStore store;
    private RecordingTopicDelivery delivery;
    private SnsCalls sns;

    @BeforeEach
    void open() {
        storage = RocksDbStorage.open(dir, Clock.fixed(Inputs.NOW, ZoneOffset.UTC));
        store = storage.topicStore();
        delivery = new RecordingTopicDelivery();
        sns = new SnsCalls(store, delivery, storage.tagStore());
    }

    @AfterEach
    void close() {
        storage.close();
    }

    private String create(String name) {
        return sns.call("CreateTopic", "Name=" + name).get("TopicArn").asText();
    }

    private String subscribe(String topic, String protocol, String endpoint, String extra) {
        return sns.call("Subscribe", "TopicArn=" + enc(topic) + "&Protocol=" + protocol + "&Endpoint=" + enc(endpoint)
                + extra).get("SubscriptionArn").asText();
    }

    private static void assertError(AwsError e, String code, int status, String message) {
        assertThat(e.code()).isEqualTo(code);
        assertThat(e.status()).isEqualTo(status);
        assertThat(e.getMessage()).isEqualTo(message);
    }

    private JsonNode attributes(String topic) {
        return sns.call("GetTopicAttributes", "TopicArn=" + enc(topic)).get("Attributes");
    }

    // ---- topics ----

    @Test
    void createTopicAnswersItsArnAndIsIdempotent() {
        String arn = create("alerts");
        assertThat(arn).isEqualTo("arn:aws:sns:us-east-1:" + ACCOUNT + ":alerts");
        assertThat(create("alerts")).isEqualTo(arn);
        String longest = "a".repeat(256);
        assertThat(create(longest)).isEqualTo(topicArn(longest));
        assertThat(store.listTopics(ACCOUNT, null, 10)).hasSize(2);
    }

    @Test
    void createTopicAgainMustNotChangeAttributesOrTags() {
        String withName = "Name=t&Attributes.entry.1.key=DisplayName&Attributes.entry.1.value=Value1";
        String arn = sns.call("CreateTopic", withName + "&Tags.member.1.Key=a&Tags.member.1.Value=1"
                + "&Tags.member.2.Key=b&Tags.member.2.Value=2").get("TopicArn").asText();
        assertThat(sns.call("CreateTopic", "Name=t").get("TopicArn").asText()).isEqualTo(arn);
        assertThat(sns.call("CreateTopic", withName).get("TopicArn").asText()).isEqualTo(arn);
        assertThat(sns.call("CreateTopic", "Name=t&Attributes.entry.1.key=FifoTopic&Attributes.entry.1.value=false")
                .get("TopicArn").asText()).isEqualTo(arn);
        assertThat(sns.call("CreateTopic", "Name=t&Tags.member.1.Key=a&Tags.member.1.Value=1").get("TopicArn").asText())
                .isEqualTo(arn);
        assertError(sns.error("CreateTopic", "Name=t&Attributes.entry.1.key=DisplayName&Attributes.entry.1.value=Value2"),
                "InvalidParameter", 400, "Invalid parameter: Attributes Reason: Topic already exists with different attributes");
        assertError(sns.error("CreateTopic", "Name=t&Attributes.entry.1.key=SignatureVersion&Attributes.entry.1.value=2"),
                "InvalidParameter", 400, "Invalid parameter: Attributes Reason: Topic already exists with different attributes");
        assertError(sns.error("CreateTopic", "Name=t&Tags.member.1.Key=key1&Tags.member.1.Value=value1"),
                "InvalidParameter", 400, "Invalid parameter: Tags Reason: Topic already exists with different tags");
        assertThat(attributes(arn).get("DisplayName").asText()).isEqualTo("Value1");
    }

    @Test
    void getTopicAttributesShowsTheDefaultsAndLiveSubscriptionCounts() throws Exception {
        String arn = create("alerts");
        JsonNode a = attributes(arn);
        List<String> names = new ArrayList<>();
        a.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("DisplayName", "EffectiveDeliveryPolicy", "Owner", "Policy",
                "SubscriptionsConfirmed", "SubscriptionsDeleted", "SubscriptionsPending", "TopicArn");
        assertThat(a.get("DisplayName").asText()).isEmpty();
        assertThat(a.get("Owner").asText()).isEqualTo(ACCOUNT);
        assertThat(a.get("TopicArn").asText()).isEqualTo(arn);
        JsonNode policy = JSON.readTree(a.get("Policy").asText());
        assertThat(policy.get("Id").asText()).isEqualTo("__default_policy_ID");
        assertThat(policy.at("/Statement/0/Resource").asText()).isEqualTo(arn);
        assertThat(policy.at("/Statement/0/Condition/StringEquals/AWS:SourceOwner").asText()).isEqualTo(ACCOUNT);
        assertThat(JSON.readTree(a.get("EffectiveDeliveryPolicy").asText()).at("/http/defaultHealthyRetryPolicy/numRetries")
                .asInt()).isEqualTo(9);

        subscribe(arn, "sms", "+15551234567", "");
        subscribe(arn, "email", "ops@example.com", "");
        subscribe(arn, "https", "https://example.com/hook", "");
        a = attributes(arn);
        assertThat(a.get("SubscriptionsConfirmed").asText()).isEqualTo("1");
        assertThat(a.get("SubscriptionsPending").asText()).isEqualTo("2");
        assertThat(a.get("SubscriptionsDeleted").asText()).isEqualTo("0");
    }

    @Test
    void setTopicAttributesStoresTheSettableOnes() {
        String arn = create("alerts");
        sns.call("SetTopicAttributes", "TopicArn=" + enc(arn) + "&AttributeName=DisplayName&AttributeValue=Ops+team");
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[]}";
        sns.call("SetTopicAttributes", "TopicArn=" + enc(arn) + "&AttributeName=Policy&AttributeValue=" + enc(policy));
        sns.call("SetTopicAttributes", "TopicArn=" + enc(arn) + "&AttributeName=SignatureVersion&AttributeValue=2");
        JsonNode a = attributes(arn);
        assertThat(a.get("DisplayName").asText()).isEqualTo("Ops team");
        assertThat(a.get("Policy").asText()).isEqualTo(policy);
        assertThat(a.get("SignatureVersion").asText()).isEqualTo("2");
        assertThat(store.getTopic(ACCOUNT, "alerts").orElseThrow().attributes())
                .containsEntry("DisplayName", "Ops team").containsEntry("SignatureVersion", "2");
    }

    @Test
    void anUnknownTopicIsNotFoundWhereverItIsNamed() {
        String missing = enc(topicArn("missing"));
        for (String[] call : new String[][]{
                {"GetTopicAttributes", "TopicArn=" + missing},
                {"SetTopicAttributes", "TopicArn=" + missing + "&AttributeName=DisplayName&AttributeValue=x"},
                {"Subscribe", "TopicArn=" + missing + "&Protocol=sms&Endpoint=%2B15551234567"},
                {"ListSubscriptionsByTopic", "TopicArn=" + missing},
                {"Publish", "TopicArn=" + missing + "&Message=hi"}}) {
            assertError(sns.error(call[0], call[1]), "NotFound", 404, "Topic does not exist");
        }
        assertThat(delivery.published).isEmpty();
    }

    @Test
    void deleteTopicRemovesItsSubscriptionsAndTagsAndIsIdempotent() {
        String arn = sns.call("CreateTopic", "Name=gone&Tags.member.1.Key=k1&Tags.member.1.Value=v1").get("TopicArn").asText();
        subscribe(arn, "sms", "+15551234567", "");
        assertThat(sns.call("DeleteTopic", "TopicArn=" + enc(arn))).isNull();
        assertThat(sns.call("DeleteTopic", "TopicArn=" + enc(arn))).isNull();
        assertThat(store.getTopic(ACCOUNT, "gone")).isEmpty();
        assertThat(store.listSubscriptions(ACCOUNT, null, null, 10)).isEmpty();
        create("gone");
        assertThat(sns.call("ListTagsForResource", "ResourceArn=" + enc(arn)).get("Tags")).isEmpty();
    }

    @Test
    void listTopicsPagesByAHundredAndStaysInTheAccount() {
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 101; i++) {
            created.add(create(String.format("t%03d", i)));
        }
        sns.call(SnsCalls.context(OTHER), "CreateTopic", "Name=theirs");
        ObjectNode first = sns.call("ListTopics", "");
        assertThat(first.get("Topics")).hasSize(100);
        assertThat(first.get("Topics").get(0).get("TopicArn").asText()).isEqualTo(topicArn("t000"));
        ObjectNode second = sns.call("ListTopics", "NextToken=" + enc(first.get("NextToken").asText()));
        assertThat(second.get("Topics")).hasSize(1);
        assertThat(second.has("NextToken")).isFalse();
        Set<String> listed = new HashSet<>();
        first.get("Topics").forEach(t -> listed.add(t.get("TopicArn").asText()));
        second.get("Topics").forEach(t -> listed.add(t.get("TopicArn").asText()));
        assertThat(listed).isEqualTo(created);
        assertThat(sns.call(SnsCalls.context(OTHER), "ListTopics", "").get("Topics")).hasSize(1);
    }

    // ---- subscriptions ----

    @Test
    void httpAndEmailSubscriptionsWaitForConfirmationAndGetAConfirmationMessage() {
        String arn = create("alerts");
        assertThat(subscribe(arn, "http", "http://example.com/hook", "")).isEqualTo("pending confirmation");
        String email = subscribe(arn, "email-json", "ops@example.com", "&ReturnSubscriptionArn=true");
        assertThat(email).matches(java.util.regex.Pattern.quote(arn) + UUID_TAIL);
        assertThat(delivery.confirmations).hasSize(2);
        Subscription s = delivery.confirmations.get(1).subscription();
        assertThat(s.arn()).isEqualTo(email);
        assertThat(s.confirmed()).isFalse();
        assertThat(s.token()).matches("[0-9a-f]{128}");
        assertThat(s.secret()).matches("[0-9a-f]{64}");
        assertThat(s.token()).isNotEqualTo(delivery.confirmations.get(0).subscription().token());
        assertThat(delivery.confirmations.get(1).topic().arn()).isEqualTo(arn);
        assertThat(store.getSubscription(ACCOUNT, email)).contains(s);
    }

    @Test
    void smsAndSlackSubscriptionsAreConfirmedAtOnce() {
        String arn = create("alerts");
        String sms = subscribe(arn, "sms", "+15551234567", "");
        String slack = subscribe(arn, "slack", "https://hooks.slack.com/services/T0/B0/xyz", "");
        assertThat(sms).matches(java.util.regex.Pattern.quote(arn) + UUID_TAIL);
        assertThat(slack).matches(java.util.regex.Pattern.quote(arn) + UUID_TAIL);
        assertThat(delivery.confirmations).isEmpty();
        assertThat(store.getSubscription(ACCOUNT, slack).orElseThrow().confirmed()).isTrue();
        assertThat(store.getSubscription(ACCOUNT, slack).orElseThrow().secret()).matches("[0-9a-f]{64}");
    }

    @Test
    void subscribingTheSameEndpointAgainAnswersTheSameSubscription() {
        String arn = create("alerts");
        String hook = "https://example.com/hook";
        String first = subscribe(arn, "https", hook, "&ReturnSubscriptionArn=true"
                + "&Attributes.entry.1.key=RawMessageDelivery&Attributes.entry.1.value=TrUe");
        assertThat(store.getSubscription(ACCOUNT, first).orElseThrow().attributes()).containsEntry("RawMessageDelivery", "true");
        assertThat(subscribe(arn, "https", hook, "&ReturnSubscriptionArn=true")).isEqualTo(first);
        assertThat(subscribe(arn, "https", hook, "")).isEqualTo("pending confirmation");
        assertThat(delivery.confirmations).hasSize(3); // a pending subscription gets its confirmation again
        assertError(sns.error("Subscribe", "TopicArn=" + enc(arn) + "&Protocol=https&Endpoint=" + enc(hook)
                        + "&Attributes.entry.1.key=RawMessageDelivery&Attributes.entry.1.value=false"),
                "InvalidParameter", 400, "Invalid parameter: Attributes Reason: Subscription already exists with different attributes");
        String sms = subscribe(arn, "sms", "+15551234567", "");
        assertThat(subscribe(arn, "sms", "+15551234567", "")).isEqualTo(sms);
        assertThat(store.listSubscriptions(ACCOUNT, arn, null, 10)).hasSize(2);
    }

    @Test
    void confirmSubscriptionWithTheTokenConfirmsEvenWithoutASignature() {
        String arn = create("alerts");
        subscribe(arn, "https", "https://example.com/hook", "");
        Subscription pending = delivery.confirmations.get(0).subscription();
        assertThat(sns.call("ListSubscriptionsByTopic", "TopicArn=" + enc(arn)).at("/Subscriptions/0/SubscriptionArn").asText())
                .isEqualTo("PendingConfirmation");

        String form = "TopicArn=" + enc(arn) + "&Token=" + pending.token();
        ObjectNode out = sns.call(SnsCalls.anonymous(), "ConfirmSubscription", form);
        assertThat(out.get("SubscriptionArn").asText()).isEqualTo(pending.arn());
        assertThat(sns.call(SnsCalls.anonymous(), "ConfirmSubscription", form).get("SubscriptionArn").asText())
                .isEqualTo(pending.arn());
        Subscription confirmed = store.getSubscription(ACCOUNT, pending.arn()).orElseThrow();
        assertThat(confirmed.confirmed()).isTrue();
        assertThat(confirmed.secret()).isEqualTo(pending.secret());
        assertThat(confirmed.attributes()).containsEntry("ConfirmationWasAuthenticated", "false");
        assertThat(sns.call("ListSubscriptionsByTopic", "TopicArn=" + enc(arn)).at("/Subscriptions/0/SubscriptionArn").asText())
                .isEqualTo(pending.arn());
        assertThat(attributes(arn).get("SubscriptionsConfirmed").asText()).isEqualTo("1");
    }

    @Test
    void confirmSubscriptionRefusesAWellFormedTokenItDoesNotKnow() {
        String arn = create("alerts");
        subscribe(arn, "email", "ops@example.com", "");
        String token = delivery.confirmations.get(0).subscription().token();
        String unknown = token.startsWith("0") ? "1" + token.substring(1) : "0" + token.substring(1);
        assertError(sns.error("ConfirmSubscription", "TopicArn=" + enc(arn) + "&Token=" + unknown),
                "InvalidParameter", 400, "Invalid parameter: Token");
        assertError(sns.error("ConfirmSubscription", "TopicArn=" + enc(topicArn("other")) + "&Token=" + token),
                "InvalidParameter", 400, "Invalid parameter: Token");
        assertThat(store.getSubscription(ACCOUNT, delivery.confirmations.get(0).subscription().arn()).orElseThrow()
                .confirmed()).isFalse();
    }

    @Test
    void unsubscribeWorksWithoutASignatureUnlessTheOwnerAskedForOne() {
        String arn = create("alerts");
        String open = subscribe(arn, "https", "https://example.com/a", "&ReturnSubscriptionArn=true");
        String guarded = subscribe(arn, "https", "https://example.com/b", "&ReturnSubscriptionArn=true");
        Subscription g = delivery.confirmations.get(1).subscription();
        sns.call("ConfirmSubscription", "TopicArn=" + enc(arn) + "&Token=" + g.token() + "&AuthenticateOnUnsubscribe=true");
        assertThat(store.getSubscription(ACCOUNT, guarded).orElseThrow().attributes())
                .containsEntry("ConfirmationWasAuthenticated", "true");

        assertThat(sns.call(SnsCalls.anonymous(), "Unsubscribe", "SubscriptionArn=" + enc(open))).isNull();
        assertThat(store.getSubscription(ACCOUNT, open)).isEmpty();
        assertError(sns.error(SnsCalls.anonymous(), "Unsubscribe", "SubscriptionArn=" + enc(guarded)), "AuthorizationError",
                403, "Anonymous is not authorized to perform: SNS:Unsubscribe on resource: " + guarded);
        assertThat(sns.error(SnsCalls.context(OTHER), "Unsubscribe", "SubscriptionArn=" + enc(guarded)).code())
                .isEqualTo("AuthorizationError");
        assertThat(sns.call("Unsubscribe", "SubscriptionArn=" + enc(guarded))).isNull();
        assertThat(store.listSubscriptions(ACCOUNT, arn, null, 10)).isEmpty();
        assertThat(sns.call("Unsubscribe", "SubscriptionArn=" + enc(guarded))).isNull(); // idempotent
    }

    @Test
    void listSubscriptionsPagesByAHundred() {
        String arn = create("alerts");
        String other = create("other");
        subscribe(other, "email", "ops@example.com", "");
        for (int i = 0; i < 101; i++) {
            subscribe(arn, "sms", String.format("+1231231%03d", i), "");
        }
        ObjectNode first = sns.call("ListSubscriptionsByTopic", "TopicArn=" + enc(arn));
        assertThat(first.get("Subscriptions")).hasSize(100);
        JsonNode item = first.get("Subscriptions").get(0);
        List<String> members = new ArrayList<>();
        item.fieldNames().forEachRemaining(members::add);
        assertThat(members).containsExactly("SubscriptionArn", "Owner", "Protocol", "Endpoint", "TopicArn");
        assertThat(item.get("Owner").asText()).isEqualTo(ACCOUNT);
        assertThat(item.get("Protocol").asText()).isEqualTo("sms");
        assertThat(item.get("TopicArn").asText()).isEqualTo(arn);
        ObjectNode second = sns.call("ListSubscriptionsByTopic", "TopicArn=" + enc(arn) + "&NextToken="
                + enc(first.get("NextToken").asText()));
        assertThat(second.get("Subscriptions")).hasSize(1);
        assertThat(second.has("NextToken")).isFalse();
        Set<String> page1 = new HashSet<>();
        first.get("Subscriptions").forEach(s -> page1.add(s.get("SubscriptionArn").asText()));
        assertThat(page1).doesNotContain(second.at("/Subscriptions/0/SubscriptionArn").asText());

        ObjectNode all = sns.call("ListSubscriptions", "");
        assertThat(all.get("Subscriptions")).hasSize(100);
        ObjectNode rest = sns.call("ListSubscriptions", "NextToken=" + enc(all.get("NextToken").asText()));
        assertThat(rest.get("Subscriptions")).hasSize(2);
        assertThat(sns.call(SnsCalls.context(OTHER), "ListSubscriptions", "").get("Subscriptions")).isEmpty();
    }

    @Test
    void getSubscriptionAttributesShowsTheWebhookSecretToTheOwner() {
        String arn = create("alerts");
        String sub = subscribe(arn, "https", "https://example.com/hook", "&ReturnSubscriptionArn=true");
        Subscription s = delivery.confirmations.get(0).subscription();
        JsonNode a = sns.call("GetSubscriptionAttributes", "SubscriptionArn=" + enc(sub)).get("Attributes");
        List<String> names = new ArrayList<>();
        a.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("ConfirmationWasAuthenticated", "Endpoint", "Owner", "PendingConfirmation",
                "Protocol", "RawMessageDelivery", "SubscriptionArn", "SubscriptionPrincipal", "SynapsWebhookSecret", "TopicArn");
        assertThat(a.get("SynapsWebhookSecret").asText()).isEqualTo(s.secret());
        assertThat(a.get("PendingConfirmation").asText()).isEqualTo("true");
        assertThat(a.get("RawMessageDelivery").asText()).isEqualTo("false");
        assertThat(a.get("SubscriptionPrincipal").asText()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":root");
        assertThat(sns.call("ListSubscriptions", "").toString()).doesNotContain(s.secret());

        sns.call("SetSubscriptionAttributes", "SubscriptionArn=" + enc(sub) + "&AttributeName=RawMessageDelivery&AttributeValue=TRUE");
        assertThat(store.getSubscription(ACCOUNT, sub).orElseThrow().attributes()).containsEntry("RawMessageDelivery", "true");
        assertError(sns.error("GetSubscriptionAttributes", "SubscriptionArn=" + enc(arn + ":6f1c1b1e-0d2a-4a8e-9f57-5d1a2b3c4d5e")),
                "NotFound", 404, "Subscription does not exist");
        String sms = subscribe(arn, "sms", "+15551234567", "");
        assertError(sns.error("SetSubscriptionAttributes", "SubscriptionArn=" + enc(sms)
                        + "&AttributeName=RawMessageDelivery&AttributeValue=true"),
                "InvalidParameter", 400, "Invalid parameter: Delivery protocol [sms] does not support raw message delivery.");
    }

    // ---- publish ----

    @Test
    void publishHandsTheMessageToDeliveryAndAnswersItsId() {
        String arn = sns.call("CreateTopic", "Name=alerts&Attributes.entry.1.key=DisplayName&Attributes.entry.1.value=Ops")
                .get("TopicArn").asText();
        ObjectNode out = sns.call("Publish", "TopicArn=" + enc(arn) + "&Subject=Disk+full&Message=" + enc("{\"x\":1}")
                + "&MessageAttributes.entry.1.Name=severity&MessageAttributes.entry.1.Value.DataType=String"
                + "&MessageAttributes.entry.1.Value.StringValue=high"
                + "&MessageAttributes.entry.2.Name=blob&MessageAttributes.entry.2.Value.DataType=Binary"
                + "&MessageAttributes.entry.2.Value.BinaryValue=AQID");
        assertThat(out.get("MessageId").asText()).isEqualTo("msg-1");
        RecordingTopicDelivery.Published p = delivery.published.get(0);
        assertThat(p.topic().arn()).isEqualTo(arn);
        assertThat(p.topic().attributes()).containsEntry("DisplayName", "Ops");
        assertThat(p.subject()).isEqualTo("Disk full");
        assertThat(p.message()).isEqualTo("{\"x\":1}");
        assertThat(p.attributes()).containsEntry("severity", "high").containsEntry("blob", "AQID").hasSize(2);

        assertThat(sns.call("Publish", "TargetArn=" + enc(arn) + "&Message=again").get("MessageId").asText()).isEqualTo("msg-2");
        assertThat(delivery.published.get(1).subject()).isNull();
        String exact = "a".repeat(262_144 - 12);
        sns.call("Publish", "TopicArn=" + enc(arn) + "&Message=" + exact
                + "&MessageAttributes.entry.1.Name=attr1&MessageAttributes.entry.1.Value.DataType=Number"
                + "&MessageAttributes.entry.1.Value.StringValue=1");
        assertThat(delivery.published).hasSize(3);
    }

    // ---- tags ----

    @Test
    void topicTagsCanBeAddedListedAndRemoved() {
        String arn = enc(create("alerts"));
        sns.call("TagResource", "ResourceArn=" + arn + "&Tags.member.1.Key=k2&Tags.member.1.Value=v2"
                + "&Tags.member.2.Key=k1&Tags.member.2.Value=v1");
        assertThat(sns.call("ListTagsForResource", "ResourceArn=" + arn).get("Tags").toString())
                .isEqualTo("[{\"Key\":\"k1\",\"Value\":\"v1\"},{\"Key\":\"k2\",\"Value\":\"v2\"}]");
        sns.call("UntagResource", "ResourceArn=" + arn + "&TagKeys.member.1=k1&TagKeys.member.2=absent");
        sns.call("TagResource", "ResourceArn=" + arn + "&Tags.member.1.Key=k2&Tags.member.1.Value=v2b");
        assertThat(sns.call("ListTagsForResource", "ResourceArn=" + arn).get("Tags").toString())
                .isEqualTo("[{\"Key\":\"k2\",\"Value\":\"v2b\"}]");

        StringBuilder fifty = new StringBuilder("ResourceArn=" + arn);
        for (int i = 1; i <= 50; i++) {
            fifty.append("&Tags.member.").append(i).append(".Key=n").append(i).append("&Tags.member.").append(i).append(".Value=v");
        }
        assertError(sns.error("TagResource", fifty.toString()), "TagLimitExceeded", 400,
                "Could not complete request: tag quota of per resource exceeded");
        assertError(sns.error("ListTagsForResource", "ResourceArn=" + enc(topicArn("missing"))), "ResourceNotFound", 404,
                "Resource does not exist");
    }
}
