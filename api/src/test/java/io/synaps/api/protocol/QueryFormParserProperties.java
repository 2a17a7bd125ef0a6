package io.synaps.api.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Random input trees, flattened the way Query clients do and encoded in random ways, parse back to themselves. */
class QueryFormParserProperties {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String NAME_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_";
    private static final String VALUE_CHARS = "abcXYZ019 +&=%.-_~*/?#[]é日\u00a0\uD83D\uDE00";

    @Test
    void flattenedTreesParseBackToThemselves() {
        long seed = Long.getLong("synaps.seed", System.nanoTime());
        System.out.println("QueryFormParserProperties seed=" + seed);
        Random random = new Random(seed);
        for (int run = 0; run < 500; run++) {
            ObjectNode tree = struct(random, 0);
            List<String> pairs = new ArrayList<>();
            flatten(tree, "", pairs, random);
            Collections.shuffle(pairs, random);
            String form = String.join("&", pairs);
            QueryFormParser parser = new QueryFormParser().feed(form.getBytes(StandardCharsets.UTF_8));
            assertThat(parser.tree()).as("seed %d run %d form %s", seed, run, form).isEqualTo(tree);
        }
    }

    private static ObjectNode struct(Random r, int depth) {
        ObjectNode o = F.objectNode();
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
            String name = name(r);
            int kind = depth >= 3 ? 0 : r.nextInt(5);
            if (kind <= 2) {
                o.put(name, value(r));
            } else if (kind == 3) {
                ArrayNode a = o.putArray(name);
                int items = 1 + r.nextInt(4);
                boolean structs = r.nextBoolean();
                for (int j = 0; j < items; j++) {
                    a.add(structs ? struct(r, depth + 1) : F.textNode(value(r)));
                }
            } else {
                o.set(name, struct(r, depth + 1));
            }
        }
        return o;
    }

    private static String name(Random r) {
        while (true) {
            StringBuilder sb = new StringBuilder();
            int len = 1 + r.nextInt(12);
            for (int i = 0; i < len; i++) {
                sb.append(NAME_CHARS.charAt(r.nextInt(NAME_CHARS.length())));
            }
            String s = sb.toString();
            if (!s.equals("member") && !s.equals("entry") && !s.equals("Action") && !s.equals("Version")
                    && !s.equals("Operation")) {
                return s;
            }
        }
    }

    private static String value(Random r) {
        StringBuilder sb = new StringBuilder();
        int len = r.nextInt(10);
        for (int i = 0; i < len; i++) {
            int cp = VALUE_CHARS.codePointAt(r.nextInt(VALUE_CHARS.length() - 1));
            if (Character.isLowSurrogate((char) cp)) {
                cp = 'x';
            }
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }

    /** Query flattening: X.member.N for lists (indexes from 1, sometimes with gaps), dots for structures. */
    private static void flatten(JsonNode node, String prefix, List<String> out, Random r) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(e.getValue(), prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), out, r);
            }
        } else if (node.isArray()) {
            int index = 0;
            for (JsonNode item : node) {
                index += 1 + (r.nextInt(5) == 0 ? r.nextInt(3) : 0);
                flatten(item, prefix + ".member." + index, out, r);
            }
        } else {
            out.add(encode(prefix, r) + "=" + encode(node.textValue(), r));
        }
    }

    private static String encode(String s, Random r) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            boolean unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~' || c == '*';
            if (c == ' ' && r.nextBoolean()) {
                sb.append('+');
            } else if (unreserved && r.nextInt(4) != 0) {
                sb.append((char) c);
            } else if (c >= 0x80 && r.nextInt(3) == 0) {
                sb.append("%").append(String.format("%02x", c)); // lower-case hex is legal too
            } else {
                sb.append("%").append(String.format("%02X", c));
            }
        }
        return sb.toString();
    }
}
