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
 * are allowed and closed up), {@code A.entry.N.key} / {@code A.entry.N.value} (or
 * {@code .Name} / {@code .Value}, SNS's MessageAttributes) an object at {@code A}, other dots nested objects; values are text. {@code Action} (alias {@code Operation})
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

    private static final byte PLAIN = 0;
    private static final byte AMP = 1;
    private static final byte EQUALS = 2;
    private static final byte DOT = 3;
    private static final byte ESCAPE = 4;
    /** Byte classes for the scanning loop: one table load per byte on the common path. */
    private static final byte[] CLASSES = new byte[256];
    /** Hex digit values, -1 for other bytes. */
    private static final byte[] HEX = new byte[256];

    static {
        Arrays.fill(HEX, (byte) -1);
        for (int c = 0; c < 10; c++) {
            HEX['0' + c] = (byte) c;
        }
        for (int c = 0; c < 6; c++) {
            HEX['A' + c] = (byte) (10 + c);
            HEX['a' + c] = (byte) (10 + c);
        }
        CLASSES['&'] = AMP;
        CLASSES['='] = EQUALS;
        CLASSES['.'] = DOT;
        CLASSES['%'] = ESCAPE;
        CLASSES['+'] = ESCAPE;
        for (int c = 0x80; c < 0x100; c++) {
            CLASSES[c] = ESCAPE; // raw UTF-8 bytes need the decoding path
        }
    }

    private final FormNode root = new FormNode();
    private final NameTable names = new NameTable();
    private int[] dots = new int[16];
    private byte[] keyBuf = new byte[128];
    private byte[] valueBuf = new byte[128];
    private String action;
    private String version;

    /** Parses one form-encoded byte range (a URL query string or a body) into the tree. */
    public QueryFormParser feed(byte[] b, int off, int len) {
        final int end = off + len;
        final byte[] classes = CLASSES;
        int[] dots = this.dots;
        int i = off;
        while (i < end) {
            int keyStart = i;
            boolean keyEscaped = false;
            int dotCount = 0;
            int j = i;
            for (; j < end; j++) {
                byte cls = classes[b[j] & 0xFF];
                if (cls == PLAIN) {
                    continue;
                }
                if (cls == DOT) {
                    if (dotCount < dots.length) {
                        dots[dotCount] = j;
                    }
                    dotCount++;
                } else if (cls == ESCAPE) {
                    keyEscaped = true;
                } else {
                    break; // '&' or '='
                }
            }
            int keyEnd = j;
            int valueStart = j;
            int valueEnd = j;
            boolean valueEscaped = false;
            if (j < end && b[j] == '=') {
                valueStart = ++j;
                for (; j < end; j++) {
                    byte cls = classes[b[j] & 0xFF];
                    if (cls == AMP) {
                        break;
                    }
                    if (cls == ESCAPE) {
                        valueEscaped = true;
                    }
                }
                valueEnd = j;
            }
            i = j + 1;
            if (keyEnd > keyStart) {
                String value = valueEscaped ? decodeValue(b, valueStart, valueEnd)
                        : new String(b, valueStart, valueEnd - valueStart, StandardCharsets.ISO_8859_1);
                if (keyEscaped || dotCount > dots.length) {
                    int n = decodeInto(b, keyStart, keyEnd, true);
                    put(keyBuf, 0, n, findDots(keyBuf, 0, n), value);
                    dots = this.dots; // findDots may have grown it
                } else {
                    put(b, keyStart, keyEnd, dotCount, value);
                }
            }
        }
        return this;
    }

    /** Records the dots of a decoded key; keys deeper than the dot buffer grow it. */
    private int findDots(byte[] k, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            if (k[i] == '.') {
                if (n == dots.length) {
                    dots = Arrays.copyOf(dots, dots.length * 2);
                }
                dots[n++] = i;
            }
        }
        return n;
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

    /** Files one value under its key; {@code dots} holds the positions of the key's {@code dotCount} dots. */
    private void put(byte[] k, int ks, int ke, int dotCount, String value) {
        if (dotCount == 0) {
            if (equals(k, ks, ke, ACTION) || equals(k, ks, ke, OPERATION)) {
                action = value;
                return;
            }
            if (equals(k, ks, ke, VERSION)) {
                version = value;
                return;
            }
        }
        final int[] dots = this.dots;
        FormNode node = root;
        int s = ks;
        int d = 0; // index of the dot that ends the current segment
        while (true) {
            int segEnd = d < dotCount ? dots[d] : ke;
            if (d < dotCount) {
                byte kind = equals(k, s, segEnd, MEMBER) ? FormNode.LIST
                        : equals(k, s, segEnd, ENTRY) ? FormNode.MAP : 0;
                if (kind != 0) {
                    int idxEnd = d + 1 < dotCount ? dots[d + 1] : ke;
                    int idx = parseIndex(k, segEnd + 1, idxEnd);
                    if (idx >= 0) {
                        FormNode item = node.item(kind, idx);
                        if (d + 1 >= dotCount) {
                            item.setText(value);
                            return;
                        }
                        node = item;
                        s = idxEnd + 1;
                        d += 2;
                        continue;
                    }
                }
            }
            FormNode child = node.field(k, s, segEnd, names);
            if (d >= dotCount) {
                child.setText(value);
                return;
            }
            node = child;
            s = segEnd + 1;
            d++;
        }
    }

    private static boolean equals(byte[] b, int from, int to, byte[] word) {
        if (to - from != word.length) {
            return false;
        }
        for (int i = 0; i < word.length; i++) {
            if (b[from + i] != word[i]) {
                return false;
            }
        }
        return true;
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
        byte[] out = valueBuf;
        for (int i = 0; i < n; i++) {
            if (out[i] < 0) {
                return new String(out, 0, n, StandardCharsets.UTF_8);
            }
        }
        return new String(out, 0, n, StandardCharsets.ISO_8859_1); // pure ASCII: no UTF-8 decoding needed
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
        final byte[] hex = HEX;
        int n = 0;
        int i = from;
        while (i < to) {
            byte c = b[i];
            if (c == '%' && i + 2 < to) {
                int hi = hex[b[i + 1] & 0xFF];
                int lo = hex[b[i + 2] & 0xFF];
                if ((hi | lo) >= 0) {
                    out[n++] = (byte) (hi << 4 | lo);
                    i += 3;
                    continue;
                }
            }
            out[n++] = c == '+' ? (byte) ' ' : c;
            i++;
        }
        return n;
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
                    // key/value by default; SNS's MessageAttributes name them Name/Value (model locationName).
                    boolean named = entry.child("key") == null && entry.child("Name") != null;
                    FormNode key = entry.child(named ? "Name" : "key");
                    if (key != null && key.kind == FormNode.LEAF) {
                        FormNode value = entry.child(named ? "Value" : "value");
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

        FormNode field(byte[] k, int s, int e, NameTable table) {
            if (kind == NEW || kind == LEAF) {
                kind = STRUCT;
                text = null;
                names = new String[8];
                nameBytes = new byte[8][];
                children = new FormNode[8];
            } else if (kind != STRUCT) {
                return new FormNode(); // conflicting use: detached, its values go nowhere
            }
            int len = e - s;
            if (byName == null) {
                for (int i = 0; i < count; i++) {
                    byte[] nb = nameBytes[i];
                    if (nb.length == len && sameBytes(k, s, nb)) {
                        return children[i];
                    }
                }
                int slot = table.slot(k, s, e);
                return add(table.name(slot), table.bytes(slot));
            }
            int slot = table.slot(k, s, e);
            String name = table.name(slot);
            FormNode child = byName.get(name);
            return child != null ? child : add(name, table.bytes(slot));
        }

        private static boolean sameBytes(byte[] k, int s, byte[] nb) {
            for (int i = 0; i < nb.length; i++) {
                if (k[s + i] != nb[i]) {
                    return false;
                }
            }
            return true;
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

    /**
     * NameTable interns member names per parser: the same few names repeat for every list item,
     * so each is decoded and copied once. Open addressing over (bytes, string) pairs.
     */
    private static final class NameTable {
        private byte[][] keys = new byte[64][];
        private String[] values = new String[64];
        private int size;

        /** The slot holding the name in k[s, e), adding it when new. */
        int slot(byte[] k, int s, int e) {
            int h = 0;
            for (int i = s; i < e; i++) {
                h = 31 * h + k[i];
            }
            int mask = keys.length - 1;
            int i = (h ^ (h >>> 16)) & mask;
            int len = e - s;
            while (true) {
                byte[] key = keys[i];
                if (key == null) {
                    if (size * 2 >= keys.length) {
                        grow();
                        return slot(k, s, e);
                    }
                    keys[i] = Arrays.copyOfRange(k, s, e);
                    values[i] = new String(keys[i], StandardCharsets.UTF_8);
                    size++;
                    return i;
                }
                if (key.length == len && FormNode.sameBytes(k, s, key)) {
                    return i;
                }
                i = (i + 1) & mask;
            }
        }

        String name(int slot) {
            return values[slot];
        }

        byte[] bytes(int slot) {
            return keys[slot];
        }

        private void grow() {
            byte[][] oldKeys = keys;
            String[] oldValues = values;
            keys = new byte[oldKeys.length * 2][];
            values = new String[oldKeys.length * 2];
            size = 0;
            for (int j = 0; j < oldKeys.length; j++) {
                if (oldKeys[j] != null) {
                    int slot = slot(oldKeys[j], 0, oldKeys[j].length);
                    values[slot] = oldValues[j];
                }
            }
        }
    }
}
