package io.synaps.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's live stream on a real node, read over a real socket: a PutMetricData and an
 * alarm transition (made through the AWS SDK) show up as {@code metrics} and {@code alarm}
 * events; a reconnect with Last-Event-ID gets exactly the events missed while away; an id from
 * another process gets a {@code reset}; the stream needs a session and ends with it.
 */
class LiveEventsIT {
    private static final String PASSWORD = "live-events-it-password";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static Path dir;
    private static ServerConfig config;
    private static SynapsServer server;
    private static CloudWatchClient cw;
    private static int port;

    @BeforeAll
    static void start() throws IOException {
        dir = Files.createTempDirectory("synaps-live-it-");
        config = ServerConfig.defaults(dir).withAdminUser("admin", PASSWORD);
        server = SynapsServer.start(config);
        port = server.port();
        cw = EmbeddedNode.cloudWatchClient(URI.create("http://127.0.0.1:" + port), config.adminAccessKeyId(),
                config.adminSecretAccessKey());
    }

    @AfterAll
    static void stop() {
        if (cw != null) {
            cw.close();
        }
        if (server != null) {
            server.close();
        }
        EmbeddedNode.deleteRecursively(dir);
    }

    private static DashboardClient signedIn() {
        DashboardClient c = new DashboardClient(URI.create("http://127.0.0.1:" + port));
        assertThat(c.signIn("admin", PASSWORD).statusCode()).isEqualTo(200);
        return c;
    }

    private static void putQuietAlarm(String name) {
        // No data ever arrives for it and missing data keeps the state: only SetAlarmState moves it.
        cw.putMetricAlarm(b -> b.alarmName(name).namespace("LiveIT/quiet").metricName("Never")
                .statistic(Statistic.SUM).period(60).evaluationPeriods(1).threshold(1.0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD).treatMissingData("ignore")
                .actionsEnabled(false));
    }

    private static void setState(String name, StateValue state, String reason) {
        cw.setAlarmState(b -> b.alarmName(name).stateValue(state).stateReason(reason));
    }

    private static JsonNode data(SseConnection.Event e) {
        return DashboardClient.parse(e.data());
    }

    @Test
    void metricDataAndAlarmTransitionsArriveAsEvents() throws Exception {
        DashboardClient c = signedIn();
        putQuietAlarm("live-it-first");
        try (SseConnection sse = SseConnection.open(port, c.cookie, null)) {
            assertThat(sse.status()).isEqualTo(200);
            assertThat(sse.header("Content-Type")).startsWith("text/event-stream");
            assertThat(sse.header("Cache-Control")).isEqualTo("no-store");

            c.cloudWatch("PutMetricData", "{\"Namespace\":\"LiveIT/traffic\",\"MetricData\":[{\"MetricName\":\"Requests\","
                    + "\"Dimensions\":[{\"Name\":\"Host\",\"Value\":\"web-1\"}],\"Value\":5}]}");
            SseConnection.Event metrics = sse.next("metrics", WAIT);
            assertThat(metrics).as("a metrics event within the wait").isNotNull();
            JsonNode m = data(metrics).get("metrics").get(0);
            assertThat(m.get("Namespace").asText()).isEqualTo("LiveIT/traffic");
            assertThat(m.get("MetricName").asText()).isEqualTo("Requests");
            assertThat(m.get("Dimensions").get(0).get("Value").asText()).isEqualTo("web-1");
            assertThat(sse.retry()).isEqualTo("2000");

            setState("live-it-first", StateValue.ALARM, "turned red by LiveEventsIT");
            SseConnection.Event alarm = sse.next("alarm", WAIT);
            assertThat(alarm).isNotNull();
            JsonNode a = data(alarm);
            assertThat(a.get("alarmName").asText()).isEqualTo("live-it-first");
            assertThat(a.get("alarmType").asText()).isEqualTo("MetricAlarm");
            assertThat(a.get("oldState").asText()).isEqualTo("INSUFFICIENT_DATA");
            assertThat(a.get("newState").asText()).isEqualTo("ALARM");
            assertThat(a.get("reason").asText()).isEqualTo("turned red by LiveEventsIT");
            assertThat(alarm.id()).isNotBlank();
        }
    }

    @Test
    void aReconnectWithLastEventIdGetsExactlyTheMissedEvents() throws Exception {
        DashboardClient c = signedIn();
        putQuietAlarm("live-it-resume");
        String lastSeen;
        try (SseConnection sse = SseConnection.open(port, c.cookie, null)) {
            setState("live-it-resume", StateValue.ALARM, "before the disconnect");
            SseConnection.Event seen = sse.next("alarm", WAIT);
            assertThat(seen).isNotNull();
            assertThat(data(seen).get("reason").asText()).isEqualTo("before the disconnect");
            lastSeen = seen.id();
        }
        setState("live-it-resume", StateValue.OK, "missed one");
        setState("live-it-resume", StateValue.ALARM, "missed two");
        try (SseConnection sse = SseConnection.open(port, c.cookie, lastSeen)) {
            List<SseConnection.Event> received = new ArrayList<>();
            SseConnection.Event e;
            while (received.size() < 2 && (e = sse.next(WAIT)) != null) {
                received.add(e);
            }
            // Anything else queued behind them would arrive at once; give it a moment.
            while ((e = sse.next(Duration.ofMillis(1500))) != null) {
                received.add(e);
            }
            assertThat(received).extracting(SseConnection.Event::type).containsExactly("alarm", "alarm");
            assertThat(received).extracting(ev -> data(ev).get("reason").asText()).containsExactly("missed one", "missed two");
            assertThat(received).extracting(ev -> data(ev).get("newState").asText()).containsExactly("OK", "ALARM");
            assertThat(received.get(0).id()).isNotEqualTo(lastSeen);
            assertThat(sequence(received.get(0).id())).isGreaterThan(sequence(lastSeen));
            assertThat(sequence(received.get(1).id())).isGreaterThan(sequence(received.get(0).id()));
        }
    }

    @Test
    void anIdFromAnotherProcessGetsAReset() throws Exception {
        DashboardClient c = signedIn();
        try (SseConnection sse = SseConnection.open(port, c.cookie, "zz0-42")) {
            SseConnection.Event first = sse.next(WAIT);
            assertThat(first).isNotNull();
            assertThat(first.type()).isEqualTo("reset");
            assertThat(data(first).get("reason").asText()).isNotBlank();
        }
    }

    @Test
    void theStreamNeedsASession() throws Exception {
        try (SseConnection sse = SseConnection.open(port, "synaps_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", null)) {
            assertThat(sse.status()).isEqualTo(401);
        }
        DashboardClient c = signedIn();
        try (SseConnection sse = SseConnection.open(port, c.cookie, null)) {
            assertThat(sse.status()).isEqualTo(200);
            assertThat(c.delete("/ui/api/session", Map.of("Cookie", c.cookie, "X-Synaps-Csrf", c.csrf)).statusCode())
                    .isEqualTo(204);
            // The open stream re-checks its session every 15 s and ends once it is gone.
            assertThat(sse.closedByServer(Duration.ofSeconds(40))).isTrue();
        }
    }

    private static long sequence(String id) {
        return Long.parseLong(id.substring(id.lastIndexOf('-') + 1));
    }
}
