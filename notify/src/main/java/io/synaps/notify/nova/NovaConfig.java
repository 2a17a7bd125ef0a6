package io.synaps.notify.nova;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * NovaConfig is how Synaps reaches OpenStack for alarm actions: the Keystone v3 URL (with or
 * without its {@code /v3} suffix) and credentials, the catalog {@code region} (null: the only
 * compute endpoint of the interface) and {@code endpointInterface} ({@code public},
 * {@code internal} or {@code admin}), the compute {@code microversion} sent on every call,
 * {@code dryRun} (log and record, never call), {@code liveMigration} (migrate live rather than
 * cold), the guard rails {@code perAlarmCooldown} and {@code perAccountRatePerMinute}, HTTP
 * {@code connectTimeout} and {@code requestTimeout}, and {@code tokenRefreshMargin} (a token is
 * renewed this long before it expires). {@link #toString()} never shows a password or secret.
 * Immutable and thread-safe.
 */
public record NovaConfig(URI keystoneUrl, Credentials credentials, String region, String endpointInterface,
                         String microversion, boolean dryRun, boolean liveMigration, Duration perAlarmCooldown,
                         int perAccountRatePerMinute, Duration connectTimeout, Duration requestTimeout,
                         Duration tokenRefreshMargin) {

    /** The default compute microversion: 2.25 (Mitaka) has every body we send, incl. live migration "auto". */
    public static final String DEFAULT_MICROVERSION = "2.25";
    public static final Duration DEFAULT_COOLDOWN = Duration.ofMinutes(10);
    public static final int DEFAULT_RATE_PER_MINUTE = 10;

    private static final Pattern MICROVERSION = Pattern.compile("2\\.(\\d{1,3})");

    /** Credentials is how Synaps proves itself to Keystone; implementations hide their secret in toString. */
    public sealed interface Credentials permits Password, ApplicationCredential {
    }

    /**
     * Password is Keystone v3 password authentication of {@code user} in {@code userDomain}
     * (a domain name), scoped to {@code project} in {@code projectDomain} (a domain name).
     * Immutable.
     */
    public record Password(String user, String password, String userDomain, String project, String projectDomain)
            implements Credentials {
        public Password {
            requireText(user, "user");
            Objects.requireNonNull(password, "password");
            requireText(userDomain, "userDomain");
            requireText(project, "project");
            requireText(projectDomain, "projectDomain");
        }

        @Override
        public String toString() {
            return "Password[user=" + user + ", userDomain=" + userDomain + ", project=" + project
                    + ", projectDomain=" + projectDomain + ", password=****]";
        }
    }

    /** ApplicationCredential is Keystone v3 application-credential authentication by id and secret. Immutable. */
    public record ApplicationCredential(String id, String secret) implements Credentials {
        public ApplicationCredential {
            requireText(id, "id");
            Objects.requireNonNull(secret, "secret");
        }

        @Override
        public String toString() {
            return "ApplicationCredential[id=" + id + ", secret=****]";
        }
    }

    public NovaConfig {
        Objects.requireNonNull(keystoneUrl, "keystoneUrl");
        Objects.requireNonNull(credentials, "credentials");
        requireText(endpointInterface, "endpointInterface");
        Objects.requireNonNull(microversion, "microversion");
        if (!MICROVERSION.matcher(microversion).matches() || minor(microversion) < 1) {
            throw new IllegalArgumentException("microversion must be 2.N with N >= 1, not " + microversion);
        }
        if (keystoneUrl.getScheme() == null || keystoneUrl.getHost() == null
                || !(keystoneUrl.getScheme().equals("http") || keystoneUrl.getScheme().equals("https"))) {
            throw new IllegalArgumentException("keystoneUrl must be an http or https URL");
        }
        requirePositive(perAlarmCooldown, "perAlarmCooldown", true);
        if (perAccountRatePerMinute < 1) {
            throw new IllegalArgumentException("perAccountRatePerMinute must be at least 1");
        }
        requirePositive(connectTimeout, "connectTimeout", false);
        requirePositive(requestTimeout, "requestTimeout", false);
        requirePositive(tokenRefreshMargin, "tokenRefreshMargin", true);
    }

    /**
     * The defaults for {@code credentials} at {@code keystoneUrl}: any region, public interface,
     * microversion 2.25, real calls, cold migration, 10 min cool-down, 10 actions per account per
     * minute, 5 s connect and 30 s request timeouts, tokens renewed 5 min before expiry.
     */
    public static NovaConfig of(URI keystoneUrl, Credentials credentials) {
        return new NovaConfig(keystoneUrl, credentials, null, "public", DEFAULT_MICROVERSION, false, false,
                DEFAULT_COOLDOWN, DEFAULT_RATE_PER_MINUTE, Duration.ofSeconds(5), Duration.ofSeconds(30),
                Duration.ofMinutes(5));
    }

    /**
     * The config from server environment variables, or empty when SYNAPS_KEYSTONE_URL is unset:
     * SYNAPS_KEYSTONE_URL, either SYNAPS_KEYSTONE_APP_CREDENTIAL_ID and _SECRET or
     * SYNAPS_KEYSTONE_USER, _PASSWORD, _PROJECT and _DOMAIN (user and project domain name,
     * default {@code Default}; SYNAPS_KEYSTONE_PROJECT_DOMAIN overrides the project's),
     * SYNAPS_NOVA_REGION, SYNAPS_NOVA_INTERFACE, SYNAPS_NOVA_MICROVERSION, SYNAPS_NOVA_DRY_RUN,
     * SYNAPS_NOVA_LIVE_MIGRATION, SYNAPS_NOVA_COOLDOWN_SECONDS, SYNAPS_NOVA_RATE_PER_MINUTE.
     * IllegalArgumentException (naming the variable, never its secret value) when one is invalid.
     */
    public static Optional<NovaConfig> fromEnv(Map<String, String> env) {
        String url = blankToNull(env.get("SYNAPS_KEYSTONE_URL"));
        if (url == null) {
            return Optional.empty();
        }
        URI keystone;
        try {
            keystone = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("SYNAPS_KEYSTONE_URL is not a URL");
        }
        String appId = blankToNull(env.get("SYNAPS_KEYSTONE_APP_CREDENTIAL_ID"));
        Credentials credentials;
        if (appId != null) {
            String secret = env.get("SYNAPS_KEYSTONE_APP_CREDENTIAL_SECRET");
            if (secret == null || secret.isEmpty()) {
                throw new IllegalArgumentException(
                        "SYNAPS_KEYSTONE_APP_CREDENTIAL_ID is set but SYNAPS_KEYSTONE_APP_CREDENTIAL_SECRET is not");
            }
            credentials = new ApplicationCredential(appId, secret);
        } else {
            String user = blankToNull(env.get("SYNAPS_KEYSTONE_USER"));
            String password = env.get("SYNAPS_KEYSTONE_PASSWORD");
            String project = blankToNull(env.get("SYNAPS_KEYSTONE_PROJECT"));
            if (user == null || password == null || project == null) {
                throw new IllegalArgumentException("SYNAPS_KEYSTONE_URL is set: set SYNAPS_KEYSTONE_APP_CREDENTIAL_ID"
                        + " and _SECRET, or SYNAPS_KEYSTONE_USER, SYNAPS_KEYSTONE_PASSWORD and"
                        + " SYNAPS_KEYSTONE_PROJECT");
            }
            String domain = Optional.ofNullable(blankToNull(env.get("SYNAPS_KEYSTONE_DOMAIN"))).orElse("Default");
            String projectDomain = Optional.ofNullable(blankToNull(env.get("SYNAPS_KEYSTONE_PROJECT_DOMAIN")))
                    .orElse(domain);
            credentials = new Password(user, password, domain, project, projectDomain);
        }
        NovaConfig c = of(keystone, credentials);
        String region = blankToNull(env.get("SYNAPS_NOVA_REGION"));
        String iface = Optional.ofNullable(blankToNull(env.get("SYNAPS_NOVA_INTERFACE"))).orElse(c.endpointInterface);
        String micro = Optional.ofNullable(blankToNull(env.get("SYNAPS_NOVA_MICROVERSION"))).orElse(c.microversion);
        Duration cooldown = c.perAlarmCooldown;
        String cooldownText = blankToNull(env.get("SYNAPS_NOVA_COOLDOWN_SECONDS"));
        if (cooldownText != null) {
            cooldown = Duration.ofSeconds(number(cooldownText, "SYNAPS_NOVA_COOLDOWN_SECONDS"));
        }
        int rate = c.perAccountRatePerMinute;
        String rateText = blankToNull(env.get("SYNAPS_NOVA_RATE_PER_MINUTE"));
        if (rateText != null) {
            rate = (int) Math.min(Integer.MAX_VALUE, number(rateText, "SYNAPS_NOVA_RATE_PER_MINUTE"));
        }
        return Optional.of(new NovaConfig(keystone, credentials, region, iface, micro,
                flag(env.get("SYNAPS_NOVA_DRY_RUN"), "SYNAPS_NOVA_DRY_RUN"),
                flag(env.get("SYNAPS_NOVA_LIVE_MIGRATION"), "SYNAPS_NOVA_LIVE_MIGRATION"), cooldown, rate,
                c.connectTimeout, c.requestTimeout, c.tokenRefreshMargin));
    }

    public NovaConfig withRegion(String r) {
        return new NovaConfig(keystoneUrl, credentials, r, endpointInterface, microversion, dryRun, liveMigration,
                perAlarmCooldown, perAccountRatePerMinute, connectTimeout, requestTimeout, tokenRefreshMargin);
    }

    public NovaConfig withEndpointInterface(String i) {
        return new NovaConfig(keystoneUrl, credentials, region, i, microversion, dryRun, liveMigration,
                perAlarmCooldown, perAccountRatePerMinute, connectTimeout, requestTimeout, tokenRefreshMargin);
    }

    public NovaConfig withMicroversion(String m) {
        return new NovaConfig(keystoneUrl, credentials, region, endpointInterface, m, dryRun, liveMigration,
                perAlarmCooldown, perAccountRatePerMinute, connectTimeout, requestTimeout, tokenRefreshMargin);
    }

    public NovaConfig withDryRun(boolean on) {
        return new NovaConfig(keystoneUrl, credentials, region, endpointInterface, microversion, on, liveMigration,
                perAlarmCooldown, perAccountRatePerMinute, connectTimeout, requestTimeout, tokenRefreshMargin);
    }

    public NovaConfig withLiveMigration(boolean on) {
        return new NovaConfig(keystoneUrl, credentials, region, endpointInterface, microversion, dryRun, on,
                perAlarmCooldown, perAccountRatePerMinute, connectTimeout, requestTimeout, tokenRefreshMargin);
    }

    public NovaConfig withPerAlarmCooldown(Duration d) {
        return new NovaConfig(keystoneUrl, credentials, region, endpointInterface, microversion, dryRun, liveMigration,
                d, perAccountRatePerMinute, connectTimeout, requestTimeout, tokenRefreshMargin);
    }

    public NovaConfig withPerAccountRatePerMinute(int n) {
        return new NovaConfig(keystoneUrl, credentials, region, endpointInterface, microversion, dryRun, liveMigration,
                perAlarmCooldown, n, connectTimeout, requestTimeout, tokenRefreshMargin);
    }

    public NovaConfig withTimeouts(Duration connect, Duration request) {
        return new NovaConfig(keystoneUrl, credentials, region, endpointInterface, microversion, dryRun, liveMigration,
                perAlarmCooldown, perAccountRatePerMinute, connect, request, tokenRefreshMargin);
    }

    public NovaConfig withTokenRefreshMargin(Duration d) {
        return new NovaConfig(keystoneUrl, credentials, region, endpointInterface, microversion, dryRun, liveMigration,
                perAlarmCooldown, perAccountRatePerMinute, connectTimeout, requestTimeout, d);
    }

    /** The minor number of the microversion (25 for 2.25). */
    int microversionMinor() {
        return minor(microversion);
    }

    /** The Keystone token URL: {@code <keystone>/v3/auth/tokens}, whether or not the configured URL ends in /v3. */
    URI tokensUri() {
        String base = keystoneUrl.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base.endsWith("/v3") ? base + "/auth/tokens" : base + "/v3/auth/tokens");
    }

    @Override
    public String toString() {
        // keystoneUrl without user info or query: an operator may have pasted a credential there.
        String where = keystoneUrl.getScheme() + "://" + keystoneUrl.getHost()
                + (keystoneUrl.getPort() >= 0 ? ":" + keystoneUrl.getPort() : "")
                + (keystoneUrl.getPath() == null ? "" : keystoneUrl.getPath());
        return "NovaConfig[keystoneUrl=" + where + ", credentials=" + credentials + ", region=" + region
                + ", endpointInterface=" + endpointInterface + ", microversion=" + microversion + ", dryRun=" + dryRun
                + ", liveMigration=" + liveMigration + ", perAlarmCooldown=" + perAlarmCooldown
                + ", perAccountRatePerMinute=" + perAccountRatePerMinute + ", connectTimeout=" + connectTimeout
                + ", requestTimeout=" + requestTimeout + ", tokenRefreshMargin=" + tokenRefreshMargin + "]";
    }

    private static int minor(String microversion) {
        return Integer.parseInt(microversion.substring(2));
    }

    private static void requireText(String s, String name) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException(name + " must be set");
        }
    }

    private static void requirePositive(Duration d, String name, boolean zeroAllowed) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || (!zeroAllowed && d.isZero())) {
            throw new IllegalArgumentException(name + " must be " + (zeroAllowed ? "zero or more" : "positive"));
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static long number(String text, String variable) {
        try {
            long n = Long.parseLong(text);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(variable + " must be a whole number >= 0, not " + text);
        }
    }

    private static boolean flag(String text, String variable) {
        if (text == null || text.isBlank()) {
            return false;
        }
        return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new IllegalArgumentException(variable + " must be true or false, not " + text);
        };
    }
}
