package io.synaps.api.live;

import io.synaps.api.auth.session.SteppingClock;
import io.synaps.model.Dimension;
import io.synaps.model.MetricId;
import io.synaps.model.alarm.AlarmState;
import io.synaps.model.alarm.AlarmTransition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LiveFeedTest {
    private static final String A = "111111111111";
    private static final String B = "222222222222";
    private static final Instant START = Instant.parse("2026-01-10T12:00:00Z");
    private static final long T = START.toEpochMilli();

    private SteppingClock clock;
    private LiveFeed feed;

    @BeforeEach
    void setUp() {
        clock = new SteppingClock(START);
        feed = new LiveFeed(LiveFeedConfig.defaults(), clock);
    }

    private void alarm(String account, String name) {
        feed.onTransition(Transitions.metric(account, name, AlarmState.OK, AlarmState.ALARM, "breach", clock.millis()));
    }

    private static List<String> alarmNames(RecordingSink sink) {
        List<String> names = new ArrayList<>();
        for (LiveEvent e : sink.events) {
            if (e.type().equals(LiveEvent.ALARM)) {
                names.add(e.data().replaceAll(".*\"alarmName\":\"([^\"]*)\".*", "$1"));
            }
        }
        return names;
    }

    @Test
    void idsAreTheEpochInBase36AndAnIncreasingSequence() {
        RecordingSink sink = RecordingSink.eager();
        feed.subscribe(A, null, sink);
        alarm(A, "a1");
        alarm(A, "a2");
        assertThat(feed.epoch()).isEqualTo(Long.toString(T, 36));
        assertThat(sink.events).extracting(LiveEvent::id).containsExactly(feed.epoch() + "-1", feed.epoch() + "-2");
    }

    @Test
    void aFreshSubscriptionStartsAtThePresentWithoutReplayOrReset() {
        alarm(A, "before");
        RecordingSink sink = RecordingSink.eager();
        LiveSubscription sub = feed.subscribe(A, null, sink);
        assertThat(sink.events).isEmpty();
        assertThat(sub.startId()).isEqualTo(feed.epoch() + "-1");
        alarm(A, "after");
        assertThat(alarmNames(sink)).containsExactly("after");
    }

    @Test
    void replaysTheEventsAfterTheLastEventIdThenContinuesLive() {
        alarm(A, "a1");
        alarm(A, "a2");
        alarm(A, "a3");
        RecordingSink sink = RecordingSink.eager();
        LiveSubscription sub = feed.subscribe(A, feed.epoch() + "-1", sink);
        assertThat(sub.startId()).isEqualTo(feed.epoch() + "-1");
        assertThat(alarmNames(sink)).containsExactly("a2", "a3");
        alarm(A, "a4");
        assertThat(alarmNames(sink)).containsExactly("a2", "a3", "a4");
        assertThat(sink.types()).doesNotContain(LiveEvent.RESET);
    }

    @Test
    void resumingFromTheNewestIdReplaysNothing() {
        alarm(A, "a1");
        RecordingSink sink = RecordingSink.eager();
        feed.subscribe(A, feed.epoch() + "-1", sink);
        assertThat(sink.events).isEmpty();
        assertThat(sink.readyCalls).isZero();
    }

    @Test
    void sendsOneResetWhenTheIdIsFromAnotherProcess() {
        alarm(A, "a1");
        RecordingSink sink = RecordingSink.eager();
        String previousProcess = Long.toString(T - 60_000, 36) + "-1";
        LiveSubscription sub = feed.subscribe(A, previousProcess, sink);
        assertThat(sink.types()).containsExactly(LiveEvent.RESET);
        assertThat(sink.events.get(0).data()).isEqualTo("{\"reason\":\"" + LiveFeed.REASON_RESTARTED + "\"}");
        assertThat(sink.events.get(0).id()).isEqualTo(feed.epoch() + "-1").isEqualTo(sub.startId());
        alarm(A, "a2");
        assertThat(alarmNames(sink)).containsExactly("a2");
    }

    @Test
    void sendsAResetForMalformedOrFutureIds() {
        alarm(A, "a1");
        for (String id : List.of("garbage", "-5", feed.epoch() + "-", feed.epoch() + "-x1", feed.epoch() + "-99",
                feed.epoch() + "-99999999999999999999999")) {
            RecordingSink sink = RecordingSink.eager();
            feed.subscribe(A, id, sink);
            assertThat(sink.types()).as(id).containsExactly(LiveEvent.RESET);
            assertThat(sink.events.get(0).data()).as(id).contains(LiveFeed.REASON_UNKNOWN);
        }
    }

    @Test
    void sendsAResetWhenTheResumePointWasEvictedAndReplaysWhenItWasNot() {
        feed = new LiveFeed(LiveFeedConfig.defaults().withBufferEvents(3), clock);
        for (int i = 1; i <= 5; i++) {
            alarm(A, "a" + i); // seqs 1..5; 1 and 2 evicted
        }
        RecordingSink evicted = RecordingSink.eager();
        feed.subscribe(A, feed.epoch() + "-1", evicted);
        assertThat(evicted.types()).containsExactly(LiveEvent.RESET);
        assertThat(evicted.events.get(0).data()).contains(LiveFeed.REASON_EVICTED);
        assertThat(evicted.events.get(0).id()).isEqualTo(feed.epoch() + "-5");

        RecordingSink kept = RecordingSink.eager();
        feed.subscribe(A, feed.epoch() + "-2", kept); // the evicted event 2 is the one it saw last
        assertThat(alarmNames(kept)).containsExactly("a3", "a4", "a5");
    }

    @Test
    void theByteBoundEvictsToo() {
        feed = new LiveFeed(LiveFeedConfig.defaults().withBufferBytes(400), clock);
        for (int i = 1; i <= 5; i++) {
            alarm(A, "a" + i); // each frame is about 200 bytes
        }
        RecordingSink sink = RecordingSink.eager();
        feed.subscribe(A, feed.epoch() + "-1", sink);
        assertThat(sink.types()).containsExactly(LiveEvent.RESET);
        RecordingSink recent = RecordingSink.eager();
        feed.subscribe(A, feed.epoch() + "-4", recent);
        assertThat(alarmNames(recent)).containsExactly("a5");
    }

    @Test
    void accountsNeverSeeEachOthersEvents() {
        RecordingSink a = RecordingSink.eager();
        RecordingSink b = RecordingSink.eager();
        feed.subscribe(A, null, a);
        feed.subscribe(B, null, b);
        alarm(A, "mine");
        alarm(B, "theirs");
        feed.onDatum(0, B, MetricId.of("B", "m"), T);
        feed.flush();
        assertThat(alarmNames(a)).containsExactly("mine");
        assertThat(a.types()).containsExactly(LiveEvent.ALARM);
        assertThat(alarmNames(b)).containsExactly("theirs");
        assertThat(b.types()).containsExactly(LiveEvent.ALARM, LiveEvent.METRICS);

        // An id from the other account's stream resumes by the global sequence, still only with A's events.
        RecordingSink crossed = RecordingSink.eager();
        feed.subscribe(A, b.events.get(0).id(), crossed);
        assertThat(crossed.events).isEmpty();
        assertThat(feed.top(A, 10)).isEmpty();
        assertThat(feed.top(B, 10)).hasSize(1);
    }

    @Test
    void transitionsBecomeAlarmEventsWithTheirJson() {
        RecordingSink sink = RecordingSink.eager();
        feed.subscribe(A, null, sink);
        feed.onTransition(Transitions.metric(A, "cpu \"high\"", AlarmState.OK, AlarmState.ALARM,
                "Threshold Crossed: 1 datapoint [2.5 (10/01/26 11:59:00)]\nwas greater than 1.0", T + 1234));
        feed.onTransitions(List.of(
                Transitions.composite(A, "service", AlarmState.INSUFFICIENT_DATA, AlarmState.OK, "ok now", T),
                Transitions.metric(A, "disk", AlarmState.ALARM, AlarmState.INSUFFICIENT_DATA, "no data", T)));
        assertThat(sink.types()).containsOnly(LiveEvent.ALARM);
        assertThat(sink.data()).containsExactly(
                "{\"alarmName\":\"cpu \\\"high\\\"\",\"alarmType\":\"MetricAlarm\",\"oldState\":\"OK\","
                        + "\"newState\":\"ALARM\",\"reason\":\"Threshold Crossed: 1 datapoint [2.5 (10/01/26 11:59:00)]"
                        + "\\nwas greater than 1.0\",\"timestamp\":\"2026-01-10T12:00:01.234Z\"}",
                "{\"alarmName\":\"service\",\"alarmType\":\"CompositeAlarm\",\"oldState\":\"INSUFFICIENT_DATA\","
                        + "\"newState\":\"OK\",\"reason\":\"ok now\",\"timestamp\":\"2026-01-10T12:00:00Z\"}",
                "{\"alarmName\":\"disk\",\"alarmType\":\"MetricAlarm\",\"oldState\":\"ALARM\","
                        + "\"newState\":\"INSUFFICIENT_DATA\",\"reason\":\"no data\",\"timestamp\":\"2026-01-10T12:00:00Z\"}");
    }

    @Test
    void datumsAreCoalescedIntoOneMetricsEventPerFlushNamingEachMetricOnce() {
        RecordingSink sink = RecordingSink.eager();
        feed.subscribe(A, null, sink);
        MetricId cpu = MetricId.of("App", "CPU", new Dimension("Host", "h1"), new Dimension("AZ", "a"));
        MetricId mem = MetricId.of("App", "Mem");
        for (int i = 0; i < 1000; i++) {
            feed.onDatum(i % 4, A, i % 3 == 0 ? mem : new MetricId("App", "CPU",
                    List.of(new Dimension("Host", "h1"), new Dimension("AZ", "a"))), T);
        }
        assertThat(sink.events).isEmpty(); // nothing before the flush
        feed.flush();
        assertThat(sink.types()).containsExactly(LiveEvent.METRICS);
        assertThat(sink.data()).containsExactly("{\"metrics\":[{\"Namespace\":\"App\",\"MetricName\":\"Mem\","
                + "\"Dimensions\":[]},{\"Namespace\":\"App\",\"MetricName\":\"CPU\",\"Dimensions\":[{\"Name\":\"AZ\","
                + "\"Value\":\"a\"},{\"Name\":\"Host\",\"Value\":\"h1\"}]}],\"overflow\":false}");

        feed.flush();
        assertThat(sink.events).hasSize(1); // no datum, no event

        feed.onDatum(0, A, cpu, T);
        clock.advance(Duration.ofSeconds(1));
        feed.flush();
        assertThat(sink.events).hasSize(2);
        assertThat(sink.events.get(1).data()).contains("\"CPU\"").doesNotContain("\"Mem\"");
    }

    @Test
    void moreMetricsThanTheLimitMakeOneOverflowEventWithAnEmptyList() {
        feed = new LiveFeed(LiveFeedConfig.defaults().withMaxMetricsPerEvent(3), clock);
        RecordingSink sink = RecordingSink.eager();
        feed.subscribe(A, null, sink);
        for (int i = 0; i < 10; i++) {
            feed.onDatum(0, A, MetricId.of("App", "m" + i), T);
        }
        feed.flush();
        assertThat(sink.data()).containsExactly("{\"metrics\":[],\"overflow\":true}");
        // The next second is exact again, for the metrics it saw.
        feed.onDatum(0, A, MetricId.of("App", "m1"), T);
        feed.onDatum(0, A, MetricId.of("App", "m2"), T);
        feed.flush();
        assertThat(sink.events.get(1).data()).isEqualTo("{\"metrics\":[{\"Namespace\":\"App\",\"MetricName\":\"m1\","
                + "\"Dimensions\":[]},{\"Namespace\":\"App\",\"MetricName\":\"m2\",\"Dimensions\":[]}],\"overflow\":false}");
        // Exactly the limit still fits.
        for (int i = 0; i < 3; i++) {
            feed.onDatum(0, A, MetricId.of("App", "m" + i), T);
        }
        feed.flush();
        assertThat(sink.events.get(2).data()).contains("\"overflow\":false").contains("m0", "m1", "m2");
    }

    @Test
    void metricsBeyondTheTrackedBoundAreNotCountedButStillRefreshGraphs() {
        feed = new LiveFeed(LiveFeedConfig.defaults().withMaxTrackedMetrics(2), clock);
        RecordingSink sink = RecordingSink.eager();
        feed.subscribe(A, null, sink);
        feed.onDatum(0, A, MetricId.of("App", "m1"), T);
        feed.onDatum(0, A, MetricId.of("App", "m2"), T);
        feed.flush();
        assertThat(sink.events.get(0).data()).contains("\"overflow\":false");
        feed.onDatum(0, A, MetricId.of("App", "m3"), T);
        feed.flush();
        assertThat(sink.events.get(1).data()).isEqualTo("{\"metrics\":[],\"overflow\":true}");
        assertThat(feed.top(A, 10)).extracting(m -> m.metric().metricName()).containsExactlyInAnyOrder("m1", "m2");
    }

    @Test
    void aSinkThatFallsBehindIsDroppedAndCanResumeFromItsLastId() {
        feed = new LiveFeed(LiveFeedConfig.defaults().withMaxBacklog(4), clock);
        RecordingSink slow = RecordingSink.lazy();
        RecordingSink fast = RecordingSink.eager();
        LiveSubscription slowSub = feed.subscribe(A, null, slow);
        feed.subscribe(A, null, fast);
        alarm(A, "a1");
        slow.drain(slowSub); // read one, then stop reading
        for (int i = 2; i <= 5; i++) {
            alarm(A, "a" + i);
        }
        assertThat(slow.droppedReason).isNull(); // 4 unread = the backlog, still fine
        alarm(A, "a6");
        assertThat(slow.droppedReason).isEqualTo(LiveFeed.REASON_LAGGING);
        assertThat(slowSub.isClosed()).isTrue();
        assertThat(slowSub.poll(100)).isEmpty();
        assertThat(fast.droppedReason).isNull();
        assertThat(alarmNames(fast)).hasSize(6);
        assertThat(feed.subscribers(A)).isEqualTo(1);

        RecordingSink again = RecordingSink.eager();
        feed.subscribe(A, slow.lastId(), again);
        assertThat(alarmNames(again)).containsExactly("a2", "a3", "a4", "a5", "a6");
    }

    @Test
    void aReplayLongerThanTheBacklogIsDeliveredNotDropped() {
        feed = new LiveFeed(LiveFeedConfig.defaults().withMaxBacklog(4), clock);
        for (int i = 1; i <= 20; i++) {
            alarm(A, "a" + i);
        }
        RecordingSink sink = RecordingSink.lazy();
        LiveSubscription sub = feed.subscribe(A, feed.epoch() + "-0", sink);
        alarm(A, "a21"); // one live event on top of an unread replay of 20
        assertThat(sink.droppedReason).isNull();
        sink.drain(sub);
        assertThat(alarmNames(sink)).hasSize(21).startsWith("a1").endsWith("a21");
    }

    @Test
    void aSubscriberWhosePositionIsEvictedIsDropped() {
        feed = new LiveFeed(LiveFeedConfig.defaults().withBufferEvents(5).withMaxBacklog(100), clock);
        RecordingSink slow = RecordingSink.lazy();
        feed.subscribe(A, null, slow);
        for (int i = 1; i <= 5; i++) {
            alarm(A, "a" + i);
        }
        assertThat(slow.droppedReason).isNull();
        alarm(A, "a6"); // a1, still unread, is evicted
        assertThat(slow.droppedReason).isEqualTo(LiveFeed.REASON_LAGGING);
    }

    @Test
    void closingASubscriptionOrTheFeedStopsDelivery() {
        RecordingSink closedByClient = RecordingSink.eager();
        RecordingSink open = RecordingSink.eager();
        feed.subscribe(A, null, closedByClient).close();
        LiveSubscription openSub = feed.subscribe(A, null, open);
        alarm(A, "a1");
        assertThat(closedByClient.events).isEmpty();
        assertThat(feed.subscribers(A)).isEqualTo(1);

        feed.close();
        assertThat(open.droppedReason).isEqualTo(LiveFeed.REASON_CLOSED);
        assertThat(openSub.isClosed()).isTrue();
        alarm(A, "a2");
        feed.onDatum(0, A, MetricId.of("App", "m"), T);
        feed.flush();
        assertThat(alarmNames(open)).containsExactly("a1");
        RecordingSink late = RecordingSink.eager();
        assertThat(feed.subscribe(A, null, late).isClosed()).isTrue();
        assertThat(late.droppedReason).isEqualTo(LiveFeed.REASON_CLOSED);
    }

    @Test
    void startIsOnceAndTheFlusherPublishesOnItsOwn() throws Exception {
        feed = new LiveFeed(new LiveFeedConfig(16, 1 << 20, 8, 3, Duration.ofMillis(5), Duration.ofMinutes(10), 100),
                clock);
        RecordingSink sink = new RecordingSink(true) {
            @Override
            public synchronized void ready(LiveSubscription subscription) {
                super.ready(subscription);
                notifyAll();
            }
        };
        feed.subscribe(A, null, sink);
        feed.start();
        assertThatThrownBy(feed::start).isInstanceOf(IllegalStateException.class);
        feed.onDatum(0, A, MetricId.of("App", "m"), T);
        synchronized (sink) {
            while (sink.events.isEmpty()) {
                sink.wait(); // the flusher thread publishes without help; no timing asserted
            }
        }
        assertThat(sink.types()).containsExactly(LiveEvent.METRICS);
        feed.close();
    }

    @Test
    void aThrowingSinkLosesItsSubscriptionButNotTheFeed() {
        EventSink broken = new EventSink() {
            @Override
            public void ready(LiveSubscription subscription) {
                throw new IllegalStateException("broken sink");
            }

            @Override
            public void dropped(LiveSubscription subscription, String reason) {
            }
        };
        feed.subscribe(A, null, broken);
        RecordingSink fine = RecordingSink.eager();
        feed.subscribe(A, null, fine);
        alarm(A, "a1");
        assertThat(feed.subscribers(A)).isEqualTo(1);
        assertThat(alarmNames(fine)).containsExactly("a1");
    }

    @Test
    void eventDataMustBeOneLine() {
        AlarmTransition t = Transitions.metric(A, "x", AlarmState.OK, AlarmState.ALARM, "r", T);
        assertThat(LiveFeed.alarmData(t)).doesNotContain("\n");
        assertThatThrownBy(() -> new LiveEvent("e-1", 1, LiveEvent.ALARM, "{\n}"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
