package io.synaps.api.http;

import io.netty.handler.codec.http.HttpHeaders;
import io.synaps.model.AwsError;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * RequestBodies applies a request's {@code Content-Encoding} (gzip, any case; identity) with a
 * hard cap: inflation stops as soon as the output passes the limit, so a gzip bomb costs at most
 * the limit in memory and time. Stateless; thread-safe.
 */
public final class RequestBodies {
    private RequestBodies() {
    }

    /**
     * The plain body.
     *
     * @throws AwsError 413 RequestEntityTooLarge past {@code maxBytes}; 400 for bad gzip or an
     *                  unsupported encoding
     */
    public static byte[] decode(HttpHeaders headers, byte[] body, int maxBytes) {
        String encoding = headers.get("Content-Encoding");
        byte[] out = body;
        if (encoding != null) {
            for (String token : encoding.split(",")) {
                String e = token.trim().toLowerCase(Locale.ROOT);
                if (e.isEmpty() || e.equals("identity")) {
                    continue;
                }
                if (e.equals("gzip") || e.equals("x-gzip")) {
                    out = gunzip(out, maxBytes);
                } else {
                    throw AwsError.invalidParameterValue("Content-Encoding " + token.trim() + " is not supported; use gzip.");
                }
            }
        }
        if (out.length > maxBytes) {
            throw tooLarge(maxBytes);
        }
        return out;
    }

    /** Inflates gzip data (one or more members) up to {@code maxBytes}. */
    public static byte[] gunzip(byte[] data, int maxBytes) {
        if (data.length == 0) {
            return data;
        }
        byte[] buf = new byte[(int) Math.min((long) maxBytes + 1, Math.max(8192L, data.length * 4L))];
        int n = 0;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(data), 8192)) {
            while (true) {
                if (n == buf.length) {
                    if (n > maxBytes) {
                        throw tooLarge(maxBytes);
                    }
                    buf = Arrays.copyOf(buf, (int) Math.min((long) maxBytes + 1, buf.length * 2L));
                }
                int r = in.read(buf, n, buf.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
                if (n > maxBytes) {
                    throw tooLarge(maxBytes);
                }
            }
        } catch (IOException e) {
            throw AwsError.invalidParameterValue("The request body is not valid gzip data (Content-Encoding: gzip).");
        }
        return n == buf.length ? buf : Arrays.copyOf(buf, n);
    }

    /** 413 RequestEntityTooLarge, AWS-style. */
    public static AwsError tooLarge(int maxBytes) {
        return new AwsError("RequestEntityTooLarge", "RequestEntityTooLarge", 413, true,
                "Request size exceeded " + maxBytes + " bytes.", null);
    }
}
