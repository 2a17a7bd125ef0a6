package io.synaps.server;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * CborDiagnostic renders CBOR bytes in RFC 8949 extended diagnostic notation, keeping what a
 * golden file must show a reviewer: indefinite lengths ({@code {_ }}, {@code [_ ]}), tags
 * ({@code 1(...)}) and float widths ({@code _1}, {@code _2}, {@code _3}). Stateless; thread-safe.
 */
final class CborDiagnostic {
    private final byte[] bytes;
    private int pos;

    private CborDiagnostic(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The diagnostic text of every top-level item in {@code bytes}, one per line. */
    static String render(byte[] bytes) {
        CborDiagnostic d = new CborDiagnostic(bytes);
        StringBuilder out = new StringBuilder();
        while (d.pos < bytes.length) {
            d.item(out, 0);
            out.append('\n');
        }
        return out.toString();
    }

    /** Hex of {@code bytes}, {@code perLine} bytes a line. */
    static String hex(byte[] bytes, int perLine) {
        StringBuilder out = new StringBuilder();
        HexFormat hex = HexFormat.of();
        for (int i = 0; i < bytes.length; i += perLine) {
            out.append(hex.formatHex(bytes, i, Math.min(bytes.length, i + perLine))).append('\n');
        }
        return out.toString();
    }

    private void item(StringBuilder out, int depth) {
        int initial = bytes[pos++] & 0xff;
        int major = initial >>> 5;
        int info = initial & 0x1f;
        switch (major) {
            case 0 -> out.append(argument(info));
            case 1 -> out.append(-1 - argument(info));
            case 2 -> {
                if (info == 31) {
                    out.append("(_ ");
                    chunks(out, depth);
                    out.append(')');
                } else {
                    int n = (int) argument(info);
                    out.append("h'").append(HexFormat.of().formatHex(bytes, pos, pos + n)).append('\'');
                    pos += n;
                }
            }
            case 3 -> {
                if (info == 31) {
                    out.append("(_ ");
                    chunks(out, depth);
                    out.append(')');
                } else {
                    int n = (int) argument(info);
                    out.append(quote(new String(bytes, pos, n, StandardCharsets.UTF_8)));
                    pos += n;
                }
            }
            case 4 -> container(out, depth, info, '[', ']', false);
            case 5 -> container(out, depth, info, '{', '}', true);
            case 6 -> {
                out.append(argument(info)).append('(');
                item(out, depth);
                out.append(')');
            }
            default -> simple(out, info);
        }
    }

    private void chunks(StringBuilder out, int depth) {
        boolean first = true;
        while ((bytes[pos] & 0xff) != 0xff) {
            if (!first) {
                out.append(", ");
            }
            first = false;
            item(out, depth);
        }
        pos++;
    }

    private void container(StringBuilder out, int depth, int info, char open, char close, boolean map) {
        boolean indefinite = info == 31;
        long count = indefinite ? -1 : argument(info);
        out.append(open);
        if (indefinite) {
            out.append('_');
        }
        boolean any = false;
        for (long i = 0; indefinite ? (bytes[pos] & 0xff) != 0xff : i < count; i++) {
            out.append(any ? ",\n" : "\n");
            any = true;
            indent(out, depth + 1);
            item(out, depth + 1);
            if (map) {
                out.append(": ");
                item(out, depth + 1);
            }
        }
        if (indefinite) {
            pos++;
        }
        if (any) {
            out.append('\n');
            indent(out, depth);
        } else if (indefinite) {
            out.append(' ');
        }
        out.append(close);
    }

    private void simple(StringBuilder out, int info) {
        switch (info) {
            case 20 -> out.append("false");
            case 21 -> out.append("true");
            case 22 -> out.append("null");
            case 23 -> out.append("undefined");
            case 25 -> {
                int half = (int) readBig(2);
                out.append(number(halfToDouble(half))).append("_1");
            }
            case 26 -> out.append(number(Float.intBitsToFloat((int) readBig(4)))).append("_2");
            case 27 -> out.append(number(Double.longBitsToDouble(readBig(8)))).append("_3");
            default -> out.append("simple(").append(info < 24 ? info : readBig(1)).append(')');
        }
    }

    /** A float in plain decimal (1768477800.0, not 1.7684778E9), as RFC 8949 diagnostic notation writes it. */
    private static String number(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity";
        }
        String plain = java.math.BigDecimal.valueOf(d).toPlainString();
        return plain.contains(".") ? plain : plain + ".0";
    }

    private static double halfToDouble(int half) {
        int exp = (half >> 10) & 0x1f;
        int mant = half & 0x3ff;
        double value = exp == 0 ? Math.scalb((double) mant, -24)
                : exp != 31 ? Math.scalb((double) (mant + 1024), exp - 25)
                : mant == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
        return (half & 0x8000) != 0 ? -value : value;
    }

    private long argument(int info) {
        if (info < 24) {
            return info;
        }
        return switch (info) {
            case 24 -> readBig(1);
            case 25 -> readBig(2);
            case 26 -> readBig(4);
            case 27 -> readBig(8);
            default -> throw new IllegalStateException("bad CBOR additional info " + info + " at " + (pos - 1));
        };
    }

    private long readBig(int n) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 8) | (bytes[pos++] & 0xff);
        }
        return v;
    }

    private static void indent(StringBuilder out, int depth) {
        out.append("  ".repeat(depth));
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }
}
