package io.synaps.journal;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * SegmentJournalCrashChild is the process {@link SegmentJournalCrashTest} kills: it appends
 * records forever and prints "ack partition offset seq ." for each acknowledged one.
 */
public final class SegmentJournalCrashChild {
    static final int PARTITIONS = 2;

    private SegmentJournalCrashChild() {
    }

    /** The journal configuration both processes use: small segments so the kill may land near a rollover. */
    static SegmentJournalConfig config(Path root) {
        return new SegmentJournalConfig(root, PARTITIONS, 1 << 20, 256 << 10, 16 << 20);
    }

    /** Record {@code seq}: a size picked from seq (small or up to 200 KB) and bytes derived from seq. */
    static byte[] record(long seq) {
        long mixed = seq * 0x9E3779B97F4A7C15L;
        int size = (mixed & 1) == 0 ? 8 + (int) ((mixed >>> 8) & 0xFF) : 8 + (int) ((mixed >>> 8) % 200_000);
        byte[] record = new byte[size];
        ByteBuffer.wrap(record).putLong(seq);
        for (int i = 8; i < size; i++) {
            record[i] = (byte) (seq * 31 + i);
        }
        return record;
    }

    public static void main(String[] args) throws InterruptedException {
        SegmentJournal journal = SegmentJournal.open(config(Path.of(args[0])));
        PrintStream out = System.out;
        AtomicLong sequence = new AtomicLong();
        Semaphore window = new Semaphore(64);
        Runnable appender = () -> {
            while (true) {
                window.acquireUninterruptibly();
                long seq = sequence.getAndIncrement();
                int partition = (int) (seq % PARTITIONS);
                journal.append(partition, record(seq)).whenComplete((offset, error) -> {
                    window.release();
                    if (error == null) {
                        out.println("ack " + partition + " " + offset + " " + seq + " .");
                    } else {
                        out.println("error " + seq + " " + error);
                    }
                });
            }
        };
        for (int t = 0; t < 3; t++) {
            Thread thread = new Thread(appender, "appender-" + t);
            thread.start();
        }
        Thread.currentThread().join();
    }
}
