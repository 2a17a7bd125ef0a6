package io.synaps.notify.dispatch;

import io.synaps.store.outbox.Delivery;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LanesTest {

    private static Delivery d(String key, String lane, long sequence, long due) {
        return new Delivery(key, "1", lane, sequence, "http", "t", "{}", 0, due, null, 0);
    }

    @Test
    void aLaneOffersOnlyItsLowestSequenceAndOnlyOneAtATime() {
        Lanes lanes = new Lanes();
        lanes.add(d("ok", "a", 2, 0));
        lanes.add(d("alarm", "a", 1, 0));
        lanes.add(d("other", "b", 1, 5));

        Lanes.Lane first = lanes.claimDue(0);
        assertThat(first.head().key()).isEqualTo("alarm");
        assertThat(lanes.claimDue(10).orderKey).isEqualTo("b"); // lane a is busy
        assertThat(lanes.claimDue(10)).isNull();

        lanes.release(first, first.head(), first.head().retried(100, "HTTP 503"));
        assertThat(lanes.claimDue(99)).isNull(); // the ALARM waits for its retry and the OK waits behind it
        assertThat(lanes.nextDue()).isEqualTo(100);
        Lanes.Lane again = lanes.claimDue(100);
        assertThat(again.head().key()).isEqualTo("alarm");
        lanes.release(again, again.head(), null);
        assertThat(lanes.claimDue(100).head().key()).isEqualTo("ok");
        assertThat(lanes.size()).isEqualTo(2); // ok (claimed) and other (claimed): still pending
    }

    @Test
    void aKeyIsAddedOnceWhileItIsPending() {
        Lanes lanes = new Lanes();
        assertThat(lanes.add(d("k", "a", 1, 0))).isTrue();
        assertThat(lanes.add(d("k", "a", 1, 0))).isFalse();
        Lanes.Lane lane = lanes.claimDue(0);
        lanes.release(lane, lane.head(), null);
        assertThat(lanes.contains("k")).isFalse();
        assertThat(lanes.nextDue()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void anOlderDeliveryArrivingWhileTheHeadIsInFlightGoesNext() {
        Lanes lanes = new Lanes();
        lanes.add(d("new", "a", 5, 0));
        Lanes.Lane lane = lanes.claimDue(0);
        Delivery inFlight = lane.head();
        lanes.add(d("old", "a", 3, 0)); // e.g. reconciled after a restart
        lanes.release(lane, inFlight, inFlight.retried(50, "HTTP 500"));

        assertThat(lanes.claimDue(0).head().key()).isEqualTo("old");
    }
}
