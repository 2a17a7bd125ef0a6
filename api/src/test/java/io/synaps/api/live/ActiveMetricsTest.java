package io.synaps.api.live;

import io.synaps.api.auth.session.SteppingClock;
import io.synaps.model.Dimension;
import io.synaps.model.MetricId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ActiveMetricsTest {
    private static final String A = "111111111111";
    private static final String B = "222222222222";
    /** On a window boundary (10-minute multiple), so the arithmetic below is plain. */
    private static final Instant START = Instant.parse("2026-01-10T12:00:00Z");

    private SteppingClock clock;
    private LiveFeed feed;

    @BeforeEach
    void setUp() {
        clock = new SteppingClock(START);
        feed = new LiveFeed(LiveFeedConfig.defaults(), clock);
    }

    private void datums(String account, MetricId m, int n) {
        for (int i = 0; i < n; i++) {
            feed.onDatum(i % 2, account, m, clock.millis());
        }
    }

    private static List<String> names(List<ActiveMetric> top) {
        return top.stream().map(a -> a.metric().metricName() + "=" + a.sampleCount()).toList();
    }

    @Test
    void listsTheMostActiveMetricsFirstAndBreaksTiesByName() {
        datums(A, MetricId.of("App", "b"), 5);
        datums(A, MetricId.of("App", "a"), 5);
        datums(A, MetricId.of("App", "busy"), 9);
        datums(A, MetricId.of("App", "quiet"), 1);
        datums(A, MetricId.of("App", "a", new Dimension("Host", "h1")), 5);
        assertThat(names(feed.top(A, 10))).containsExactly("busy=9", "a=5", "a=5", "b=5", "quiet=1");
        assertThat(feed.top(A, 10).get(1).metric().dimensions()).isEmpty(); // no dimensions sorts first
        assertThat(names(feed.top(A, 2))).containsExactly("busy=9", "a=5");
        assertThat(feed.top(A, 0)).isEmpty();
        assertThat(feed.top(B, 10)).isEmpty();
        assertThat(feed.windowSeconds()).isEqualTo(600);
    }

    @Test
    void topKeepsTheBestWhenManyMetricsCompete() {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            int n = 1 + (i * 37) % 50;
            datums(A, MetricId.of("App", String.format("m%03d", i)), n);
            all.add(String.format("%02d m%03d", 99 - n, i)); // sorts most first, then by name
        }
        Collections.sort(all);
        List<String> expected = all.subList(0, 7).stream()
                .map(s -> s.substring(3) + "=" + (99 - Integer.parseInt(s.substring(0, 2)))).toList();
        assertThat(names(feed.top(A, 7))).containsExactlyElementsOf(expected);
        assertThat(expected).contains("m027=50").last().asString().endsWith("=49");
    }

    @Test
    void countsTheCurrentAndThePreviousWindowThenForgets() {
        MetricId m = MetricId.of("App", "m");
        datums(A, m, 3);
        clock.advance(Duration.ofMinutes(10)); // next window
        feed.flush();
        datums(A, m, 4);
        assertThat(names(feed.top(A, 10))).containsExactly("m=7");
        clock.advance(Duration.ofMinutes(10));
        feed.flush(); // the first window falls out
        assertThat(names(feed.top(A, 10))).containsExactly("m=4");
        clock.advance(Duration.ofMinutes(10));
        feed.flush();
        assertThat(feed.top(A, 10)).isEmpty();
    }

    @Test
    void aClockJumpOfTwoWindowsForgetsBoth() {
        datums(A, MetricId.of("App", "m"), 3);
        clock.advance(Duration.ofMinutes(25));
        feed.flush();
        datums(A, MetricId.of("App", "n"), 1);
        assertThat(names(feed.top(A, 10))).containsExactly("n=1");
    }

    @Test
    void staleWindowsDoNotCountEvenBeforeAFlushRotatesThem() {
        datums(A, MetricId.of("App", "m"), 3);
        clock.advance(Duration.ofMinutes(10));
        assertThat(names(feed.top(A, 10))).containsExactly("m=3"); // previous window: still recent
        clock.advance(Duration.ofMinutes(10));
        assertThat(feed.top(A, 10)).isEmpty();
    }

    @Test
    void accountsAreCountedApart() {
        MetricId same = MetricId.of("App", "m");
        datums(A, same, 2);
        datums(B, same, 5);
        assertThat(names(feed.top(A, 10))).containsExactly("m=2");
        assertThat(names(feed.top(B, 10))).containsExactly("m=5");
    }
}
