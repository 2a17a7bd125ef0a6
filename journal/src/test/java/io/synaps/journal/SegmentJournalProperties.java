package io.synaps.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seeded random damage to the tail of a journal: recovery keeps exactly the whole frames before it. */
class SegmentJournalProperties {
    private static final int ROUNDS = 25;

    @TempDir
    Path dir;

    @Test
    void recoveryKeepsExactlyTheFramesBeforeTheDamage() throws IOException {
        long seed = Long.getLong("synaps.seed", System.nanoTime());
        System.out.println("SegmentJournalProperties seed=" + seed + " (rerun with -Dsynaps.seed=" + seed + ")");
        Random random = new Random(seed);
        for (int round = 0; round < ROUNDS; round++) {
            Path root = dir.resolve("round-" + round);
            SegmentJournalConfig config = new SegmentJournalConfig(root, 1, 2048, 512, 1 << 20);
            List<byte[]> records = new ArrayList<>();
            int count = 1 + random.nextInt(60);
            try (SegmentJournal journal = SegmentJournal.open(config)) {
                List<java.util.concurrent.CompletableFuture<Long>> acks = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    byte[] record = new byte[random.nextInt(513)];
                    random.nextBytes(record);
                    records.add(record);
                    acks.add(journal.append(0, record));
                }
                for (int i = 0; i < count; i++) {
                    assertThat(acks.get(i).join()).isEqualTo(i);
                }
            }
            List<Long> bases = Segment.list(SegmentJournal.partitionDir(root, 0));
            long base = bases.get(bases.size() - 1);
            Path last = SegmentJournal.partitionDir(root, 0).resolve(Segment.fileName(base));
            long size = Files.size(last);

            // Frame ends in the last segment, in record order from its base offset.
            List<Long> frameEnds = new ArrayList<>();
            long end = Segment.HEADER_BYTES;
            for (int i = (int) base; i < count; i++) {
                end += Segment.FRAME_HEADER_BYTES + records.get(i).length;
                frameEnds.add(end);
            }
            assertThat(end).as("seed %d round %d: layout", seed, round).isEqualTo(size);

            String what;
            long damage;
            if (random.nextBoolean() || size == Segment.HEADER_BYTES) {
                damage = random.nextLong(size + 1);
                what = "cut to " + damage;
                try (RandomAccessFile file = new RandomAccessFile(last.toFile(), "rw")) {
                    file.setLength(damage);
                }
            } else {
                damage = Segment.HEADER_BYTES + random.nextLong(size - Segment.HEADER_BYTES);
                what = "flip at " + damage;
                try (RandomAccessFile file = new RandomAccessFile(last.toFile(), "rw")) {
                    file.seek(damage);
                    int b = file.read();
                    file.seek(damage);
                    file.write(b ^ (1 << random.nextInt(8)));
                }
            }
            // A cut keeps the frames ending at or before it; a flipped byte lies inside the first
            // frame lost, so likewise only frames ending at or before it are kept.
            long kept = base + frameEnds.stream().filter(frameEnd -> frameEnd <= damage).count();

            try (SegmentJournal journal = SegmentJournal.open(config)) {
                String context = "seed " + seed + " round " + round + " (" + count + " records, last base " + base + ", " + what + ")";
                assertThat(journal.nextOffset(0)).as(context).isEqualTo(kept);
                List<byte[]> replayed = new ArrayList<>();
                journal.replay(0, 0, (offset, record) -> {
                    assertThat(offset).isEqualTo(replayed.size());
                    byte[] copy = new byte[record.remaining()];
                    record.get(copy);
                    replayed.add(copy);
                });
                assertThat(replayed).as(context).hasSize((int) kept);
                for (int i = 0; i < kept; i++) {
                    assertThat(replayed.get(i)).as(context + " record " + i).isEqualTo(records.get(i));
                }
                byte[] extra = {42};
                assertThat(journal.append(0, extra).join()).as(context).isEqualTo(kept);
            }
        }
    }
}
