package io.synaps.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kills a journal-writing JVM with SIGKILL and checks that every acknowledged record survives. */
class SegmentJournalCrashTest {
    private static final int ACKS_BEFORE_KILL = 3000;

    @TempDir
    Path dir;

    private record Ack(int partition, long offset, long seq) {
    }

    @Test
    void everyAcknowledgedRecordSurvivesSigkillOfTheWriter() throws Exception {
        Path root = dir.resolve("journal");
        Path stdout = dir.resolve("child-stdout.txt");
        Path stderr = dir.resolve("child-stderr.txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Output goes to a file: Process.destroyForcibly() closes the pipes, and the acks printed
        // just before the kill must still be read.
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                SegmentJournalCrashChild.class.getName(), root.toString())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        try {
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (countAcks(stdout) < ACKS_BEFORE_KILL) {
                if (!child.isAlive() || System.nanoTime() > giveUp) {
                    fail("the child stopped or stalled before " + ACKS_BEFORE_KILL + " acks; its stderr:\n"
                            + Files.readString(stderr));
                }
                Thread.sleep(20);
            }
            assertThat(child.isAlive()).as("child still appending when killed").isTrue();
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, no close()
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        List<Ack> acks = new ArrayList<>();
        for (String line : Files.readAllLines(stdout, StandardCharsets.UTF_8)) {
            parse(line, acks);
        }
        assertThat(acks).hasSizeGreaterThanOrEqualTo(ACKS_BEFORE_KILL);

        try (SegmentJournal journal = SegmentJournal.open(SegmentJournalCrashChild.config(root))) {
            List<Map<Long, byte[]>> replayed = new ArrayList<>();
            for (int p = 0; p < SegmentJournalCrashChild.PARTITIONS; p++) {
                Map<Long, byte[]> records = new HashMap<>();
                long[] expected = {0};
                journal.replay(p, 0, (offset, record) -> {
                    assertThat(offset).isEqualTo(expected[0]++);
                    byte[] copy = new byte[record.remaining()];
                    record.get(copy);
                    records.put(offset, copy);
                });
                assertThat(journal.nextOffset(p)).isEqualTo(expected[0]);
                replayed.add(records);
            }
            for (Ack ack : acks) {
                byte[] record = replayed.get(ack.partition()).get(ack.offset());
                assertThat(record).as("acknowledged record %s", ack).isNotNull();
                assertThat(ByteBuffer.wrap(record).getLong()).as("seq of %s", ack).isEqualTo(ack.seq());
                assertThat(record).as("content of %s", ack).isEqualTo(SegmentJournalCrashChild.record(ack.seq()));
            }
            // Every replayed record is one the child wrote, whole (acknowledged or not).
            for (Map<Long, byte[]> records : replayed) {
                for (byte[] record : records.values()) {
                    long seq = ByteBuffer.wrap(record).getLong();
                    assertThat(record).isEqualTo(SegmentJournalCrashChild.record(seq));
                }
            }
            System.out.printf("crash test: %d acks read, %d + %d records replayed%n",
                    acks.size(), replayed.get(0).size(), replayed.get(1).size());
            // The journal accepts appends after the crash, continuing the offsets.
            long next = journal.nextOffset(0);
            assertThat(journal.append(0, new byte[] {1}).join()).isEqualTo(next);
        }
    }

    private static long countAcks(Path stdout) throws java.io.IOException {
        if (!Files.exists(stdout)) {
            return 0;
        }
        try (var lines = Files.lines(stdout, StandardCharsets.UTF_8)) {
            return lines.filter(line -> line.startsWith("ack ")).count();
        }
    }

    // A line cut by the kill has no trailing " ." and is ignored.
    private static void parse(String line, List<Ack> acks) {
        String[] parts = line.split(" ");
        if (parts.length == 5 && parts[0].equals("ack") && parts[4].equals(".")) {
            acks.add(new Ack(Integer.parseInt(parts[1]), Long.parseLong(parts[2]), Long.parseLong(parts[3])));
        } else if (line.startsWith("error")) {
            fail("the child saw a failed append: " + line);
        }
    }
}
