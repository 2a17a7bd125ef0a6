package io.synaps.store.outbox;

import io.synaps.store.StoreContract;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OutboxStoreContract is the behaviour every {@link OutboxStore} backend must show; a backend's
 * test extends it and says how to open and close its store. Times are epoch milliseconds. Not
 * thread-safe (JUnit runs one test per instance).
 */
public abstract class OutboxStoreContract extends StoreContract<OutboxStore> {
    protected static final String ACCOUNT = "123456789012";
    protected static final String OTHER_ACCOUNT = "210987654321";
    /** 2026-01-01T00:00:00Z. */
    protected static final long T0 = 1_767_225_600_000L;
    protected static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:ops";

    // ---- fixtures ----

    /** An alarm action's delivery as the dispatcher builds it: key account/alarm/transition/target. */
    protected static Delivery delivery(String account, String alarm, long transitionMillis, String target) {
        return new Delivery(account + "/" + alarm + "/" + transitionMillis + "/" + target, account,
                account + "/" + alarm + "/" + target, transitionMillis, "https", target,
                "{\"AlarmName\":\"" + alarm + "\",\"at\":" + transitionMillis + "}", 0, transitionMillis, null,
                transitionMillis);
    }

    protected static Delivery delivery(String alarm, long transitionMillis) {
        return delivery(ACCOUNT, alarm, transitionMillis, TOPIC + ":sub-1");
    }

    protected static Delivery plain(String key, String orderKey, long sequence) {
        return new Delivery(key, ACCOUNT, orderKey, sequence, "email", TOPIC + ":mail", "{}", 0, T0, null, T0);
    }

    protected static List<String> keys(List<Delivery> deliveries) {
        return deliveries.stream().map(Delivery::key).toList();
    }

    protected static List<String> deadKeys(List<DeadLetter> letters) {
        return letters.stream().map(l -> l.delivery().key()).toList();
    }

    /** Every dead letter of the account, following afterKey, {@code limit} per page. */
    protected List<DeadLetter> allDeadLetters(String account, int limit) {
        List<DeadLetter> all = new ArrayList<>();
        String after = null;
        for (int pages = 0; pages < 10_000; pages++) {
            List<DeadLetter> page = store.deadLetters(account, after, limit);
            assertThat(page.size()).isLessThanOrEqualTo(limit);
            if (page.isEmpty()) {
                return all;
            }
            all.addAll(page);
            after = page.get(page.size() - 1).delivery().key();
        }
        throw new AssertionError("paging did not end");
    }

    // ---- enqueue ----

    @Test
    public void enqueuedDeliveriesArePendingWithEveryField() {
        Delivery full = new Delivery("123456789012/cpu caf\u00e9/" + T0 + "/" + TOPIC + ":s\u2603", ACCOUNT,
                "123456789012/cpu caf\u00e9/" + TOPIC + ":s\u2603", T0, "slack", TOPIC + ":s\u2603",
                "{\"text\":\"" + "x".repeat(10_000) + "\"}", 3, T0 + 4_000, "HTTP 503 from hooks.slack.com", T0 - 9);
        Delivery bare = delivery("disk", T0);

        List<Delivery> queued = store.enqueue(List.of(full, bare));

        assertThat(queued).containsExactly(full, bare);
        assertThat(store.pending()).containsExactlyInAnyOrder(full, bare);
        assertThat(store.known(full.key())).isTrue();
        assertThat(store.known(bare.key())).isTrue();
        assertThat(store.known("never")).isFalse();
    }

    @Test
    public void enqueueOfAKnownKeyQueuesTheOthersAndReturnsOnlyThem() {
        Delivery a = delivery("a", T0);
        Delivery b = delivery("b", T0);
        Delivery c = delivery("c", T0);
        store.enqueue(List.of(b));
        Delivery bAgain = new Delivery(b.key(), ACCOUNT, b.orderKey(), b.sequence(), "email", b.target(),
                "{\"changed\":true}", 0, T0, null, T0 + 1);

        List<Delivery> queued = store.enqueue(List.of(a, bAgain, c));

        assertThat(queued).containsExactly(a, c);
        assertThat(store.pending()).containsExactlyInAnyOrder(a, b, c);
        assertThat(store.enqueue(List.of(c, b, a))).isEmpty();
        assertThat(store.pending()).hasSize(3);
    }

    @Test
    public void aKeyRepeatedInOneBatchIsQueuedOnceAsItFirstAppears() {
        Delivery first = plain("k", "o", 1);
        Delivery second = plain("k", "o", 2);

        List<Delivery> queued = store.enqueue(List.of(first, plain("other", "o", 3), second));

        assertThat(keys(queued)).containsExactly("k", "other");
        assertThat(store.pending()).containsExactly(first, plain("other", "o", 3));
    }

