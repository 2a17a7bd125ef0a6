package io.synaps.notify.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.synaps.model.alarm.AlarmArn;
import io.synaps.model.alarm.AlarmState;
import io.synaps.notify.dispatch.DeliveryPayload;
import io.synaps.notify.dispatch.Outcome;
import io.synaps.notify.fixture.AlarmFixtures;
import io.synaps.notify.fixture.HttpReceiver;
import io.synaps.notify.fixture.Payloads;
import io.synaps.notify.webhook.HttpPoster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SlackNotifierTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String HOOK = "/services/T0001/B0002/XyZsecretPart";

    private final HttpReceiver slack = HttpReceiver.start();
    private final SlackNotifier notifier = new SlackNotifier(new HttpPoster(Duration.ofSeconds(2), Duration.ofSeconds(2)));

    @AfterEach
    void stop() {
        slack.close();
    }

    @Test
    void alarmBecomesAHeaderAndAnAttachmentColoredByState() throws Exception {
        Outcome outcome = notifier.send(Payloads.alarm("slack", slack.url(HOOK), AlarmState.ALARM));

        assertThat(outcome.status()).isEqualTo(Outcome.Status.DELIVERED);
        HttpReceiver.Request r = slack.requests(HOOK).get(0);
        assertThat(r.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
        JsonNode body = MAPPER.readTree(r.body());
        assertThat(body.get("text").asText()).isEqualTo("ALARM: \"cpu-high\" in US East (N. Virginia)");
        assertThat(body.get("blocks").get(0).get("type").asText()).isEqualTo("header");
        assertThat(body.get("blocks").get(0).get("text").get("text").asText()).isEqualTo("ALARM: cpu-high");
        JsonNode attachment = body.get("attachments").get(0);
        assertThat(attachment.get("color").asText()).isEqualTo("#d13212");
        JsonNode blocks = attachment.get("blocks");
        assertThat(blocks.get(0).get("text").get("text").asText()).startsWith("Threshold Crossed: 1 datapoint [91.5");
        List<String> fields = blocks.get(1).get("fields").findValuesAsText("text");
        assertThat(fields).containsExactly("*Metric*\nAWS/EC2 CPUUtilization\nInstanceId = i-0abc",
                "*Threshold*\nAVERAGE GreaterThanThreshold 80.0 for 1 x 60 s", "*Region*\nUS East (N. Virginia)",
                "*State change*\nINSUFFICIENT_DATA -> ALARM");
        assertThat(blocks.get(2).get("elements").get(0).get("text").asText())
                .startsWith("<http://synaps.example/ui/#/alarms/cpu-high|View in the Synaps dashboard>");
    }

    @Test
    void eachStateHasItsColor() throws Exception {
        assertThat(SlackMessage.color("ALARM")).isEqualTo("#d13212");
        assertThat(SlackMessage.color("OK")).isEqualTo("#2eb886");
        assertThat(SlackMessage.color("INSUFFICIENT_DATA")).isEqualTo("#aaaaaa");
        notifier.send(Payloads.alarm("slack", slack.url(HOOK), AlarmState.OK));
        assertThat(MAPPER.readTree(slack.requests(HOOK).get(0).body()).get("attachments").get(0).get("color").asText())
                .isEqualTo("#2eb886");
    }

    @Test
    void compositeAlarmsShowTheirRule() throws Exception {
        String child = AlarmArn.of("us-east-1", AlarmFixtures.ACCOUNT, "cpu-high");
        notifier.send(Payloads.alarm("slack", slack.url(HOOK),
                AlarmFixtures.compositeTransition("svc", child, List.of(), AlarmFixtures.T0)));

        JsonNode fields = MAPPER.readTree(slack.requests(HOOK).get(0).body()).get("attachments").get(0).get("blocks")
                .get(1).get("fields");
        assertThat(fields.get(0).get("text").asText()).isEqualTo("*Rule*\nALARM(\"" + child + "\") OR FALSE");
    }

    @Test
    void publishedTextIsEscapedForMrkdwn() throws Exception {
        notifier.send(Payloads.publish("slack", slack.url(HOOK), "Deploy", "a <b> & c"));

        JsonNode body = MAPPER.readTree(slack.requests(HOOK).get(0).body());
        assertThat(body.get("blocks").get(0).get("text").get("text").asText()).isEqualTo("*Deploy*\na &lt;b&gt; &amp; c");
    }

    @Test
    void confirmationPostsTheLink() throws Exception {
        notifier.send(Payloads.confirmation("slack", slack.url(HOOK)));

        assertThat(MAPPER.readTree(slack.requests(HOOK).get(0).body()).toString())
                .contains("<http://synaps.example/?Action=ConfirmSubscription&TopicArn=t&Token=tok-1|Confirm subscription>");
    }

    @Test
    void slackErrorsAreClassifiedAndNeverShowTheHookPath() {
        slack.respond(HOOK, 404, 429);

        Outcome gone = notifier.send(Payloads.alarm("slack", slack.url(HOOK), AlarmState.ALARM));
        Outcome limited = notifier.send(Payloads.alarm("slack", slack.url(HOOK), AlarmState.ALARM));

        assertThat(gone).isEqualTo(Outcome.failed("HTTP 404 from http://127.0.0.1:" + slack.port()));
        assertThat(limited).isEqualTo(Outcome.retry("HTTP 429 from http://127.0.0.1:" + slack.port()));
        assertThat(notifier.send(Payloads.alarm("slack", "ftp://x/y", AlarmState.ALARM)))
                .isEqualTo(Outcome.failed("the endpoint is not a Slack incoming-webhook URL"));
    }

    @Test
    void anUnreadablePayloadFailsForGood() {
        var d = Payloads.alarm("slack", slack.url(HOOK), AlarmState.ALARM);
        var broken = new io.synaps.store.outbox.Delivery(d.key(), d.accountId(), d.orderKey(), d.sequence(), "slack",
                d.target(), "not json", 0, 0, null, 0);
        assertThat(notifier.send(broken)).isEqualTo(Outcome.failed("the delivery payload is unreadable"));
        assertThat(DeliveryPayload.NOTIFICATION).isEqualTo("Notification");
    }
}
