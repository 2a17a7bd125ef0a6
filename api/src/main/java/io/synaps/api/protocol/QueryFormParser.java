package io.synaps.api.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * QueryFormParser turns {@code application/x-www-form-urlencoded} AWS Query parameters into the
 * input tree in one pass over the bytes: percent escapes and {@code +} are decoded in place (no
 * URLDecoder, no regex, no intermediate key/value strings for plain ASCII keys).
 *
 * <p>Key shapes: {@code A.member.N...} becomes an array at {@code A} ordered by N (1-based; gaps
 * are allowed and closed up), {@code A.entry.N.key} / {@code A.entry.N.value} an object at
 * {@code A}, other dots nested objects; values are text. {@code Action} (alias {@code Operation})
 * and {@code Version} at the top level are taken out of the tree. A repeated key keeps its last
 * value. Feed the URL query string and then the body; not thread-safe, use one parser per request.
 */
public final class QueryFormParser {
    /** List indexes up to this are stored densely; larger ones go to a sorted map. */
    private static final int DENSE_LIMIT = 10_000;
    private static final byte[] MEMBER = "member".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ENTRY = "entry".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ACTION = "Action".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OPERATION = "Operation".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] VERSION = "Version".getBytes(StandardCharsets.US_ASCII);

    private final FormNode root = new FormNode();
    private byte[] keyBuf = new byte[128];
    private byte[] valueBuf = new byte[128];
    private String action;
    private String version;

    /** Parses one form-encoded byte range (a URL query string or a body) into the tree. */
    public QueryFormParser feed(byte[] b, int off, int len) {
        final int end = off + len;
        int i = off;
        while (i < end) {
            int keyStart = i;
            boolean keyEscaped = false;
            int j = i;
            for (; j < end; j++) {
                byte c = b[j];
                if (c == '&' || c == '=') {
                    break;
                }
                if (c == '%' || c == '+' || c < 0) {
                    keyEscaped = true;
                }
            }
            int keyEnd = j;
            int valueStart = j;
            int valueEnd = j;
            boolean valueEscaped = false;
            if (j < end && b[j] == '=') {
                valueStart = ++j;
                for (; j < end; j++) {
                    byte c = b[j];
                    if (c == '&') {
                        break;
                    }
                    if (c == '%' || c == '+' || c < 0) {
                        valueEscaped = true;
                    }
                }
                valueEnd = j;
            }
            i = j + 1;
            if (keyEnd > keyStart) {
                String value = valueEscaped ? decodeValue(b, valueStart, valueEnd)
                        : new String(b, valueStart, valueEnd - valueStart, StandardCharsets.ISO_8859_1);
                if (keyEscaped) {
                    int n = decodeInto(b, keyStart, keyEnd, true);
                    put(keyBuf, 0, n, value);
                } else {
                    put(b, keyStart, keyEnd, value);
                }
            }
        }
        return this;
    }

    /** Parses a whole array. */
    public QueryFormParser feed(byte[] b) {
        return feed(b, 0, b.length);
    }

    /** Parses a query string (already a Java string, as it arrives in the request-target). */
    public QueryFormParser feed(String queryString) {
        if (queryString != null && !queryString.isEmpty()) {
            byte[] bytes = queryString.getBytes(StandardCharsets.UTF_8);
            feed(bytes, 0, bytes.length);
        }
        return this;
    }

    /** The {@code Action} (or {@code Operation}) parameter, null when absent. */
    public String action() {
        return action;
    }

    /** The {@code Version} parameter, null when absent. */
    public String version() {
        return version;
    }

    /** The input tree of everything fed so far (a new tree on every call). */
    public ObjectNode tree() {
        JsonNode n = toJson(root);
        return n instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode();
    }

    // ---- key navigation ----

    private void put(byte[] k, int ks, int ke, String value) {
        if (indexOf(k, (byte) '.', ks, ke) < 0) {
            if (equals(k, ks, ke, ACTION) || equals(k, ks, ke, OPERATION)) {
                action = value;
                return;
            }
            if (equals(k, ks, ke, VERSION)) {
                version = value;
                return;
            }
        }
        FormNode node = root;
        int s = ks;
        while (true) {
            int dot = indexOf(k, (byte) '.', s, ke);
            int segEnd = dot < 0 ? ke : dot;
            if (dot >= 0) {
                byte kind = equals(k, s, segEnd, MEMBER) ? FormNode.LIST
                        : equals(k, s, segEnd, ENTRY) ? FormNode.MAP : 0;
                if (kind != 0) {
                    int next = indexOf(k, (byte) '.', dot + 1, ke);
                    int idxEnd = next < 0 ? ke : next;
                    int idx = parseIndex(k, dot + 1, idxEnd);
                    if (idx >= 0) {
                        FormNode item = node.item(kind, idx);
                        if (next < 0) {
                            item.setText(value);
                            return;
                        }
                        node = item;
                        s = next + 1;
                        continue;
                    }
                }
            }
            FormNode child = node.field(k, s, segEnd);
            if (dot < 0) {
                child.setText(value);
                return;
            }
            node = child;
            s = dot + 1;
        }
    }

    private static int indexOf(byte[] b, byte c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static boolean equals(byte[] b, int from, int to, byte[] word) {
        return to - from == word.length && Arrays.equals(b, from, to, word, 0, word.length);
    }

    /** A list index: 1 to 9 decimal digits, else -1 (then the segment is an ordinary name). */
    private static int parseIndex(byte[] b, int from, int to) {
        int n = to - from;
        if (n < 1 || n > 9) {
            return -1;
        }
        int v = 0;
        for (int i = from; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    // ---- percent decoding ----

    private String decodeValue(byte[] b, int from, int to) {
        int n = decodeInto(b, from, to, false);
        return new String(valueBuf, 0, n, StandardCharsets.UTF_8);
    }

    /** Decodes %XX and '+' into keyBuf or valueBuf; a malformed escape is kept literally. */
    private int decodeInto(byte[] b, int from, int to, boolean key) {
        byte[] out = key ? keyBuf : valueBuf;
        if (out.length < to - from) {
            out = new byte[Math.max(to - from, out.length * 2)];
            if (key) {
                keyBuf = out;
            } else {
                valueBuf = out;
            }
        }
        int n = 0;
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (c == '+') {
                out[n++] = ' ';
            } else if (c == '%' && i + 2 < to) {
                int hi = hex(b[i + 1]);
                int lo = hex(b[i + 2]);
                if (hi >= 0 && lo >= 0) {
                    out[n++] = (byte) (hi << 4 | lo);
                    i += 2;
                } else {
                    out[n++] = c;
                }
            } else {
                out[n++] = c;
            }
        }
        return n;
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }

    // ---- tree ----

    private static JsonNode toJson(FormNode n) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        switch (n.kind) {
            case FormNode.STRUCT: {
                ObjectNode o = f.objectNode();
                for (int i = 0; i < n.count; i++) {
                    o.set(n.names[i], toJson(n.children[i]));
                }
                return o;
            }
            case FormNode.LIST: {
                ArrayNode a = f.arrayNode();
                n.forEachItem(item -> a.add(toJson(item)));
                return a;
            }
            case FormNode.MAP: {
                ObjectNode o = f.objectNode();
                n.forEachItem(entry -> {
                    FormNode key = entry.child("key");
                    if (key != null && key.kind == FormNode.LEAF) {
                        FormNode value = entry.child("value");
                        o.set(key.text, value == null ? TextNode.valueOf("") : toJson(value));
                    }
                });
                return o;
            }
            case FormNode.LEAF:
                return TextNode.valueOf(n.text);
            default:
                return TextNode.valueOf("");
        }
    }

    /** One node of the tree under construction. Kind is fixed by the first use that needs it. */
    private static final class FormNode {
        static final byte NEW = 0;
        static final byte LEAF = 1;
        static final byte STRUCT = 2;
        static final byte LIST = 3;
        static final byte MAP = 4;
        /** Linear search over a structure's names up to this many fields, a hash map beyond. */
        static final int LINEAR_FIELDS = 16;

        byte kind = NEW;
        String text;
        // STRUCT
        String[] names;
        byte[][] nameBytes;
        FormNode[] children;
        int count;
        Map<String, FormNode> byName;
        // LIST and MAP
        FormNode[] items;
        TreeMap<Integer, FormNode> sparse;

        void setText(String value) {
            if (kind == NEW || kind == LEAF) {
                kind = LEAF;
                text = value;
            }
            // A value for a node already used as a structure or list is dropped (e.g. "X=" then X.member.1).
        }

        FormNode field(byte[] k, int s, int e) {
            if (kind == NEW || kind == LEAF) {
                kind = STRUCT;
                text = null;
                names = new String[4];
                nameBytes = new byte[4][];
                children = new FormNode[4];
            } else if (kind != STRUCT) {
                return new FormNode(); // conflicting use: detached, its values go nowhere
            }
            if (byName != null) {
                String name = new String(k, s, e - s, StandardCharsets.UTF_8);
                FormNode child = byName.get(name);
                if (child == null) {
                    child = add(name, Arrays.copyOfRange(k, s, e));
                }
                return child;
            }
            int len = e - s;
            for (int i = 0; i < count; i++) {
                byte[] nb = nameBytes[i];
                if (nb.length == len && Arrays.equals(k, s, e, nb, 0, len)) {
                    return children[i];
                }
            }
            byte[] nb = Arrays.copyOfRange(k, s, e);
            return add(new String(nb, StandardCharsets.UTF_8), nb);
        }

        FormNode child(String name) {
            if (kind != STRUCT) {
                return null;
            }
            for (int i = 0; i < count; i++) {
                if (names[i].equals(name)) {
                    return children[i];
                }
            }
            return null;
        }

        private FormNode add(String name, byte[] nb) {
            if (count == names.length) {
                int cap = count * 2;
                names = Arrays.copyOf(names, cap);
                nameBytes = Arrays.copyOf(nameBytes, cap);
                children = Arrays.copyOf(children, cap);
            }
            FormNode child = new FormNode();
            names[count] = name;
            nameBytes[count] = nb;
            children[count] = child;
            count++;
            if (byName != null) {
                byName.put(name, child);
            } else if (count > LINEAR_FIELDS) {
                byName = new HashMap<>();
                for (int i = 0; i < count; i++) {
                    byName.put(names[i], children[i]);
                }
            }
            return child;
        }

        FormNode item(byte itemKind, int idx) {
            if (kind == NEW || kind == LEAF) {
                kind = itemKind;
                text = null;
                items = new FormNode[Math.min(Math.max(idx + 1, 8), DENSE_LIMIT + 1)];
            } else if (kind != itemKind) {
                return new FormNode();
            }
            if (idx <= DENSE_LIMIT) {
                if (idx >= items.length) {
                    items = Arrays.copyOf(items, Math.min(Math.max(idx + 1, items.length * 2), DENSE_LIMIT + 1));
                }
                FormNode item = items[idx];
                if (item == null) {
                    item = new FormNode();
                    items[idx] = item;
                }
                return item;
            }
            if (sparse == null) {
                sparse = new TreeMap<>();
            }
            return sparse.computeIfAbsent(idx, i -> new FormNode());
        }

        void forEachItem(java.util.function.Consumer<FormNode> action) {
            for (FormNode item : items) {
                if (item != null) {
                    action.accept(item);
                }
            }
            if (sparse != null) {
                sparse.values().forEach(action);
            }
        }
    }
}
