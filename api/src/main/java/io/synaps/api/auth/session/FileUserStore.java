package io.synaps.api.auth.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.api.auth.JsonFileDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * FileUserStore keeps the dashboard's local users in one JSON file,
 * {@code {"users":[{"name","accountId","passwordHash","created"}]}}, with the file mechanics of
 * {@link JsonFileDocument} (atomic 0600 rewrites under a lock file, re-read when changed), so the
 * {@code synaps users} CLI and a running server share it. Passwords are stored only as Argon2id
 * PHC strings and are hashed before the file lock is taken. Thread-safe.
 */
public final class FileUserStore {
    private static final Logger LOG = LoggerFactory.getLogger(FileUserStore.class);
    /** A user name: 1-64 of letters, digits and {@code . _ @ -}. */
    public static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    /** Shortest password the store accepts for a new or changed password, in characters. */
    public static final int MIN_PASSWORD_CHARS = 8;
    /** Longest password accepted anywhere, in characters. */
    public static final int MAX_PASSWORD_CHARS = 1024;

    private final JsonFileDocument<StoredUser> document;
    private final Argon2idHasher hasher;
    private final Clock clock;

    /** UserInfo is a user as {@link #list()} shows it: no password hash. Immutable. */
    public record UserInfo(String name, String accountId, Instant created) {
    }

    /** One entry of the file. The hash never appears in {@link #toString()}. */
    record StoredUser(String name, String accountId, String passwordHash, Instant created) {
        @Override
        public String toString() {
            return "StoredUser[" + name + ", account " + accountId + "]";
        }
    }

    private static final class UserFormat implements JsonFileDocument.EntryFormat<StoredUser> {
        @Override
        public String key(StoredUser entry) {
            return entry.name();
        }

        @Override
        public StoredUser read(JsonNode node) throws IOException {
            String name = JsonFileDocument.text(node, "name");
            String account = JsonFileDocument.text(node, "accountId");
            String hash = JsonFileDocument.text(node, "passwordHash");
            if (name == null || account == null || hash == null) {
                throw new IOException("incomplete user entry");
            }
            String created = JsonFileDocument.text(node, "created");
            return new StoredUser(name, account, hash, created == null ? Instant.EPOCH : Instant.parse(created));
        }

        @Override
        public void write(StoredUser u, ObjectNode node) {
            node.put("name", u.name());
            node.put("accountId", u.accountId());
            node.put("passwordHash", u.passwordHash());
            node.put("created", u.created().toString());
        }
    }

    /** Opens (without creating) the users file; a missing file has no users. */
    public FileUserStore(Path file, Argon2idHasher hasher, Clock clock) {
        this(file, hasher, clock, JsonFileDocument.RECHECK_NANOS);
    }

    /** As above, re-checking the file at most every {@code recheckNanos} (tests use 0). */
    FileUserStore(Path file, Argon2idHasher hasher, Clock clock, long recheckNanos) {
        this.document = new JsonFileDocument<>(file, "users", "users file", new UserFormat(), recheckNanos);
        this.hasher = hasher;
        this.clock = clock;
    }

    /** The file this store reads and writes. */
    public Path file() {
        return document.file();
    }

    /** The hasher of this store's passwords. */
    Argon2idHasher hasher() {
        return hasher;
    }

    /**
     * Adds a user bound to a 12-digit account.
     *
     * @throws IllegalArgumentException for a bad name, account or password, or a name already taken
     */
    public UserInfo add(String name, String accountId, char[] password) {
        requireName(name);
        requireAccount(accountId);
        requirePassword(password);
        String hash = hasher.hash(password);
        StoredUser added = document.update(users -> {
            if (users.containsKey(name)) {
                return null;
            }
            StoredUser u = new StoredUser(name, accountId, hash, clock.instant());
            users.put(name, u);
            return u;
        });
        if (added == null) {
            throw new IllegalArgumentException("user " + name + " already exists");
        }
        LOG.info("dashboard user {} added for account {}", name, accountId);
        return info(added);
    }

    /**
     * Replaces a user's password.
     *
     * @return false when there is no such user
     * @throws IllegalArgumentException for a password out of bounds
     */
    public boolean setPassword(String name, char[] password) {
        requirePassword(password);
        if (!document.entries().containsKey(name)) {
            return false;
        }
        String hash = hasher.hash(password);
        boolean changed = document.update(users -> {
            StoredUser u = users.get(name);
            if (u == null) {
                return false;
            }
            users.put(name, new StoredUser(name, u.accountId(), hash, u.created()));
            return true;
        });
        if (changed) {
            LOG.info("dashboard user {}: password changed", name);
        }
        return changed;
    }

    /** Removes a user; true when it existed. */
    public boolean delete(String name) {
        boolean removed = document.update(users -> users.remove(name) != null);
        if (removed) {
            LOG.info("dashboard user {} deleted", name);
        }
        return removed;
    }

    /** Every user (never the hashes), by name. */
    public List<UserInfo> list() {
        List<UserInfo> out = new ArrayList<>();
        for (StoredUser u : document.entries().values()) {
            out.add(info(u));
        }
        out.sort(Comparator.comparing(UserInfo::name));
        return out;
    }

    /** The user of that name, without its hash. */
    public Optional<UserInfo> info(String name) {
        return find(name).map(FileUserStore::info);
    }

    /**
     * Makes sure a user exists for {@code accountId} with {@code password} (the bootstrap admin
     * from the environment): adds it, or replaces its account or password when they differ. Costs
     * one hash verification when nothing changes. True when the file changed.
     */
    public boolean ensure(String name, String accountId, char[] password) {
        requireName(name);
        requireAccount(accountId);
        requirePassword(password);
        Optional<StoredUser> existing = find(name);
        boolean samePassword = existing.isPresent() && hasher.verify(password, existing.get().passwordHash());
        if (samePassword && existing.get().accountId().equals(accountId)) {
            return false;
        }
        String hash = samePassword ? existing.get().passwordHash() : hasher.hash(password);
        boolean changed = document.update(users -> {
            StoredUser old = users.get(name);
            users.put(name, new StoredUser(name, accountId, hash, old == null ? clock.instant() : old.created()));
            return true;
        });
        LOG.info("dashboard user {} for account {} {}", name, accountId, existing.isPresent() ? "updated" : "added");
        return changed;
    }

    Optional<StoredUser> find(String name) {
        return Optional.ofNullable(document.entries().get(name));
    }

    private static UserInfo info(StoredUser u) {
        return new UserInfo(u.name(), u.accountId(), u.created());
    }

    /** True when {@code name} is a well-formed user name. */
    public static boolean validName(String name) {
        return name != null && USER_NAME.matcher(name).matches();
    }

    private static void requireName(String name) {
        if (!validName(name)) {
            throw new IllegalArgumentException("user name must be 1-64 of letters, digits and . _ @ -");
        }
    }

    private static void requireAccount(String accountId) {
        if (accountId == null || !ACCOUNT_ID.matcher(accountId).matches()) {
            throw new IllegalArgumentException("account id must be 12 digits");
        }
    }

    private static void requirePassword(char[] password) {
        if (password == null || password.length < MIN_PASSWORD_CHARS || password.length > MAX_PASSWORD_CHARS) {
            throw new IllegalArgumentException("password must be " + MIN_PASSWORD_CHARS + "-" + MAX_PASSWORD_CHARS
                    + " characters");
        }
    }
}
