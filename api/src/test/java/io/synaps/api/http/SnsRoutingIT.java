package io.synaps.api.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.synaps.api.action.Action;
import io.synaps.api.action.ActionRegistry;
import io.synaps.api.action.RequestContext;
import io.synaps.api.action.sns.RecordingTopicDelivery;
import io.synaps.api.action.sns.SnsActions;
import io.synaps.api.auth.Credential;
import io.synaps.api.auth.CredentialSource;
import io.synaps.api.auth.SdkSigner;
import io.synaps.api.protocol.Members;
import io.synaps.store.rocksdb.RocksDbStorage;
import io.synaps.store.topic.Subscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.SdkHttpRequest;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SNS and CloudWatch on one endpoint over real sockets: requests signed by the AWS SDK's signer
 * for service {@code sns} (as {@code aws sns ...} signs) reach the SNS handlers (real RocksDB
 * topic store, recorded delivery) and answer in SNS's namespace; the Version and the scope must
 * agree; unsigned ConfirmSubscription / Unsubscribe links work; CloudWatch is unchanged.
 */
class SnsRoutingIT {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-10-06T14:45:00Z"), ZoneOffset.UTC);
    private static final Credential ALICE = new Credential("AKIAALICE0000000TEST", "alice-secret-00000000000000000000000000", "111122223333");
    private static final CredentialSource KEYS = id -> id.equals(ALICE.accessKeyId()) ? Optional.of(ALICE) : Optional.empty();
    private static final SdkSigner SNS = new SdkSigner(ALICE, "us-east-1", CLOCK, "sns");
    private static final SdkSigner MONITORING = new SdkSigner(ALICE, "us-east-1", CLOCK);
    private static final String SNS_NS = "http://sns.amazonaws.com/doc/2010-03-31/";
    private static final String CW_NS = "http://monitoring.amazonaws.com/doc/2010-08-01/";
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final AtomicInteger IDS = new AtomicInteger();

