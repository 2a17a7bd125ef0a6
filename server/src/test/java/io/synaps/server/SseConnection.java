package io.synaps.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * SseConnection reads a server-sent-event stream over a real socket, as a browser's EventSource
 * would: it sends the request (cookie, optional Last-Event-ID), reads the response head, then a
 * background thread de-chunks the body and parses {@code id:}/{@code event:}/{@code data:}
 * blocks into events. Test helper; {@link #next} is for one reading thread.
 */
final class SseConnection implements AutoCloseable {
    /** One dispatched event (a block with data); {@code type} defaults to {@code message}. */
    record Event(String id, String type, String data) {
    }

    private final Socket socket;
    private final InputStream in;
    private final int status;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private volatile String lastEventId;
    private volatile String retry;
    private final Thread reader;

    private SseConnection(int port, String cookie, String lastEventId) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        StringBuilder head = new StringBuilder("GET /ui/api/events HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                + "Accept: text/event-stream\r\nSec-Fetch-Site: same-origin\r\nCookie: " + cookie + "\r\n");
        if (lastEventId != null) {
            head.append("Last-Event-ID: ").append(lastEventId).append("\r\n");
        }
        head.append("\r\n");
        socket.getOutputStream().write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        in = socket.getInputStream();
        socket.setSoTimeout(30_000);
        String statusLine = line();
        status = Integer.parseInt(statusLine.split(" ")[1]);
        String h;
        while ((h = line()) != null && !h.isEmpty()) {
            int colon = h.indexOf(':');
            headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
        }
        socket.setSoTimeout(0);
        reader = new Thread(this::readEvents, "sse-test-reader");
        reader.setDaemon(true);
        if (status == 200) {
            reader.start();
        }
    }

    /** Connects; {@code lastEventId} null for a fresh stream. */
    static SseConnection open(int port, String cookie, String lastEventId) throws IOException {
        return new SseConnection(port, cookie, lastEventId);
    }

    int status() {
        return status;
    }

    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The last {@code id:} seen, also from blocks without data (the stream's start position). */
    String lastEventId() {
        return lastEventId;
    }

    /** The {@code retry:} value the server sent, or null. */
    String retry() {
        return retry;
    }

    /** The next event, or null when none arrives within {@code timeout}. */
    Event next(Duration timeout) throws InterruptedException {
        return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next event of {@code type}, skipping others, or null within {@code timeout}. */
    Event next(String type, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            Event e = events.poll(left, TimeUnit.NANOSECONDS);
            if (e == null || e.type().equals(type)) {
                return e;
            }
        }
    }

    private void readEvents() {
        StringBuilder pending = new StringBuilder();
        String id = null;
        String type = null;
        StringBuilder data = null;
        try {
            while (true) {
                String size = line();
                if (size == null) {
                    return;
                }
                int n = Integer.parseInt(size.split(";")[0].trim(), 16);
                if (n == 0) {
                    return;
                }
                pending.append(new String(in.readNBytes(n), StandardCharsets.UTF_8));
                line(); // CRLF after the chunk
                int nl;
                while ((nl = pending.indexOf("\n")) >= 0) {
                    String l = pending.substring(0, nl);
                    pending.delete(0, nl + 1);
                    if (l.isEmpty()) {
                        if (data != null) {
                            events.add(new Event(id, type == null ? "message" : type, data.toString()));
                        }
                        type = null;
                        data = null;
                    } else if (l.startsWith(":")) {
                        continue; // comment (keep-alive)
                    } else if (l.startsWith("id:")) {
                        id = l.substring(3).trim();
                        lastEventId = id;
                    } else if (l.startsWith("event:")) {
                        type = l.substring(6).trim();
                    } else if (l.startsWith("data:")) {
                        data = data == null ? new StringBuilder() : data.append('\n');
                        data.append(l.substring(5).trim());
                    } else if (l.startsWith("retry:")) {
                        retry = l.substring(6).trim();
                    }
                }
            }
        } catch (IOException e) {
            // closed
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                String s = out.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            out.write(c);
        }
        return out.size() == 0 ? null : out.toString(StandardCharsets.ISO_8859_1);
    }

    /** True when the server closed the stream (the reader saw its end). */
    boolean closedByServer(Duration wait) throws InterruptedException {
        reader.join(wait.toMillis());
        return !reader.isAlive();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
