package io.synaps.notify.nova;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.synaps.model.Dimension;
import io.synaps.model.MetricId;
import io.synaps.model.alarm.AlarmActions;
import io.synaps.model.alarm.AlarmArn;
import io.synaps.model.alarm.AlarmState;
import io.synaps.model.alarm.AlarmStatus;
import io.synaps.model.alarm.AlarmTransition;
import io.synaps.model.alarm.ComparisonOperator;
import io.synaps.model.alarm.MetricAlarm;
import io.synaps.notify.dispatch.Outcome;
import io.synaps.store.metric.MutableClock;
import io.synaps.store.outbox.Delivery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NovaNotifierTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "s3cret-Pa55word!";
    private static final String APP_SECRET = "app-cred-secret-Zq9";
    private static final String ACCOUNT = "123456789012";
    private static final String SERVER = "9168b536-cd40-4630-b43f-b259807c6e87";
    private static final String OTHER_SERVER = "4b4c5f1e-7c3d-4d5e-9f10-1a2b3c4d5e6f";
    private static final NovaConfig.Password PASSWORD_CREDENTIALS =
            new NovaConfig.Password("synaps", PASSWORD, "Default", "ops", "Default");

    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T10:00:00Z"));
    private final List<Outcome> outcomes = new ArrayList<>();
    private OpenStackStandIn openstack;
    private NovaNotifier notifier;
    private int transitions;

    @AfterEach
    void noSecretInAnyOutcomeAndNoBadRequestShape() {
        if (openstack == null) {
            return;
        }
        List<String> secrets = new ArrayList<>(openstack.issuedTokens());
        secrets.add(PASSWORD);
        secrets.add(APP_SECRET);
        for (Outcome o : outcomes) {
            for (String s : secrets) {
                assertThat(o.detail()).as("outcome detail").doesNotContain(s);
            }
        }
        openstack.close();
    }

    private void start(NovaConfig.Credentials credentials, java.util.function.UnaryOperator<NovaConfig> tune)
            throws IOException {
        openstack = new OpenStackStandIn(clock, credentials, NovaConfig.DEFAULT_MICROVERSION);
        openstack.addServer(SERVER);
        openstack.addServer(OTHER_SERVER);
        NovaConfig config = tune.apply(NovaConfig.of(openstack.keystoneUrl(), credentials).withRegion("RegionOne")
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)));
        notifier = new NovaNotifier(config, clock);
    }

    private void start() throws IOException {
        start(PASSWORD_CREDENTIALS, c -> c);
    }

    private static MetricAlarm alarm(String account, String name, String instanceId) {
        List<Dimension> dims = instanceId == null ? List.of(new Dimension("AutoScalingGroupName", "web"))
                : List.of(new Dimension("InstanceId", instanceId));
        return new MetricAlarm(account, name, AlarmArn.of("us-east-1", account, name), null, AlarmActions.none(),
                new MetricId("AWS/EC2", "CPUUtilization", dims), "Average", null, null, 60, 1, null, 90.0,
                ComparisonOperator.GreaterThanThreshold, null, null, 0L,
                new AlarmStatus(AlarmState.ALARM, "Threshold Crossed", null, 0L, 0L));
    }

    private Outcome send(String account, String alarmName, String instanceId, String actionArn) {
        long t = clock.millis() + (++transitions);
        MetricAlarm a = alarm(account, alarmName, instanceId);
        AlarmStatus status = new AlarmStatus(AlarmState.ALARM, "Threshold Crossed", null, t, t);
        AlarmTransition tr = new AlarmTransition(a.withStatus(status), AlarmStatus.initial(0L), t, false);
        String key = tr.key() + "/" + actionArn;
        Delivery d = new Delivery(key, account, account + "/" + alarmName + "/" + actionArn, t, "nova", actionArn,
                NovaPayload.of(tr, actionArn).toJson(), 0, t, null, t);
        Outcome o = notifier.send(d);
        outcomes.add(o);
        return o;
    }

    private Outcome send(String alarmName, String actionArn) {
        return send(ACCOUNT, alarmName, SERVER, actionArn);
    }

    private static String automate(String verb) {
        return "arn:aws:automate:us-east-1:ec2:" + verb;
    }

    private OpenStackStandIn.Call onlyCall() {
        assertThat(openstack.calls()).hasSize(1);
        return openstack.calls().get(0);
    }

    private static JsonNode json(String s) throws IOException {
        return JSON.readTree(s);
    }

    private void assertWellFormedCall(OpenStackStandIn.Call call) {
        assertThat(openstack.violations()).isEmpty();
        assertThat(call.token()).isEqualTo(openstack.issuedTokens().get(openstack.issuedTokens().size() - 1));
        assertThat(call.apiVersion()).isEqualTo("compute 2.25");
        assertThat(call.novaApiVersion()).isEqualTo("2.25");
    }

    @Test
    void rebootSendsASoftRebootWithTheIssuedTokenAndMicroversion() throws IOException {
        start();
        Outcome o = send("cpu-high", automate("reboot"));
        assertThat(o.status()).isEqualTo(Outcome.Status.DELIVERED);
        OpenStackStandIn.Call call = onlyCall();
        assertWellFormedCall(call);
        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.path()).isEqualTo("/compute/v2.1/servers/" + SERVER + "/action");
        assertThat(call.body()).isEqualTo(json("{\"reboot\":{\"type\":\"SOFT\"}}"));
        assertThat(call.status()).isEqualTo(202);
        assertThat(o.detail()).contains("reboot of server " + SERVER).contains("202")
                .contains("{\"reboot\":{\"type\":\"SOFT\"}}");
    }

    @Test
    void stopSendsOsStopWithANullValue() throws IOException {
        start();
        assertThat(send("cpu-high", automate("stop")).status()).isEqualTo(Outcome.Status.DELIVERED);
        OpenStackStandIn.Call call = onlyCall();
        assertWellFormedCall(call);
        assertThat(call.path()).isEqualTo("/compute/v2.1/servers/" + SERVER + "/action");
        assertThat(call.body()).isEqualTo(json("{\"os-stop\":null}"));
        assertThat(openstack.vmState(SERVER)).isEqualTo("stopped");
    }

    @Test
    void terminateDeletesTheServerWithoutABody() throws IOException {
        start();
        assertThat(send("cpu-high", automate("terminate")).status()).isEqualTo(Outcome.Status.DELIVERED);
        OpenStackStandIn.Call call = onlyCall();
        assertWellFormedCall(call);
        assertThat(call.method()).isEqualTo("DELETE");
        assertThat(call.path()).isEqualTo("/compute/v2.1/servers/" + SERVER);
        assertThat(call.body()).isNull();
        assertThat(call.status()).isEqualTo(204);
        assertThat(openstack.vmState(SERVER)).isNull();
    }

    @Test
    void recoverIsAHardRebootThatAlsoWorksOnAStoppedServer() throws IOException {
        start();
        assertThat(send("stopper", automate("stop")).status()).isEqualTo(Outcome.Status.DELIVERED);
        Outcome o = send("status-check-failed", automate("recover"));
        assertThat(o.status()).isEqualTo(Outcome.Status.DELIVERED);
        OpenStackStandIn.Call call = openstack.calls().get(1);
        assertWellFormedCall(call);
        assertThat(call.body()).isEqualTo(json("{\"reboot\":{\"type\":\"HARD\"}}"));
        assertThat(openstack.vmState(SERVER)).isEqualTo("active");
    }

    @Test
    void migrateIsAColdMigration() throws IOException {
        start();
        Outcome o = send("host-degraded", "arn:synaps:nova:RegionOne:" + ACCOUNT + ":migrate");
        assertThat(o.status()).isEqualTo(Outcome.Status.DELIVERED);
        OpenStackStandIn.Call call = onlyCall();
        assertWellFormedCall(call);
        assertThat(call.body()).isEqualTo(json("{\"migrate\":null}"));
    }

    @Test
    void liveMigrationFlagSendsOsMigrateLiveWithTheSchedulerChoosingTheHost() throws IOException {
        start(PASSWORD_CREDENTIALS, c -> c.withLiveMigration(true));
        Outcome o = send("host-degraded", "arn:synaps:nova:RegionOne:" + ACCOUNT + ":migrate");
        assertThat(o.status()).isEqualTo(Outcome.Status.DELIVERED);
        OpenStackStandIn.Call call = onlyCall();
        assertWellFormedCall(call);
        assertThat(call.body()).isEqualTo(json("{\"os-migrateLive\":{\"host\":null,\"block_migration\":\"auto\"}}"));
    }

    @Test
    void migrateOfAnotherAccountsArnFailsWithoutAnyCall() throws IOException {
        start();
        Outcome o = send("host-degraded", "arn:synaps:nova:RegionOne:999999999999:migrate");
        assertThat(o.status()).isEqualTo(Outcome.Status.FAILED);
        assertThat(o.detail()).contains("belongs to account 999999999999");
        assertThat(openstack.calls()).isEmpty();
        assertThat(openstack.authBodies()).isEmpty();
    }

    @Test
    void passwordAuthenticationSendsTheKeystoneV3PasswordBodyScopedToTheProject() throws IOException {
        start();
        send("cpu-high", automate("reboot"));
        assertThat(openstack.authBodies()).containsExactly(json("{\"auth\":{\"identity\":{\"methods\":[\"password\"],"
                + "\"password\":{\"user\":{\"name\":\"synaps\",\"domain\":{\"name\":\"Default\"},\"password\":\""
                + PASSWORD + "\"}}},\"scope\":{\"project\":{\"name\":\"ops\",\"domain\":{\"name\":\"Default\"}}}}}"));
        assertThat(openstack.violations()).isEmpty();
    }

    @Test
    void applicationCredentialAuthenticationSendsIdAndSecretWithoutAScope() throws IOException {
        start(new NovaConfig.ApplicationCredential("6cb5fa6a13184e6fab65ba2108adf50c", APP_SECRET), c -> c);
        assertThat(send("cpu-high", automate("reboot")).status()).isEqualTo(Outcome.Status.DELIVERED);
        assertThat(openstack.authBodies()).containsExactly(json("{\"auth\":{\"identity\":{\"methods\":"
                + "[\"application_credential\"],\"application_credential\":{"
                + "\"id\":\"6cb5fa6a13184e6fab65ba2108adf50c\","
                + "\"secret\":\"" + APP_SECRET + "\"}}}}"));
        assertWellFormedCall(onlyCall());
    }

    @Test
    void wrongCredentialsFailWithKeystonesAnswerAndNoSecret() throws IOException {
        openstack = new OpenStackStandIn(clock, PASSWORD_CREDENTIALS, NovaConfig.DEFAULT_MICROVERSION);
        openstack.addServer(SERVER);
        notifier = new NovaNotifier(NovaConfig.of(openstack.keystoneUrl(),
                new NovaConfig.Password("synaps", PASSWORD + "-wrong", "Default", "ops", "Default"))
                .withRegion("RegionOne"), clock);
        Outcome o = send("cpu-high", automate("reboot"));
        assertThat(o.status()).isEqualTo(Outcome.Status.FAILED);
        assertThat(o.detail()).contains("Keystone refused the credentials (401)")
                .contains("The request you have made requires authentication.");
        assertThat(o.detail()).doesNotContain(PASSWORD + "-wrong");
        assertThat(openstack.calls()).isEmpty();
    }

    @Test
    void aTokenIsReusedUntilItIsDueForRenewal() throws IOException {
        start();
        send("alarm-a", automate("reboot"));
        send("alarm-b", automate("reboot"));
        clock.advance(Duration.ofMinutes(30));
        send("alarm-c", automate("reboot"));
        assertThat(openstack.authBodies()).hasSize(1);
        assertThat(openstack.calls()).extracting(OpenStackStandIn.Call::token)
                .containsOnly(openstack.issuedTokens().get(0));
    }

    @Test
    void aTokenIsRenewedBeforeItExpires() throws IOException {
        start();
        send("alarm-a", automate("reboot"));
        clock.advance(Duration.ofMinutes(56)); // one hour tokens, renewed five minutes early
        assertThat(send("alarm-b", automate("reboot")).status()).isEqualTo(Outcome.Status.DELIVERED);
        assertThat(openstack.issuedTokens()).hasSize(2);
        assertThat(openstack.calls()).extracting(OpenStackStandIn.Call::status).containsExactly(202, 202);
        assertThat(openstack.calls().get(1).token()).isEqualTo(openstack.issuedTokens().get(1));
    }

    @Test
    void aShortLivedTokenIsStillReusedForHalfItsLife() throws IOException {
        start();
        openstack.tokenLifetime(Duration.ofMinutes(2));
        send("alarm-a", automate("reboot"));
        clock.advance(Duration.ofSeconds(50));
        send("alarm-b", automate("reboot"));
        assertThat(openstack.issuedTokens()).hasSize(1);
        clock.advance(Duration.ofSeconds(20));
        send("alarm-c", automate("reboot"));
        assertThat(openstack.issuedTokens()).hasSize(2);
        assertThat(openstack.calls()).extracting(OpenStackStandIn.Call::status).containsOnly(202);
    }

    @Test
    void aRevokedTokenIsReplacedOnceAfterNovaAnswers401() throws IOException {
        start();
        send("alarm-a", automate("reboot"));
        openstack.revokeTokens();
        Outcome o = send("alarm-b", automate("reboot"));
        assertThat(o.status()).isEqualTo(Outcome.Status.DELIVERED);
        assertThat(openstack.issuedTokens()).hasSize(2);
        assertThat(openstack.calls()).extracting(OpenStackStandIn.Call::status).containsExactly(202, 401, 202);
        assertThat(openstack.calls().get(2).token()).isEqualTo(openstack.issuedTokens().get(1));
        assertThat(openstack.violations()).isEmpty();
    }

    @Test
    void aSecondActionOfTheSameAlarmWithinTheCooldownFailsWithoutCallingNova() throws IOException {
        start();
        assertThat(send("cpu-high", automate("reboot")).status()).isEqualTo(Outcome.Status.DELIVERED);
        clock.advance(Duration.ofMinutes(9));
        Outcome second = send("cpu-high", automate("reboot"));
        assertThat(second.status()).isEqualTo(Outcome.Status.FAILED);
        assertThat(second.detail())
                .startsWith("cool-down: alarm cpu-high already ran a Nova action at 2025-03-01T10:00:00")
                .contains("no other before 2025-03-01T10:10:00").contains("PT10M");
        assertThat(openstack.calls()).hasSize(1);
        assertThat(send("other-alarm", automate("reboot")).status()).isEqualTo(Outcome.Status.DELIVERED);
        clock.advance(Duration.ofMinutes(1));
        assertThat(send("cpu-high", automate("reboot")).status()).isEqualTo(Outcome.Status.DELIVERED);
        assertThat(openstack.calls()).hasSize(3);
    }

    @Test
    void aFailedOrRetriedCallDoesNotStartTheCooldown() throws IOException {
        start();
        openstack.failNext(503);
        assertThat(send("cpu-high", automate("reboot")).status()).isEqualTo(Outcome.Status.RETRY);
        assertThat(send("cpu-high", automate("reboot")).status()).isEqualTo(Outcome.Status.DELIVERED);
        assertThat(send(ACCOUNT, "gone", "0e2a1b9c-0000-4000-8000-000000000000", automate("reboot")).status())
                .isEqualTo(Outcome.Status.FAILED);
        assertThat(send(ACCOUNT, "gone", SERVER, automate("reboot")).status()).isEqualTo(Outcome.Status.DELIVERED);
    }

    @Test
    void theSameDeliveryTwiceIsReportedDoneWithoutASecondCall() throws IOException {
        start();
        long t = clock.millis();
        MetricAlarm a = alarm(ACCOUNT, "cpu-high", SERVER);
        AlarmTransition tr = new AlarmTransition(a, AlarmStatus.initial(0L), t, false);
        String arn = automate("reboot");
        Delivery d = new Delivery(tr.key() + "/" + arn, ACCOUNT, "o", t, "nova", arn,
                NovaPayload.of(tr, arn).toJson(), 0, t, null, t);
        assertThat(notifier.send(d).status()).isEqualTo(Outcome.Status.DELIVERED);
        Outcome again = notifier.send(d);
        assertThat(again.status()).isEqualTo(Outcome.Status.DELIVERED);
        assertThat(again.detail()).startsWith("already executed at");
        assertThat(openstack.calls()).hasSize(1);
    }

    @Test
    void anAccountOverItsActionsPerMinuteIsToldToRetryLater() throws IOException {
        start(PASSWORD_CREDENTIALS, c -> c.withPerAccountRatePerMinute(2));
        assertThat(send("a1", automate("reboot")).status()).isEqualTo(Outcome.Status.DELIVERED);
        assertThat(send("a2", automate("reboot")).status()).isEqualTo(Outcome.Status.DELIVERED);
        Outcome third = send("a3", automate("reboot"));
        assertThat(third.status()).isEqualTo(Outcome.Status.RETRY);
        assertThat(third.detail()).isEqualTo("rate limit: account " + ACCOUNT
                + " is over 2 Nova actions per minute; retry in 30 s");
        assertThat(send("210987654321", "b1", SERVER, automate("reboot")).status())
                .isEqualTo(Outcome.Status.DELIVERED);
        assertThat(openstack.calls()).hasSize(3);
        clock.advance(Duration.ofSeconds(30));
        assertThat(send("a3", automate("reboot")).status()).isEqualTo(Outcome.Status.DELIVERED);
        assertThat(send("a4", automate("reboot")).status()).isEqualTo(Outcome.Status.RETRY);
    }

    @Test
    void aRateLimitedActionKeepsNoCooldown() throws IOException {
        start(PASSWORD_CREDENTIALS, c -> c.withPerAccountRatePerMinute(1));
        send("a1", automate("reboot"));
        assertThat(send("a2", automate("reboot")).status()).isEqualTo(Outcome.Status.RETRY);
        clock.advance(Duration.ofMinutes(1));
        assertThat(send("a2", automate("reboot")).status()).isEqualTo(Outcome.Status.DELIVERED);
    }

    @Test
    void dryRunDeliversWithoutCallingKeystoneOrNova() throws IOException {
        start(PASSWORD_CREDENTIALS, c -> c.withDryRun(true));
        Outcome o = send("cpu-high", automate("stop"));
        assertThat(o.status()).isEqualTo(Outcome.Status.DELIVERED);
        assertThat(o.detail()).isEqualTo("dry run: would POST /servers/" + SERVER + "/action {\"os-stop\":null}");
        assertThat(send("other", automate("terminate")).detail())
                .isEqualTo("dry run: would DELETE /servers/" + SERVER);
        assertThat(openstack.authBodies()).isEmpty();
        assertThat(openstack.calls()).isEmpty();
        assertThat(send("cpu-high", automate("stop")).detail()).startsWith("cool-down:");
    }

    @Test
    void serverErrorsAreRetriedWithNovasMessage() throws IOException {
        start();
        openstack.failNext(500, 503);
        Outcome first = send("cpu-high", automate("reboot"));
        assertThat(first.status()).isEqualTo(Outcome.Status.RETRY);
        assertThat(first.detail()).contains("Nova answered 500 to POST /servers/" + SERVER + "/action")
                .contains("computeFault: Unexpected API Error.");
        assertThat(send("cpu-high", automate("reboot")).status()).isEqualTo(Outcome.Status.RETRY);
        assertThat(send("cpu-high", automate("reboot")).status()).isEqualTo(Outcome.Status.DELIVERED);
    }

    @Test
    void aTimeoutIsRetried() throws IOException {
        start(PASSWORD_CREDENTIALS, c -> c.withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(300)));
        openstack.delayNova(Duration.ofSeconds(2));
        Outcome o = send("cpu-high", automate("reboot"));
        assertThat(o.status()).isEqualTo(Outcome.Status.RETRY);
        assertThat(o.detail()).contains("did not answer POST /servers/" + SERVER + "/action")
                .contains("within PT0.3S");
    }

    @Test
    void anUnreachableKeystoneIsRetried() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        notifier = new NovaNotifier(NovaConfig.of(URI.create("http://127.0.0.1:" + port + "/v3"),
                PASSWORD_CREDENTIALS), clock);
        Outcome o = notifier.send(new Delivery("k", ACCOUNT, "o", 1, "nova", automate("reboot"),
                new NovaPayload("reboot", automate("reboot"), "us-east-1", ACCOUNT, "a", null, SERVER, "ALARM", 1)
                        .toJson(), 0, 1, null, 1));
        assertThat(o.status()).isEqualTo(Outcome.Status.RETRY);
        assertThat(o.detail()).contains("could not reach Keystone at 127.0.0.1:" + port);
    }

    @Test
    void aMissingServerFailsWithNovasMessage() throws IOException {
        start();
        String missing = "0e2a1b9c-0000-4000-8000-000000000000";
        Outcome o = send(ACCOUNT, "cpu-high", missing, automate("reboot"));
        assertThat(o.status()).isEqualTo(Outcome.Status.FAILED);
        assertThat(o.detail()).isEqualTo("Nova answered 404 to POST /servers/" + missing
                + "/action {\"reboot\":{\"type\":\"SOFT\"}}: itemNotFound: Instance " + missing
                + " could not be found.");
    }

    @Test
    void aConflictFailsWithNovasMessage() throws IOException {
        start();
        send("stopper", automate("stop"));
        Outcome o = send("stopper-again", automate("stop"));
        assertThat(o.status()).isEqualTo(Outcome.Status.FAILED);
        assertThat(o.detail()).endsWith("409 to POST /servers/" + SERVER + "/action {\"os-stop\":null}:"
                + " conflictingRequest: Cannot 'stop' instance " + SERVER + " while it is in vm_state stopped");
    }

    @Test
    void aTokenQuotedInNovasErrorNeverReachesTheOutcome() throws IOException {
        start();
        openstack.echoTokenInErrors(true);
        openstack.failNext(400);
        Outcome o = send("cpu-high", automate("reboot"));
        assertThat(o.status()).isEqualTo(Outcome.Status.FAILED);
        assertThat(o.detail()).contains("badRequest: Injected failure for token ****");
        assertThat(o.detail()).doesNotContain(openstack.issuedTokens().get(0));
    }

    @Test
    void anAlarmWithoutAnInstanceIdFailsWithAClearReason() throws IOException {
        start();
        Outcome o = send(ACCOUNT, "asg-cpu", null, automate("reboot"));
        assertThat(o.status()).isEqualTo(Outcome.Status.FAILED);
        assertThat(o.detail()).isEqualTo("cannot reboot: alarm asg-cpu has no InstanceId dimension (Nova actions need"
                + " the alarm's metric to carry the server id as its InstanceId dimension)");
        assertThat(openstack.authBodies()).isEmpty();
        assertThat(openstack.calls()).isEmpty();
    }

    @Test
    void anEc2StyleInstanceIdFailsAsNotANovaServerId() throws IOException {
        start();
        Outcome o = send(ACCOUNT, "cpu", "i-0abcd1234efgh5678", automate("stop"));
        assertThat(o.status()).isEqualTo(Outcome.Status.FAILED);
        assertThat(o.detail()).isEqualTo("cannot stop: InstanceId i-0abcd1234efgh5678 of alarm cpu is not a Nova"
                + " server id (a UUID)");
        assertThat(openstack.calls()).isEmpty();
    }

    @Test
    void theInternalInterfaceIsTakenFromTheCatalogWhenConfigured() throws IOException {
        start(PASSWORD_CREDENTIALS, c -> c.withEndpointInterface("internal"));
        Outcome o = send("cpu-high", automate("reboot"));
        // The stand-in serves only the public compute path; the internal one is recorded as a violation.
        assertThat(openstack.violations()).singleElement().asString()
                .contains("/internal-compute/v2.1/servers/" + SERVER + "/action");
        assertThat(o.status()).isEqualTo(Outcome.Status.FAILED);
    }

    @Test
    void aCatalogWithComputeInSeveralRegionsNeedsTheRegionConfigured() throws IOException {
        start(PASSWORD_CREDENTIALS, c -> c.withRegion(null));
        Outcome o = send("cpu-high", automate("reboot"));
        assertThat(o.status()).isEqualTo(Outcome.Status.FAILED);
        assertThat(o.detail()).contains("compute endpoints in several regions (RegionOne, RegionTwo)");
        assertThat(openstack.calls()).isEmpty();
    }

    @Test
    void aRegionWithoutComputeFailsNamingTheRegionsThatHaveOne() throws IOException {
        start(PASSWORD_CREDENTIALS, c -> c.withRegion("RegionNine"));
        Outcome o = send("cpu-high", automate("reboot"));
        assertThat(o.status()).isEqualTo(Outcome.Status.FAILED);
        assertThat(o.detail()).contains("no compute endpoint with interface public in region RegionNine")
                .contains("RegionOne, RegionTwo");
    }

    @Test
    void aMalformedPayloadFails() throws IOException {
        start();
        Outcome o = notifier.send(new Delivery("k", ACCOUNT, "o", 1, "nova", automate("reboot"), "{not json", 0, 1,
                null, 1));
        outcomes.add(o);
        assertThat(o.status()).isEqualTo(Outcome.Status.FAILED);
        assertThat(o.detail()).isEqualTo("malformed nova delivery: the nova payload is not JSON");
    }

    @Test
    void configToStringHidesPasswordAndSecret() {
        NovaConfig p = NovaConfig.of(URI.create("https://keystone.example:5000/v3"), PASSWORD_CREDENTIALS);
        NovaConfig a = NovaConfig.of(URI.create("https://keystone.example:5000/v3"),
                new NovaConfig.ApplicationCredential("abc", APP_SECRET));
        assertThat(p.toString()).doesNotContain(PASSWORD).contains("password=****").contains("user=synaps");
        assertThat(a.toString()).doesNotContain(APP_SECRET).contains("secret=****").contains("id=abc");
        assertThat(PASSWORD_CREDENTIALS.toString()).doesNotContain(PASSWORD);
    }

    @Test
    void channelIsNova() throws IOException {
        start();
        assertThat(notifier.channels()).containsExactly("nova");
    }
}
