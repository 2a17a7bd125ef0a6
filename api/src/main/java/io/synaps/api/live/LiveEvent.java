package io.synaps.api.live;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * LiveEvent is one event of an account's live feed: its id {@code <epoch>-<seq>} (epoch = this
 * process's start in base-36 milliseconds, seq = the feed's global, increasing sequence number),
 * its type ({@code alarm}, {@code metrics} or {@code reset}) and its data (one line of JSON).
 * The server-sent-events frame is encoded once, at construction, and shared by every stream.
 * Immutable; thread-safe.
 */
public final class LiveEvent {
    /** Type of an alarm state change. */
    public static final String ALARM = "alarm";
    /** Type of the once-a-second list of metrics that received datums. */
    public static final String METRICS = "metrics";
    /** Type telling the client that events were lost and it must refetch what it shows. */
    public static final String RESET = "reset";

    private final String id;
    private final long seq;
    private final String type;
    private final byte[] frame;
    private final int dataStart;

    LiveEvent(String id, long seq, String type, String data) {
        this.id = Objects.requireNonNull(id, "id");
        this.seq = seq;
        this.type = Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
        if (data.indexOf('\n') >= 0 || data.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("event data must be one line");
        }
        // Only the frame is kept (the data is a slice of it): buffered events cost their bytes once.
        byte[] head = ("id: " + id + "\nevent: " + type + "\ndata: ").getBytes(StandardCharsets.UTF_8);
        byte[] body = data.getBytes(StandardCharsets.UTF_8);
        this.frame = new byte[head.length + body.length + 2];
        System.arraycopy(head, 0, frame, 0, head.length);
        System.arraycopy(body, 0, frame, head.length, body.length);
        frame[frame.length - 2] = '\n';
        frame[frame.length - 1] = '\n';
        this.dataStart = head.length;
    }

    /** The SSE id, {@code <epoch>-<seq>}. */
    public String id() {
        return id;
    }

    /** The sequence number in the id. */
    public long seq() {
        return seq;
    }

    /** The SSE event name. */
    public String type() {
        return type;
    }

    /** The JSON data, one line. */
    public String data() {
        return new String(frame, dataStart, frame.length - 2 - dataStart, StandardCharsets.UTF_8);
    }

    /** The UTF-8 SSE frame {@code id: ..\nevent: ..\ndata: ..\n\n}; callers must not modify the array. */
    byte[] frame() {
        return frame;
    }

    @Override
    public String toString() {
        return "LiveEvent[" + id + " " + type + " " + data() + "]";
    }
}
