package io.synaps.notify.email;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * SmtpConfig is the mail server the email channels send through: {@code host} and
 * {@code port}; {@code user} and {@code password} for SMTP AUTH (both null: no auth);
 * {@code from}, the sender address; {@code tls}, how the connection is protected;
 * {@code trustHosts}, hosts whose certificate is trusted without PKIX validation (space
 * separated, {@code *} for any; null: validate, the default); {@code timeout} for connecting,
 * reading and writing. toString never shows the password. Immutable.
 */
public record SmtpConfig(String host, int port, String user, String password, String from, Tls tls,
                         String trustHosts, Duration timeout) {

    /** Tls is how the SMTP connection is protected. */
    public enum Tls {
        /** Plain SMTP (a local relay). */
        NONE,
        /** STARTTLS, required: a server that does not offer it gets no mail and no credentials. */
        STARTTLS,
        /** TLS from the first byte (SMTPS, usually port 465). */
        SMTPS
    }

    public SmtpConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(timeout, "timeout");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("the SMTP port must be 1..65535");
        }
        if ((user == null) != (password == null)) {
            throw new IllegalArgumentException("set both the SMTP user and password, or neither");
        }
    }

    /** Whether SMTP AUTH is used. */
    public boolean authenticates() {
        return user != null;
    }

    /**
     * The config of {@code SYNAPS_SMTP_HOST}, {@code _PORT} (587; 465 means SMTPS),
     * {@code _USER}, {@code _PASSWORD}, {@code _FROM} (synaps@&lt;host&gt;), {@code _STARTTLS}
     * (true: STARTTLS required; false: plain) and {@code _SSL_TRUST}; empty when no host is set
     * (the email channels are then off).
     *
     * @throws IllegalArgumentException when a value is malformed
     */
    public static Optional<SmtpConfig> fromEnvironment(Map<String, String> env) {
        String host = blankToNull(env.get("SYNAPS_SMTP_HOST"));
        if (host == null) {
            return Optional.empty();
        }
        int port;
        try {
            String p = blankToNull(env.get("SYNAPS_SMTP_PORT"));
            port = p == null ? 587 : Integer.parseInt(p.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("SYNAPS_SMTP_PORT is not a number");
        }
        boolean startTls = !"false".equalsIgnoreCase(String.valueOf(env.get("SYNAPS_SMTP_STARTTLS")).trim());
        Tls tls = port == 465 ? Tls.SMTPS : startTls ? Tls.STARTTLS : Tls.NONE;
        String user = blankToNull(env.get("SYNAPS_SMTP_USER"));
        String password = env.get("SYNAPS_SMTP_PASSWORD");
        if (user == null) {
            password = null;
        } else if (password == null) {
            throw new IllegalArgumentException("SYNAPS_SMTP_USER is set but SYNAPS_SMTP_PASSWORD is not");
        }
        String from = blankToNull(env.get("SYNAPS_SMTP_FROM"));
        return Optional.of(new SmtpConfig(host, port, user, password, from == null ? "synaps@" + host : from, tls,
                blankToNull(env.get("SYNAPS_SMTP_SSL_TRUST")), Duration.ofSeconds(20)));
    }

    @Override
    public String toString() {
        return "SmtpConfig[" + host + ":" + port + ", tls=" + tls + ", user=" + (user == null ? "none" : user)
                + ", password=" + (password == null ? "none" : "****") + ", from=" + from + "]";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
