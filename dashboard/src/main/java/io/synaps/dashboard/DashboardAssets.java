package io.synaps.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * DashboardAssets resolves a path under {@code /ui/} to the dashboard's static file: its own files
 * from {@code synaps-dashboard/} on the class path, and the front-end libraries under
 * {@code vendor/} from their WebJars (version read from the WebJar's own pom.properties, so a
 * version bump is a pom change only). Assets are read once and kept; thread-safe.
 */
public final class DashboardAssets {
    private static final String ROOT = "synaps-dashboard/";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*");

    /** The library files the pages load, by the name they use under {@code vendor/}. */
    private static final Map<String, String[]> VENDOR = Map.of(
            "chart.umd.js", new String[]{"chart.js", "dist/chart.umd.js"},
            "chartjs-plugin-zoom.min.js", new String[]{"chartjs-plugin-zoom", "dist/chartjs-plugin-zoom.min.js"},
            "hammer.min.js", new String[]{"hammerjs", "hammer.min.js"},
            "marked.umd.js", new String[]{"marked", "lib/marked.umd.js"},
            "purify.min.js", new String[]{"dompurify", "dist/purify.min.js"});

    private final ClassLoader loader;
    private final Map<String, Optional<Asset>> cache = new ConcurrentHashMap<>();

    /**
     * One static file.
     *
     * @param body        the bytes (do not modify)
     * @param contentType the Content-Type to send
     * @param etag        a strong validator (quoted SHA-256 prefix of the bytes)
     * @param vendor      true for a versioned library file, safe to cache for long
     */
    public record Asset(byte[] body, String contentType, String etag, boolean vendor) {
    }

    public DashboardAssets() {
        this(DashboardAssets.class.getClassLoader());
    }

    DashboardAssets(ClassLoader loader) {
        this.loader = loader;
    }

    /**
     * The asset at {@code path} (relative to {@code /ui/}, no leading slash; empty = the index page),
     * or empty when there is none or the path is not a plain relative path.
     */
    public Optional<Asset> find(String path) {
        String p = path.isEmpty() ? "index.html" : path;
        if (!SAFE.matcher(p).matches() || p.contains("..")) {
            return Optional.empty();
        }
        return cache.computeIfAbsent(p, this::load);
    }

    private Optional<Asset> load(String path) {
        boolean vendor = path.startsWith("vendor/");
        String resource;
        if (vendor) {
            String[] lib = VENDOR.get(path.substring("vendor/".length()));
            if (lib == null) {
                return Optional.empty();
            }
            String version = webJarVersion(lib[0]);
            if (version == null) {
                return Optional.empty();
            }
            resource = "META-INF/resources/webjars/" + lib[0] + "/" + version + "/" + lib[1];
        } else {
            resource = ROOT + path;
        }
        byte[] body = read(resource);
        if (body == null) {
            return Optional.empty();
        }
        return Optional.of(new Asset(body, contentType(path), etag(body), vendor));
    }

    private String webJarVersion(String artifact) {
        byte[] props = read("META-INF/maven/org.webjars.npm/" + artifact + "/pom.properties");
        if (props == null) {
            return null;
        }
        Properties p = new Properties();
        try {
            p.load(new java.io.ByteArrayInputStream(props));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version");
    }

    private byte[] read(String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    static String contentType(String path) {
        String ext = path.substring(path.lastIndexOf('.') + 1);
        return switch (ext) {
            case "html" -> "text/html; charset=utf-8";
            case "js", "mjs" -> "text/javascript; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "json" -> "application/json";
            case "svg" -> "image/svg+xml";
            case "png" -> "image/png";
            case "ico" -> "image/x-icon";
            case "txt", "md" -> "text/plain; charset=utf-8";
            default -> "application/octet-stream";
        };
    }

    private static String etag(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
