package io.synaps.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.AlarmHistoryItem;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.HistoryItemType;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.sns.SnsClient;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * NotifyCrashIT runs the server as a child JVM whose alarm transitions go to two http
 * subscriptions of a receiver that refuses notifications (500) while they are in flight, kills the
 * child with SIGKILL before any delivery succeeded, restarts it on the same data directory, lets
 * the receiver accept, and checks that each endpoint accepts exactly one delivery per transition
 * (counted by X-Synaps-Idempotency-Key and MessageId), ALARM before OK, none lost, and one
 * {@code Action} history item per delivery.
 */
class NotifyCrashIT {
    static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void deliveriesInFlightAtKillNineArriveExactlyOncePerEndpointAfterTheRestart() throws Exception {
        Path dataDir = Files.createTempDirectory("synaps-notify-crash-");
        String name = "notify-crash-" + Long.toHexString(new Random().nextLong());
        List<String> paths = List.of("/" + name + "-a", "/" + name + "-b");
        Predicate<WebhookReceiverFixture.Received> notification = r -> "Notification".equals(r.header("x-amz-sns-message-type"));
        try (WebhookReceiverFixture receiver = WebhookReceiverFixture.http()) {
            receiver.refuse(notification);
            ChildNode node = ChildNode.start(dataDir, Map.of());
            String topic;
            try (CloudWatchClient cw = cloudWatch(node); SnsClient sns = sns(node)) {
                topic = sns.createTopic(b -> b.name(name)).topicArn();
                for (String path : paths) {
                    sns.subscribe(b -> b.topicArn(topic).protocol("http").endpoint(receiver.url(path)));
                    WebhookReceiverFixture.Received confirmation = await("confirmation at " + path, node,
                            () -> receiver.at(path, "SubscriptionConfirmation"), l -> !l.isEmpty()).get(0);
                    String token = AlarmSdkIT.json(confirmation.body()).get("Token").asText();
                    sns.confirmSubscription(b -> b.topicArn(topic).token(token));
                }
                cw.putMetricAlarm(b -> b.alarmName(name).namespace("Crash/" + name).metricName("Queue")
                        .statistic(Statistic.MAXIMUM).period(10).evaluationPeriods(1).threshold(50.0)
                        .treatMissingData("ignore").comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                        .alarmActions(topic).okActions(topic));
                cw.setAlarmState(b -> b.alarmName(name).stateValue(StateValue.ALARM).stateReason("crash drill"));
                AlarmSdkIT.sleep(20);
                cw.setAlarmState(b -> b.alarmName(name).stateValue(StateValue.OK).stateReason("crash drill over"));
                // every endpoint has refused its ALARM notification at least once: the deliveries are in flight
                for (String path : paths) {
                    await("a refused notification at " + path, node, () -> receiver.at(path, "Notification"), l -> !l.isEmpty());
                }
                node.kill();
            }
            assertThat(paths).allSatisfy(path -> assertThat(receiver.at(path, "Notification"))
                    .extracting(WebhookReceiverFixture.Received::status).containsOnly(500));

            receiver.accept();
            node = ChildNode.start(dataDir, Map.of());
            try (CloudWatchClient cw = cloudWatch(node)) {
                for (String path : paths) {
                    await("ALARM and OK accepted at " + path, node, () -> accepted(receiver, path), l -> l.size() >= 2);
                }
                await("two Action items", node, () -> actionItems(cw, name), l -> l.size() >= 2);
                AlarmSdkIT.sleep(3000); // room for a duplicate to show up
                for (String path : paths) {
                    List<WebhookReceiverFixture.Received> ok = accepted(receiver, path);
                    assertThat(ok).as("accepted deliveries at %s; child output:\n%s", path, node.output()).hasSize(2);
                    assertThat(ok).extracting(r -> r.header("x-synaps-idempotency-key")).doesNotHaveDuplicates();
                    assertThat(ok).extracting(r -> r.header("x-amz-sns-message-id")).doesNotHaveDuplicates();
                    assertThat(ok).extracting(r -> state(r)).containsExactly("ALARM", "OK");
                    // every attempt of one transition carries one key: retries and the restart changed none
                    assertThat(receiver.at(path, "Notification")).extracting(r -> r.header("x-synaps-idempotency-key"))
                            .containsOnly(ok.get(0).header("x-synaps-idempotency-key"), ok.get(1).header("x-synaps-idempotency-key"));
                }
                List<AlarmHistoryItem> items = actionItems(cw, name);
                assertThat(items).extracting(AlarmHistoryItem::historySummary)
                        .containsOnly("Successfully executed action " + topic).hasSize(4);
            } finally {
                node.close();
            }
        } finally {
            EmbeddedNode.deleteRecursively(dataDir);
        }
    }

    private static List<WebhookReceiverFixture.Received> accepted(WebhookReceiverFixture receiver, String path) {
        return receiver.at(path, "Notification").stream().filter(r -> r.status() == 200).toList();
    }

    private static String state(WebhookReceiverFixture.Received r) {
        JsonNode envelope = AlarmSdkIT.json(r.body());
        return AlarmSdkIT.json(envelope.get("Message").asText()).get("NewStateValue").asText();
    }

    private static List<AlarmHistoryItem> actionItems(CloudWatchClient cw, String name) {
        return cw.describeAlarmHistory(b -> b.alarmName(name).historyItemType(HistoryItemType.ACTION)).alarmHistoryItems();
    }

    private static <T> T await(String what, ChildNode node, Supplier<T> read, Predicate<T> done) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        T value = read.get();
        while (!done.test(value) && System.nanoTime() < deadline) {
            AlarmSdkIT.sleep(100);
            value = read.get();
        }
        assertThat(done.test(value)).as("%s within %s; last seen %s; child output:\n%s", what, WAIT, value, node.output()).isTrue();
        return value;
    }

    private static CloudWatchClient cloudWatch(ChildNode node) {
        return EmbeddedNode.cloudWatchClient(URI.create("http://127.0.0.1:" + node.port()),
                ServerConfig.DEFAULT_ACCESS_KEY_ID, ServerConfig.DEFAULT_SECRET_ACCESS_KEY);
    }

    private static SnsClient sns(ChildNode node) {
        return NotifyIT.snsClient(URI.create("http://127.0.0.1:" + node.port()),
                ServerConfig.DEFAULT_ACCESS_KEY_ID, ServerConfig.DEFAULT_SECRET_ACCESS_KEY);
    }
}
