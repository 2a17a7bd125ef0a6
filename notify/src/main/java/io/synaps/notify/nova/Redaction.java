package io.synaps.notify.nova;

import java.util.Collection;

/**
 * Redaction takes secrets out of text bound for outcomes, history and logs, and bounds its
 * length. Stateless and thread-safe.
 */
final class Redaction {
    static final int MAX_TEXT = 300;

    private Redaction() {
    }

    /** {@code text} with every non-empty secret replaced by {@code ****}, single-lined and cut to {@link #MAX_TEXT}. */
    static String scrub(String text, Collection<String> secrets) {
        if (text == null) {
            return "";
        }
        String out = text;
        for (String s : secrets) {
            if (s != null && !s.isEmpty()) {
                out = out.replace(s, "****");
            }
        }
        out = out.replaceAll("\\s+", " ").trim();
        return out.length() > MAX_TEXT ? out.substring(0, MAX_TEXT - 3) + "..." : out;
    }
}