    @Test
    public void enqueueOfNothingQueuesNothing() {
        assertThat(store.enqueue(List.of())).isEmpty();
        assertThat(store.pending()).isEmpty();
    }

    @Test
    public void aDeliveredKeyIsNeverQueuedAgain() {
        Delivery alarm = delivery("cpu", T0);
        store.enqueue(List.of(alarm));
        store.complete(alarm.key(), T0 + 100);

        assertThat(store.enqueue(List.of(alarm))).isEmpty();
        reopen();
        assertThat(store.enqueue(List.of(alarm))).isEmpty();

        assertThat(store.pending()).isEmpty();
        assertThat(store.known(alarm.key())).isTrue();
    }

    @Test
    public void aDeadKeyIsNeverQueuedAgain() {
        Delivery alarm = delivery("cpu", T0);
        store.enqueue(List.of(alarm));
        store.kill(alarm.retried(T0 + 1_000, "HTTP 500"), "retry budget spent", T0 + 100);

        assertThat(store.enqueue(List.of(alarm))).isEmpty();
        reopen();
        assertThat(store.enqueue(List.of(alarm))).isEmpty();

        assertThat(store.pending()).isEmpty();
        assertThat(store.known(alarm.key())).isTrue();
        assertThat(store.deadLetters(ACCOUNT, null, 10)).hasSize(1);
    }

    // ---- pending ----

    @Test
    public void pendingIsOrderedByOrderKeyThenSequence() {
        // order keys that prefix each other, and sequences whose order differs from key order
        List<Delivery> shuffled = List.of(
                plain("k1", "acct/a/t", 5), plain("k2", "acct/a-b/t", 1), plain("k3", "acct/a/t", -7),
                plain("k4", "acct/a", 9_000_000_000_000L), plain("k5", "acct/a", 0), plain("k6", "acct/a/t", 300),
                plain("k7", "acct/b", Long.MIN_VALUE), plain("k8", "acct/a-b/t", Long.MAX_VALUE),
                plain("k9", "acct/\u00e9", 2), plain("k0", "acct/a/t", 6));
        for (Delivery d : shuffled) {
            store.enqueue(List.of(d));
        }

        List<Delivery> pending = store.pending();

        assertThat(keys(pending)).containsExactly("k5", "k4", "k2", "k8", "k3", "k1", "k0", "k6", "k7", "k9");
        assertThat(pending).isSortedAccordingTo(Comparator.comparing(Delivery::orderKey)
                .thenComparingLong(Delivery::sequence));
    }

    @Test
    public void pendingKnownKeysAndDeadLettersSurviveReopen() {
        Delivery ok = delivery("cpu", T0 + 60_000);
        Delivery alarm = delivery("cpu", T0);
        Delivery delivered = delivery("disk", T0);
        Delivery dead = delivery("mem", T0);
        store.enqueue(List.of(ok, alarm, delivered, dead));
        store.reschedule(alarm.retried(T0 + 2_000, "connection refused"));
        store.complete(delivered.key(), T0 + 10);
        store.kill(dead, "HTTP 404", T0 + 20);

        reopen();

        assertThat(store.pending()).containsExactly(alarm.retried(T0 + 2_000, "connection refused"), ok);
        assertThat(store.known(delivered.key())).isTrue();
        assertThat(store.known(dead.key())).isTrue();
        assertThat(store.deadLetters(ACCOUNT, null, 10)).containsExactly(new DeadLetter(dead, "HTTP 404", T0 + 20));
    }

    // ---- reschedule, complete, kill ----

    @Test
    public void rescheduleReplacesAttemptsNextAttemptAndLastErrorOnly() {
        Delivery d = delivery("cpu", T0);
        store.enqueue(List.of(d));

        Delivery tried = d.retried(T0 + 1_000, "HTTP 503").retried(T0 + 3_000, "read timed out");
        store.reschedule(tried);

        assertThat(store.pending()).containsExactly(tried);
        assertThat(tried.attempts()).isEqualTo(2);
        Delivery changedElsewhere = new Delivery(d.key(), d.accountId(), d.orderKey(), d.sequence(), "email",
                "arn:other", "{\"other\":1}", 5, T0 + 9_000, "HTTP 502", T0 + 5);
        store.reschedule(changedElsewhere);
        assertThat(store.pending()).containsExactly(new Delivery(d.key(), d.accountId(), d.orderKey(), d.sequence(),
                d.channel(), d.target(), d.payload(), 5, T0 + 9_000, "HTTP 502", d.createdMillis()));
    }

