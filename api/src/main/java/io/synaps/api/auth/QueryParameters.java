package io.synaps.api.auth;

import java.util.ArrayList;
import java.util.List;

/**
 * QueryParameters splits a raw query string into decoded (name, value) pairs in order, for the
 * canonical query string and presigned parameters. Stateless; thread-safe.
 */
final class QueryParameters {
    private QueryParameters() {
    }

    static List<String[]> parse(String rawQuery) {
        List<String[]> out = new ArrayList<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        int i = 0;
        while (i <= rawQuery.length()) {
            int amp = rawQuery.indexOf('&', i);
            int end = amp < 0 ? rawQuery.length() : amp;
            if (end > i) {
                String pair = rawQuery.substring(i, end);
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                out.add(new String[]{UriEncoding.decode(name), UriEncoding.decode(value)});
            }
            if (amp < 0) {
                break;
            }
            i = amp + 1;
        }
        return out;
    }

    /** The first value of a parameter, or null. */
    static String first(List<String[]> params, String name) {
        for (String[] p : params) {
            if (p[0].equals(name)) {
                return p[1];
            }
        }
        return null;
    }
}
