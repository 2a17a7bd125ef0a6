package io.synaps.store.outbox;

import io.synaps.store.StoreContract;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OutboxStoreProperties is the seeded randomized half of the outbox kit: overlapping concurrent
 * enqueues queue each key exactly once, and random operation sequences (reopens included) match a
 * simple model. A backend's test extends it like {@link OutboxStoreContract}; each test prints its
 * seed, and {@code -Dsynaps.seed=N} replays one. Not thread-safe (JUnit runs one test per instance).
 */
public abstract class OutboxStoreProperties extends StoreContract<OutboxStore> {
    protected static final String ACCOUNT = "123456789012";
    protected static final String OTHER_ACCOUNT = "210987654321";
    /** 2026-01-01T00:00:00Z. */
    protected static final long T0 = 1_767_225_600_000L;

    private static long seed(String test) {
        long seed = Long.getLong("synaps.seed", System.nanoTime());
        System.out.println("OutboxStoreProperties." + test + " seed=" + seed);
        return seed;
    }

    /** Key i: account by parity, three order keys, sequences that run against key order. */
    private static Delivery delivery(int i, int version) {
        String account = i % 2 == 0 ? ACCOUNT : OTHER_ACCOUNT;
        return new Delivery("key-" + i, account, account + "/alarm-" + (i % 3) + "/hook", (1_000L - i) * 60_000L,
                "https", "arn:aws:sns:us-east-1:" + account + ":ops:" + (i % 3), "{\"v\":" + version + "}", 0,
                T0 + version, null, T0 + version);
    }

