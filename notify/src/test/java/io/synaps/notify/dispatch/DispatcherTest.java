package io.synaps.notify.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.synaps.model.alarm.AlarmHistoryItem;
import io.synaps.model.alarm.AlarmState;
import io.synaps.model.alarm.AlarmTransition;
import io.synaps.model.alarm.AlarmType;
import io.synaps.model.alarm.HistoryItemType;
import io.synaps.model.alarm.MetricAlarm;
import io.synaps.notify.fixture.AlarmFixtures;
import io.synaps.notify.fixture.HttpReceiver;
import io.synaps.notify.nova.NovaPayload;
import io.synaps.notify.sns.AlarmMessage;
import io.synaps.notify.webhook.HttpPoster;
import io.synaps.notify.webhook.WebhookNotifier;
import io.synaps.store.alarm.AlarmStore;
import io.synaps.store.alarm.HistoryQuery;
import io.synaps.store.metric.MutableClock;
import io.synaps.store.outbox.DeadLetter;
import io.synaps.store.outbox.OutboxStore;
import io.synaps.store.rocksdb.RocksDbStorage;
import io.synaps.store.rocksdb.RocksDbStorageConfig;
import io.synaps.store.topic.Subscription;
import io.synaps.store.topic.Topic;
import io.synaps.store.topic.TopicStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static io.synaps.notify.fixture.AlarmFixtures.ACCOUNT;
import static io.synaps.notify.fixture.AlarmFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

class DispatcherTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String PUBLIC_URL = "http://synaps.example:8780";

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.ofEpochMilli(T0));
    private DispatcherConfig config = new DispatcherConfig(2, Duration.ofSeconds(1), Duration.ofSeconds(60), 5,
            Duration.ofHours(24), "us-east-1", PUBLIC_URL, PUBLIC_URL + "/ui");
    private RocksDbStorage storage;
    private HttpReceiver receiver;
    private Dispatcher dispatcher;

    @BeforeEach
    void open() {
        storage = RocksDbStorage.open(dir, clock, new RocksDbStorageConfig(1 << 20, 8 << 20, 16));
        receiver = HttpReceiver.start();
        dispatcher = newDispatcher();
    }

    @AfterEach
    void close() {
        dispatcher.close();
        receiver.close();
        storage.close();
    }

    private Dispatcher newDispatcher() {
        HttpPoster http = new HttpPoster(Duration.ofSeconds(2), Duration.ofMillis(1500));
        Dispatcher d = new Dispatcher(config, alarms(), topics(), outbox(),
                List.of(new WebhookNotifier(topics(), http)), clock, new SplittableRandom(42));
        d.recover();
        return d;
    }

    private void reopen() {
        dispatcher.close();
        storage.close();
        storage = RocksDbStorage.open(dir, clock, new RocksDbStorageConfig(1 << 20, 8 << 20, 16));
        dispatcher = newDispatcher();
    }

    private AlarmStore alarms() {
        return storage.alarmStore();
    }

    private TopicStore topics() {
        return storage.topicStore();
    }

    private OutboxStore outbox() {
        return storage.outboxStore();
    }

    /** The engine's part: the status and its StateUpdate item are durable, then the listener hears of it. */
    private void fire(AlarmTransition t) {
        AlarmFixtures.storeTransition(alarms(), t);
        dispatcher.onTransition(t);
    }

    /** Runs due deliveries, jumping the clock to each next due time, until nothing waits (or {@code maxSteps}). */
    private void drain() {
        for (int i = 0; i < 200; i++) {
            dispatcher.runDue();
            long next = dispatcher.nextDueMillis();
            if (next == Long.MAX_VALUE) {
                return;
            }
            if (next > clock.millis()) {
                clock.set(Instant.ofEpochMilli(next));
            }
        }
    }

    private Topic opsTopic() {
        return AlarmFixtures.topic(topics(), "ops");
    }

    private Subscription hook(Topic topic, String id, String path, String secret) {
        return AlarmFixtures.subscribe(topics(), topic, id, "http", receiver.url(path), true, secret);
    }

    private List<AlarmHistoryItem> actionItems(String alarm) {
        return alarms().history(ACCOUNT, new HistoryQuery(alarm, Set.of(AlarmType.MetricAlarm, AlarmType.CompositeAlarm),
                HistoryItemType.Action, 0, Long.MAX_VALUE, false, null, 100)).items();
    }

    private List<DeadLetter> deadLetters() {
        return outbox().deadLetters(ACCOUNT, null, 100);
    }

    private static String states(List<HttpReceiver.Request> requests) {
        List<String> out = new ArrayList<>();
        for (HttpReceiver.Request r : requests) {
            out.add(json(json(r.body()).get("Message").asText()).get("NewStateValue").asText());
        }
        return String.join(",", out);
    }

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    private static String hmac(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void alarmGoesOnceToEveryConfirmedSubscriberWithTheSnsEnvelopeHeadersAndSignature() throws Exception {
        Topic topic = opsTopic();
        Subscription one = hook(topic, "s1", "/one", "whsec-one");
        Subscription two = hook(topic, "s2", "/two", "whsec-two");
        AlarmFixtures.subscribe(topics(), topic, "s3", "http", receiver.url("/pending"), false, "whsec-three");
        MetricAlarm alarm = AlarmFixtures.cpuAlarm("cpu-high", List.of(topic.arn()), List.of());
        AlarmTransition t = AlarmFixtures.transition(alarm, AlarmState.ALARM, T0);

        fire(t);
        assertThat(receiver.requests()).isEmpty(); // onTransition only queues
        assertThat(dispatcher.runDue()).isEqualTo(2);

        assertThat(receiver.requests("/pending")).isEmpty();
        HttpReceiver.Request r1 = receiver.requests("/one").get(0);
        HttpReceiver.Request r2 = receiver.requests("/two").get(0);
        assertThat(receiver.requests()).hasSize(2);
        assertThat(r1.method()).isEqualTo("POST");
        assertThat(r1.header("Content-Type")).isEqualTo("text/plain; charset=UTF-8");
        assertThat(r1.header("User-Agent")).isEqualTo(WebhookNotifier.USER_AGENT);
        assertThat(r1.header("x-amz-sns-message-type")).isEqualTo("Notification");
        assertThat(r1.header("x-amz-sns-topic-arn")).isEqualTo(topic.arn());
        assertThat(r1.header("x-amz-sns-subscription-arn")).isEqualTo(one.arn());
        assertThat(r2.header("x-amz-sns-subscription-arn")).isEqualTo(two.arn());
        assertThat(r1.header("x-amz-sns-message-id")).isEqualTo(r2.header("x-amz-sns-message-id"));
        assertThat(r1.header("X-Synaps-Idempotency-Key")).isEqualTo(ACCOUNT + "/cpu-high/" + T0 + "/" + one.arn());
        assertThat(r1.header("X-Synaps-Signature")).isEqualTo(hmac("whsec-one", r1.body()));
        assertThat(r2.header("X-Synaps-Signature")).isEqualTo(hmac("whsec-two", r2.body()));

        JsonNode envelope = json(r1.body());
        AlarmMessage expected = AlarmMessage.of(t, "us-east-1");
        assertThat(envelope.get("Type").asText()).isEqualTo("Notification");
        assertThat(envelope.get("MessageId").asText()).isEqualTo(r1.header("x-amz-sns-message-id"));
        assertThat(envelope.get("TopicArn").asText()).isEqualTo(topic.arn());
        assertThat(envelope.get("Subject").asText()).isEqualTo("ALARM: \"cpu-high\" in US East (N. Virginia)");
        assertThat(envelope.get("Message").asText()).isEqualTo(expected.json());
        assertThat(envelope.get("Timestamp").asText()).isEqualTo("2024-01-03T11:36:00Z");
        assertThat(envelope.get("UnsubscribeURL").asText())
                .isEqualTo(PUBLIC_URL + "/?Action=Unsubscribe&SubscriptionArn=" + one.arn().replace(":", "%3A"));

        assertThat(dispatcher.pending()).isZero();
        assertThat(outbox().known(r1.header("X-Synaps-Idempotency-Key"))).isTrue();
        assertThat(deadLetters()).isEmpty();
        List<AlarmHistoryItem> items = actionItems("cpu-high");
        assertThat(items).extracting(AlarmHistoryItem::summary)
                .containsExactly("Successfully executed action " + topic.arn(), "Successfully executed action " + topic.arn());
        JsonNode data = json(items.get(0).data());
        assertThat(data.get("actionState").asText()).isEqualTo("Succeeded");
        assertThat(data.get("stateUpdateTimestamp").asLong()).isEqualTo(T0);
        assertThat(data.get("notificationResource").asText()).isEqualTo(topic.arn());
        assertThat(data.get("publishedMessage").asText()).isEqualTo(expected.json());
    }

    @Test
    void serverErrorIsRetriedAfterABackoffAndDeliveredOnce() {
        Topic topic = opsTopic();
        hook(topic, "s1", "/hook", "k");
        receiver.respond("/hook", 503);
        fire(AlarmFixtures.transition(AlarmFixtures.cpuAlarm("cpu-high", List.of(topic.arn()), List.of()),
                AlarmState.ALARM, T0));

        assertThat(dispatcher.runDue()).isEqualTo(1);
        assertThat(dispatcher.pending()).isEqualTo(1);
        assertThat(dispatcher.nextDueMillis()).isBetween(T0, T0 + 1000);
        assertThat(outbox().pending()).singleElement().satisfies(d -> {
            assertThat(d.attempts()).isEqualTo(1);
            assertThat(d.lastError()).isEqualTo("HTTP 503 from http://127.0.0.1:" + receiver.port());
        });

        drain();

        List<HttpReceiver.Request> requests = receiver.requests("/hook");
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1).header("X-Synaps-Idempotency-Key"))
                .isEqualTo(requests.get(0).header("X-Synaps-Idempotency-Key"));
        assertThat(requests.get(1).body()).isEqualTo(requests.get(0).body());
        assertThat(actionItems("cpu-high")).extracting(AlarmHistoryItem::summary)
                .containsExactly("Successfully executed action " + topic.arn());
        assertThat(deadLetters()).isEmpty();
        assertThat(outbox().pending()).isEmpty();
    }

    @Test
    void clientErrorFailsAtOnceIntoTheDeadLettersWithAFailedActionItem() {
        Topic topic = opsTopic();
        Subscription s = hook(topic, "s1", "/hook", "k");
        receiver.respond("/hook", 404);
        fire(AlarmFixtures.transition(AlarmFixtures.cpuAlarm("cpu-high", List.of(topic.arn()), List.of()),
                AlarmState.ALARM, T0));

        dispatcher.runDue();
        clock.advance(Duration.ofHours(1));
        drain();

        assertThat(receiver.requests("/hook")).hasSize(1);
        String detail = "HTTP 404 from http://127.0.0.1:" + receiver.port();
        assertThat(deadLetters()).singleElement().satisfies(dead -> {
            assertThat(dead.reason()).isEqualTo(detail);
            assertThat(dead.delivery().target()).isEqualTo(s.arn());
            assertThat(dead.delivery().attempts()).isEqualTo(1);
        });
        AlarmHistoryItem item = actionItems("cpu-high").get(0);
        assertThat(item.summary()).isEqualTo("Failed to execute action " + topic.arn() + ". Reason: " + detail
                + " (subscription " + s.arn() + ")");
        JsonNode data = json(item.data());
        assertThat(data.get("actionState").asText()).isEqualTo("Failed");
        assertThat(data.get("error").asText()).startsWith(detail);
        assertThat(data.get("subscriptionArn").asText()).isEqualTo(s.arn());
    }

    @Test
    void slowReceiverTimesOutAndIsRetried() {
        Topic topic = opsTopic();
        hook(topic, "s1", "/slow", "k");
        receiver.respondSlowly("/slow", 6_000, 200);
        fire(AlarmFixtures.transition(AlarmFixtures.cpuAlarm("cpu-high", List.of(topic.arn()), List.of()),
                AlarmState.ALARM, T0));

        dispatcher.runDue();
        assertThat(outbox().pending()).singleElement()
                .satisfies(d -> assertThat(d.lastError()).startsWith("no response from http://127.0.0.1:"));

        drain();

        assertThat(receiver.requests("/slow")).hasSize(2);
        assertThat(actionItems("cpu-high")).extracting(AlarmHistoryItem::summary)
                .containsExactly("Successfully executed action " + topic.arn());
    }

    @Test
    void anOkNeverOvertakesItsAlarmEvenWhileTheAlarmIsRetried() {
        Topic topic = opsTopic();
        hook(topic, "s1", "/hook", "k");
        receiver.respond("/hook", 503, 500);
        MetricAlarm alarm = AlarmFixtures.cpuAlarm("cpu-high", List.of(topic.arn()), List.of(topic.arn()));
        AlarmTransition toAlarm = AlarmFixtures.transition(alarm, AlarmState.ALARM, T0);
        fire(toAlarm);
        dispatcher.runDue();

        clock.set(Instant.ofEpochMilli(T0 + 2_000)); // past the ALARM's retry time: both are due now
        fire(AlarmFixtures.transition(toAlarm.alarm(), AlarmState.OK, T0 + 1_500));
        drain();

        assertThat(states(receiver.requests("/hook"))).isEqualTo("ALARM,ALARM,ALARM,OK");
        assertThat(actionItems("cpu-high")).hasSize(2);
    }

    @Test
    void transitionsHandedOverTogetherAreEachDeliveredOnceAndDisabledOnesNotAtAll() {
        Topic topic = opsTopic();
        hook(topic, "s1", "/hook", "k");
        List<AlarmTransition> batch = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            batch.add(AlarmFixtures.transition(AlarmFixtures.cpuAlarm("cpu-" + i, List.of(topic.arn()), List.of()),
                    AlarmState.ALARM, T0 + i));
        }
        AlarmTransition muted = AlarmFixtures.transition(AlarmFixtures.cpuAlarm("cpu-muted", List.of(topic.arn()),
                List.of()), AlarmState.ALARM, T0);
        batch.add(new AlarmTransition(muted.alarm().withActions(muted.alarm().actions().withEnabled(false)),
                muted.previous(), muted.timestampMillis(), false));
        dispatcher.onTransitions(batch);
        dispatcher.onTransitions(batch); // handed over twice: the keys make the second a no-op
        drain();

        assertThat(receiver.requests("/hook")).hasSize(5);
        for (int i = 0; i < 5; i++) {
            assertThat(actionItems("cpu-" + i)).hasSize(1);
        }
        assertThat(actionItems("cpu-muted")).isEmpty();
    }

    @Test
    void theSameTransitionTwiceIsDeliveredOnce() {
        Topic topic = opsTopic();
        hook(topic, "s1", "/hook", "k");
        AlarmTransition t = AlarmFixtures.transition(AlarmFixtures.cpuAlarm("cpu-high", List.of(topic.arn()),
                List.of()), AlarmState.ALARM, T0);
        fire(t);
        dispatcher.onTransition(t);
        drain();
        dispatcher.onTransition(t);
        drain();

        assertThat(receiver.requests("/hook")).hasSize(1);
        assertThat(actionItems("cpu-high")).hasSize(1);
    }

    @Test
    void aRestartWithAPendingRetryDeliversExactlyOnce() {
        Topic topic = opsTopic();
        hook(topic, "s1", "/hook", "k");
        receiver.respond("/hook", 503);
        fire(AlarmFixtures.transition(AlarmFixtures.cpuAlarm("cpu-high", List.of(topic.arn()), List.of()),
                AlarmState.ALARM, T0));
        dispatcher.runDue();
        assertThat(receiver.requests("/hook")).hasSize(1);

        reopen();
        assertThat(dispatcher.pending()).isEqualTo(1);
        drain();
        reopen();
        drain();

        assertThat(receiver.requests("/hook")).hasSize(2);
        assertThat(actionItems("cpu-high")).extracting(AlarmHistoryItem::summary)
                .containsExactly("Successfully executed action " + topic.arn());
    }

    @Test
    void startUpReconciliationDeliversATransitionWhoseListenerCallWasLost() {
        Topic topic = opsTopic();
        hook(topic, "s1", "/hook", "k");
        AlarmTransition lost = AlarmFixtures.transition(AlarmFixtures.cpuAlarm("lost", List.of(topic.arn()),
                List.of()), AlarmState.ALARM, T0 - 60_000);
        AlarmFixtures.storeTransition(alarms(), lost); // crashed before onTransition
        AlarmTransition old = AlarmFixtures.transition(AlarmFixtures.cpuAlarm("old", List.of(topic.arn()),
                List.of()), AlarmState.ALARM, T0 - Duration.ofHours(25).toMillis());
        AlarmFixtures.storeTransition(alarms(), old);
        MetricAlarm fresh = AlarmFixtures.cpuAlarm("fresh", List.of(), List.of());
        fresh = fresh.withActions(new io.synaps.model.alarm.AlarmActions(true, List.of(), List.of(),
                List.of(topic.arn())));
        alarms().put(fresh, new AlarmHistoryItem(ACCOUNT, "fresh", AlarmType.MetricAlarm,
                HistoryItemType.ConfigurationUpdate, T0 - 60_000, "Alarm \"fresh\" created", "{}"));

        reopen();
        drain();

        assertThat(receiver.requests("/hook")).singleElement().satisfies(r -> {
            JsonNode message = json(json(r.body()).get("Message").asText());
            assertThat(message.get("AlarmName").asText()).isEqualTo("lost");
            assertThat(message.get("OldStateValue").asText()).isEqualTo("INSUFFICIENT_DATA");
            assertThat(r.header("X-Synaps-Idempotency-Key"))
                    .isEqualTo(ACCOUNT + "/lost/" + (T0 - 60_000) + "/" + topic.arn() + ":s1");
        });

        reopen(); // reconciling again finds the key delivered
        drain();
        assertThat(receiver.requests("/hook")).hasSize(1);
    }

    @Test
    void theRetryBudgetEndsInTheDeadLetters() {
        config = config.withRetries(Duration.ofSeconds(1), Duration.ofSeconds(4), 3, Duration.ofHours(24));
        reopen();
        Topic topic = opsTopic();
        hook(topic, "s1", "/hook", "k");
        receiver.respond("/hook", 503, 503, 503, 503);
        fire(AlarmFixtures.transition(AlarmFixtures.cpuAlarm("cpu-high", List.of(topic.arn()), List.of()),
                AlarmState.ALARM, T0));

        drain();

        assertThat(receiver.requests("/hook")).hasSize(3);
        String detail = "HTTP 503 from http://127.0.0.1:" + receiver.port();
        assertThat(deadLetters()).singleElement().satisfies(dead -> {
            assertThat(dead.reason()).isEqualTo("gave up after 3 attempts: " + detail);
            assertThat(dead.delivery().attempts()).isEqualTo(3);
        });
        assertThat(actionItems("cpu-high")).extracting(AlarmHistoryItem::summary).singleElement().asString()
                .startsWith("Failed to execute action " + topic.arn() + ". Reason: gave up after 3 attempts: " + detail);
    }

    @Test
    void theAgeBudgetEndsInTheDeadLettersBeforeTheAttemptBudget() {
        config = config.withRetries(Duration.ofSeconds(8), Duration.ofSeconds(8), 100, Duration.ofSeconds(30));
        reopen();
        Topic topic = opsTopic();
        hook(topic, "s1", "/hook", "k");
        receiver.respond("/hook", 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500);
        fire(AlarmFixtures.transition(AlarmFixtures.cpuAlarm("cpu-high", List.of(topic.arn()), List.of()),
                AlarmState.ALARM, T0));

        drain();

        assertThat(deadLetters()).singleElement().satisfies(dead -> {
            assertThat(dead.reason()).matches("gave up after \\d+ attempts and \\d+ s: HTTP 500 from .*");
            assertThat(dead.diedMillis() - T0).isGreaterThanOrEqualTo(30_000);
            assertThat(dead.delivery().attempts()).isLessThan(100);
        });
    }

    @Test
    void aChannelWithoutANotifierFailsForGoodWithAClearReason() {
        Topic topic = opsTopic();
        Subscription mail = AlarmFixtures.subscribe(topics(), topic, "m1", "email", "ops@example.com", true, null);
        MetricAlarm alarm = AlarmFixtures.cpuAlarm("cpu-high", List.of(topic.arn(),
                "arn:aws:lambda:us-east-1:" + ACCOUNT + ":function:fix"), List.of());
        fire(AlarmFixtures.transition(alarm, AlarmState.ALARM, T0));

        drain();

        assertThat(deadLetters()).extracting(DeadLetter::reason).containsExactlyInAnyOrder(
                "no SMTP server configured (set SYNAPS_SMTP_HOST)", "lambda actions are not supported by Synaps");
        assertThat(actionItems("cpu-high")).extracting(AlarmHistoryItem::summary).containsExactlyInAnyOrder(
                "Failed to execute action " + topic.arn() + ". Reason: no SMTP server configured (set SYNAPS_SMTP_HOST)"
                        + " (subscription " + mail.arn() + ")",
                "Failed to execute action arn:aws:lambda:us-east-1:" + ACCOUNT
                        + ":function:fix. Reason: lambda actions are not supported by Synaps");
    }

    @Test
    void novaActionsCarryTheNovaAndTheDispatcherPayloads() {
        String reboot = "arn:aws:automate:us-east-1:ec2:reboot";
        fire(AlarmFixtures.transition(AlarmFixtures.cpuAlarm("cpu-high", List.of(reboot), List.of()),
                AlarmState.ALARM, T0));

        drain();

        DeadLetter dead = deadLetters().get(0);
        assertThat(dead.delivery().channel()).isEqualTo("nova");
        assertThat(dead.reason()).isEqualTo("no OpenStack Nova access configured (set SYNAPS_KEYSTONE_URL and its credentials)");
        NovaPayload nova = NovaPayload.parse(dead.delivery().payload());
        assertThat(nova.actionArn()).isEqualTo(reboot);
        assertThat(nova.action()).isEqualTo("reboot");
        assertThat(nova.instanceId()).isEqualTo("i-0abc");
        DeliveryPayload p = DeliveryPayload.parse(dead.delivery().payload());
        assertThat(p.type()).isEqualTo(DeliveryPayload.ACTION);
        assertThat(p.alarm().dimensions()).containsEntry("InstanceId", "i-0abc");
        assertThat(actionItems("cpu-high")).extracting(AlarmHistoryItem::summary).singleElement().asString()
                .startsWith("Failed to execute action " + reboot + ". Reason: no OpenStack Nova access configured");
    }

    @Test
    void aMissingTopicAndATopicWithoutSubscribersEndAtOnce() {
        Topic empty = AlarmFixtures.topic(topics(), "empty");
        String gone = AlarmFixtures.topicArn("gone");
        fire(AlarmFixtures.transition(AlarmFixtures.cpuAlarm("cpu-high", List.of(gone, empty.arn()), List.of()),
                AlarmState.ALARM, T0));

        assertThat(dispatcher.pending()).isZero();
        assertThat(actionItems("cpu-high")).extracting(AlarmHistoryItem::summary).containsExactly(
                "Failed to execute action " + gone + ". Reason: Topic " + gone + " does not exist",
                "Successfully executed action " + empty.arn());
    }

    @Test
    void disabledOrSuppressedActionsSendNothing() {
        Topic topic = opsTopic();
        hook(topic, "s1", "/hook", "k");
        MetricAlarm alarm = AlarmFixtures.cpuAlarm("cpu-high", List.of(topic.arn()), List.of());
        AlarmTransition disabled = AlarmFixtures.transition(
                alarm.withActions(alarm.actions().withEnabled(false)), AlarmState.ALARM, T0);
        fire(disabled);
        AlarmTransition ok = AlarmFixtures.transition(AlarmFixtures.cpuAlarm("other", List.of(topic.arn()), List.of()),
                AlarmState.ALARM, T0);
        dispatcher.onTransition(new AlarmTransition(ok.alarm(), ok.previous(), ok.timestampMillis(), true));

        drain();

        assertThat(receiver.requests()).isEmpty();
        assertThat(outbox().pending()).isEmpty();
    }

    @Test
    void publishAndConfirmationRequestsGoThroughTheOutbox() {
        Topic topic = opsTopic();
        hook(topic, "s1", "/one", "k1");
        Subscription raw = new Subscription(topic.arn() + ":raw", ACCOUNT, topic.arn(), "http", receiver.url("/raw"),
                true, "t", "k2", Map.of("RawMessageDelivery", "true"), T0);
        topics().putSubscription(raw);
        Subscription pending = AlarmFixtures.subscribe(topics(), topic, "p1", "http", receiver.url("/confirm"), false,
                "k3");

        String messageId = dispatcher.publish(topic, "Hello", "hello world", Map.of("color", "blue"));
        dispatcher.requestConfirmation(topic, pending);
        drain();

        JsonNode one = json(receiver.requests("/one").get(0).body());
        assertThat(one.get("MessageId").asText()).isEqualTo(messageId);
        assertThat(one.get("Subject").asText()).isEqualTo("Hello");
        assertThat(one.get("Message").asText()).isEqualTo("hello world");
        assertThat(one.get("MessageAttributes").toString()).isEqualTo("{\"color\":{\"Type\":\"String\",\"Value\":\"blue\"}}");
        HttpReceiver.Request rawRequest = receiver.requests("/raw").get(0);
        assertThat(rawRequest.body()).isEqualTo("hello world");
        assertThat(rawRequest.header("x-amz-sns-rawdelivery")).isEqualTo("true");

        HttpReceiver.Request confirm = receiver.requests("/confirm").get(0);
        assertThat(receiver.requests("/confirm")).hasSize(1);
        assertThat(confirm.header("x-amz-sns-message-type")).isEqualTo("SubscriptionConfirmation");
        assertThat(confirm.header("x-amz-sns-subscription-arn")).isNull();
        JsonNode c = json(confirm.body());
        assertThat(c.get("Type").asText()).isEqualTo("SubscriptionConfirmation");
        assertThat(c.get("Token").asText()).isEqualTo("token-p1");
        assertThat(c.get("SubscribeURL").asText()).isEqualTo(PUBLIC_URL + "/?Action=ConfirmSubscription&TopicArn="
                + topic.arn().replace(":", "%3A") + "&Token=token-p1");
        assertThat(c.get("Message").asText()).startsWith("You have chosen to subscribe to the topic " + topic.arn());
        assertThat(actionItems("cpu-high")).isEmpty();
    }

    @Test
    void aSubscriptionDeletedBeforeItsRetryGetsNothingMore() {
        Topic topic = opsTopic();
        Subscription s = hook(topic, "s1", "/hook", "k");
        receiver.respond("/hook", 503);
        fire(AlarmFixtures.transition(AlarmFixtures.cpuAlarm("cpu-high", List.of(topic.arn()), List.of()),
                AlarmState.ALARM, T0));
        dispatcher.runDue();
        topics().deleteSubscription(ACCOUNT, s.arn());

        drain();

        assertThat(receiver.requests("/hook")).hasSize(1);
        assertThat(deadLetters()).singleElement().extracting(DeadLetter::reason)
                .isEqualTo("the subscription " + s.arn() + " was deleted before the delivery");
    }

    @Test
    void backgroundWorkersDeliverWithoutRunDue() throws Exception {
        Topic topic = opsTopic();
        hook(topic, "s1", "/hook", "k");
        dispatcher.start();
        fire(AlarmFixtures.transition(AlarmFixtures.cpuAlarm("cpu-high", List.of(topic.arn()), List.of()),
                AlarmState.ALARM, T0));

        for (int i = 0; i < 500 && actionItems("cpu-high").isEmpty(); i++) {
            Thread.sleep(20);
        }
        dispatcher.close();

        assertThat(receiver.requests("/hook")).hasSize(1);
        assertThat(actionItems("cpu-high")).hasSize(1);
        assertThat(outbox().pending()).isEmpty();
    }
}
