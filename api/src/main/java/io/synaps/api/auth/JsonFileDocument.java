package io.synaps.api.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * JsonFileDocument is a small JSON file of keyed entries, {@code {"<field>":[{...}, ...]}}, that a
 * running server and a CLI share: writes replace the file atomically (temporary file with
 * permissions 0600, fsync, rename) under an advisory lock on {@code <file>.lock}; reads serve an
 * in-memory copy that is re-read when the file's modification time, size or identity changes,
 * checked at most once per {@code recheckNanos}. Used by the credentials file and the dashboard
 * users file. Thread-safe (also across processes, and across instances on one file in one JVM).
 *
 * @param <E> one entry; must implement {@code equals} (records do), so unchanged files are not rewritten
 */
public final class JsonFileDocument<E> {
    /** How often an unchanged file is looked at again by default, in nanoseconds (one second). */
    public static final long RECHECK_NANOS = 1_000_000_000L;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** A JVM holds one OS file lock per file: instances on the same file in one JVM take turns here first. */
    private static final Map<Path, Object> JVM_LOCKS = new ConcurrentHashMap<>();

    private final Path file;
    private final String field;
    private final String what;
    private final EntryFormat<E> format;
    private final long recheckNanos;
    private volatile Snapshot<E> snapshot;
    private volatile long lastCheckNanos;

    /**
     * EntryFormat maps one entry to and from its JSON object. Implementations are stateless.
     *
     * @param <E> the entry type
     */
    public interface EntryFormat<E> {
        /** The entry's unique key (an access key id, a user name). */
        String key(E entry);

        /**
         * Reads one element of the array.
         *
         * @throws IOException when the element lacks a required field (the message must hold no secret)
         */
        E read(JsonNode node) throws IOException;

        /** Writes the entry's fields into an empty object. */
        void write(E entry, ObjectNode node);
    }

    private record Snapshot<E>(Map<String, E> entries, FileStamp stamp) {
    }

    private record FileStamp(Object fileKey, long modifiedMillis, long size) {
    }

    /**
     * Opens (without creating) the document; a missing or empty file holds no entries.
     *
     * @param file         the JSON file
     * @param field        the top-level array's name, e.g. {@code keys}
     * @param what         what the file is, for error messages, e.g. {@code credentials file}
     * @param format       entry mapping
     * @param recheckNanos re-check the file at most this often, in nanoseconds (tests use 0)
     * @throws UncheckedIOException when the file exists but cannot be read or parsed
     */
    public JsonFileDocument(Path file, String field, String what, EntryFormat<E> format, long recheckNanos) {
        this.file = file.toAbsolutePath().normalize();
        this.field = Objects.requireNonNull(field, "field");
        this.what = Objects.requireNonNull(what, "what");
        this.format = Objects.requireNonNull(format, "format");
        this.recheckNanos = recheckNanos;
        this.snapshot = read();
        this.lastCheckNanos = System.nanoTime();
    }

    /** The file this document reads and writes. */
    public Path file() {
        return file;
    }

    /** The current entries by key, in file order; unmodifiable. Re-reads the file when it changed. */
    public Map<String, E> entries() {
        long now = System.nanoTime();
        if (now - lastCheckNanos < recheckNanos) {
            return snapshot.entries();
        }
        synchronized (this) {
            if (now - lastCheckNanos >= recheckNanos) {
                lastCheckNanos = now;
                FileStamp stamp = stamp();
                if (!Objects.equals(stamp, snapshot.stamp())) {
                    snapshot = read();
                }
            }
            return snapshot.entries();
        }
    }

    /**
     * Read-modify-write under the cross-process lock: {@code change} gets a mutable copy of the
     * freshest entries (keyed by {@link EntryFormat#key}); the file is rewritten only when the
     * copy differs afterwards. Keep {@code change} quick (hash passwords before calling).
     *
     * @return what {@code change} returned
     */
    public <T> T update(Function<Map<String, E>, T> change) {
        Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
        synchronized (JVM_LOCKS.computeIfAbsent(file, f -> new Object())) {
            try {
                Files.createDirectories(file.getParent());
                try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                     FileLock ignored = channel.lock()) {
                    Map<String, E> before = read().entries();
                    Map<String, E> entries = new LinkedHashMap<>(before);
                    T result = change.apply(entries);
                    if (!entries.equals(before)) {
                        write(entries);
                    }
                    synchronized (this) {
                        snapshot = read();
                        lastCheckNanos = System.nanoTime();
                    }
                    return result;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot update " + what + " " + file, e);
            }
        }
    }

    // ---- reading ----

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

    private Snapshot<E> read() {
        for (int attempt = 0; ; attempt++) {
            FileStamp before = stamp();
            if (before == null) {
                return new Snapshot<>(Map.of(), null);
            }
            try {
                return new Snapshot<>(Collections.unmodifiableMap(parse(Files.readAllBytes(file))), before);
            } catch (NoSuchFileException e) {
                if (attempt >= 3) {
                    return new Snapshot<>(Map.of(), null); // replaced under us repeatedly; treat as absent
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + what + " " + file, e);
            }
        }
    }

    private Map<String, E> parse(byte[] bytes) throws IOException {
        Map<String, E> entries = new LinkedHashMap<>();
        if (bytes.length == 0) {
            return entries;
        }
        JsonNode root = MAPPER.readTree(bytes);
        JsonNode list = root == null ? null : root.get(field);
        if (list == null || !list.isArray()) {
            throw new IOException(what + " " + file + " has no \"" + field + "\" array");
        }
        for (JsonNode node : list) {
            E entry;
            try {
                entry = format.read(node);
            } catch (IOException e) {
                throw new IOException(what + " " + file + ": " + e.getMessage(), e);
            }
            entries.put(format.key(entry), entry);
        }
        return entries;
    }

    // ---- writing ----

    private void write(Map<String, E> entries) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode list = root.putArray(field);
        for (E e : entries.values()) {
            format.write(e, list.addObject());
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

    private Path createOwnerOnly(Path tmp) throws IOException {
        try {
            FileAttribute<Set<PosixFilePermission>> perms = PosixFilePermissions.asFileAttribute(OWNER_ONLY);
            return Files.createFile(tmp, perms);
        } catch (UnsupportedOperationException e) {
            return Files.createFile(tmp); // not a POSIX file system
        } catch (FileAlreadyExistsException e) {
            throw new IOException("temporary " + what + " appeared concurrently: " + tmp, e);
        }
    }

    /** The text of a field, or null when absent or JSON null. */
    public static String text(JsonNode node, String name) {
        JsonNode v = node.get(name);
        return v == null || v.isNull() ? null : v.asText();
    }
}
