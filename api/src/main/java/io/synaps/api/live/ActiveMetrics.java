package io.synaps.api.live;

import java.util.List;

/**
 * ActiveMetrics answers which of an account's metrics received the most datums lately: two
 * rotating windows of {@link #windowSeconds()} each, so "lately" spans one to two windows.
 * Implementations are thread-safe.
 */
public interface ActiveMetrics {

    /**
     * The account's at most {@code max} most active metrics, most datums first (ties by namespace,
     * metric name, then dimensions); empty for an account without recent datums.
     */
    List<ActiveMetric> top(String accountId, int max);

    /** The length of one window, in seconds. */
    int windowSeconds();
}