    @Test
    public void rescheduleOfADeliveredDeadOrUnknownKeyIsIgnored() {
        Delivery delivered = delivery("a", T0);
        Delivery dead = delivery("b", T0);
        store.enqueue(List.of(delivered, dead));
        store.complete(delivered.key(), T0 + 1);
        store.kill(dead, "gave up", T0 + 2);

        store.reschedule(delivered.retried(T0 + 5, "late"));
        store.reschedule(dead.retried(T0 + 5, "late"));
        store.reschedule(delivery("never", T0).retried(T0 + 5, "late"));

        assertThat(store.pending()).isEmpty();
        assertThat(store.known(delivery("never", T0).key())).isFalse();
        assertThat(store.deadLetters(ACCOUNT, null, 10)).containsExactly(new DeadLetter(dead, "gave up", T0 + 2));
        assertThat(store.enqueue(List.of(delivered, dead))).isEmpty();
    }

    @Test
    public void completeRemovesTheDeliveryAndRemembersItsKey() {
        Delivery a = delivery("a", T0);
        Delivery b = delivery("b", T0);
        store.enqueue(List.of(a, b));

        store.complete(a.key(), T0 + 50);

        assertThat(store.pending()).containsExactly(b);
        assertThat(store.known(a.key())).isTrue();
        assertThat(store.deadLetters(ACCOUNT, null, 10)).isEmpty();
    }

    @Test
    public void completeOfAnUnknownKeyRemembersNothing() {
        store.complete("never-queued", T0);

        assertThat(store.known("never-queued")).isFalse();
        assertThat(store.enqueue(List.of(plain("never-queued", "o", 1)))).hasSize(1);
    }

    @Test
    public void killMovesTheDeliveryAsLastTriedToTheDeadLetters() {
        Delivery d = delivery("cpu", T0);
        store.enqueue(List.of(d, delivery("other", T0)));
        Delivery lastTry = d.retried(T0 + 1_000, "HTTP 500").retried(T0 + 3_000, "HTTP 500");

        store.kill(lastTry, "retry budget spent after 2 attempts", T0 + 3_000);

        assertThat(keys(store.pending())).containsExactly(delivery("other", T0).key());
        assertThat(store.deadLetters(ACCOUNT, null, 10))
                .containsExactly(new DeadLetter(lastTry, "retry budget spent after 2 attempts", T0 + 3_000));
        assertThat(store.known(d.key())).isTrue();
    }

    @Test
    public void aFinishedDeliveryIsNeitherKilledNorCompletedAgain() {
        Delivery delivered = delivery("a", T0);
        Delivery dead = delivery("b", T0);
        store.enqueue(List.of(delivered, dead));
        store.complete(delivered.key(), T0 + 1);
        store.kill(dead, "first death", T0 + 2);

        store.kill(delivered, "too late", T0 + 3);
        store.kill(dead, "second death", T0 + 4);
        store.complete(dead.key(), T0 + 5);

        assertThat(store.deadLetters(ACCOUNT, null, 10)).containsExactly(new DeadLetter(dead, "first death", T0 + 2));
        assertThat(store.pending()).isEmpty();
    }

    // ---- dead letters ----

    @Test
    public void deadLettersAreNewestFirstAndPageByAfterKey() {
        List<Delivery> deliveries = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            deliveries.add(delivery("alarm-" + i, T0 + i));
        }
        store.enqueue(deliveries);
        long[] died = {T0 + 500, T0 + 100, T0 + 900, T0 + 100, T0 + 700, T0 + 100, T0 + 300, T0 + 800, T0 + 200};
        for (int i = 0; i < 9; i++) {
            store.kill(deliveries.get(i), "reason " + i, died[i]);
        }

        List<DeadLetter> first = store.deadLetters(ACCOUNT, null, 4);
        assertThat(first).extracting(DeadLetter::diedMillis).containsExactly(T0 + 900, T0 + 800, T0 + 700, T0 + 500);
        assertThat(first.get(0)).isEqualTo(new DeadLetter(deliveries.get(2), "reason 2", T0 + 900));
        assertThat(deadKeys(store.deadLetters(ACCOUNT, first.get(3).delivery().key(), 2)))
                .containsExactly(deliveries.get(6).key(), deliveries.get(8).key());

