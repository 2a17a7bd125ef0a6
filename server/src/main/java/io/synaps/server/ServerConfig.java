package io.synaps.server;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * ServerConfig is everything one Synaps node needs to start with embedded storage.
 *
 * @param port                 TCP port of the API (0 = pick a free one)
 * @param dataDir              where the journal, the RocksDB store and the credentials file live
 * @param region               the region this node serves (ARNs, SigV4 scope)
 * @param adminAccessKeyId     bootstrap admin access key id
 * @param adminSecretAccessKey bootstrap admin secret (never logged)
 * @param adminAccountId       12-digit account of the admin key
 * @param partitions           journal/engine partitions
 * @param maxActiveSeriesPerAccount refuse PutMetricData beyond this many active series per account
 * @param clock                time source of the whole node
 * @param delivery               alarm action and topic delivery settings (SMTP, SMS gateway, Nova)
 */
public record ServerConfig(int port, Path dataDir, String region, String adminAccessKeyId,
                           String adminSecretAccessKey, String adminAccountId, int partitions,
                           int maxActiveSeriesPerAccount, Clock clock, NotifyConfig delivery) {

    public static final String DEFAULT_ACCESS_KEY_ID = "AKIASYNAPSLOCALADMIN";
    public static final String DEFAULT_SECRET_ACCESS_KEY = "synaps-local-admin-secret-change-me";
    public static final String DEFAULT_ACCOUNT_ID = "000000000001";
    public static final int DEFAULT_PORT = 8780;

    /** Local defaults (the README documents them), random port, data under {@code dataDir}. */
    public static ServerConfig defaults(Path dataDir) {
        return new ServerConfig(0, dataDir, "us-east-1", DEFAULT_ACCESS_KEY_ID, DEFAULT_SECRET_ACCESS_KEY,
                DEFAULT_ACCOUNT_ID, 2, 1_000_000, Clock.systemUTC(), NotifyConfig.none("http://127.0.0.1:" + DEFAULT_PORT));
    }

    /** Defaults overridden by SYNAPS_* environment variables. */
    public static ServerConfig fromEnvironment(Map<String, String> env) {
        ServerConfig d = defaults(Path.of(env.getOrDefault("SYNAPS_DATA_DIR", "./data")));
        int port = Integer.parseInt(env.getOrDefault("SYNAPS_PORT", String.valueOf(DEFAULT_PORT)));
        return new ServerConfig(
                port,
                d.dataDir(),
                env.getOrDefault("SYNAPS_REGION", d.region()),
                env.getOrDefault("SYNAPS_ACCESS_KEY_ID", d.adminAccessKeyId()),
                env.getOrDefault("SYNAPS_SECRET_ACCESS_KEY", d.adminSecretAccessKey()),
                env.getOrDefault("SYNAPS_ACCOUNT_ID", d.adminAccountId()),
                Integer.parseInt(env.getOrDefault("SYNAPS_PARTITIONS", String.valueOf(d.partitions()))),
                Integer.parseInt(env.getOrDefault("SYNAPS_MAX_ACTIVE_SERIES", String.valueOf(d.maxActiveSeriesPerAccount()))),
                d.clock(),
                NotifyConfig.fromEnvironment(env, port));
    }

    public ServerConfig withPort(int newPort) {
        return new ServerConfig(newPort, dataDir, region, adminAccessKeyId, adminSecretAccessKey, adminAccountId,
                partitions, maxActiveSeriesPerAccount, clock, delivery);
    }

    public ServerConfig withClock(Clock newClock) {
        return new ServerConfig(port, dataDir, region, adminAccessKeyId, adminSecretAccessKey, adminAccountId,
                partitions, maxActiveSeriesPerAccount, newClock, delivery);
    }

    public ServerConfig withDelivery(NotifyConfig newDelivery) {
        return new ServerConfig(port, dataDir, region, adminAccessKeyId, adminSecretAccessKey, adminAccountId,
                partitions, maxActiveSeriesPerAccount, clock, newDelivery);
    }

    /** The credentials file of this node. */
    public Path credentialsFile() {
        return dataDir.resolve("credentials.json");
    }

    @Override
    public String toString() {
        return "ServerConfig[port=" + port + ", dataDir=" + dataDir + ", region=" + region
                + ", adminAccessKeyId=" + adminAccessKeyId + ", adminAccountId=" + adminAccountId
                + ", partitions=" + partitions + ", maxActiveSeriesPerAccount=" + maxActiveSeriesPerAccount
                + ", delivery=" + delivery + "]";
    }
}
