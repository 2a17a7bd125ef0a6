package io.synaps.api.protocol;


import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden compares a rendered response with a file under src/test/resources/golden; run with
 * {@code -Dsynaps.updateGolden=true} to rewrite the files from the current output.
 */
public final class Golden {
    private static final Path ROOT = Path.of("src/test/resources/golden");

    private Golden() {
    }

    /** Status, headers (except Date) and body: text bodies as text, CBOR as hex with 32 bytes a line. */
    public static String render(WireResponse r, boolean binary) {
        StringBuilder sb = new StringBuilder();
        sb.append("status: ").append(r.status()).append('\n');
        for (Map.Entry<String, String> h : r.headers().entrySet()) {
            if (!h.getKey().equals("Date")) {
                sb.append(h.getKey()).append(": ").append(h.getValue()).append('\n');
            }
        }
        sb.append('\n');
        if (binary) {
            String hex = HexFormat.of().withUpperCase().formatHex(r.body());
            for (int i = 0; i < hex.length(); i += 64) {
                sb.append(hex, i, Math.min(hex.length(), i + 64)).append('\n');
            }
        } else {
            sb.append(new String(r.body(), StandardCharsets.UTF_8)).append('\n');
        }
        return sb.toString();
    }

    public static void assertMatches(String name, String actual) {
        Path file = ROOT.resolve(name);
        try {
            if (Boolean.getBoolean("synaps.updateGolden")) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, actual, StandardCharsets.UTF_8);
                return;
            }
            assertThat(file).as("golden file %s missing; run with -Dsynaps.updateGolden=true", file).exists();
            assertThat(actual).as("golden %s", name).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The body bytes of a CBOR golden file (hex lines after the blank line). */
    static byte[] cborBody(String name) throws IOException {
        String text = Files.readString(ROOT.resolve(name), StandardCharsets.UTF_8);
        String hex = text.substring(text.indexOf("\n\n") + 2).replaceAll("\\s", "");
        return HexFormat.of().parseHex(hex);
    }
}
