package io.synaps.engine.alarm.evaluate;

/**
 * Datapoint is one period's value as an alarm sees it: the statistic over the period that starts
 * at {@code timestampMillis} (epoch milliseconds) and its sample count. Immutable.
 */
public record Datapoint(long timestampMillis, double value, double sampleCount) {
}
