package io.synaps.server;

import io.synaps.api.auth.Credential;
import io.synaps.api.auth.FileCredentialStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * EmbeddedNode is a real Synaps node started in this JVM on a random port over a temporary data
 * directory, with helpers to build real AWS SDK clients against it. Test fixture; thread-safe
 * after start, closed once.
 */
final class EmbeddedNode implements AutoCloseable {
    private final Path dataDir;
    private final ServerConfig config;
    private final SynapsServer server;

    private EmbeddedNode(Path dataDir, ServerConfig config, SynapsServer server) {
        this.dataDir = dataDir;
        this.config = config;
        this.server = server;
    }

    /** Starts a node with the local defaults (admin key, us-east-1) and the system clock. */
    static EmbeddedNode start() {
        return start(Clock.systemUTC());
    }

    /** Starts a node whose whole time source is {@code clock}. */
    static EmbeddedNode start(Clock clock) {
        try {
            Path dir = Files.createTempDirectory("synaps-it-");
            ServerConfig config = ServerConfig.defaults(dir).withClock(clock);
            return new EmbeddedNode(dir, config, SynapsServer.start(config));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return server.port();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    ServerConfig config() {
        return config;
    }

    Credential admin() {
        return new Credential(config.adminAccessKeyId(), config.adminSecretAccessKey(), config.adminAccountId());
    }

    /** Creates a new access key for {@code accountId} through the node's credentials file, as {@code synaps keys create} does. */
    Credential createAccessKey(String accountId) {
        return credentialStore().create(accountId);
    }

    /** Revokes an access key, as {@code synaps keys revoke} does. */
    boolean revokeAccessKey(String accessKeyId) {
        return credentialStore().revoke(accessKeyId);
    }

    /** Adds a dashboard user bound to {@code accountId}, as {@code synaps users add} does. */
    void addUser(String name, String password, String accountId) {
        new io.synaps.api.auth.session.FileUserStore(config.usersFile(), new io.synaps.api.auth.session.Argon2idHasher(),
                Clock.systemUTC()).add(name, accountId, password.toCharArray());
    }

    private FileCredentialStore credentialStore() {
        return new FileCredentialStore(config.credentialsFile(), Clock.systemUTC());
    }

    /** A real CloudWatch client (RPC v2 CBOR) with the admin key, no retries. */
    CloudWatchClient cloudWatch() {
        return cloudWatch(admin());
    }

    CloudWatchClient cloudWatch(Credential credential, ExecutionInterceptor... interceptors) {
        return cloudWatchClient(endpoint(), credential.accessKeyId(), credential.secretAccessKey(), interceptors);
    }

    static CloudWatchClient cloudWatchClient(URI endpoint, String accessKeyId, String secret, ExecutionInterceptor... interceptors) {
        ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder()
                .retryStrategy(b -> b.maxAttempts(1))
                .apiCallTimeout(Duration.ofSeconds(60));
        for (ExecutionInterceptor interceptor : interceptors) {
            override.addExecutionInterceptor(interceptor);
        }
        return CloudWatchClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secret)))
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(60))
                        .build())
                .overrideConfiguration(override.build())
                .build();
    }

    @Override
    public void close() {
        server.close();
        deleteRecursively(dataDir);
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort: a leftover temp file must not fail a test
                }
            });
        } catch (IOException e) {
            // same
        }
    }
}
