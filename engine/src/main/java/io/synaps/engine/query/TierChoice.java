package io.synaps.engine.query;

import io.synaps.store.metric.Tier;

/**
 * TierChoice picks the storage tier a read is answered from (cloudwatch-reference 4.2): the
 * finest tier whose bucket length divides the period and whose retention still covers the
 * start. Periods that are not a multiple of 60 s can only be served by the SECOND tier (which
 * holds high-resolution data only, for 3 hours); periods that are multiples of 60 s are served
 * by MINUTE or coarser, which hold every datum. Stateless and thread-safe.
 */
public final class TierChoice {
    private static final Tier[] MINUTE_AND_COARSER = {Tier.MINUTE, Tier.FIVE_MINUTES, Tier.HOUR};

    private TierChoice() {
    }

    /**
     * The tier for a read starting at {@code startSeconds} with {@code periodSeconds}, as of
     * {@code nowSeconds}; null when no tier can answer (AWS returns no datapoints then).
     */
    public static Tier forRead(long startSeconds, int periodSeconds, long nowSeconds) {
        if (periodSeconds <= 0) {
            return null;
        }
        long age = nowSeconds - startSeconds;
        if (periodSeconds % 60 != 0) {
            return age <= Tier.SECOND.retentionSeconds() ? Tier.SECOND : null;
        }
        for (Tier t : MINUTE_AND_COARSER) {
            if (age <= t.retentionSeconds()) {
                // The finest tier that still holds the start decides; a period that is not a
                // multiple of its bucket length gets nothing (coarser tiers would not help).
                return periodSeconds % t.seconds() == 0 ? t : null;
            }
        }
        return null;
    }
}
