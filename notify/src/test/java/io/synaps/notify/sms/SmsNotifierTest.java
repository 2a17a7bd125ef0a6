package io.synaps.notify.sms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.synaps.model.alarm.AlarmState;
import io.synaps.notify.dispatch.DeliveryPayload;
import io.synaps.notify.dispatch.Outcome;
import io.synaps.notify.fixture.HttpReceiver;
import io.synaps.notify.fixture.Payloads;
import io.synaps.notify.webhook.HttpPoster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SmsNotifierTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String TOKEN = "sms-gw-T0KEN-42";

    private final HttpReceiver gateway = HttpReceiver.start();
    private final SmsNotifier notifier = new SmsNotifier(new SmsGatewayConfig(URI.create(gateway.url("/v1/send")), TOKEN),
            new HttpPoster(Duration.ofSeconds(2), Duration.ofSeconds(2)));

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void alarmTextGoesToTheGatewayWithTheBearerToken() throws Exception {
        Outcome outcome = notifier.send(Payloads.alarm("sms", "+15551234567", AlarmState.ALARM));

        assertThat(outcome).isEqualTo(Outcome.delivered("HTTP 200 from http://127.0.0.1:" + gateway.port()));
        HttpReceiver.Request r = gateway.requests("/v1/send").get(0);
        assertThat(r.header("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(r.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
        JsonNode body = MAPPER.readTree(r.body());
        assertThat(body.get("to").asText()).isEqualTo("+15551234567");
        String text = body.get("text").asText();
        assertThat(text).isEqualTo("ALARM: \"cpu-high\" in US East (N. Virginia): Threshold Crossed: 1 datapoint "
                + "[91.5 (03/01/24 11:35:00)] was greater than the threshold (80.0).");
    }

    @Test
    void alarmTextsAreCutToOneSms() {
        var alarm = io.synaps.notify.fixture.AlarmFixtures.cpuAlarm("n".repeat(200), java.util.List.of(),
                java.util.List.of());
        var delivery = Payloads.alarm("sms", "+15551234567", io.synaps.notify.fixture.AlarmFixtures.transition(alarm,
                AlarmState.OK, io.synaps.notify.fixture.AlarmFixtures.T0));

        assertThat(SmsNotifier.text(DeliveryPayload.of(delivery))).hasSize(SmsNotifier.ALARM_TEXT_LIMIT)
                .startsWith("OK: \"nnnn");
    }

    @Test
    void publishedMessagesAreSentAsTheyAre() throws Exception {
        notifier.send(Payloads.publish("sms", "+44 20 7946 0000", "ignored subject", "deploy done"));

        JsonNode body = MAPPER.readTree(gateway.requests("/v1/send").get(0).body());
        assertThat(body.get("to").asText()).isEqualTo("+442079460000");
        assertThat(body.get("text").asText()).isEqualTo("deploy done");
    }

    @Test
    void aNumberThatIsNotE164FailsForGood() {
        assertThat(notifier.send(Payloads.alarm("sms", "0800-FLOWERS", AlarmState.ALARM)))
                .isEqualTo(Outcome.failed("the endpoint is not an E.164 phone number"));
        assertThat(gateway.requests()).isEmpty();
    }

    @Test
    void gatewayRefusalsAreClassifiedWithoutTheToken() {
        gateway.respond("/v1/send", 401, 502);

        Outcome refused = notifier.send(Payloads.alarm("sms", "+15551234567", AlarmState.ALARM));
        Outcome badGateway = notifier.send(Payloads.alarm("sms", "+15551234567", AlarmState.ALARM));

        assertThat(refused.status()).isEqualTo(Outcome.Status.FAILED);
        assertThat(badGateway.status()).isEqualTo(Outcome.Status.RETRY);
        assertThat(refused.detail() + badGateway.detail()).doesNotContain(TOKEN);
    }

    @Test
    void configComesFromTheEnvironmentAndHidesTheToken() {
        SmsGatewayConfig c = SmsGatewayConfig.fromEnvironment(Map.of("SYNAPS_SMS_URL", "https://sms.example/api/send",
                "SYNAPS_SMS_TOKEN", TOKEN)).orElseThrow();

        assertThat(c.toString()).doesNotContain(TOKEN).contains("https://sms.example/api/send");
        assertThat(SmsGatewayConfig.fromEnvironment(Map.of())).isEmpty();
        assertThatThrownBy(() -> SmsGatewayConfig.fromEnvironment(Map.of("SYNAPS_SMS_URL", "https://x")))
                .hasMessage("SYNAPS_SMS_URL is set but SYNAPS_SMS_TOKEN is not");
        assertThat(SmsNotifier.text(DeliveryPayload.parse(Payloads.confirmation("sms", "+1555").payload())))
                .startsWith("Confirm the subscription to " + Payloads.TOPIC);
    }
}
