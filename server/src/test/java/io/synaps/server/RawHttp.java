package io.synaps.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * RawHttp sends one HTTP/1.1 request over a fresh socket and reads the response exactly as it came
 * off the wire, header-name case included (java.net.http hides that, and AWS clients check the
 * spelling {@code x-amzn-RequestId}). Test helper; stateless and thread-safe.
 */
final class RawHttp {
    private RawHttp() {
    }

    /** Response is a status, the headers in wire order and spelling, and the de-chunked body. */
    record Response(int status, List<Map.Entry<String, String>> headers, byte[] body) {
        Optional<String> header(String name) {
            return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst();
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    static Response send(int port, String method, String target, List<Map.Entry<String, String>> headers, byte[] body) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(30_000);
            StringBuilder head = new StringBuilder();
            head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
            boolean hasHost = false;
            for (Map.Entry<String, String> h : headers) {
                if (h.getKey().equalsIgnoreCase("Content-Length") || h.getKey().equalsIgnoreCase("Connection")) {
                    continue;
                }
                hasHost |= h.getKey().equalsIgnoreCase("Host");
                head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
            }
            if (!hasHost) {
                head.append("Host: 127.0.0.1:").append(port).append("\r\n");
            }
            head.append("Content-Length: ").append(body.length).append("\r\n");
            head.append("Connection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return read(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Response read(InputStream in) throws IOException {
        String statusLine = line(in);
        if (statusLine == null || !statusLine.startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP response: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (String l = line(in); l != null && !l.isEmpty(); l = line(in)) {
            int colon = l.indexOf(':');
            headers.add(Map.entry(l.substring(0, colon), l.substring(colon + 1).trim()));
        }
        Response partial = new Response(status, headers, new byte[0]);
        byte[] body;
        if (partial.header("Transfer-Encoding").map(v -> v.equalsIgnoreCase("chunked")).orElse(false)) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            while (true) {
                String size = line(in);
                int n = Integer.parseInt(size.split(";")[0].trim(), 16);
                if (n == 0) {
                    while (true) {
                        String trailer = line(in);
                        if (trailer == null || trailer.isEmpty()) {
                            break;
                        }
                    }
                    break;
                }
                buf.write(in.readNBytes(n));
                line(in);
            }
            body = buf.toByteArray();
        } else if (partial.header("Content-Length").isPresent()) {
            body = in.readNBytes(Integer.parseInt(partial.header("Content-Length").get()));
        } else {
            body = in.readAllBytes();
        }
        return new Response(status, headers, body);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                byte[] b = buf.toByteArray();
                int len = b.length > 0 && b[b.length - 1] == '\r' ? b.length - 1 : b.length;
                return new String(b, 0, len, StandardCharsets.ISO_8859_1);
            }
            buf.write(c);
        }
        return buf.size() == 0 ? null : buf.toString(StandardCharsets.ISO_8859_1);
    }
}
