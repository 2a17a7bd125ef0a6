package io.synaps.store.tag;

import io.synaps.store.StoreContract;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * TagStoreContract is the behaviour every {@link TagStore} backend must show; a backend's test
 * extends it and says how to open and close its store. Not thread-safe (JUnit runs one test per
 * instance).
 */
public abstract class TagStoreContract extends StoreContract<TagStore> {
    protected static final String ACCOUNT = "123456789012";
    protected static final String OTHER_ACCOUNT = "210987654321";
    protected static final String ALARM = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:cpu:high";
    protected static final String DASHBOARD = "arn:aws:cloudwatch::123456789012:dashboard/Ops";

    @Test
    public void getReturnsTheTagsSortedByKey() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("team", "ops");
        tags.put("Env", "prod");
        tags.put("cost-center", "42");
        tags.put("aws:cloudformation", "");
        tags.put("caf\u00e9", "\u2603");
        store.put(ACCOUNT, ALARM, tags);

        Map<String, String> stored = store.get(ACCOUNT, ALARM);

        assertThat(stored).containsExactly(Map.entry("Env", "prod"), Map.entry("aws:cloudformation", ""),
                Map.entry("caf\u00e9", "\u2603"), Map.entry("cost-center", "42"), Map.entry("team", "ops"));
        assertThat(new ArrayList<>(stored.keySet())).isSorted();
    }

    @Test
    public void anUntaggedOrUnknownResourceHasNoTags() {
        assertThat(store.get(ACCOUNT, ALARM)).isEmpty();
        store.put(ACCOUNT, ALARM, Map.of("a", "1"));

        assertThat(store.get(ACCOUNT, DASHBOARD)).isEmpty();
        assertThat(store.get("999999999999", ALARM)).isEmpty();
        assertThat(store.get(ACCOUNT, ALARM + "x")).isEmpty();
        assertThat(store.get(ACCOUNT, "arn:aws:cloudwatch:us-east-1:123456789012:alarm:cpu")).isEmpty();
    }

    @Test
    public void putMergesWithExistingTagsAndOverwritesValues() {
        store.put(ACCOUNT, ALARM, Map.of("a", "1", "b", "2"));
        store.put(ACCOUNT, ALARM, Map.of("b", "two", "c", "3"));
        store.put(ACCOUNT, ALARM, Map.of());

        assertThat(store.get(ACCOUNT, ALARM)).containsExactly(Map.entry("a", "1"), Map.entry("b", "two"),
                Map.entry("c", "3"));
    }

    @Test
    public void removeDeletesTheGivenKeysAndIgnoresUnknownOnes() {
        store.put(ACCOUNT, ALARM, Map.of("a", "1", "b", "2", "c", "3"));

        store.remove(ACCOUNT, ALARM, List.of("a", "zzz", "c"));
        store.remove(ACCOUNT, ALARM, List.of());
        store.remove(ACCOUNT, DASHBOARD, List.of("b"));
        store.remove("999999999999", ALARM, List.of("b"));

        assertThat(store.get(ACCOUNT, ALARM)).containsExactly(Map.entry("b", "2"));
        store.remove(ACCOUNT, ALARM, List.of("b"));
        assertThat(store.get(ACCOUNT, ALARM)).isEmpty();
    }

    @Test
    public void deleteAllRemovesEveryTagOfOnlyThatResource() {
        store.put(ACCOUNT, ALARM, Map.of("a", "1", "b", "2"));
        store.put(ACCOUNT, ALARM + "-2", Map.of("a", "other"));
        store.put(ACCOUNT, DASHBOARD, Map.of("a", "dash"));

        store.deleteAll(ACCOUNT, ALARM);
        store.deleteAll(ACCOUNT, "arn:aws:cloudwatch:us-east-1:123456789012:alarm:never");
        store.deleteAll("999999999999", ALARM);

        assertThat(store.get(ACCOUNT, ALARM)).isEmpty();
        assertThat(store.get(ACCOUNT, ALARM + "-2")).containsExactly(Map.entry("a", "other"));
        assertThat(store.get(ACCOUNT, DASHBOARD)).containsExactly(Map.entry("a", "dash"));
        store.put(ACCOUNT, ALARM, Map.of("fresh", "yes"));
        assertThat(store.get(ACCOUNT, ALARM)).containsExactly(Map.entry("fresh", "yes"));
    }

    @Test
    public void tagsAreKeptApartByAccountAndArn() {
        String theirAlarm = "arn:aws:cloudwatch:us-east-1:210987654321:alarm:cpu:high";
        store.put(ACCOUNT, ALARM, Map.of("k", "mine"));
        store.put(OTHER_ACCOUNT, ALARM, Map.of("k", "theirs"));
        store.put(OTHER_ACCOUNT, theirAlarm, Map.of("k", "theirs-own"));
        // an ARN that is a prefix of another, and one that extends it with what looks like a key
        store.put(ACCOUNT, "arn:a", Map.of("bc", "1"));
        store.put(ACCOUNT, "arn:ab", Map.of("c", "2"));

        assertThat(store.get(ACCOUNT, ALARM)).containsExactly(Map.entry("k", "mine"));
        assertThat(store.get(OTHER_ACCOUNT, ALARM)).containsExactly(Map.entry("k", "theirs"));
        assertThat(store.get(OTHER_ACCOUNT, theirAlarm)).containsExactly(Map.entry("k", "theirs-own"));
        assertThat(store.get(ACCOUNT, theirAlarm)).isEmpty();
        assertThat(store.get(ACCOUNT, "arn:a")).containsExactly(Map.entry("bc", "1"));
        assertThat(store.get(ACCOUNT, "arn:ab")).containsExactly(Map.entry("c", "2"));

        store.deleteAll(OTHER_ACCOUNT, ALARM);
        store.deleteAll(ACCOUNT, "arn:a");

        assertThat(store.get(ACCOUNT, ALARM)).containsExactly(Map.entry("k", "mine"));
        assertThat(store.get(ACCOUNT, "arn:ab")).containsExactly(Map.entry("c", "2"));
    }

    @Test
    public void fiftyTagsWithLongKeysAndValuesRoundTrip() {
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 0; i < 50; i++) {
            tags.put(String.format("%03d-", i) + "k".repeat(120), "v\u00e9".repeat(128));
        }

        store.put(ACCOUNT, ALARM, tags);

        assertThat(store.get(ACCOUNT, ALARM)).containsExactlyEntriesOf(tags);
    }

    @Test
    public void theReturnedMapIsASnapshot() {
        store.put(ACCOUNT, ALARM, Map.of("a", "1"));
        Map<String, String> before = store.get(ACCOUNT, ALARM);

        store.put(ACCOUNT, ALARM, Map.of("a", "2", "b", "3"));

        assertThat(before).containsExactly(Map.entry("a", "1"));
    }

    @Test
    public void tagsSurviveReopen() {
        store.put(ACCOUNT, ALARM, Map.of("a", "1", "b", "2"));
        store.put(ACCOUNT, DASHBOARD, Map.of("gone", "x"));
        store.remove(ACCOUNT, ALARM, List.of("b"));
        store.deleteAll(ACCOUNT, DASHBOARD);

        reopen();

        assertThat(store.get(ACCOUNT, ALARM)).containsExactly(Map.entry("a", "1"));
        assertThat(store.get(ACCOUNT, DASHBOARD)).isEmpty();
    }

    @Test
    public void concurrentPutsOnOneResourceAllLand() throws Exception {
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            threads.add(new Thread(() -> {
                try {
                    for (int i = 0; i < 10; i++) {
                        store.put(ACCOUNT, ALARM, Map.of("t" + thread + "-" + i, "v"));
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(failures).isEmpty();
        assertThat(store.get(ACCOUNT, ALARM)).hasSize(40);
    }
}
