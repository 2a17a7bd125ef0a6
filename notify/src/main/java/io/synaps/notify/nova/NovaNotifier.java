package io.synaps.notify.nova;

import io.synaps.notify.dispatch.Notifier;
import io.synaps.notify.dispatch.Outcome;
import io.synaps.store.outbox.Delivery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * NovaNotifier runs {@code nova} deliveries ({@link NovaPayload}) against the OpenStack compute
 * API with a {@link KeystoneClient} token: reboot is a SOFT reboot, stop is {@code os-stop},
 * terminate deletes the server, recover is a HARD reboot and migrate a cold (or, configured, live)
 * migration (see {@link NovaRequest}). Guard rails, in order: a payload without an InstanceId (or
 * with one that is not a Nova server UUID) fails; a second action of one alarm within the
 * per-alarm cool-down fails without calling Nova; an account over its actions per minute is told
 * to retry; dry-run mode delivers without calling anything. Nova's 2xx delivers, 5xx, 408, 429
 * and timeouts retry, other answers fail with Nova's message; a 401 re-authenticates once. No
 * outcome or log holds a token, password or secret. Time comes from the injected clock.
 * Thread-safe.
 */
public final class NovaNotifier implements Notifier {
    /** The User-Agent of every Keystone and Nova call. */
    static final String USER_AGENT = "Synaps";