        for (int limit : new int[] {1, 2, 3, 9, 100}) {
            List<DeadLetter> all = allDeadLetters(ACCOUNT, limit);
            assertThat(all).as("pages of %d", limit).hasSize(9);
            assertThat(all).extracting(DeadLetter::diedMillis).isSortedAccordingTo(Comparator.reverseOrder());
            assertThat(new HashSet<>(deadKeys(all))).hasSize(9);
        }
    }

    @Test
    public void deadLettersAreKeptPerAccount() {
        Delivery mine = delivery(ACCOUNT, "cpu", T0, TOPIC + ":1");
        Delivery theirs = delivery(OTHER_ACCOUNT, "cpu", T0, "arn:aws:sns:us-east-1:" + OTHER_ACCOUNT + ":ops:1");
        store.enqueue(List.of(mine, theirs));
        store.kill(mine, "mine", T0 + 1);
        store.kill(theirs, "theirs", T0 + 2);

        assertThat(store.deadLetters(ACCOUNT, null, 10)).containsExactly(new DeadLetter(mine, "mine", T0 + 1));
        assertThat(store.deadLetters(OTHER_ACCOUNT, null, 10)).containsExactly(new DeadLetter(theirs, "theirs", T0 + 2));
        assertThat(store.deadLetters("999999999999", null, 10)).isEmpty();
        assertThat(store.deadLetters(ACCOUNT, theirs.key(), 10)).doesNotContain(new DeadLetter(theirs, "theirs", T0 + 2));
    }

    // ---- prune ----

    @Test
    public void pruneForgetsDeliveredAndDeadKeysOlderThanTheCutoffOnly() {
        Delivery oldDelivered = delivery("a", T0);
        Delivery oldDead = delivery("b", T0);
        Delivery atCutoff = delivery("c", T0);
        Delivery newDead = delivery("d", T0);
        Delivery stillPending = delivery("e", T0 - 86_400_000L); // created long before the cutoff
        store.enqueue(List.of(oldDelivered, oldDead, atCutoff, newDead, stillPending));
        store.complete(oldDelivered.key(), T0 + 10);
        store.kill(oldDead, "old", T0 + 20);
        store.complete(atCutoff.key(), T0 + 100);
        store.kill(newDead, "new", T0 + 200);

        assertThat(store.prune(T0 + 100)).isEqualTo(2);

        assertThat(store.known(oldDelivered.key())).isFalse();
        assertThat(store.known(oldDead.key())).isFalse();
        assertThat(store.known(atCutoff.key())).isTrue();
        assertThat(store.known(newDead.key())).isTrue();
        assertThat(store.pending()).containsExactly(stillPending);
        assertThat(store.deadLetters(ACCOUNT, null, 10)).containsExactly(new DeadLetter(newDead, "new", T0 + 200));
        assertThat(store.prune(T0 + 100)).isZero();
    }

    @Test
    public void aPrunedKeyMayBeQueuedAgain() {
        Delivery delivered = delivery("a", T0);
        Delivery dead = delivery("b", T0);
        store.enqueue(List.of(delivered, dead));
        store.complete(delivered.key(), T0 + 10);
        store.kill(dead, "gave up", T0 + 20);
        store.prune(T0 + 21);

        reopen();

        assertThat(store.enqueue(List.of(delivered, dead))).containsExactly(delivered, dead);
        assertThat(store.pending()).containsExactlyInAnyOrder(delivered, dead);
        assertThat(store.deadLetters(ACCOUNT, null, 10)).isEmpty();
    }

    // ---- concurrency ----

    @Test
    public void completeAndKillRacingForOneDeliveryLeaveExactlyOneOutcome() throws Exception {
        for (int round = 0; round < 30; round++) {
            Delivery d = delivery("race-" + round, T0);
            store.enqueue(List.of(d));
            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> threads = List.of(
                    new Thread(() -> run(start, failures, () -> store.complete(d.key(), T0 + 1))),
                    new Thread(() -> run(start, failures, () -> store.kill(d, "dead", T0 + 2))),
                    new Thread(() -> run(start, failures, () -> store.reschedule(d.retried(T0 + 3, "again")))),
                    new Thread(() -> run(start, failures, () -> store.enqueue(List.of(d)))));
            threads.forEach(Thread::start);
            start.countDown();
            for (Thread thread : threads) {
                thread.join();
            }
            assertThat(failures).isEmpty();
            assertThat(store.pending()).as("round %d", round).isEmpty();
            long dead = store.deadLetters(ACCOUNT, null, 1000).stream()
                    .filter(l -> l.delivery().key().equals(d.key())).count();
            assertThat(dead).as("round %d", round).isLessThanOrEqualTo(1);
            // delivered (not dead) or dead: either way the key is known and is never queued again
            assertThat(store.known(d.key())).isTrue();
            assertThat(store.enqueue(List.of(d))).isEmpty();
        }
    }

    private static void run(CountDownLatch start, ConcurrentLinkedQueue<Throwable> failures, Runnable action) {
        try {
            start.await();
            action.run();
        } catch (Throwable t) {
            failures.add(t);
        }
    }
}