    @TempDir
    static Path dir;
    private static RocksDbStorage storage;
    private static RecordingTopicDelivery delivery;
    private static PrometheusMeterRegistry meters;
    private static ApiServer server;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        storage = RocksDbStorage.open(dir, CLOCK);
        delivery = new RecordingTopicDelivery();
        List<Action> actions = new ArrayList<>(SnsActions.create(storage.topicStore(), delivery, storage.tagStore(), "aws"));
        actions.add(new Action() {
            @Override
            public String name() {
                return "ListMetrics";
            }

            @Override
            public CompletableFuture<ObjectNode> handle(RequestContext context, Members input) {
                return CompletableFuture.completedFuture(JsonNodeFactory.instance.objectNode().put("Account", context.accountId()));
            }
        });
        meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ApiConfig config = ApiConfig.defaults().withHost("127.0.0.1").withPort(0).withWorkers(2, 16).withIoThreads(1);
        server = new ApiServer(config, KEYS, ActionRegistry.of(actions), meters, CLOCK, () -> "req-" + IDS.incrementAndGet());
        port = server.start();
    }

    @AfterAll
    static void stop() {
        server.close();
        storage.close();
    }

    private static URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    private static HttpResponse<byte[]> sendSigned(SdkHttpRequest signed, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(signed.getUri())
                .method(signed.method().name(), body.length == 0 && signed.method().name().equals("GET")
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        signed.forEachHeader((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase())) {
                values.forEach(v -> b.header(name, v));
            }
        });
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** A Query POST as botocore sends it, signed for {@code signer}'s service. */
    private static HttpResponse<byte[]> query(SdkSigner signer, String form) throws Exception {
        Map<String, List<String>> h = new LinkedHashMap<>();
        h.put("Content-Type", List.of("application/x-www-form-urlencoded; charset=utf-8"));
        byte[] body = form.getBytes(StandardCharsets.UTF_8);
        return sendSigned(signer.sign("POST", uri("/"), h, body), body);
    }

    private static HttpResponse<byte[]> unsigned(String pathAndQuery) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(pathAndQuery)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    private static String id(HttpResponse<byte[]> r) {
        return r.headers().firstValue("x-amzn-RequestId").orElseThrow();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String createTopic(String name) throws Exception {
        String body = text(query(SNS, "Action=CreateTopic&Version=2010-03-31&Name=" + name));
        return body.substring(body.indexOf("<TopicArn>") + 10, body.indexOf("</TopicArn>"));
    }

    @Test
    void createTopicSignedForSnsAnswersInSnsNamespace() throws Exception {
        HttpResponse<byte[]> r = query(SNS, "Action=CreateTopic&Version=2010-03-31&Name=alerts");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("text/xml");
        assertThat(text(r)).isEqualTo("<CreateTopicResponse xmlns=\"" + SNS_NS + "\"><CreateTopicResult>"
                + "<TopicArn>arn:aws:sns:us-east-1:111122223333:alerts</TopicArn></CreateTopicResult>"
                + "<ResponseMetadata><RequestId>" + id(r) + "</RequestId></ResponseMetadata></CreateTopicResponse>");
    }

    @Test
    void theScopeServicePicksSnsWhenVersionIsAbsent() throws Exception {
        createTopic("listed");
        HttpResponse<byte[]> r = query(SNS, "Action=ListTopics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(text(r)).startsWith("<ListTopicsResponse xmlns=\"" + SNS_NS + "\"><ListTopicsResult><Topics><member>")
                .contains("<TopicArn>arn:aws:sns:us-east-1:111122223333:listed</TopicArn>");
    }

    @Test
    void aPresignedSnsRequestIsServed() throws Exception {
        SdkHttpRequest signed = SNS.presign("GET", uri("/?Action=ListTopics&Version=2010-03-31"), Map.of(), new byte[0],
                Duration.ofMinutes(5));
        HttpResponse<byte[]> r = sendSigned(signed, new byte[0]);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(text(r)).startsWith("<ListTopicsResponse xmlns=\"" + SNS_NS + "\">");
    }

    @Test
    void cloudWatchRequestsAreUnchanged() throws Exception {
        HttpResponse<byte[]> r = query(MONITORING, "Action=ListMetrics&Version=2010-08-01");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(text(r)).startsWith("<ListMetricsResponse xmlns=\"" + CW_NS + "\"><ListMetricsResult><Account>111122223333");
        HttpResponse<byte[]> unknown = query(MONITORING, "Action=CreateTopic&Version=2010-08-01&Name=x");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(text(unknown)).contains("<Code>InvalidAction</Code>")
                .contains("<Message>Could not find operation CreateTopic for version 2010-08-01</Message>");
    }

    @Test
    void aVersionOfTheOtherServiceMustBeSignedForIt() throws Exception {
        HttpResponse<byte[]> sns = query(MONITORING, "Action=CreateTopic&Version=2010-03-31&Name=x");
        assertThat(sns.statusCode()).isEqualTo(403);
        assertThat(text(sns)).isEqualTo("<ErrorResponse xmlns=\"" + SNS_NS + "\"><Error><Type>Sender</Type>"
                + "<Code>SignatureDoesNotMatch</Code><Message>Credential should be scoped to correct service: 'sns'. </Message>"
                + "</Error><RequestId>" + id(sns) + "</RequestId></ErrorResponse>");
        HttpResponse<byte[]> cw = query(SNS, "Action=ListMetrics&Version=2010-08-01");
        assertThat(cw.statusCode()).isEqualTo(403);
        assertThat(text(cw)).startsWith("<ErrorResponse xmlns=\"" + CW_NS + "\">")
                .contains("<Message>Credential should be scoped to correct service: 'monitoring'. </Message>");
    }

    @Test
    void unknownAndUnimplementedSnsActionsAnswerInSnsWords() throws Exception {
        HttpResponse<byte[]> unknown = query(SNS, "Action=CreateQueue&Version=2010-03-31");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(text(unknown)).isEqualTo("<ErrorResponse xmlns=\"" + SNS_NS + "\"><Error><Type>Sender</Type>"
                + "<Code>InvalidAction</Code><Message>Could not find operation CreateQueue for version 2010-03-31</Message>"
                + "</Error><RequestId>" + id(unknown) + "</RequestId></ErrorResponse>");
        HttpResponse<byte[]> platform = query(SNS, "Action=CreatePlatformApplication&Version=2010-03-31");
        assertThat(platform.statusCode()).isEqualTo(400);
        assertThat(text(platform)).contains("<Code>UnsupportedOperation</Code>")
                .contains("The action CreatePlatformApplication is not implemented by this Synaps server yet.");
    }

    @Test
    void snsErrorsUseTheModelStatusAndShape() throws Exception {
        HttpResponse<byte[]> r = query(SNS, "Action=GetTopicAttributes&Version=2010-03-31&TopicArn="
                + enc("arn:aws:sns:us-east-1:111122223333:missing"));
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(text(r)).isEqualTo("<ErrorResponse xmlns=\"" + SNS_NS + "\"><Error><Type>Sender</Type>"
                + "<Code>NotFound</Code><Message>Topic does not exist</Message></Error><RequestId>" + id(r)
                + "</RequestId></ErrorResponse>");
        HttpResponse<byte[]> other = query(SNS, "Action=Publish&Version=2010-03-31&Message=hi&TopicArn="
                + enc("arn:aws:sns:us-east-1:999999999999:theirs"));
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(text(other)).contains("<Code>AuthorizationError</Code>");
    }

    @Test
    void snsIsQueryOnly() throws Exception {
        Map<String, List<String>> h = new LinkedHashMap<>();
        h.put("Content-Type", List.of("application/x-amz-json-1.0"));
        h.put("X-Amz-Target", List.of("AmazonSimpleNotificationService.ListTopics"));
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> r = sendSigned(SNS.sign("POST", uri("/"), h, body), body);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(text(r)).contains("\"__type\":\"com.amazonaws.cloudwatch.v2010_08_01#UnsupportedProtocol\"")
                .contains("The sns API (version 2010-03-31) is served over the AWS Query protocol only; this request uses json.");
    }

    @Test
    void theLinksInSnsMessagesWorkWithoutASignature() throws Exception {
        String topic = createTopic("links");
        HttpResponse<byte[]> sub = query(SNS, "Action=Subscribe&Version=2010-03-31&TopicArn=" + enc(topic)
                + "&Protocol=https&Endpoint=" + enc("https://example.com/hook"));
        assertThat(text(sub)).contains("<SubscriptionArn>pending confirmation</SubscriptionArn>");
        Subscription pending = delivery.confirmations.stream().map(RecordingTopicDelivery.Confirmation::subscription)
                .filter(s -> s.topicArn().equals(topic)).findFirst().orElseThrow();

        // The SubscribeURL the notify module builds: no Version, no signature.
        HttpResponse<byte[]> confirm = unsigned("/?Action=ConfirmSubscription&TopicArn=" + enc(topic) + "&Token=" + pending.token());
        assertThat(confirm.statusCode()).isEqualTo(200);
        assertThat(text(confirm)).isEqualTo("<ConfirmSubscriptionResponse xmlns=\"" + SNS_NS + "\"><ConfirmSubscriptionResult>"
                + "<SubscriptionArn>" + pending.arn() + "</SubscriptionArn></ConfirmSubscriptionResult><ResponseMetadata>"
                + "<RequestId>" + id(confirm) + "</RequestId></ResponseMetadata></ConfirmSubscriptionResponse>");
        assertThat(storage.topicStore().getSubscription(ALICE.accountId(), pending.arn()).orElseThrow().confirmed()).isTrue();

        HttpResponse<byte[]> bad = unsigned("/?Action=ConfirmSubscription&TopicArn=" + enc(topic) + "&Token=guess");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(text(bad)).startsWith("<ErrorResponse xmlns=\"" + SNS_NS + "\">").contains("<Message>Invalid token</Message>");

        HttpResponse<byte[]> unsubscribe = unsigned("/?Action=Unsubscribe&SubscriptionArn=" + enc(pending.arn()));
        assertThat(unsubscribe.statusCode()).isEqualTo(200);
        assertThat(text(unsubscribe)).startsWith("<UnsubscribeResponse xmlns=\"" + SNS_NS + "\"><ResponseMetadata>");
        assertThat(storage.topicStore().getSubscription(ALICE.accountId(), pending.arn())).isEmpty();
    }

    @Test
    void everythingElseStillNeedsASignature() throws Exception {
        for (String q : List.of("/?Action=ListTopics", "/?Action=ListTopics&Version=2010-03-31",
                "/?Action=ConfirmSubscription&Version=2010-08-01&TopicArn=x&Token=y", "/?Action=ListMetrics")) {
            HttpResponse<byte[]> r = unsigned(q);
            assertThat(r.statusCode()).as(q).isEqualTo(403);
            assertThat(text(r)).as(q).contains("<Code>MissingAuthenticationToken</Code>");
        }
    }

    @Test
    void snsRequestsHaveTheirOwnTimer() throws Exception {
        createTopic("metered");
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(uri("/metrics")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(text(r)).contains("synaps_sns_requests_seconds_count{action=\"CreateTopic\",outcome=\"success\"}");
    }
}
