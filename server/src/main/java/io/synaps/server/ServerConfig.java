package io.synaps.server;

import io.synaps.api.auth.session.SessionConfig;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * ServerConfig is everything one Synaps node needs to start with embedded storage. Immutable.
 *
 * @param port                 TCP port of the API (0 = pick a free one)
 * @param dataDir              where the journal, the RocksDB store, the credentials and users files live
 * @param region               the region this node serves (ARNs, SigV4 scope)
 * @param adminAccessKeyId     bootstrap admin access key id
 * @param adminSecretAccessKey bootstrap admin secret (never logged)
 * @param adminAccountId       12-digit account of the admin key and of the bootstrap dashboard user
 * @param partitions           journal/engine partitions
 * @param maxActiveSeriesPerAccount refuse PutMetricData beyond this many active series per account
 * @param clock                time source of the whole node
 * @param delivery             alarm action and topic delivery settings (SMTP, SMS gateway, Nova)
 * @param adminUser            bootstrap dashboard user name, or null for none
 * @param adminPassword        bootstrap dashboard password (never logged), or null for none
 * @param sessions             dashboard session lifetimes and per-user limit
 */
public record ServerConfig(int port, Path dataDir, String region, String adminAccessKeyId,
                           String adminSecretAccessKey, String adminAccountId, int partitions,
                           int maxActiveSeriesPerAccount, Clock clock, NotifyConfig delivery,
                           String adminUser, String adminPassword, SessionConfig sessions) {

    public static final String DEFAULT_ACCESS_KEY_ID = "AKIASYNAPSLOCALADMIN";
    public static final String DEFAULT_SECRET_ACCESS_KEY = "synaps-local-admin-secret-change-me";
    public static final String DEFAULT_ACCOUNT_ID = "000000000001";
    public static final int DEFAULT_PORT = 8780;

    /**
     * Local defaults (the README documents them), random port, data under {@code dataDir}, no
     * bootstrap dashboard user (scripts/run.sh sets one).
     */
    public static ServerConfig defaults(Path dataDir) {
        return new ServerConfig(0, dataDir, "us-east-1", DEFAULT_ACCESS_KEY_ID, DEFAULT_SECRET_ACCESS_KEY,
                DEFAULT_ACCOUNT_ID, 2, 1_000_000, Clock.systemUTC(), NotifyConfig.none("http://127.0.0.1:" + DEFAULT_PORT),
                null, null, SessionConfig.defaults());
    }

    /**
     * Defaults overridden by SYNAPS_* environment variables; the dashboard ones are
     * {@code SYNAPS_ADMIN_USER} + {@code SYNAPS_ADMIN_PASSWORD} (both or neither),
     * {@code SYNAPS_SESSION_LIFETIME} and {@code SYNAPS_SESSION_IDLE} (ISO-8601 like {@code PT12H},
     * or seconds) and {@code SYNAPS_SESSIONS_PER_USER}.
     */
    public static ServerConfig fromEnvironment(Map<String, String> env) {
        ServerConfig d = defaults(Path.of(env.getOrDefault("SYNAPS_DATA_DIR", "./data")));
        int port = Integer.parseInt(env.getOrDefault("SYNAPS_PORT", String.valueOf(DEFAULT_PORT)));
        String adminUser = blankToNull(env.get("SYNAPS_ADMIN_USER"));
        String adminPassword = blankToNull(env.get("SYNAPS_ADMIN_PASSWORD"));
        if ((adminUser == null) != (adminPassword == null)) {
            throw new IllegalArgumentException("set both SYNAPS_ADMIN_USER and SYNAPS_ADMIN_PASSWORD, or neither");
        }
        SessionConfig s = d.sessions();
        SessionConfig sessions = new SessionConfig(
                duration(env, "SYNAPS_SESSION_LIFETIME", s.absoluteLifetime()),
                duration(env, "SYNAPS_SESSION_IDLE", s.idleTimeout()),
                Integer.parseInt(env.getOrDefault("SYNAPS_SESSIONS_PER_USER", String.valueOf(s.maxPerUser()))));
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
                NotifyConfig.fromEnvironment(env, port),
                adminUser,
                adminPassword,
                sessions);
    }

    /** A duration setting: ISO-8601 ({@code PT12H}) or a whole number of seconds. */
    static Duration duration(Map<String, String> env, String name, Duration fallback) {
        String v = blankToNull(env.get(name));
        if (v == null) {
            return fallback;
        }
        try {
            return v.chars().allMatch(Character::isDigit) ? Duration.ofSeconds(Long.parseLong(v)) : Duration.parse(v);
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO-8601 duration (PT12H) or seconds: " + v);
        }
    }

    private static String blankToNull(String v) {
        return v == null || v.isBlank() ? null : v;
    }

    public ServerConfig withPort(int newPort) {
        return new ServerConfig(newPort, dataDir, region, adminAccessKeyId, adminSecretAccessKey, adminAccountId,
                partitions, maxActiveSeriesPerAccount, clock, delivery, adminUser, adminPassword, sessions);
    }

    public ServerConfig withClock(Clock newClock) {
        return new ServerConfig(port, dataDir, region, adminAccessKeyId, adminSecretAccessKey, adminAccountId,
                partitions, maxActiveSeriesPerAccount, newClock, delivery, adminUser, adminPassword, sessions);
    }

    public ServerConfig withDelivery(NotifyConfig newDelivery) {
        return new ServerConfig(port, dataDir, region, adminAccessKeyId, adminSecretAccessKey, adminAccountId,
                partitions, maxActiveSeriesPerAccount, clock, newDelivery, adminUser, adminPassword, sessions);
    }

    /** The bootstrap dashboard user for the admin account (both null for none). */
    public ServerConfig withAdminUser(String user, String password) {
        return new ServerConfig(port, dataDir, region, adminAccessKeyId, adminSecretAccessKey, adminAccountId,
                partitions, maxActiveSeriesPerAccount, clock, delivery, user, password, sessions);
    }

    public ServerConfig withSessions(SessionConfig newSessions) {
        return new ServerConfig(port, dataDir, region, adminAccessKeyId, adminSecretAccessKey, adminAccountId,
                partitions, maxActiveSeriesPerAccount, clock, delivery, adminUser, adminPassword, newSessions);
    }

    /** The credentials file of this node. */
    public Path credentialsFile() {
        return dataDir.resolve("credentials.json");
    }

    /** The dashboard users file of this node. */
    public Path usersFile() {
        return dataDir.resolve("users.json");
    }

    @Override
    public String toString() {
        return "ServerConfig[port=" + port + ", dataDir=" + dataDir + ", region=" + region
                + ", adminAccessKeyId=" + adminAccessKeyId + ", adminAccountId=" + adminAccountId
                + ", partitions=" + partitions + ", maxActiveSeriesPerAccount=" + maxActiveSeriesPerAccount
                + ", delivery=" + delivery + ", adminUser=" + adminUser + ", sessions=" + sessions + "]";
    }
}
