package io.synaps.engine.alarm;

import io.synaps.engine.alarm.evaluate.Datapoint;
import io.synaps.engine.alarm.rule.AlarmRule;
import io.synaps.model.alarm.Alarm;
import io.synaps.model.alarm.AlarmTransition;
import io.synaps.model.alarm.CompositeAlarm;
import io.synaps.model.alarm.MetricAlarm;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * AlarmSlot is one alarm as its shard holds it: the alarm as last stored (definition and status)
 * plus the evaluation state that lives only in memory. {@link #alarm} is volatile (other shards
 * read children's states from it, the API reads it after a put); every other field belongs to the
 * owning shard's thread unless marked otherwise.
 */
abstract sealed class AlarmSlot permits AlarmSlot.MetricSlot, AlarmSlot.CompositeSlot {
    final AlarmKey key;
    final AlarmShard shard;
    /** The alarm as stored after the shard's last write or reload. */
    volatile Alarm alarm;
    /** Set when the slot leaves its shard (deleted, replaced, moved); queued work on it is then skipped. */
    volatile boolean retired;

    AlarmSlot(AlarmKey key, AlarmShard shard, Alarm alarm) {
        this.key = key;
        this.shard = shard;
        this.alarm = alarm;
    }

    /**
     * MetricSlot is a metric alarm with its cached window: the datapoints it last read over
     * [windowEnd - range x period, windowEnd), reused on ticks while no datum arrived.
     */
    static final class MetricSlot extends AlarmSlot {
        /**
         * Newest timestamp (epoch ms) of the datums applied since the window was last read, or
         * Long.MIN_VALUE when none: written by appliers, read and reset by the shard.
         */
        final AtomicLong pendingDatum = new AtomicLong(Long.MIN_VALUE);
        /** Whether the slot waits in its shard's queue of datum-triggered evaluations (any thread). */
        final AtomicBoolean queued = new AtomicBoolean();
        /** Start of the last evaluated range (epoch ms): older datums can never matter again (any thread). */
        volatile long rangeStart = Long.MIN_VALUE;
        List<Datapoint> window;
        long windowEnd;
        /** When the next tick evaluation is due (epoch ms); 0: at the first tick. */
        long nextTick;
        /** Whether a decided transition of this alarm waits in its shard's pending writes. */
        boolean writing;

        MetricSlot(AlarmKey key, AlarmShard shard, MetricAlarm alarm) {
            super(key, shard, alarm);
        }

        MetricAlarm metricAlarm() {
            return (MetricAlarm) alarm;
        }

        /** Marks the window stale because of a datum stamped {@code timestampMillis}. */
        void datum(long timestampMillis) {
            pendingDatum.accumulateAndGet(timestampMillis, Math::max);
        }
    }

    /**
     * CompositeSlot is a composite alarm with its parsed rule and its action-suppression timers.
     */
    static final class CompositeSlot extends AlarmSlot {
        final AlarmRule rule;
        /** Whether the suppressor was in ALARM when last looked at (its leaving ALARM starts the extension). */
        boolean suppressorInAlarm;
        /** End of the running extension period (epoch ms), 0 when none. */
        long extensionUntil;
        /** End of the running wait period (epoch ms), 0 when none. */
        long waitUntil;
        /** The transition to ALARM whose actions wait for the suppressor (emitted when the wait is decided). */
        AlarmTransition deferred;

        CompositeSlot(AlarmKey key, AlarmShard shard, CompositeAlarm alarm, AlarmRule rule) {
            super(key, shard, alarm);
            this.rule = rule;
        }

        CompositeAlarm compositeAlarm() {
            return (CompositeAlarm) alarm;
        }
    }
}