    private static final Logger LOG = LoggerFactory.getLogger(NovaNotifier.class);
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}");

    private final NovaConfig config;
    private final HttpClient http;
    private final KeystoneClient keystone;
    private final Clock clock;
    private final AlarmCooldown cooldown;
    private final AccountRateLimiter rate;

    /** A notifier with its own HTTP client (HTTP/1.1, the config's connect timeout, no redirects). */
    public NovaNotifier(NovaConfig config, Clock clock) {
        this(config, httpClient(config), clock);
    }

    public NovaNotifier(NovaConfig config, HttpClient http, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.http = Objects.requireNonNull(http, "http");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.keystone = new KeystoneClient(config, http, clock);
        this.cooldown = new AlarmCooldown(config.perAlarmCooldown());
        this.rate = new AccountRateLimiter(config.perAccountRatePerMinute());
    }

    /** The HTTP client the two-argument constructor builds; no redirects, so a token never leaves its host. */
    public static HttpClient httpClient(NovaConfig config) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public Set<String> channels() {
        return Set.of("nova");
    }

    @Override
    public Outcome send(Delivery delivery) {
        try {
            return run(delivery);
        } catch (RuntimeException e) {
            // Notifiers never throw; the message of an unexpected error may not be safe to show.
            LOG.warn("nova delivery {} failed unexpectedly: {}", delivery.key(), e.getClass().getName());
            return Outcome.retry("unexpected error in the Nova notifier (" + e.getClass().getSimpleName() + ")");
        }
    }

    private Outcome run(Delivery delivery) {
        NovaPayload p;
        try {
            p = NovaPayload.parse(delivery.payload());
        } catch (IllegalArgumentException e) {
            return Outcome.failed("malformed nova delivery: " + e.getMessage());
        }
        NovaAction action = NovaAction.parse(p.actionArn());
        if (action == null) {
            return Outcome.failed(p.actionArn() + " is not a Nova action ARN (arn:aws:automate:<region>:ec2:"
                    + "reboot|stop|terminate|recover or arn:synaps:nova:<region>:<account>:migrate)");
        }
        if (action.accountId() != null && !action.accountId().equals(p.accountId())) {
            return Outcome.failed("the action " + action.arn() + " belongs to account " + action.accountId()
                    + ", not to the alarm's account " + p.accountId());
        }
        String verb = action.verb().wireName();
        if (p.instanceId() == null || p.instanceId().isBlank()) {
            return Outcome.failed("cannot " + verb + ": alarm " + p.alarmName() + " has no InstanceId dimension"
                    + " (Nova actions need the alarm's metric to carry the server id as its InstanceId dimension)");
        }
        String server = p.instanceId().trim();
        if (!UUID.matcher(server).matches()) {
            return Outcome.failed("cannot " + verb + ": InstanceId " + Redaction.scrub(server, List.of())
                    + " of alarm " + p.alarmName() + " is not a Nova server id (a UUID)");
        }
        NovaRequest request = NovaRequest.of(action.verb(), server, config.liveMigration(),
                config.microversionMinor());

        long now = clock.millis();
        String alarmKey = p.accountId() + "/" + p.alarmName();
        AlarmCooldown.Decision d = cooldown.reserve(alarmKey, delivery.key(), now);
        switch (d.kind()) {
            case ALREADY_DONE:
                return Outcome.delivered("already executed at " + Instant.ofEpochMilli(d.entry().startedMillis())
                        + ": " + request.describe());
            case RUNNING:
                return Outcome.retry("another Nova action of alarm " + p.alarmName() + " is running");
            case COOLING_DOWN:
                return Outcome.failed("cool-down: alarm " + p.alarmName() + " already ran a Nova action at "
                        + Instant.ofEpochMilli(d.entry().startedMillis()) + "; no other before "
                        + Instant.ofEpochMilli(d.entry().startedMillis() + cooldown.cooldownMillis())
                        + " (per-alarm cool-down " + config.perAlarmCooldown() + "), so " + verb + " of server "
                        + server + " was not sent");
            default:
                break;
        }
        long waitMillis = rate.tryAcquire(p.accountId(), now);
        if (waitMillis > 0) {
            cooldown.release(alarmKey, d);
            return Outcome.retry("rate limit: account " + p.accountId() + " is over " + rate.perMinute()
                    + " Nova actions per minute; retry in " + (waitMillis + 999) / 1000 + " s");
        }
        if (config.dryRun()) {
            cooldown.commit(alarmKey, d);
            LOG.info("dry run: alarm {} of account {} would {} server {}: {}", p.alarmName(), p.accountId(), verb,
                    server, request.describe());
            return Outcome.delivered("dry run: would " + request.describe());
        }
        Outcome outcome = call(request, verb, server);
        if (outcome.status() == Outcome.Status.DELIVERED) {
            cooldown.commit(alarmKey, d);
            LOG.info("alarm {} of account {}: {}", p.alarmName(), p.accountId(), outcome.detail());
        } else {
            cooldown.release(alarmKey, d);
            LOG.warn("alarm {} of account {}: {} ({})", p.alarmName(), p.accountId(), outcome.detail(),
                    outcome.status());
        }
        return outcome;
    }

    private Outcome call(NovaRequest request, String verb, String server) {
        List<String> secrets = new ArrayList<>(keystone.credentialSecrets());
        for (int attempt = 0; attempt < 2; attempt++) {
            KeystoneClient.Session session;
            try {
                session = keystone.session();
            } catch (KeystoneException e) {
                String text = "cannot " + verb + " server " + server + ": " + Redaction.scrub(e.getMessage(), secrets);
                return e.retryable() ? Outcome.retry(text) : Outcome.failed(text);
            }
            secrets.add(session.token());
            URI uri = URI.create(session.computeEndpoint() + request.path());
            String where = uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
            HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                    .timeout(config.requestTimeout())
                    .header("X-Auth-Token", session.token())
                    .header("Accept", "application/json")
                    .header("OpenStack-API-Version", "compute " + config.microversion())
                    .header("X-OpenStack-Nova-API-Version", config.microversion())
                    .header("User-Agent", USER_AGENT);
            if (request.body() == null) {
                b.DELETE();
            } else {
                b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(request.body()));
            }
            HttpResponse<String> response;
            try {
                response = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            } catch (HttpTimeoutException e) {
                return Outcome.retry("Nova at " + where + " did not answer " + request.describe() + " within "
                        + config.requestTimeout());
            } catch (IOException e) {
                return Outcome.retry("could not reach Nova at " + where + " for " + request.describe() + " ("
                        + e.getClass().getSimpleName() + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Outcome.retry("interrupted while calling Nova");
            }
            int status = response.statusCode();
            if (status == 401 && attempt == 0) {
                // Revoked or expired early: one fresh token, then give up.
                keystone.invalidate(session);
                continue;
            }
            if (status >= 200 && status < 300) {
                return Outcome.delivered(verb + " of server " + server + ": Nova answered " + status + " to "
                        + request.describe());
            }
            String message = Redaction.scrub(NovaErrors.message(response.body()), secrets);
            String text = "Nova answered " + status + " to " + request.describe()
                    + (message.isEmpty() ? "" : ": " + message);
            if (status >= 500 || status == 408 || status == 429
                    || (status == 413 && response.headers().firstValue("Retry-After").isPresent())) {
                return Outcome.retry(text);
            }
            if (status == 401) {
                return Outcome.failed("Nova refused a fresh Keystone token: " + text);
            }
            return Outcome.failed(text);
        }
        throw new IllegalStateException("unreachable");
    }
}
