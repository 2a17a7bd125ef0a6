package io.synaps.api.live;

import java.util.ArrayList;
import java.util.List;

/**
 * RecordingSink is a test {@link EventSink}: when {@code eager} it polls everything as soon as it
 * is told events wait; otherwise events wait until {@link #drain}. Records drops. Single-threaded use.
 */
class RecordingSink implements EventSink {
    final List<LiveEvent> events = new ArrayList<>();
    final boolean eager;
    String droppedReason;
    int readyCalls;

    RecordingSink(boolean eager) {
        this.eager = eager;
    }

    static RecordingSink eager() {
        return new RecordingSink(true);
    }

    static RecordingSink lazy() {
        return new RecordingSink(false);
    }

    @Override
    public void ready(LiveSubscription subscription) {
        readyCalls++;
        if (eager) {
            drain(subscription);
        }
    }

    @Override
    public void dropped(LiveSubscription subscription, String reason) {
        droppedReason = reason;
    }

    void drain(LiveSubscription subscription) {
        List<LiveEvent> batch;
        while (!(batch = subscription.poll(7)).isEmpty()) {
            events.addAll(batch);
        }
    }

    List<String> types() {
        return events.stream().map(LiveEvent::type).toList();
    }

    List<String> data() {
        return events.stream().map(LiveEvent::data).toList();
    }

    String lastId() {
        return events.isEmpty() ? null : events.get(events.size() - 1).id();
    }
}
