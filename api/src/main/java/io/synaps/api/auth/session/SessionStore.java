package io.synaps.api.auth.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * SessionStore holds the dashboard's sessions in memory (a restart signs everyone out; decision
 * 0014). A session id is 32 random bytes in unpadded base64url, given to the browser once and
 * kept here only as its SHA-256, so a heap dump does not hand out live cookies. A session ends
 * {@link SessionConfig#absoluteLifetime()} after sign-in or {@link SessionConfig#idleTimeout()}
 * after its last use, whichever comes first, by the injected clock; one user holds at most
 * {@link SessionConfig#maxPerUser()} sessions (signing in again ends the oldest). Thread-safe.
 */
public final class SessionStore {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final Duration SWEEP_EVERY = Duration.ofMinutes(1);

    private final SessionConfig config;
    private final Clock clock;
    private final SecureRandom random;
    private final Map<String, Entry> byKey = new HashMap<>();
    private final Map<String, ArrayDeque<String>> byUser = new HashMap<>();
    private Instant lastSweep = Instant.MIN;

    /** Created is a new session and its id, which exists nowhere else: put it in the cookie. */
    public record Created(String id, Session session) {
        @Override
        public String toString() {
            return "Created[" + session + "]";
        }
    }

    private static final class Entry {
        final Session session;
        Instant lastUsed;

        Entry(Session session, Instant lastUsed) {
            this.session = session;
            this.lastUsed = lastUsed;
        }
    }

    public SessionStore(SessionConfig config, Clock clock) {
        this(config, clock, new SecureRandom());
    }

    SessionStore(SessionConfig config, Clock clock, SecureRandom random) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The policy. */
    public SessionConfig config() {
        return config;
    }

    /** Starts a session for {@code principal}, ending that user's oldest when over the limit. */
    public synchronized Created create(Principal principal) {
        Instant now = clock.instant();
        sweepIfDue(now);
        String id = token();
        Session session = new Session(principal, token(), now, now.plus(config.absoluteLifetime()));
        String key = key(id);
        byKey.put(key, new Entry(session, now));
        ArrayDeque<String> mine = byUser.computeIfAbsent(userKey(principal), u -> new ArrayDeque<>());
        mine.removeIf(k -> {
            Entry e = byKey.get(k);
            if (e == null || expired(e, now)) {
                byKey.remove(k);
                return true;
            }
            return false;
        });
        mine.addLast(key);
        while (mine.size() > config.maxPerUser()) {
            byKey.remove(mine.removeFirst());
        }
        return new Created(id, session);
    }

    /** The live session of that id, marking it used now; empty (and forgotten) when ended. */
    public synchronized Optional<Session> find(String id) {
        return lookup(id, true);
    }

    /** As {@link #find} without marking the session used (periodic checks of an open event stream). */
    public synchronized Optional<Session> peek(String id) {
        return lookup(id, false);
    }

    /** Ends a session; true when it was live. */
    public synchronized boolean delete(String id) {
        if (!wellFormed(id)) {
            return false;
        }
        String key = key(id);
        Entry e = byKey.remove(key);
        if (e == null) {
            return false;
        }
        forget(e.session.principal(), key);
        return !expired(e, clock.instant());
    }

    /** Live sessions (after dropping the ended ones). */
    public synchronized int size() {
        sweep(clock.instant());
        return byKey.size();
    }

    private Optional<Session> lookup(String id, boolean touch) {
        if (!wellFormed(id)) {
            return Optional.empty();
        }
        String key = key(id);
        Entry e = byKey.get(key);
        if (e == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (expired(e, now)) {
            byKey.remove(key);
            forget(e.session.principal(), key);
            return Optional.empty();
        }
        if (touch) {
            e.lastUsed = now;
        }
        return Optional.of(e.session);
    }

    private boolean expired(Entry e, Instant now) {
        return !now.isBefore(e.session.expiresAt()) || !now.isBefore(e.lastUsed.plus(config.idleTimeout()));
    }

    private void forget(Principal principal, String key) {
        String user = userKey(principal);
        ArrayDeque<String> mine = byUser.get(user);
        if (mine != null) {
            mine.remove(key);
            if (mine.isEmpty()) {
                byUser.remove(user);
            }
        }
    }

    private void sweepIfDue(Instant now) {
        if (lastSweep == Instant.MIN || !now.isBefore(lastSweep.plus(SWEEP_EVERY))) {
            sweep(now);
        }
    }

    private void sweep(Instant now) {
        lastSweep = now;
        for (Iterator<Map.Entry<String, Entry>> it = byKey.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Entry> e = it.next();
            if (expired(e.getValue(), now)) {
                it.remove();
                forget(e.getValue().session.principal(), e.getKey());
            }
        }
    }

    private static String userKey(Principal p) {
        return p.source() + ":" + p.user();
    }

    private static boolean wellFormed(String id) {
        return id != null && ID.matcher(id).matches();
    }

    private String token() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String key(String id) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
