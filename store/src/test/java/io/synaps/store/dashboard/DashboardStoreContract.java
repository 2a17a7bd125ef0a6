package io.synaps.store.dashboard;

import io.synaps.store.StoreContract;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DashboardStoreContract is the behaviour every {@link DashboardStore} backend must show; a
 * backend's test extends it and says how to open and close its store. Not thread-safe (JUnit runs
 * one test per instance).
 */
public abstract class DashboardStoreContract extends StoreContract<DashboardStore> {
    protected static final String ACCOUNT = "123456789012";
    protected static final String OTHER_ACCOUNT = "210987654321";
    protected static final long MODIFIED = 1_767_225_600_000L;

    @Test
    public void putThenGetReturnsTheDashboard() {
        store.put(ACCOUNT, new Dashboard("Ops", "{\"widgets\":[]}", MODIFIED));

        assertThat(store.get(ACCOUNT, "Ops")).contains(new Dashboard("Ops", "{\"widgets\":[]}", MODIFIED));
    }

    @Test
    public void getOfAnUnknownNameIsEmpty() {
        store.put(ACCOUNT, new Dashboard("Ops", "{}", MODIFIED));

        assertThat(store.get(ACCOUNT, "Nope")).isEmpty();
        assertThat(store.get(ACCOUNT, "ops")).isEmpty();
        assertThat(store.get(ACCOUNT, "Op")).isEmpty();
    }

    @Test
    public void putReplacesBodyAndLastModified() {
        store.put(ACCOUNT, new Dashboard("Ops", "{\"widgets\":[]}", MODIFIED));
        store.put(ACCOUNT, new Dashboard("Ops", "{\"widgets\":[{}]}", MODIFIED + 5000));

        assertThat(store.get(ACCOUNT, "Ops")).contains(new Dashboard("Ops", "{\"widgets\":[{}]}", MODIFIED + 5000));
        assertThat(store.list(ACCOUNT, null)).hasSize(1);
    }

    @Test
    public void listIsSortedByName() {
        for (String name : List.of("web", "Api", "db-2", "db-10", "cache_1", "Zeta", "a")) {
            store.put(ACCOUNT, new Dashboard(name, "{}", MODIFIED));
        }

        assertThat(store.list(ACCOUNT, null)).extracting(Dashboard::name)
                .containsExactly("Api", "Zeta", "a", "cache_1", "db-10", "db-2", "web");
        assertThat(store.list(ACCOUNT, "")).extracting(Dashboard::name).hasSize(7);
    }

    @Test
    public void listFiltersByNamePrefix() {
        for (String name : List.of("prod-web", "prod-db", "production", "staging-web", "xprod")) {
            store.put(ACCOUNT, new Dashboard(name, "{}", MODIFIED));
        }

        assertThat(store.list(ACCOUNT, "prod-")).extracting(Dashboard::name).containsExactly("prod-db", "prod-web");
        assertThat(store.list(ACCOUNT, "prod")).extracting(Dashboard::name)
                .containsExactly("prod-db", "prod-web", "production");
        assertThat(store.list(ACCOUNT, "Prod")).isEmpty();
        assertThat(store.list(ACCOUNT, "unknown")).isEmpty();
        assertThat(store.list(ACCOUNT, "prod-web")).extracting(Dashboard::name).containsExactly("prod-web");
    }

    @Test
    public void listedDashboardsCarryBodyLastModifiedAndSize() {
        String body = "{\"widgets\":[{\"type\":\"text\",\"properties\":{\"markdown\":\"caf\u00e9 \u2603\"}}]}";
        store.put(ACCOUNT, new Dashboard("Ops", body, MODIFIED + 1));

        Dashboard listed = store.list(ACCOUNT, null).get(0);

        assertThat(listed).isEqualTo(new Dashboard("Ops", body, MODIFIED + 1));
        assertThat(listed.size()).isEqualTo(body.length() + 1 + 2);
    }

    @Test
    public void deleteRemovesTheNamedDashboardsAndIgnoresUnknownNames() {
        for (String name : List.of("a", "b", "c")) {
            store.put(ACCOUNT, new Dashboard(name, "{}", MODIFIED));
        }

        store.delete(ACCOUNT, List.of("a", "missing", "c"));

        assertThat(store.list(ACCOUNT, null)).extracting(Dashboard::name).containsExactly("b");
        assertThat(store.get(ACCOUNT, "a")).isEmpty();
        store.delete(ACCOUNT, List.of("b"));
        assertThat(store.list(ACCOUNT, null)).isEmpty();
        store.delete(ACCOUNT, List.of("b"));
        store.delete("999999999999", List.of("b"));
    }

    @Test
    public void accountsNeverSeeEachOthersDashboards() {
        store.put(ACCOUNT, new Dashboard("Shared", "{\"a\":1}", MODIFIED));
        store.put(OTHER_ACCOUNT, new Dashboard("Shared", "{\"b\":2}", MODIFIED + 1));
        store.put(OTHER_ACCOUNT, new Dashboard("OnlyB", "{}", MODIFIED));

        assertThat(store.get(ACCOUNT, "Shared").orElseThrow().body()).isEqualTo("{\"a\":1}");
        assertThat(store.get(OTHER_ACCOUNT, "Shared").orElseThrow().body()).isEqualTo("{\"b\":2}");
        assertThat(store.get(ACCOUNT, "OnlyB")).isEmpty();
        assertThat(store.list(ACCOUNT, null)).extracting(Dashboard::name).containsExactly("Shared");
        assertThat(store.list("000000000000", null)).isEmpty();

        store.delete(ACCOUNT, List.of("Shared", "OnlyB"));

        assertThat(store.list(ACCOUNT, null)).isEmpty();
        assertThat(store.list(OTHER_ACCOUNT, null)).extracting(Dashboard::name).containsExactly("OnlyB", "Shared");
    }

    @Test
    public void dashboardsSurviveReopen() {
        store.put(ACCOUNT, new Dashboard("Ops", "{\"widgets\":[]}", MODIFIED));
        store.put(ACCOUNT, new Dashboard("Gone", "{}", MODIFIED));
        store.delete(ACCOUNT, List.of("Gone"));

        reopen();

        assertThat(store.list(ACCOUNT, null)).containsExactly(new Dashboard("Ops", "{\"widgets\":[]}", MODIFIED));
    }
}