    @Test
    public void concurrentOverlappingEnqueuesQueueEachKeyExactlyOnce() throws Exception {
        long seed = seed("concurrentOverlappingEnqueuesQueueEachKeyExactlyOnce");
        Random random = new Random(seed);
        int keys = 300;
        int threads = 4;
        // each thread's batches: random overlapping subsets of the keys, in random order
        List<List<List<Delivery>>> plans = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            List<Integer> mine = new ArrayList<>();
            for (int i = 0; i < keys; i++) {
                if (random.nextInt(3) > 0) {
                    mine.add(i);
                }
            }
            Collections.shuffle(mine, random);
            List<List<Delivery>> batches = new ArrayList<>();
            for (int at = 0; at < mine.size(); ) {
                int size = 1 + random.nextInt(8);
                List<Delivery> batch = new ArrayList<>();
                for (int i : mine.subList(at, Math.min(at + size, mine.size()))) {
                    batch.add(delivery(i, t));
                }
                batches.add(batch);
                at += size;
            }
            plans.add(batches);
        }
        Map<String, Integer> queuedTimes = new ConcurrentHashMap<>();
        Map<String, Delivery> queuedAs = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> running = new ArrayList<>();
        for (List<List<Delivery>> batches : plans) {
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    for (List<Delivery> batch : batches) {
                        for (Delivery d : store.enqueue(batch)) {
                            if (!batch.contains(d)) {
                                throw new AssertionError("enqueue returned a delivery it was not given: " + d.key());
                            }
                            queuedTimes.merge(d.key(), 1, Integer::sum);
                            queuedAs.put(d.key(), d);
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            thread.start();
            running.add(thread);
        }
        start.countDown();
        for (Thread thread : running) {
            thread.join();
        }

        assertThat(failures).as("seed %d", seed).isEmpty();
        Set<String> offered = new HashSet<>();
        plans.forEach(p -> p.forEach(b -> b.forEach(d -> offered.add(d.key()))));
        assertThat(queuedTimes.keySet()).as("seed %d", seed).isEqualTo(offered);
        assertThat(queuedTimes.values()).as("seed %d", seed).containsOnly(1);
        List<Delivery> pending = store.pending();
        assertThat(pending).as("seed %d", seed).hasSize(offered.size())
                .containsExactlyInAnyOrderElementsOf(queuedAs.values());
    }

    @Test
    public void enqueuesRacingCompletionsAndKillsNeverQueueAFinishedKeyAgain() throws Exception {
        long seed = seed("enqueuesRacingCompletionsAndKillsNeverQueueAFinishedKeyAgain");
        Random random = new Random(seed);
        int keys = 120;
        Map<String, Integer> queuedTimes = new ConcurrentHashMap<>();
        Set<String> finished = ConcurrentHashMap.newKeySet();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicBoolean enqueuing = new AtomicBoolean(true);
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> enqueuers = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            long threadSeed = random.nextLong();
            enqueuers.add(new Thread(() -> {
                Random r = new Random(threadSeed);
                try {
                    start.await();
                    for (int round = 0; round < 150; round++) {
                        List<Delivery> batch = new ArrayList<>();
                        for (int n = 1 + r.nextInt(4); n > 0; n--) {
                            batch.add(delivery(r.nextInt(keys), round));
                        }
                        for (Delivery d : store.enqueue(batch)) {
                            queuedTimes.merge(d.key(), 1, Integer::sum);
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        long finisherSeed = random.nextLong();
        Thread finisher = new Thread(() -> {
            Random r = new Random(finisherSeed);
            try {
                start.await();
                while (enqueuing.get()) {
                    for (Delivery d : store.pending()) {
                        if (r.nextBoolean()) {
                            store.complete(d.key(), T0 + 1);
                        } else {
                            store.kill(d, "gave up", T0 + 2);
                        }
                        finished.add(d.key());
                    }
                }
            } catch (Throwable e) {
                failures.add(e);
            }
        });
        enqueuers.forEach(Thread::start);
        finisher.start();
        start.countDown();
        for (Thread thread : enqueuers) {
            thread.join();
        }
        enqueuing.set(false);
        finisher.join();

        assertThat(failures).as("seed %d", seed).isEmpty();
        assertThat(queuedTimes.values()).as("seed %d", seed).containsOnly(1);
        Set<String> pending = new HashSet<>();
        store.pending().forEach(d -> pending.add(d.key()));
        Set<String> dead = new HashSet<>();
        for (String account : List.of(ACCOUNT, OTHER_ACCOUNT)) {
            store.deadLetters(account, null, keys).forEach(l -> assertThat(dead.add(l.delivery().key())).isTrue());
        }
        // (doesNotContainAnyElementsOf refuses an empty set, and nothing may be pending at the end)
        assertThat(java.util.Collections.disjoint(finished, pending)).as("seed %d: finished keys pending again", seed)
                .isTrue();
        assertThat(finished).as("seed %d", seed).containsAll(dead);
        Set<String> accounted = new HashSet<>(pending);
        accounted.addAll(finished);
        assertThat(accounted).as("seed %d", seed).isEqualTo(queuedTimes.keySet());
        for (int i = 0; i < keys; i++) {
            assertThat(store.known("key-" + i)).as("seed %d key %d", seed, i)
                    .isEqualTo(queuedTimes.containsKey("key-" + i));
        }
    }

    /** What the model knows of a key: pending (delivery), delivered (at), or dead (letter). */
    private record Known(Delivery pending, long deliveredAt, DeadLetter dead) {
        long endedMillis() {
            return dead != null ? dead.diedMillis() : deliveredAt;
        }
    }

    @Test
    public void randomOperationsMatchASimpleModel() {
        long seed = seed("randomOperationsMatchASimpleModel");
        Random random = new Random(seed);
        int keys = 14;
        Map<String, Known> model = new LinkedHashMap<>();
        long now = T0;
        for (int step = 0; step < 700; step++) {
            String context = "seed " + seed + " step " + step;
            now += 1 + random.nextInt(3); // every end time is distinct, so dead-letter order is total
            int i = random.nextInt(keys);
            String key = "key-" + i;
            Known known = model.get(key);
            switch (random.nextInt(10)) {
                case 0, 1, 2 -> {
                    List<Delivery> batch = new ArrayList<>();
                    for (int n = 1 + random.nextInt(4); n > 0; n--) {
                        batch.add(delivery(random.nextInt(keys), step));
                    }
                    List<Delivery> expected = new ArrayList<>();
                    for (Delivery d : batch) {
                        if (!model.containsKey(d.key())) {
                            model.put(d.key(), new Known(d, 0, null));
                            expected.add(d);
                        }
                    }
                    assertThat(store.enqueue(batch)).as(context).isEqualTo(expected);
                }
                case 3 -> {
                    Delivery tried = delivery(i, step).retried(now + 1_000, "error " + step);
                    store.reschedule(tried);
                    if (known != null && known.pending() != null) {
                        Delivery p = known.pending();
                        model.put(key, new Known(new Delivery(p.key(), p.accountId(), p.orderKey(), p.sequence(),
                                p.channel(), p.target(), p.payload(), tried.attempts(), tried.nextAttemptMillis(),
                                tried.lastError(), p.createdMillis()), 0, null));
                    }
                }
                case 4 -> {
                    store.complete(key, now);
                    if (known != null && known.pending() != null) {
                        model.put(key, new Known(null, now, null));
                    }
                }
                case 5 -> {
                    if (known != null && known.pending() != null) {
                        Delivery last = known.pending().retried(now, "final " + step);
                        store.kill(last, "reason " + step, now);
                        model.put(key, new Known(null, 0, new DeadLetter(last, "reason " + step, now)));
                    } else {
                        store.kill(delivery(i, step), "reason " + step, now);
                    }
                }
                case 6 -> {
                    if (random.nextInt(4) == 0) {
                        long before = now - random.nextInt(200);
                        long expected = model.values().stream()
                                .filter(k -> k.pending() == null && k.endedMillis() < before).count();
                        assertThat(store.prune(before)).as(context).isEqualTo(expected);
                        model.values().removeIf(k -> k.pending() == null && k.endedMillis() < before);
                    } else {
                        assertThat(store.known(key)).as(context).isEqualTo(known != null);
                    }
                }
                case 7 -> {
                    String account = random.nextBoolean() ? ACCOUNT : OTHER_ACCOUNT;
                    int limit = 1 + random.nextInt(4);
                    List<DeadLetter> expected = model.values().stream().map(Known::dead)
                            .filter(d -> d != null && d.delivery().accountId().equals(account))
                            .sorted(Comparator.comparingLong(DeadLetter::diedMillis).reversed()).toList();
                    List<DeadLetter> paged = new ArrayList<>();
                    String after = null;
                    for (List<DeadLetter> page = store.deadLetters(account, null, limit); !page.isEmpty();
                         page = store.deadLetters(account, after, limit)) {
                        assertThat(page.size()).as(context).isLessThanOrEqualTo(limit);
                        paged.addAll(page);
                        after = page.get(page.size() - 1).delivery().key();
                    }
                    assertThat(paged).as(context).isEqualTo(expected);
                }
                case 8 -> {
                    if (random.nextInt(5) == 0) {
                        close(store);
                        store = null;
                        store = open(dir);
                    }
                }
                default -> {
                    List<Delivery> expected = model.values().stream().map(Known::pending).filter(d -> d != null)
                            .sorted(Comparator.comparing(Delivery::orderKey).thenComparingLong(Delivery::sequence))
                            .toList();
                    assertThat(store.pending()).as(context).isEqualTo(expected);
                }
            }
        }
        Map<String, Boolean> knownAtEnd = new HashMap<>();
        for (int i = 0; i < keys; i++) {
            knownAtEnd.put("key-" + i, store.known("key-" + i));
        }
        Map<String, Boolean> modelled = new HashMap<>();
        for (int i = 0; i < keys; i++) {
            modelled.put("key-" + i, model.containsKey("key-" + i));
        }
        assertThat(knownAtEnd).as("seed %d", seed).isEqualTo(modelled);
    }
}
