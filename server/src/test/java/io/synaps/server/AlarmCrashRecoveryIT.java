package io.synaps.server;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.AlarmHistoryItem;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricAlarmRequest;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * AlarmCrashRecoveryIT runs the server as a child JVM, creates alarms, drives one to ALARM with
 * data and one with SetAlarmState, kills the child with SIGKILL right after the last
 * acknowledged write, restarts it on the same data directory and checks that the alarms, their
 * states, reasons, timestamps and history are back, that the first evaluations after the restart
 * (windows rebuilt from stored data) keep those states, and that new data still evaluates.
 */
class AlarmCrashRecoveryIT {
    static final String ADMIN_KEY = ServerConfig.DEFAULT_ACCESS_KEY_ID;
    static final String ADMIN_SECRET = ServerConfig.DEFAULT_SECRET_ACCESS_KEY;
    static final Duration WAIT = Duration.ofSeconds(20);

    /** Snapshot is what one alarm showed before the kill. */
    record Snapshot(MetricAlarm alarm, List<AlarmHistoryItem> history) {
    }

    @Test
    void alarmsTheirStatesReasonsAndHistorySurviveKillNineAndKeepEvaluating() throws Exception {
        Path dataDir = Files.createTempDirectory("synaps-alarm-crash-");
        String p = "crash-" + Long.toHexString(new Random().nextLong());
        String ns = "Crash/" + p;
        String evaluated = p + "-evaluated";
        String manual = p + "-manual";
        String fresh = p + "-fresh";
        try {
            ChildNode node = ChildNode.start(dataDir, Map.of());
            Instant at;
            Snapshot evaluatedBefore;
            Snapshot manualBefore;
            Snapshot freshBefore;
            try (CloudWatchClient cw = client(node)) {
                // high resolution so the first evaluations after the restart come within seconds; N = 6 with
                // DatapointsToAlarm 1 keeps one breaching point deciding for a minute or more
                cw.putMetricAlarm(alarm(evaluated, ns, "Queue", Statistic.MINIMUM).evaluationPeriods(6).datapointsToAlarm(1).build());
                cw.putMetricAlarm(alarm(manual, ns, "Quiet", Statistic.MAXIMUM).treatMissingData("ignore").build());
                cw.putMetricAlarm(alarm(fresh, ns, "Later", Statistic.MAXIMUM).build());

                at = AlarmSdkIT.floor(Instant.now(), 10).minusSeconds(5);
                put(cw, ns, "Queue", at, 80.0);
                MetricAlarm alarmed = awaitState(cw, evaluated, StateValue.ALARM, node);
                assertThat(alarmed.stateReasonData()).isNotNull();
                cw.setAlarmState(b -> b.alarmName(manual).stateValue(StateValue.ALARM).stateReason("operator says so")
                        .stateReasonData("{\"ticket\":\"OPS-7\"}"));

                evaluatedBefore = snapshot(cw, evaluated);
                manualBefore = snapshot(cw, manual);
                freshBefore = snapshot(cw, fresh);
                assertThat(manualBefore.alarm().stateValue()).isEqualTo(StateValue.ALARM);
                assertThat(freshBefore.alarm().stateValue()).isEqualTo(StateValue.INSUFFICIENT_DATA);
                node.kill();
            }

            node = ChildNode.start(dataDir, Map.of());
            try (CloudWatchClient cw = client(node)) {
                assertSame(cw, evaluatedBefore, node, "right after the restart");
                assertSame(cw, manualBefore, node, "right after the restart");
                assertSame(cw, freshBefore, node, "right after the restart");

                // past the first high-resolution evaluations of the restarted engine
                Thread.sleep(11_000);
                assertSame(cw, evaluatedBefore, node, "after the first evaluations");
                assertSame(cw, manualBefore, node, "after the first evaluations");
                assertSame(cw, freshBefore, node, "after the first evaluations");

                put(cw, ns, "Queue", at, 10.0);
                MetricAlarm ok = awaitState(cw, evaluated, StateValue.OK, node);
                assertThat(ok.stateReason()).startsWith("Threshold Crossed: ");
                Instant later = AlarmSdkIT.floor(Instant.now(), 10).minusSeconds(5);
                put(cw, ns, "Later", later, 99.0);
                MetricAlarm alarmed = awaitState(cw, fresh, StateValue.ALARM, node);
                assertThat(alarmed.stateReason()).isEqualTo("Threshold Crossed: 1 datapoint [99.0 ("
                        + AlarmSdkIT.REASON_DATE.format(AlarmSdkIT.floor(later, 10)) + ")] was greater than the threshold (50.0).");
                assertThat(cw.describeAlarmHistory(b -> b.alarmName(evaluated)).alarmHistoryItems())
                        .extracting(AlarmHistoryItem::historySummary).first().isEqualTo("Alarm updated from ALARM to OK");
            }
            node.close();
        } finally {
            EmbeddedNode.deleteRecursively(dataDir);
        }
    }

    private static PutMetricAlarmRequest.Builder alarm(String name, String ns, String metric, Statistic statistic) {
        return PutMetricAlarmRequest.builder().alarmName(name).namespace(ns).metricName(metric).statistic(statistic)
                .period(10).evaluationPeriods(1).threshold(50.0).comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD);
    }

    private static void put(CloudWatchClient cw, String ns, String metric, Instant at, double value) {
        cw.putMetricData(r -> r.namespace(ns).metricData(MetricDatum.builder().metricName(metric).timestamp(at)
                .storageResolution(1).value(value).build()));
    }

    private static Snapshot snapshot(CloudWatchClient cw, String name) {
        List<MetricAlarm> alarms = cw.describeAlarms(b -> b.alarmNames(name)).metricAlarms();
        assertThat(alarms).hasSize(1);
        return new Snapshot(alarms.get(0), cw.describeAlarmHistory(b -> b.alarmName(name)).alarmHistoryItems());
    }

    private static void assertSame(CloudWatchClient cw, Snapshot before, ChildNode node, String when) {
        String name = before.alarm().alarmName();
        Snapshot now = snapshot(cw, name);
        assertThat(now.alarm()).as("%s %s; child output:\n%s", name, when, node.output()).isEqualTo(before.alarm());
        assertThat(now.history()).as("%s history %s", name, when).isEqualTo(before.history());
    }

    private static MetricAlarm awaitState(CloudWatchClient cw, String name, StateValue state, ChildNode node) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        MetricAlarm a = cw.describeAlarms(b -> b.alarmNames(name)).metricAlarms().get(0);
        while (a.stateValue() != state && System.nanoTime() < deadline) {
            AlarmSdkIT.sleep(100);
            a = cw.describeAlarms(b -> b.alarmNames(name)).metricAlarms().get(0);
        }
        assertThat(a.stateValue()).as("%s in %s within %s; last %s; child output:\n%s", name, state, WAIT, a, node.output())
                .isEqualTo(state);
        return a;
    }

    private static CloudWatchClient client(ChildNode node) {
        return EmbeddedNode.cloudWatchClient(URI.create("http://127.0.0.1:" + node.port()), ADMIN_KEY, ADMIN_SECRET);
    }
}
