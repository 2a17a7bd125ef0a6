package io.synaps.api.action.sns;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.api.action.Inputs;
import io.synaps.api.protocol.ApiService;
import io.synaps.api.protocol.Golden;
import io.synaps.api.protocol.ProtocolCodec;
import io.synaps.api.protocol.WireProtocol;
import io.synaps.model.AwsError;
import io.synaps.store.rocksdb.RocksDbStorage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;

import static io.synaps.api.action.sns.SnsCalls.enc;

/**
 * Pins the Query XML bytes of SNS answers (real handler outputs over RocksDB) and SNS errors:
 * SNS's namespace, Result wrapper, map entries, member lists, the PendingConfirmation marker, no
 * output, NotFound (404) and InvalidParameter. Update with {@code -Dsynaps.updateGolden=true}.
 */
class SnsQueryGoldenTest {
    private static final String ID = "6f1c1b1e-0d2a-4a8e-9f57-5d1a2b3c4d5e";
    private static final ProtocolCodec QUERY = WireProtocol.QUERY.codec();

    @TempDir
    Path dir;
    private RocksDbStorage storage;
    private SnsCalls sns;

    @BeforeEach
    void open() {
        storage = RocksDbStorage.open(dir, Clock.fixed(Inputs.NOW, ZoneOffset.UTC));
        sns = new SnsCalls(storage.topicStore(), new RecordingTopicDelivery(), storage.tagStore());
    }

    @AfterEach
    void close() {
        storage.close();
    }

    private static void ok(String name, String operation, ObjectNode output) {
        Golden.assertMatches("sns/" + name + ".txt",
                Golden.render(QUERY.encode(ApiService.SNS, operation, output, ID), false));
    }

    private static void error(String name, AwsError e) {
        Golden.assertMatches("sns/" + name + ".txt",
                Golden.render(QUERY.encodeError(ApiService.SNS, e, ID, e.status()), false));
    }

    @Test
    void pinsTopicAnswers() {
        ok("create-topic", "CreateTopic", sns.call("CreateTopic", "Name=alerts"));
        String arn = enc(SnsCalls.topicArn("alerts"));
        sns.call("SetTopicAttributes", "TopicArn=" + arn + "&AttributeName=DisplayName&AttributeValue=Ops+%26+on-call");
        ok("get-topic-attributes", "GetTopicAttributes", sns.call("GetTopicAttributes", "TopicArn=" + arn));
        ok("list-topics", "ListTopics", sns.call("ListTopics", ""));
        ok("delete-topic", "DeleteTopic", sns.call("DeleteTopic", "TopicArn=" + arn));
        ok("list-topics-empty", "ListTopics", sns.call("ListTopics", ""));
    }

    @Test
    void pinsSubscriptionAndPublishAnswers() {
        sns.call("CreateTopic", "Name=alerts");
        String arn = enc(SnsCalls.topicArn("alerts"));
        ok("subscribe-pending", "Subscribe", sns.call("Subscribe", "TopicArn=" + arn
                + "&Protocol=email&Endpoint=ops%40example.com"));
        ObjectNode list = sns.call("ListSubscriptionsByTopic", "TopicArn=" + arn);
        ok("list-subscriptions-by-topic", "ListSubscriptionsByTopic", list);
        ok("publish", "Publish", sns.call("Publish", "TopicArn=" + arn + "&Message=hello"));
    }

    @Test
    void pinsSnsErrors() {
        error("error-not-found", sns.error("GetTopicAttributes", "TopicArn=" + enc(SnsCalls.topicArn("missing"))));
        error("error-invalid-parameter", sns.error("CreateTopic", "Name=bad%3Aname"));
        error("error-authorization", sns.error("Publish", "Message=hi&TopicArn="
                + enc("arn:aws:sns:us-east-1:210987654321:theirs")));
    }
}
