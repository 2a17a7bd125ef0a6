package io.synaps.api.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * FileCredentialStore keeps access keys in one JSON file:
 * {@code {"keys":[{"accessKeyId","secretAccessKey","accountId","created"}]}}. Writes replace the
 * file atomically (temporary file with permissions 0600, fsync, rename) under an advisory lock
 * on {@code <file>.lock}, so a CLI and a running server can share it; lookups serve an in-memory
 * copy that is re-read when the file's modification time, size or identity changes, checked at
 * most once per second. Thread-safe.
 */
public final class FileCredentialStore implements CredentialSource {
    private static final Logger LOG = LoggerFactory.getLogger(FileCredentialStore.class);
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final long RECHECK_NANOS = 1_000_000_000L;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private final Clock clock;
    private final long recheckNanos;
    private final SecureRandom random = new SecureRandom();
    private final Object writeLock = new Object();
    private volatile Snapshot snapshot;
    private volatile long lastCheckNanos;

    /** AccessKey is a stored key without its secret, as {@link #list()} shows it. Immutable. */
    public record AccessKey(String accessKeyId, String accountId, Instant created) {
    }

    private record Entry(Credential credential, Instant created) {
    }

    private record Snapshot(Map<String, Entry> keys, FileStamp stamp) {
    }

    private record FileStamp(Object fileKey, long modifiedMillis, long size) {
    }

    /** Opens (without creating) the store at {@code file}; a missing file is an empty store. */
    public FileCredentialStore(Path file, Clock clock) {
        this(file, clock, RECHECK_NANOS);
    }

    /** As above, re-checking the file at most every {@code recheckNanos} (tests use 0). */
    FileCredentialStore(Path file, Clock clock, long recheckNanos) {
        this.file = file.toAbsolutePath();
        this.clock = clock;
        this.recheckNanos = recheckNanos;
        this.snapshot = read();
        this.lastCheckNanos = System.nanoTime();
    }

    @Override
    public Optional<Credential> find(String accessKeyId) {
        Entry e = current().keys().get(accessKeyId);
        return e == null ? Optional.empty() : Optional.of(e.credential());
    }

    /** Creates a new key for a 12-digit account and stores it. */
    public Credential create(String accountId) {
        requireAccountId(accountId);
        synchronized (writeLock) {
            return update(keys -> {
                String id;
                do {
                    id = newAccessKeyId();
                } while (keys.containsKey(id));
                Credential c = new Credential(id, newSecret(), accountId);
                keys.put(id, new Entry(c, clock.instant()));
                return c;
            });
        }
    }

    /** Removes a key; true when it existed. */
    public boolean revoke(String accessKeyId) {
        synchronized (writeLock) {
            return update(keys -> keys.remove(accessKeyId) != null);
        }
    }

    /** Every stored key (without secrets), oldest first. */
    public List<AccessKey> list() {
        List<AccessKey> out = new ArrayList<>();
        for (Entry e : current().keys().values()) {
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
        synchronized (writeLock) {
            Entry existing = current().keys().get(credential.accessKeyId());
            if (existing != null && existing.credential().equals(credential)) {
                return false;
            }
            return update(keys -> {
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
    }

    /** The file this store reads and writes. */
    public Path file() {
        return file;
    }

    // ---- reading ----

    private Snapshot current() {
        long now = System.nanoTime();
        if (now - lastCheckNanos < recheckNanos) {
            return snapshot;
        }
        synchronized (this) {
            if (now - lastCheckNanos >= recheckNanos) {
                lastCheckNanos = now;
                FileStamp stamp = stamp();
                if (!Objects.equals(stamp, snapshot.stamp())) {
                    snapshot = read();
                }
            }
            return snapshot;
        }
    }

    private FileStamp stamp() {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new FileStamp(a.fileKey(), a.lastModifiedTime().toMillis(), a.size());
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stat " + file, e);
        }
    }

    private Snapshot read() {
        for (int attempt = 0; ; attempt++) {
            FileStamp before = stamp();
            if (before == null) {
                return new Snapshot(Map.of(), null);
            }
            try {
                Map<String, Entry> keys = parse(Files.readAllBytes(file));
                return new Snapshot(Collections.unmodifiableMap(keys), before);
            } catch (NoSuchFileException e) {
                if (attempt >= 3) {
                    return new Snapshot(Map.of(), null);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read credentials file " + file, e);
            }
        }
    }

    private Map<String, Entry> parse(byte[] bytes) throws IOException {
        Map<String, Entry> keys = new LinkedHashMap<>();
        if (bytes.length == 0) {
            return keys;
        }
        JsonNode root = MAPPER.readTree(bytes);
        JsonNode list = root == null ? null : root.get("keys");
        if (list == null || !list.isArray()) {
            throw new IOException("credentials file " + file + " has no \"keys\" array");
        }
        for (JsonNode k : list) {
            String id = text(k, "accessKeyId");
            String secret = text(k, "secretAccessKey");
            String account = text(k, "accountId");
            if (id == null || secret == null || account == null) {
                throw new IOException("credentials file " + file + " has an incomplete key entry");
            }
            String created = text(k, "created");
            keys.put(id, new Entry(new Credential(id, secret, account),
                    created == null ? Instant.EPOCH : Instant.parse(created)));
        }
        return keys;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    // ---- writing ----

    private interface Change<T> {
        T apply(Map<String, Entry> keys);
    }

    /** Read-modify-write under the cross-process lock; writes only when the change says something changed. */
    private <T> T update(Change<T> change) {
        Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                Snapshot fresh = read();
                Map<String, Entry> keys = new LinkedHashMap<>(fresh.keys());
                int sizeBefore = keys.size();
                Map<String, Entry> copyBefore = new LinkedHashMap<>(keys);
                T result = change.apply(keys);
                if (keys.size() != sizeBefore || !keys.equals(copyBefore)) {
                    write(keys);
                }
                snapshot = read();
                lastCheckNanos = System.nanoTime();
                return result;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update credentials file " + file, e);
        }
    }

    private void write(Map<String, Entry> keys) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode list = root.putArray("keys");
        for (Entry e : keys.values()) {
            ObjectNode k = list.addObject();
            k.put("accessKeyId", e.credential().accessKeyId());
            k.put("secretAccessKey", e.credential().secretAccessKey());
            k.put("accountId", e.credential().accountId());
            k.put("created", e.created().toString());
        }
        byte[] bytes = MAPPER.writeValueAsBytes(root);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try (OutputStream out = Files.newOutputStream(createOwnerOnly(tmp), StandardOpenOption.WRITE)) {
            out.write(bytes);
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static Path createOwnerOnly(Path tmp) throws IOException {
        try {
            FileAttribute<Set<PosixFilePermission>> perms = PosixFilePermissions.asFileAttribute(OWNER_ONLY);
            return Files.createFile(tmp, perms);
        } catch (UnsupportedOperationException e) {
            return Files.createFile(tmp); // not a POSIX file system
        } catch (FileAlreadyExistsException e) {
            throw new IOException("temporary credentials file appeared concurrently: " + tmp, e);
        }
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
