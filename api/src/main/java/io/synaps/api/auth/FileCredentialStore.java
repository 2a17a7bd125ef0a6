package io.synaps.api.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * FileCredentialStore keeps access keys in one JSON file:
 * {@code {"keys":[{"accessKeyId","secretAccessKey","accountId","created"}]}}, with the file
 * mechanics of {@link JsonFileDocument} (atomic 0600 rewrites under a lock file, so a CLI and a
 * running server can share it; lookups serve an in-memory copy re-read when the file changes,
 * checked at most once per second). Thread-safe.
 */
public final class FileCredentialStore implements CredentialSource {
    private static final Logger LOG = LoggerFactory.getLogger(FileCredentialStore.class);
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private final JsonFileDocument<Entry> document;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    /** AccessKey is a stored key without its secret, as {@link #list()} shows it. Immutable. */
    public record AccessKey(String accessKeyId, String accountId, Instant created) {
    }

    private record Entry(Credential credential, Instant created) {
    }

    /** The JSON shape of one key. */
    private static final class KeyFormat implements JsonFileDocument.EntryFormat<Entry> {
        @Override
        public String key(Entry entry) {
            return entry.credential().accessKeyId();
        }

        @Override
        public Entry read(JsonNode k) throws IOException {
            String id = JsonFileDocument.text(k, "accessKeyId");
            String secret = JsonFileDocument.text(k, "secretAccessKey");
            String account = JsonFileDocument.text(k, "accountId");
            if (id == null || secret == null || account == null) {
                throw new IOException("incomplete key entry");
            }
            String created = JsonFileDocument.text(k, "created");
            return new Entry(new Credential(id, secret, account), created == null ? Instant.EPOCH : Instant.parse(created));
        }

        @Override
        public void write(Entry e, ObjectNode k) {
            k.put("accessKeyId", e.credential().accessKeyId());
            k.put("secretAccessKey", e.credential().secretAccessKey());
            k.put("accountId", e.credential().accountId());
            k.put("created", e.created().toString());
        }
    }

    /** Opens (without creating) the store at {@code file}; a missing file is an empty store. */
    public FileCredentialStore(Path file, Clock clock) {
        this(file, clock, JsonFileDocument.RECHECK_NANOS);
    }

    /** As above, re-checking the file at most every {@code recheckNanos} (tests use 0). */
    FileCredentialStore(Path file, Clock clock, long recheckNanos) {
        this.document = new JsonFileDocument<>(file, "keys", "credentials file", new KeyFormat(), recheckNanos);
        this.clock = clock;
    }

    @Override
    public Optional<Credential> find(String accessKeyId) {
        Entry e = document.entries().get(accessKeyId);
        return e == null ? Optional.empty() : Optional.of(e.credential());
    }

    /** Creates a new key for a 12-digit account and stores it. */
    public Credential create(String accountId) {
        requireAccountId(accountId);
        return document.update(keys -> {
            String id;
            do {
                id = newAccessKeyId();
            } while (keys.containsKey(id));
            Credential c = new Credential(id, newSecret(), accountId);
            keys.put(id, new Entry(c, clock.instant()));
            return c;
        });
    }

    /** Removes a key; true when it existed. */
    public boolean revoke(String accessKeyId) {
        return document.update(keys -> keys.remove(accessKeyId) != null);
    }

    /** Every stored key (without secrets), oldest first. */
    public List<AccessKey> list() {
        List<AccessKey> out = new ArrayList<>();
        for (Entry e : document.entries().values()) {
            out.add(new AccessKey(e.credential().accessKeyId(), e.credential().accountId(), e.created()));
        }
        out.sort((a, b) -> a.created().compareTo(b.created()));
        return out;
    }

    /**
     * Makes sure {@code credential} is stored exactly so (the bootstrap admin key from the
     * environment): adds it, or replaces a stored key of the same id whose secret or account
     * differs. True when the file changed.
     */
    public boolean ensure(Credential credential) {
        Objects.requireNonNull(credential.accessKeyId(), "accessKeyId");
        Objects.requireNonNull(credential.secretAccessKey(), "secretAccessKey");
        requireAccountId(credential.accountId());
        if (credential.accessKeyId().isBlank() || credential.secretAccessKey().isBlank()) {
            throw new IllegalArgumentException("access key id and secret must not be blank");
        }
        Entry existing = document.entries().get(credential.accessKeyId());
        if (existing != null && existing.credential().equals(credential)) {
            return false;
        }
        return document.update(keys -> {
            Entry old = keys.get(credential.accessKeyId());
            if (old != null && old.credential().equals(credential)) {
                return false;
            }
            keys.put(credential.accessKeyId(), new Entry(credential, old == null ? clock.instant() : old.created()));
            LOG.info("access key {} for account {} {}", credential.accessKeyId(), credential.accountId(),
                    old == null ? "added" : "replaced");
            return true;
        });
    }

    /** The file this store reads and writes. */
    public Path file() {
        return document.file();
    }

    // ---- key material ----

    private String newAccessKeyId() {
        StringBuilder sb = new StringBuilder("AKIA");
        for (int i = 0; i < 16; i++) {
            sb.append(BASE32[random.nextInt(32)]);
        }
        return sb.toString();
    }

    private String newSecret() {
        byte[] bytes = new byte[30];
        random.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes); // 40 characters
    }

    private static void requireAccountId(String accountId) {
        if (accountId == null || !ACCOUNT_ID.matcher(accountId).matches()) {
            throw new IllegalArgumentException("account id must be 12 digits");
        }
    }
}
