package io.synaps.engine.alarm.evaluate;

import io.synaps.model.alarm.AlarmState;
import io.synaps.model.alarm.TreatMissingData;

import java.util.List;

/**
 * Verdict is what one metric-alarm evaluation decided and from which datapoints, before it is
 * worded: {@code evaluated} are the real datapoints the decision used (oldest first),
 * {@code filled} the start times (epoch milliseconds, newest first) of the missing periods that
 * TreatMissingData filled in, {@code filledBreach} whether those counted as breaching. Immutable.
 */
record Verdict(AlarmState state, Kind kind, TreatMissingData mode, List<Datapoint> evaluated, long[] filled,
               boolean filledBreach, int breaching, int nonBreaching) {

    /** Kind is which of the decision rules produced the state. */
    enum Kind {
        /** No real datapoint in the range (rule 1). */
        NO_DATA,
        /** Enough breaching points or not (rules 2 and 3). */
        THRESHOLD,
        /** The premature-alarm rule (rule 3, missing / ignore). */
        PREMATURE
    }

    Verdict {
        evaluated = List.copyOf(evaluated);
    }
}
