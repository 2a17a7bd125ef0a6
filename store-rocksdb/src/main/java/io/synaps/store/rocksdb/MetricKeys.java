package io.synaps.store.rocksdb;

import io.synaps.model.Dimension;
import io.synaps.model.MetricId;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * MetricKeys encodes the keys of the series column family: account number (4 bytes, big-endian),
 * then namespace, metric name and each dimension's name and value (sorted by name) as
 * order-preserving strings: UTF-8 with byte 0x00 escaped as 0x00 0xFF and terminated by
 * 0x00 0x01. Keys therefore sort by (account, namespace, name, dimensions), and the encoding of a
 * leading part is a prefix of every key that has it. Stateless and thread-safe.
 */
final class MetricKeys {
    private static final byte ESCAPE = 0x00;
    private static final byte ESCAPED_ZERO = (byte) 0xFF;
    private static final byte TERMINATOR = 0x01;

    private MetricKeys() {
    }

    static byte[] key(int account, MetricId metric) {
        Writer w = new Writer(64);
        w.account(account);
        w.string(metric.namespace());
        w.string(metric.metricName());
        for (Dimension d : metric.dimensions()) {
            w.string(d.name());
            w.string(d.value());
        }
        return w.bytes();
    }

    /** The prefix of the account's keys, narrowed to a namespace and a metric name when they are not null. */
    static byte[] prefix(int account, String namespace, String metricName) {
        Writer w = new Writer(32);
        w.account(account);
        if (namespace != null) {
            w.string(namespace);
            if (metricName != null) {
                w.string(metricName);
            }
        }
        return w.bytes();
    }

    static int account(byte[] key) {
        return BucketKeys.getInt(key, 0);
    }

    /** Decodes a key written by {@link #key}; throws IllegalArgumentException for anything else. */
    static MetricId decode(byte[] key) {
        Reader r = new Reader(key);
        String namespace = r.string();
        String name = r.string();
        List<Dimension> dims = new ArrayList<>();
        while (r.more()) {
            dims.add(new Dimension(r.string(), r.string()));
        }
        return new MetricId(namespace, name, dims);
    }

    private static final class Writer {
        private byte[] buf;
        private int len;

        Writer(int capacity) {
            buf = new byte[capacity];
        }

        void account(int account) {
            ensure(4);
            BucketKeys.putInt(buf, len, account);
            len += 4;
        }

        void string(String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            ensure(utf8.length * 2 + 2);
            for (byte b : utf8) {
                buf[len++] = b;
                if (b == ESCAPE) {
                    buf[len++] = ESCAPED_ZERO;
                }
            }
            buf[len++] = ESCAPE;
            buf[len++] = TERMINATOR;
        }

        byte[] bytes() {
            return Arrays.copyOf(buf, len);
        }

        private void ensure(int extra) {
            if (len + extra > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
            }
        }
    }

    private static final class Reader {
        private final byte[] key;
        private int pos = 4;
        private final byte[] scratch;

        Reader(byte[] key) {
            if (key.length < 4) {
                throw new IllegalArgumentException("metric key too short");
            }
            this.key = key;
            this.scratch = new byte[key.length];
        }

        boolean more() {
            return pos < key.length;
        }

        String string() {
            int n = 0;
            while (true) {
                if (pos >= key.length) {
                    throw new IllegalArgumentException("unterminated string in metric key");
                }
                byte b = key[pos++];
                if (b != ESCAPE) {
                    scratch[n++] = b;
                    continue;
                }
                if (pos >= key.length) {
                    throw new IllegalArgumentException("dangling escape in metric key");
                }
                byte next = key[pos++];
                if (next == TERMINATOR) {
                    return new String(scratch, 0, n, StandardCharsets.UTF_8);
                }
                if (next != ESCAPED_ZERO) {
                    throw new IllegalArgumentException("bad escape in metric key");
                }
                scratch[n++] = 0;
            }
        }
    }
}
