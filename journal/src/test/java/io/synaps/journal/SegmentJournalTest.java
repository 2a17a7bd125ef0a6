package io.synaps.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.synaps.model.AwsError;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentJournalTest {

    @TempDir
    Path dir;

    private SegmentJournalConfig small() {
        // 4 KiB segments so a few dozen records roll over.
        return new SegmentJournalConfig(dir, 2, 4096, 1024, 1 << 20);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private record Entry(long offset, String text) {
    }

    private static List<Entry> replayAll(Journal journal, int partition, long from) {
        List<Entry> entries = new ArrayList<>();
        journal.replay(partition, from, (offset, record) -> {
            byte[] copy = new byte[record.remaining()];
            record.get(copy);
            entries.add(new Entry(offset, new String(copy, StandardCharsets.UTF_8)));
        });
        return entries;
    }

    private static List<Long> offsets(List<Entry> entries) {
        return entries.stream().map(Entry::offset).toList();
    }

    private static Path lastSegment(Path partitionDir) throws IOException {
        try (Stream<Path> files = Files.list(partitionDir)) {
            return files.filter(p -> p.toString().endsWith(Segment.SUFFIX)).sorted().reduce((a, b) -> b).orElseThrow();
        }
    }

    @Test
    void appendedRecordsReplayInOrderWithTheirOffsets() {
        try (SegmentJournal journal = SegmentJournal.open(SegmentJournalConfig.of(dir, 3))) {
            assertThat(journal.append(1, bytes("alpha")).join()).isEqualTo(0L);
            assertThat(journal.append(1, bytes("beta")).join()).isEqualTo(1L);
            assertThat(journal.append(1, new byte[0]).join()).isEqualTo(2L);
            assertThat(journal.append(2, bytes("gamma")).join()).isEqualTo(0L);

            assertThat(replayAll(journal, 1, 0)).containsExactly(
                    new Entry(0, "alpha"), new Entry(1, "beta"), new Entry(2, ""));
            assertThat(replayAll(journal, 1, 1)).containsExactly(new Entry(1, "beta"), new Entry(2, ""));
            assertThat(replayAll(journal, 1, 3)).isEmpty();
            assertThat(replayAll(journal, 2, 0)).containsExactly(new Entry(0, "gamma"));
            assertThat(replayAll(journal, 0, 0)).isEmpty();
            assertThat(journal.nextOffset(1)).isEqualTo(3);
            assertThat(journal.nextOffset(0)).isZero();
            assertThat(journal.partitions()).isEqualTo(3);
            assertThat(journal.maxRecordBytes()).isEqualTo(SegmentJournalConfig.DEFAULT_MAX_RECORD_BYTES);
        }
    }

    @Test
    void offsetsContinueAfterReopen() {
        try (SegmentJournal journal = SegmentJournal.open(small())) {
            for (int i = 0; i < 5; i++) {
                journal.append(0, bytes("first-" + i)).join();
            }
        }
        try (SegmentJournal journal = SegmentJournal.open(small())) {
            assertThat(journal.nextOffset(0)).isEqualTo(5);
            assertThat(journal.append(0, bytes("second")).join()).isEqualTo(5L);
            assertThat(replayAll(journal, 0, 4)).containsExactly(new Entry(4, "first-4"), new Entry(5, "second"));
        }
        try (SegmentJournal journal = SegmentJournal.open(small())) {
            assertThat(journal.nextOffset(0)).isEqualTo(6);
            assertThat(journal.nextOffset(1)).isZero();
        }
    }

    @Test
    void concurrentAppendersAreEachReplayedExactlyOnceInOffsetOrder() throws Exception {
        int threads = 8;
        int perThread = 2000;
        try (SegmentJournal journal = SegmentJournal.open(SegmentJournalConfig.of(dir, 2).withMaxRecordBytes(1024)
                .withSegmentBytes(32 * 1024))) {
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> workers = new ArrayList<>();
            List<List<CompletableFuture<Long>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                List<CompletableFuture<Long>> mine = new ArrayList<>();
                futures.add(mine);
                Thread worker = new Thread(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    for (int i = 0; i < perThread; i++) {
                        mine.add(journal.append(thread % 2, bytes(thread + ":" + i)));
                        if (i % 64 == 63) {
                            mine.get(i).join(); // keep a bounded window in flight
                        }
                    }
                });
                worker.start();
                workers.add(worker);
            }
            start.countDown();
            for (Thread worker : workers) {
                worker.join();
            }
            for (List<CompletableFuture<Long>> mine : futures) {
                CompletableFuture.allOf(mine.toArray(CompletableFuture[]::new)).join();
            }

            for (int p = 0; p < 2; p++) {
                List<Entry> entries = replayAll(journal, p, 0);
                int partition = p;
                assertThat(entries).hasSize(threads / 2 * perThread);
                assertThat(offsets(entries)).containsExactlyElementsOf(
                        java.util.stream.LongStream.range(0, entries.size()).boxed().toList());
                assertThat(entries.stream().map(Entry::text).distinct().count()).isEqualTo(entries.size());
                // Each thread's own records appear in the order it appended them, at the offsets it was given.
                for (int t = partition; t < threads; t += 2) {
                    String prefix = t + ":";
                    List<Entry> own = entries.stream().filter(e -> e.text().startsWith(prefix)).toList();
                    assertThat(own).hasSize(perThread);
                    for (int i = 0; i < perThread; i++) {
                        assertThat(own.get(i).text()).isEqualTo(prefix + i);
                        assertThat(own.get(i).offset()).isEqualTo(futures.get(t).get(i).join());
                    }
                }
            }
            assertThat(journal.segmentCount(0)).isGreaterThan(1);
        }
    }

    @Test
    void recordsRollOverIntoNewSegmentsAndReplayFromAnyOffset() throws IOException {
        List<String> written = new ArrayList<>();
        try (SegmentJournal journal = SegmentJournal.open(small())) {
            for (int i = 0; i < 200; i++) {
                String text = "record-" + i + "-" + "x".repeat(i % 300);
                written.add(text);
                assertThat(journal.append(0, bytes(text)).join()).isEqualTo(i);
            }
            assertThat(journal.segmentCount(0)).isGreaterThan(5);
            try (Stream<Path> files = Files.list(SegmentJournal.partitionDir(dir, 0))) {
                assertThat(files.filter(p -> p.toString().endsWith(Segment.SUFFIX)).allMatch(p -> p.toFile().length() <= 4096)).isTrue();
            }
        }
        try (SegmentJournal journal = SegmentJournal.open(small())) {
            for (long from : new long[] {0, 1, 57, 123, 199}) {
                List<Entry> entries = replayAll(journal, 0, from);
                assertThat(offsets(entries)).containsExactlyElementsOf(
                        java.util.stream.LongStream.range(from, 200).boxed().toList());
                assertThat(entries.stream().map(Entry::text).toList()).isEqualTo(written.subList((int) from, 200));
            }
            assertThat(journal.nextOffset(0)).isEqualTo(200);
        }
    }

    @Test
    void truncateBeforeDropsOnlyWholeSegmentsBelowTheOffset() throws IOException {
        try (SegmentJournal journal = SegmentJournal.open(small())) {
            for (int i = 0; i < 100; i++) {
                journal.append(0, bytes("r" + i + "-" + "y".repeat(200))).join();
            }
            List<Long> basesBefore = Segment.list(SegmentJournal.partitionDir(dir, 0));
            assertThat(basesBefore.size()).isGreaterThan(3);
            long cut = basesBefore.get(2) + 1; // inside the third segment

            journal.truncateBefore(0, cut);

            assertThat(Segment.list(SegmentJournal.partitionDir(dir, 0))).isEqualTo(basesBefore.subList(2, basesBefore.size()));
            assertThat(journal.firstOffset(0)).isEqualTo(basesBefore.get(2));
            List<Entry> entries = replayAll(journal, 0, cut);
            assertThat(entries.get(0).offset()).isEqualTo(cut);
            assertThat(entries).hasSize((int) (100 - cut));
            // From below the first kept segment, replay starts at the oldest kept record.
            assertThat(replayAll(journal, 0, 0).get(0).offset()).isEqualTo(basesBefore.get(2));

            // Even a cut beyond everything keeps the active segment.
            journal.truncateBefore(0, Long.MAX_VALUE);
            assertThat(Segment.list(SegmentJournal.partitionDir(dir, 0))).containsExactly(basesBefore.get(basesBefore.size() - 1));
            assertThat(journal.append(0, bytes("after")).join()).isEqualTo(100L);
        }
        try (SegmentJournal journal = SegmentJournal.open(small())) {
            assertThat(journal.nextOffset(0)).isEqualTo(101);
            List<Entry> entries = replayAll(journal, 0, 0);
            assertThat(entries.get(entries.size() - 1)).isEqualTo(new Entry(100, "after"));
        }
    }

    @Test
    void tornTailIsCutOnReopenAndEarlierRecordsSurvive() throws IOException {
        try (SegmentJournal journal = SegmentJournal.open(small())) {
            for (int i = 0; i < 3; i++) {
                journal.append(1, bytes("kept-" + i)).join();
            }
            journal.append(1, bytes("torn-record-with-a-long-payload")).join();
        }
        Path segment = lastSegment(SegmentJournal.partitionDir(dir, 1));
        long size = Files.size(segment);
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
            file.setLength(size - 5);
        }

        try (SegmentJournal journal = SegmentJournal.open(small())) {
            assertThat(replayAll(journal, 1, 0)).containsExactly(
                    new Entry(0, "kept-0"), new Entry(1, "kept-1"), new Entry(2, "kept-2"));
            assertThat(journal.nextOffset(1)).isEqualTo(3);
            assertThat(journal.append(1, bytes("next")).join()).isEqualTo(3L);
            assertThat(replayAll(journal, 1, 2)).containsExactly(new Entry(2, "kept-2"), new Entry(3, "next"));
        }
        assertThat(Files.size(segment)).isEqualTo(size - bytes("torn-record-with-a-long-payload").length + bytes("next").length);
    }

    @Test
    void frameHeaderCutInHalfIsDroppedOnReopen() throws IOException {
        try (SegmentJournal journal = SegmentJournal.open(small())) {
            journal.append(0, bytes("whole")).join();
        }
        Path segment = lastSegment(SegmentJournal.partitionDir(dir, 0));
        // Half a frame header of garbage after the last whole frame.
        Files.write(segment, new byte[] {0, 0, 1}, java.nio.file.StandardOpenOption.APPEND);

        try (SegmentJournal journal = SegmentJournal.open(small())) {
            assertThat(replayAll(journal, 0, 0)).containsExactly(new Entry(0, "whole"));
            assertThat(journal.nextOffset(0)).isEqualTo(1);
        }
    }

    @Test
    void flippedByteInTheLastRecordDropsItOnReopen() throws IOException {
        try (SegmentJournal journal = SegmentJournal.open(small())) {
            journal.append(0, bytes("good-0")).join();
            journal.append(0, bytes("good-1")).join();
            journal.append(0, bytes("bad-2")).join();
        }
        Path segment = lastSegment(SegmentJournal.partitionDir(dir, 0));
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
            long position = file.length() - 2;
            file.seek(position);
            int b = file.read();
            file.seek(position);
            file.write(b ^ 0x40);
        }

        try (SegmentJournal journal = SegmentJournal.open(small())) {
            assertThat(replayAll(journal, 0, 0)).containsExactly(new Entry(0, "good-0"), new Entry(1, "good-1"));
            assertThat(journal.append(0, bytes("replacement")).join()).isEqualTo(2L);
        }
    }

    @Test
    void flippedByteInAMiddleRecordDropsEverythingFromIt() throws IOException {
        try (SegmentJournal journal = SegmentJournal.open(small())) {
            journal.append(0, bytes("good-0")).join();
            journal.append(0, bytes("hit-1")).join();
            journal.append(0, bytes("after-2")).join();
        }
        Path segment = lastSegment(SegmentJournal.partitionDir(dir, 0));
        long hitPayload = Segment.HEADER_BYTES + Segment.FRAME_HEADER_BYTES + 6 + Segment.FRAME_HEADER_BYTES;
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
            file.seek(hitPayload);
            assertThat(file.read()).isEqualTo('h');
            file.seek(hitPayload);
            file.write('H');
        }

        try (SegmentJournal journal = SegmentJournal.open(small())) {
            assertThat(replayAll(journal, 0, 0)).containsExactly(new Entry(0, "good-0"));
            assertThat(journal.nextOffset(0)).isEqualTo(1);
        }
    }

    @Test
    void segmentLeftEmptyByACrashDuringRolloverIsReinitialized() throws IOException {
        try (SegmentJournal journal = SegmentJournal.open(small())) {
            journal.append(0, bytes("zero")).join();
            journal.append(0, bytes("one")).join();
        }
        // A crash right after creating segment 2's file, before its header reached the disk.
        Files.write(SegmentJournal.partitionDir(dir, 0).resolve(Segment.fileName(2)), new byte[7]);

        try (SegmentJournal journal = SegmentJournal.open(small())) {
            assertThat(journal.nextOffset(0)).isEqualTo(2);
            assertThat(journal.append(0, bytes("two")).join()).isEqualTo(2L);
            assertThat(replayAll(journal, 0, 0)).containsExactly(new Entry(0, "zero"), new Entry(1, "one"), new Entry(2, "two"));
        }
    }

    @Test
    void appendsBeyondThePendingBoundAreRefusedWithServiceUnavailable() {
        SegmentJournalConfig config = new SegmentJournalConfig(dir, 2, 1 << 20, 1000, 10_000);
        try (SegmentJournal journal = SegmentJournal.open(config)) {
            List<CompletableFuture<Long>> accepted = new ArrayList<>();
            CompletableFuture<Long> refused;
            Runnable resume = journal.pauseWrites(0);
            try {
                // 1008 bytes of frame each: 9 fit under 10,000, the 10th does not.
                for (int i = 0; i < 9; i++) {
                    accepted.add(journal.append(0, new byte[1000]));
                }
                refused = journal.append(0, new byte[1000]);
                // The bound is shared: the other partition is refused too.
                CompletableFuture<Long> refusedElsewhere = journal.append(1, new byte[1000]);
                assertThat(refused).isCompletedExceptionally();
                assertThat(refusedElsewhere).isCompletedExceptionally();
                assertThat(accepted).noneMatch(CompletableFuture::isDone);
            } finally {
                resume.run();
            }
            assertThatThrownBy(refused::join).isInstanceOf(CompletionException.class).cause()
                    .isInstanceOfSatisfying(AwsError.class, e -> {
                        assertThat(e.code()).isEqualTo("ServiceUnavailable");
                        assertThat(e.status()).isEqualTo(503);
                    });
            assertThat(accepted.stream().map(CompletableFuture::join).toList())
                    .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
            // Refused appends take no offset; once the queue drained there is room again.
            assertThat(journal.append(0, new byte[1000]).join()).isEqualTo(9L);
            assertThat(journal.nextOffset(0)).isEqualTo(10);
        }
    }

    @Test
    void recordLargerThanMaxRecordBytesIsRejected() {
        try (SegmentJournal journal = SegmentJournal.open(small())) {
            assertThatThrownBy(() -> journal.append(0, new byte[1025]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1025");
            assertThat(journal.append(0, new byte[1024]).join()).isZero();
            assertThatThrownBy(() -> journal.append(2, new byte[1]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("partition 2");
        }
    }

    @Test
    void reopeningWithAnotherPartitionCountFails() {
        SegmentJournal.open(SegmentJournalConfig.of(dir, 4)).close();

        assertThatThrownBy(() -> SegmentJournal.open(SegmentJournalConfig.of(dir, 8)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has 4 partitions").hasMessageContaining("cannot be opened with 8");
        // The failed open released the directory.
        SegmentJournal.open(SegmentJournalConfig.of(dir, 4)).close();
    }

    @Test
    void secondOpenOfTheSameDirectoryFails() {
        try (SegmentJournal journal = SegmentJournal.open(small())) {
            assertThatThrownBy(() -> SegmentJournal.open(small()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("already open");
            assertThat(journal.append(0, bytes("still works")).join()).isZero();
        }
    }

    @Test
    void closeWritesEverythingQueuedAndLaterAppendsAreRefused() {
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        SegmentJournal journal = SegmentJournal.open(small());
        for (int i = 0; i < 500; i++) {
            futures.add(journal.append(i % 2, bytes("queued-" + i)));
        }
        journal.close();
        assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        assertThatThrownBy(() -> journal.append(0, bytes("late")).join()).cause()
                .isInstanceOfSatisfying(AwsError.class, e -> assertThat(e.code()).isEqualTo("ServiceUnavailable"));
        journal.close(); // idempotent

        try (SegmentJournal reopened = SegmentJournal.open(small())) {
            assertThat(reopened.nextOffset(0) + reopened.nextOffset(1)).isEqualTo(500);
            assertThat(replayAll(reopened, 1, 0)).hasSize(250).first().isEqualTo(new Entry(0, "queued-1"));
        }
    }

    @Test
    void writeFailureFailsTheFutureAndEveryLaterAppend() throws IOException {
        try (SegmentJournal journal = SegmentJournal.open(small())) {
            journal.append(0, bytes("durable")).join();
            // Pull the directory away: the next rollover cannot create its segment file.
            Path partitionDir = SegmentJournal.partitionDir(dir, 0);
            try (Stream<Path> files = Files.list(partitionDir)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(partitionDir);

            // 1008-byte frames in 4096-byte segments: a rollover comes within four appends.
            CompletableFuture<Long> failed = null;
            for (int i = 0; i < 5; i++) {
                failed = journal.append(0, new byte[1000]);
                if (failed.handle((offset, error) -> error != null).join()) {
                    break;
                }
            }
            assertThatThrownBy(failed::join).cause().isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("could not make the record durable");
            assertThatThrownBy(() -> journal.append(0, bytes("later")).join()).cause()
                    .isInstanceOf(UncheckedIOException.class).hasMessageContaining("until reopened");
            // Other partitions are unaffected.
            assertThat(journal.append(1, bytes("fine")).join()).isZero();
        }
    }

    @Test
    void replayedBuffersAreReadOnlyAndHoldExactlyTheRecord() {
        try (SegmentJournal journal = SegmentJournal.open(small())) {
            journal.append(0, bytes("abc")).join();
            journal.append(0, bytes("defgh")).join();
            Set<Integer> sizes = new HashSet<>();
            journal.replay(0, 0, (offset, record) -> {
                sizes.add(record.remaining());
                assertThat(record.isReadOnly()).isTrue();
                assertThat(record.position()).isZero();
                assertThatThrownBy(() -> record.put(0, (byte) 1)).isInstanceOf(java.nio.ReadOnlyBufferException.class);
            });
            assertThat(sizes).containsExactlyInAnyOrder(3, 5);
        }
    }
}
