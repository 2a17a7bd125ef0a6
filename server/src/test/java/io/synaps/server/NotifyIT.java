package io.synaps.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.synaps.notify.email.SmtpConfig;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.AlarmHistoryItem;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.HistoryItemType;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricAlarmRequest;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.Subscription;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * NotifyIT runs a real node whose alarm actions go to real receivers: GreenMail (SMTP, in this
 * JVM) for email subscriptions, a JDK HTTP server for http subscriptions and a JDK HTTPS server
 * (self-signed certificate, trusted by this JVM's default SSL context) for Slack. Topics and
 * subscriptions are made with the AWS SDK for Java v2 SNS client; alarms with the CloudWatch
 * client. Checks confirmation (mail link and ConfirmSubscription), one mail per alarm with the
 * reason and dashboard link, ALARM then OK webhooks in order with SNS headers and a verifiable
 * HMAC, retries after 5xx, Action history items, refused unknown topics and Publish.
 */
class NotifyIT {
    static final String REGION_NAME = "US East (N. Virginia)";
    static final List<String> MESSAGE_KEYS = List.of("AlarmName", "AlarmDescription", "AWSAccountId",
            "AlarmConfigurationUpdatedTimestamp", "NewStateValue", "NewStateReason", "StateChangeTime", "Region",
            "AlarmArn", "OldStateValue", "OKActions", "AlarmActions", "InsufficientDataActions",
            "ActionExecutedAfterMuteWindow", "Trigger");
    static final Duration DELIVERY_WAIT = Duration.ofSeconds(20);

    private static GreenMail mail;
    private static WebhookReceiverFixture receiver;
    private static WebhookReceiverFixture slackReceiver;
    private static SSLContext previousDefault;
    private static Path dataDir;
    private static SynapsServer server;
    private static String publicUrl;
    private static CloudWatchClient cw;
    private static SnsClient sns;

    @BeforeAll
    static void start() throws Exception {
        mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        receiver = WebhookReceiverFixture.http();
        SSLContext tls = selfSignedLoopbackTls();
        slackReceiver = WebhookReceiverFixture.https(tls);
        // the node's HttpPoster builds its client from the default context when the node starts
        previousDefault = SSLContext.getDefault();
        SSLContext.setDefault(tls);

        dataDir = Files.createTempDirectory("synaps-notify-it-");
        int port = freePort();
        publicUrl = "http://127.0.0.1:" + port;
        SmtpConfig smtp = new SmtpConfig("127.0.0.1", mail.getSmtp().getPort(), null, null, "synaps@example.com",
                SmtpConfig.Tls.NONE, null, Duration.ofSeconds(5));
        ServerConfig config = ServerConfig.defaults(dataDir).withPort(port)
                .withDelivery(NotifyConfig.none(publicUrl).withSmtp(smtp));
        server = SynapsServer.start(config);
        URI endpoint = URI.create(publicUrl);
        cw = EmbeddedNode.cloudWatchClient(endpoint, config.adminAccessKeyId(), config.adminSecretAccessKey());
        sns = snsClient(endpoint, config.adminAccessKeyId(), config.adminSecretAccessKey());
    }

    @AfterAll
    static void stop() throws Exception {
        if (previousDefault != null) {
            SSLContext.setDefault(previousDefault);
        }
        if (sns != null) {
            sns.close();
        }
        if (cw != null) {
            cw.close();
        }
        if (server != null) {
            server.close();
        }
        if (receiver != null) {
            receiver.close();
        }
        if (slackReceiver != null) {
            slackReceiver.close();
        }
        if (mail != null) {
            mail.stop();
        }
        EmbeddedNode.deleteRecursively(dataDir);
    }

    static SnsClient snsClient(URI endpoint, String accessKeyId, String secret) {
        return SnsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secret)))
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(30)).build())
                .overrideConfiguration(o -> o.retryStrategy(b -> b.maxAttempts(1)))
                .build();
    }

    // ---------------------------------------------------------------- tests

    @Test
    void anEmailSubscriberConfirmedThroughTheMailLinkGetsExactlyOneMailWithReasonAndDashboardLink(TestInfo info)
            throws Exception {
        String name = unique(info);
        String address = name + "@example.com";
        String topic = sns.createTopic(b -> b.name(name)).topicArn();
        assertThat(sns.subscribe(b -> b.topicArn(topic).protocol("email").endpoint(address)).subscriptionArn())
                .isEqualTo("pending confirmation");

        MimeMessage confirmation = awaitMail(address, 1).get(0);
        assertThat(confirmation.getSubject()).isEqualTo("Synaps Notification - Subscription Confirmation");
        Matcher link = Pattern.compile("(http://\\S+Action=ConfirmSubscription\\S+)").matcher(text(confirmation));
        assertThat(link.find()).as("ConfirmSubscription link in:\n%s", text(confirmation)).isTrue();
        assertThat(link.group(1)).startsWith(publicUrl + "/");
        // the link is a plain unsigned GET, as a mail client follows it
        HttpResponse<String> visit = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(link.group(1))).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(visit.statusCode()).as("GET %s: %s", link.group(1), visit.body()).isEqualTo(200);
        assertThat(visit.body()).contains("<SubscriptionArn>" + topic + ":");
        List<Subscription> subs = sns.listSubscriptionsByTopic(b -> b.topicArn(topic)).subscriptions();
        assertThat(subs).singleElement().satisfies(s -> {
            assertThat(s.protocol()).isEqualTo("email");
            assertThat(s.endpoint()).isEqualTo(address);
            assertThat(s.subscriptionArn()).startsWith(topic + ":");
        });

        cw.putMetricAlarm(alarm(name, name, topic).build());
        putValue(name, 80.0);
        MetricAlarm alarmed = awaitState(name, StateValue.ALARM);

        List<MimeMessage> mails = awaitMail(address, 2);
        MimeMessage alarmMail = mails.get(1);
        assertThat(alarmMail.getSubject()).isEqualTo("ALARM: \"" + name + "\" in " + REGION_NAME);
        String text = text(alarmMail);
        assertThat(text).contains(name).contains(alarmed.stateReason()).contains(publicUrl + "/ui/#/alarms/" + name);
        awaitActionItems(name, 1);
        AlarmSdkIT.sleep(1500);
        assertThat(mailsTo(address)).as("one confirmation and exactly one alarm mail").hasSize(2);
        assertThat(actionItems(name)).singleElement().satisfies(i ->
                assertThat(i.historySummary()).isEqualTo("Successfully executed action " + topic));
    }

    @Test
    void anHttpSubscriberConfirmsAndGetsAlarmThenOkInOrderWithSnsHeadersAndAVerifiableSignature(TestInfo info) throws Exception {
        String name = unique(info);
        String path = "/" + name;
        String topic = sns.createTopic(b -> b.name(name)).topicArn();
        String subscriptionArn = subscribeHttp(topic, path);

        String secret = sns.getSubscriptionAttributes(b -> b.subscriptionArn(subscriptionArn)).attributes()
                .get("SynapsWebhookSecret");
        assertThat(secret).as("GetSubscriptionAttributes SynapsWebhookSecret").isNotBlank();
        WebhookReceiverFixture.Received confirmation = receiver.at(path, "SubscriptionConfirmation").get(0);
        assertThat(confirmation.header("x-synaps-signature"))
                .isEqualTo(WebhookReceiverFixture.signature(confirmation.body(), secret));

        cw.putMetricAlarm(alarm(name, name, topic).okActions(topic).build());
        putValue(name, 80.0);
        awaitState(name, StateValue.ALARM);
        awaitPosts(path, "Notification", 1);
        putValue(name, 10.0);
        awaitState(name, StateValue.OK);
        awaitPosts(path, "Notification", 2);
        awaitActionItems(name, 2);
        AlarmSdkIT.sleep(1500);

        List<WebhookReceiverFixture.Received> posts = receiver.at(path, "Notification");
        assertThat(posts).as("exactly two notifications").hasSize(2);
        assertThat(posts).extracting(p -> AlarmSdkIT.json(AlarmSdkIT.json(p.body()).get("Message").asText())
                .get("NewStateValue").asText()).containsExactly("ALARM", "OK");
        for (WebhookReceiverFixture.Received p : posts) {
            JsonNode envelope = AlarmSdkIT.json(p.body());
            assertThat(envelope.get("Type").asText()).isEqualTo("Notification");
            assertThat(envelope.get("TopicArn").asText()).isEqualTo(topic);
            assertThat(p.header("x-amz-sns-message-type")).isEqualTo("Notification");
            assertThat(p.header("x-amz-sns-message-id")).isEqualTo(envelope.get("MessageId").asText());
            assertThat(p.header("x-amz-sns-topic-arn")).isEqualTo(topic);
            assertThat(p.header("x-amz-sns-subscription-arn")).isEqualTo(subscriptionArn);
            assertThat(p.header("content-type")).isEqualTo("text/plain; charset=UTF-8");
            assertThat(p.header("x-synaps-signature")).isEqualTo(WebhookReceiverFixture.signature(p.body(), secret));
            assertThat(p.header("x-synaps-idempotency-key")).endsWith("/" + subscriptionArn);
            JsonNode message = AlarmSdkIT.json(envelope.get("Message").asText());
            assertThat(AlarmSdkIT.keys(message)).containsExactlyElementsOf(MESSAGE_KEYS);
            assertThat(message.get("AlarmName").asText()).isEqualTo(name);
            assertThat(message.get("Region").asText()).isEqualTo(REGION_NAME);
            assertThat(message.get("Trigger").get("Statistic").asText()).isEqualTo("MINIMUM");
            assertThat(envelope.get("Subject").asText())
                    .isEqualTo(message.get("NewStateValue").asText() + ": \"" + name + "\" in " + REGION_NAME);
        }
        assertThat(posts.get(0).header("x-synaps-idempotency-key")).isNotEqualTo(posts.get(1).header("x-synaps-idempotency-key"));
        assertThat(actionItems(name)).extracting(AlarmHistoryItem::historySummary)
                .containsExactly("Successfully executed action " + topic, "Successfully executed action " + topic);
    }

    @Test
    void aReceiverAnswering500TwiceThenOkGetsTheNotificationDeliveredOnce(TestInfo info) {
        String name = unique(info);
        String path = "/" + name;
        String topic = sns.createTopic(b -> b.name(name)).topicArn();
        subscribeHttp(topic, path);
        receiver.script(path, 500, 500);

        cw.putMetricAlarm(alarm(name, name, topic).build());
        cw.setAlarmState(b -> b.alarmName(name).stateValue(StateValue.ALARM).stateReason("drill"));
        awaitActionItems(name, 1);
        AlarmSdkIT.sleep(1500);

        List<WebhookReceiverFixture.Received> posts = receiver.at(path, "Notification");
        assertThat(posts).extracting(WebhookReceiverFixture.Received::status).containsExactly(500, 500, 200);
        assertThat(posts).extracting(p -> p.header("x-synaps-idempotency-key")).containsOnly(posts.get(0).header("x-synaps-idempotency-key"));
        assertThat(posts).extracting(p -> p.header("x-amz-sns-message-id")).containsOnly(posts.get(0).header("x-amz-sns-message-id"));
        AlarmHistoryItem item = actionItems(name).get(0);
        assertThat(item.historySummary()).isEqualTo("Successfully executed action " + topic);
        JsonNode data = AlarmSdkIT.json(item.historyData());
        assertThat(data.get("actionState").asText()).isEqualTo("Succeeded");
        assertThat(data.get("notificationResource").asText()).isEqualTo(topic);
    }

    @Test
    void aSlackSubscriptionGetsBlocksWithTheAlarmStateColor(TestInfo info) {
        String name = unique(info);
        String path = "/services/T000/B000/" + name;
        String topic = sns.createTopic(b -> b.name(name)).topicArn();
        String arn = sns.subscribe(b -> b.topicArn(topic).protocol("slack").endpoint(slackReceiver.url(path))).subscriptionArn();
        assertThat(arn).as("slack subscriptions need no confirmation").startsWith(topic + ":");

        cw.putMetricAlarm(alarm(name, name, topic).build());
        cw.setAlarmState(b -> b.alarmName(name).stateValue(StateValue.ALARM).stateReason("slack drill"));
        awaitActionItems(name, 1);

        assertThat(actionItems(name).get(0).historySummary()).isEqualTo("Successfully executed action " + topic);
        List<WebhookReceiverFixture.Received> posts = slackReceiver.at(path);
        assertThat(posts).hasSize(1);
        JsonNode body = AlarmSdkIT.json(posts.get(0).body());
        assertThat(body.toString()).contains("ALARM").contains(name).contains("slack drill").contains("#d13212");
    }

    @Test
    void anAlarmNamingATopicThatDoesNotExistIsRefused(TestInfo info) {
        String name = unique(info);
        String missing = AlarmSdkIT.TOPIC + "no-such-topic-" + name;
        CloudWatchException e = catchThrowableOfType(CloudWatchException.class,
                () -> cw.putMetricAlarm(alarm(name, name, missing).build()));
        assertThat(e).isNotNull();
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.awsErrorDetails().errorMessage()).contains(missing).contains("does not exist");
        assertThat(cw.describeAlarms(b -> b.alarmNames(name)).metricAlarms()).isEmpty();
    }

    @Test
    void publishThroughTheSdkReachesTheConfirmedHttpSubscriber(TestInfo info) {
        String name = unique(info);
        String path = "/" + name;
        String topic = sns.createTopic(b -> b.name(name)).topicArn();
        String subscriptionArn = subscribeHttp(topic, path);

        String messageId = sns.publish(b -> b.topicArn(topic).subject("deploy").message("v42 is live")).messageId();
        assertThat(messageId).isNotBlank();
        WebhookReceiverFixture.Received post = awaitPosts(path, "Notification", 1).get(0);
        JsonNode envelope = AlarmSdkIT.json(post.body());
        assertThat(envelope.get("MessageId").asText()).isEqualTo(messageId);
        assertThat(envelope.get("Message").asText()).isEqualTo("v42 is live");
        assertThat(envelope.get("Subject").asText()).isEqualTo("deploy");
        assertThat(post.header("x-amz-sns-subscription-arn")).isEqualTo(subscriptionArn);
        assertThat(post.header("x-synaps-idempotency-key")).isEqualTo(messageId + "/" + subscriptionArn);
    }

    // ---------------------------------------------------------------- helpers

    /** A short unique name (alarm subjects are cut to 100 characters). */
    static String unique(TestInfo info) {
        String method = info.getTestMethod().map(m -> m.getName()).orElse("test");
        return "n-" + method.substring(0, Math.min(20, method.length())) + "-"
                + Long.toHexString(new java.util.Random().nextLong()).substring(0, 8);
    }

    /** Subscribes {@code path} of the receiver, answers its SubscriptionConfirmation with ConfirmSubscription. */
    static String subscribeHttp(String topic, String path) {
        String url = receiver.url(path);
        assertThat(sns.subscribe(b -> b.topicArn(topic).protocol("http").endpoint(url)).subscriptionArn())
                .isEqualTo("pending confirmation");
        WebhookReceiverFixture.Received confirmation = awaitPosts(path, "SubscriptionConfirmation", 1).get(0);
        JsonNode envelope = AlarmSdkIT.json(confirmation.body());
        assertThat(envelope.get("Type").asText()).isEqualTo("SubscriptionConfirmation");
        assertThat(envelope.get("TopicArn").asText()).isEqualTo(topic);
        assertThat(confirmation.header("x-amz-sns-topic-arn")).isEqualTo(topic);
        String token = envelope.get("Token").asText();
        assertThat(envelope.get("SubscribeURL").asText()).startsWith(publicUrl + "/").contains("Action=ConfirmSubscription")
                .contains("Token=" + token);
        String arn = sns.confirmSubscription(b -> b.topicArn(topic).token(token)).subscriptionArn();
        assertThat(arn).startsWith(topic + ":");
        assertThat(sns.getSubscriptionAttributes(b -> b.subscriptionArn(arn)).attributes())
                .containsEntry("PendingConfirmation", "false").containsEntry("Endpoint", url);
        return arn;
    }

    /** Minimum over 10 s, one period, missing data ignored: each fresh value decides the state. */
    static PutMetricAlarmRequest.Builder alarm(String name, String namespace, String topic) {
        return PutMetricAlarmRequest.builder().alarmName(name).namespace(namespace).metricName("Queue")
                .statistic(Statistic.MINIMUM).period(10).evaluationPeriods(1).threshold(50.0).treatMissingData("ignore")
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD).alarmActions(topic);
    }

    /** One high-resolution value in the last complete 10 s period. */
    static void putValue(String namespace, double value) {
        Instant at = AlarmSdkIT.floor(Instant.now(), 10).minusSeconds(5);
        cw.putMetricData(r -> r.namespace(namespace).metricData(MetricDatum.builder().metricName("Queue").timestamp(at)
                .storageResolution(1).value(value).build()));
    }

    static MetricAlarm awaitState(String name, StateValue state) {
        return await(name + " in " + state, () -> cw.describeAlarms(b -> b.alarmNames(name)).metricAlarms().get(0),
                a -> a.stateValue() == state);
    }

    static List<AlarmHistoryItem> actionItems(String name) {
        List<AlarmHistoryItem> items = new java.util.ArrayList<>(cw.describeAlarmHistory(b -> b.alarmName(name)
                .historyItemType(HistoryItemType.ACTION)).alarmHistoryItems());
        java.util.Collections.reverse(items); // oldest first
        return items;
    }

    static List<AlarmHistoryItem> awaitActionItems(String name, int count) {
        return await(count + " Action items of " + name, () -> actionItems(name), l -> l.size() >= count);
    }

    static List<WebhookReceiverFixture.Received> awaitPosts(String path, String type, int count) {
        return await(count + " " + type + " POSTs to " + path, () -> receiver.at(path, type), l -> l.size() >= count);
    }

    static List<MimeMessage> mailsTo(String address) {
        return Arrays.stream(mail.getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getAllRecipients()).anyMatch(r -> r.toString().equals(address));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    static List<MimeMessage> awaitMail(String address, int count) {
        return await(count + " mails to " + address, () -> mailsTo(address), l -> l.size() >= count);
    }

    static <T> T await(String what, Supplier<T> read, java.util.function.Predicate<T> done) {
        return AlarmSdkIT.await(what, read, done, DELIVERY_WAIT);
    }

    /** The plain-text part of a mail (or its whole text body). */
    static String text(MimeMessage m) throws Exception {
        Object content = m.getContent();
        if (content instanceof Multipart multipart) {
            Object first = multipart.getBodyPart(0).getContent();
            if (first instanceof Multipart inner) {
                return (String) inner.getBodyPart(0).getContent();
            }
            return (String) first;
        }
        return content instanceof String s ? s : new String(((InputStream) content).readAllBytes());
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A TLS context holding a fresh self-signed certificate for 127.0.0.1 (made by keytool), trusted by itself. */
    static SSLContext selfSignedLoopbackTls() throws Exception {
        Path dir = Files.createTempDirectory("synaps-notify-tls-");
        Path store = dir.resolve("hook.p12");
        char[] password = "changeit".toCharArray();
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "hook", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("keytool: %s", out).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, password);
        }
        EmbeddedNode.deleteRecursively(dir);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return tls;
    }
}
