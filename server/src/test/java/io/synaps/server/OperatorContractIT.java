package io.synaps.server;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.cloudwatch.model.Metric;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * OperatorContractIT checks the operator contract of architecture.md on the real binary: {@code
 * Main serve} takes its port, data directory, admin key and region from SYNAPS_* variables and
 * prints its ready line; {@code /healthz} and {@code /metrics} answer on the API port; {@code
 * keys create|list|revoke} change who may call a node that is already running.
 */
class OperatorContractIT {

    private static CloudWatchClient client(URI endpoint, String key, String secret, Region region) {
        return CloudWatchClient.builder()
                .endpointOverride(endpoint)
                .region(region)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret)))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(ClientOverrideConfiguration.builder().retryStrategy(b -> b.maxAttempts(1)).build())
                .build();
    }

    @Test
    void serveTakesItsAdminKeyAndRegionFromTheEnvironment() throws Exception {
        Path dir = Files.createTempDirectory("synaps-operator-");
        Map<String, String> env = Map.of("SYNAPS_ACCESS_KEY_ID", "AKIAOPERATORTEST0001",
                "SYNAPS_SECRET_ACCESS_KEY", "operator-secret-0001", "SYNAPS_REGION", "eu-west-1");
        try (ChildNode node = ChildNode.start(dir, env)) {
            URI endpoint = URI.create("http://127.0.0.1:" + node.port());
            try (CloudWatchClient admin = client(endpoint, "AKIAOPERATORTEST0001", "operator-secret-0001", Region.EU_WEST_1)) {
                admin.putMetricData(r -> r.namespace("Operator/env").metricData(d -> d.metricName("Up").value(1.0)));
                assertThat(admin.listMetrics(r -> r.namespace("Operator/env")).metrics())
                        .extracting(Metric::metricName).containsExactly("Up");
            }
            try (CloudWatchClient wrongRegion = client(endpoint, "AKIAOPERATORTEST0001", "operator-secret-0001", Region.US_EAST_1)) {
                CloudWatchException e = catchThrowableOfType(CloudWatchException.class, () -> wrongRegion.listMetrics(r -> { }));
                assertThat(e).as("a signature scoped to another region is refused").isNotNull();
                assertThat(e.statusCode()).isBetween(400, 403);
            }
            try (CloudWatchClient defaultKey = client(endpoint, ServerConfig.DEFAULT_ACCESS_KEY_ID,
                    ServerConfig.DEFAULT_SECRET_ACCESS_KEY, Region.EU_WEST_1)) {
                CloudWatchException e = catchThrowableOfType(CloudWatchException.class, () -> defaultKey.listMetrics(r -> { }));
                assertThat(e).as("only the configured admin key exists").isNotNull();
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId");
            }
        } finally {
            EmbeddedNode.deleteRecursively(dir);
        }
    }

    @Test
    void healthAndMetricsAnswerOnTheApiPort() throws Exception {
        try (EmbeddedNode node = EmbeddedNode.start()) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(node.endpoint().resolve("/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);

            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(node.endpoint().resolve("/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
            assertThat(metrics.body()).contains("# TYPE ").contains("jvm_");
        }
    }

    @Test
    void keysCreatedListedAndRevokedByTheCliTakeEffectOnARunningNode() throws Exception {
        Path dir = Files.createTempDirectory("synaps-keys-");
        Map<String, String> env = Map.of("SYNAPS_DATA_DIR", dir.toString());
        try (ChildNode node = ChildNode.start(dir, Map.of())) {
            URI endpoint = URI.create("http://127.0.0.1:" + node.port());

            ChildNode.CommandResult created = ChildNode.runMain(env, "keys", "create", "--account", "123456789012");
            assertThat(created.exit()).as(created.output()).isZero();
            String keyId = field(created.output(), "AccessKeyId");
            String secret = field(created.output(), "SecretAccessKey");
            assertThat(field(created.output(), "AccountId")).isEqualTo("123456789012");

            ChildNode.CommandResult listed = ChildNode.runMain(env, "keys", "list");
            assertThat(listed.exit()).as(listed.output()).isZero();
            assertThat(listed.output()).contains(keyId).contains("123456789012").contains(ServerConfig.DEFAULT_ACCESS_KEY_ID)
                    .doesNotContain(secret).doesNotContain(ServerConfig.DEFAULT_SECRET_ACCESS_KEY);

            try (CloudWatchClient tenant = client(endpoint, keyId, secret, Region.US_EAST_1);
                 CloudWatchClient admin = client(endpoint, ServerConfig.DEFAULT_ACCESS_KEY_ID,
                         ServerConfig.DEFAULT_SECRET_ACCESS_KEY, Region.US_EAST_1)) {
                tenant.putMetricData(r -> r.namespace("Operator/keys").metricData(d -> d.metricName("TenantOnly").value(1.0)));
                assertThat(tenant.listMetrics(r -> r.namespace("Operator/keys")).metrics())
                        .extracting(Metric::metricName).containsExactly("TenantOnly");
                assertThat(admin.listMetrics(r -> r.namespace("Operator/keys")).metrics()).isEmpty();

                ChildNode.CommandResult revoked = ChildNode.runMain(env, "keys", "revoke", keyId);
                assertThat(revoked.exit()).as(revoked.output()).isZero();
                CloudWatchException e = CloudWatchSdkIT.eventually(
                        () -> catchThrowableOfType(CloudWatchException.class, () -> tenant.listMetrics(r -> r.namespace("Operator/keys"))),
                        x -> x != null);
                assertThat(e).as("a revoked key is refused by the running node").isNotNull();
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId");
            }

            ChildNode.CommandResult again = ChildNode.runMain(env, "keys", "revoke", keyId);
            assertThat(again.exit()).as("revoking an unknown key fails").isNotZero();
            ChildNode.CommandResult badAccount = ChildNode.runMain(env, "keys", "create", "--account", "12");
            assertThat(badAccount.exit()).as("an account id must be 12 digits").isNotZero();
        } finally {
            EmbeddedNode.deleteRecursively(dir);
        }
    }

    private static String field(String output, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + ": (\\S+)$").matcher(output);
        assertThat(m.find()).as("%s in:\n%s", name, output).isTrue();
        return m.group(1);
    }
}
