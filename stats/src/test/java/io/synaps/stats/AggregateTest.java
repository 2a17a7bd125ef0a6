package io.synaps.stats;

import io.synaps.model.StatisticSet;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;

class AggregateTest {

    static byte[] encode(Aggregate a) {
        ByteBuffer buffer = ByteBuffer.allocate(a.encodedSize());
        a.encode(buffer);
        assertThat(buffer.remaining()).as("encodedSize matches the bytes written").isZero();
        return buffer.array();
    }

    static Aggregate roundTrip(Aggregate a) {
        return Aggregate.decode(ByteBuffer.wrap(encode(a)));
    }

    @Test
    void emptyAggregateHasNoValues() {
        Aggregate a = Aggregate.empty();
        assertThat(a.isEmpty()).isTrue();
        assertThat(a.sampleCount()).isZero();
        assertThat(a.sum()).isZero();
        assertThat(a.minimum()).isNaN();
        assertThat(a.maximum()).isNaN();
        assertThat(a.average()).isNaN();
        assertThat(a.quantile(0.5)).isNaN();
        assertThat(a.percentilesAvailable()).isTrue();
    }

    @Test
    void valuesWithCountsExpandToWeightedSamples() {
        Aggregate a = Aggregate.empty();
        a.add(1, 2);
        a.add(10, 4);
        assertThat(a.sampleCount()).isEqualTo(6);
        assertThat(a.sum()).isEqualTo(42);
        assertThat(a.maximum()).isEqualTo(10);
        assertThat(a.minimum()).isEqualTo(1);
        assertThat(a.quantile(0.2)).isCloseTo(1, withinPercentage(1));
        assertThat(a.quantile(0.4)).isCloseTo(10, withinPercentage(1));
    }

    @Test
    void aValueAndAStatisticSetInOneBucketAggregateTogether() {
        Aggregate a = Aggregate.empty();
        a.add(11, 1);
        a.add(new StatisticSet(10, 55, 1, 10));
        assertThat(a.sum()).isEqualTo(66);
        assertThat(a.sampleCount()).isEqualTo(11);
        assertThat(a.minimum()).isEqualTo(1);
        assertThat(a.maximum()).isEqualTo(11);
        assertThat(a.average()).isEqualTo(6);
        assertThat(a.percentilesAvailable()).isFalse();
        assertThat(a.quantile(0.5)).isNaN();
    }

    @Test
    void statisticSetsFeedPercentilesOnlyWhenTheyDescribeOneValue() {
        assertThat(withSet(new StatisticSet(1, 5, 5, 5)).percentilesAvailable()).isTrue();
        assertThat(withSet(new StatisticSet(3, 15, 5, 5)).percentilesAvailable()).isTrue();
        assertThat(withSet(new StatisticSet(3, 0.30000000000000004, 0.1, 0.1)).percentilesAvailable()).isTrue();
        assertThat(withSet(new StatisticSet(3, 0.3, 0.1, 0.1)).percentilesAvailable()).isTrue();
        assertThat(withSet(new StatisticSet(3, 16, 5, 5)).percentilesAvailable()).isFalse();
        assertThat(withSet(new StatisticSet(2, 10, 4, 6)).percentilesAvailable()).isFalse();
        assertThat(withSet(new StatisticSet(1, 5, 4, 6)).percentilesAvailable()).isFalse();
        Aggregate fed = withSet(new StatisticSet(3, 15, 5, 5));
        fed.add(100, 2);
        assertThat(fed.quantile(0.5)).isCloseTo(5, withinPercentage(1));
        assertThat(fed.quantile(0.9)).isCloseTo(100, withinPercentage(1));
    }

    private static Aggregate withSet(StatisticSet set) {
        Aggregate a = Aggregate.empty();
        a.add(set);
        assertThat(a.sampleCount()).isEqualTo(set.sampleCount());
        assertThat(a.sum()).isEqualTo(set.sum());
        return a;
    }

    @Test
    void invalidStatisticSetsAndValuesAreRejected() {
        Aggregate a = Aggregate.empty();
        assertThatThrownBy(() -> a.add(new StatisticSet(0, 1, 1, 1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> a.add(new StatisticSet(2, 1, 3, 1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> a.add(Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> a.add(1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> a.add(1, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> a.quantile(1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThat(a.isEmpty()).isTrue();
    }

    @Test
    void negativeValuesKeepExactSummariesButMakePercentilesUnavailable() {
        Aggregate a = Aggregate.empty();
        a.add(3, 1);
        a.add(-2.5, 2);
        assertThat(a.minimum()).isEqualTo(-2.5);
        assertThat(a.maximum()).isEqualTo(3);
        assertThat(a.sum()).isEqualTo(-2);
        assertThat(a.percentilesAvailable()).isFalse();
        assertThat(a.quantile(0.5)).isNaN();
        assertThat(a.sketch()).isNull();

        Aggregate healthy = Aggregate.empty();
        healthy.add(1, 1);
        healthy.add(2, 1);
        healthy.merge(a);
        assertThat(healthy.percentilesAvailable()).isFalse();
        assertThat(healthy.sampleCount()).isEqualTo(5);
        assertThat(healthy.minimum()).isEqualTo(-2.5);
    }

    @Test
    void zeroIsARealSampleWithExactPercentiles() {
        Aggregate a = Aggregate.empty();
        a.add(0, 3);
        a.add(-0.0, 1);
        assertThat(a.minimum()).isEqualTo(0);
        assertThat(a.sketch()).isNull();
        a.add(8, 2);
        assertThat(a.quantile(0.5)).isEqualTo(0);
        assertThat(a.quantile(0.75)).isEqualTo(0);
        assertThat(a.quantile(0.9)).isCloseTo(8, withinPercentage(1));
        assertThat(roundTrip(a).quantile(0.75)).isEqualTo(0);
    }

    @Test
    void fractionalCountsWeighSamples() {
        Aggregate a = Aggregate.empty();
        a.add(2, 0.5);
        a.add(4, 1.5);
        assertThat(a.sampleCount()).isEqualTo(2);
        assertThat(a.sum()).isEqualTo(7);
        assertThat(a.average()).isEqualTo(3.5);
        // rank 0.5 * (2 - 1) = 0.5 is not below the first bin's 0.5 samples, so it falls in the second.
        assertThat(a.quantile(0.5)).isCloseTo(4, withinPercentage(1));
        assertThat(a.quantile(0.4)).isCloseTo(2, withinPercentage(1));
        Aggregate decoded = roundTrip(a);
        assertThat(decoded.quantile(0.5)).isEqualTo(a.quantile(0.5));
        assertThat(decoded.sampleCount()).isEqualTo(2);
    }

    @Test
    void aSingleDistinctValueIsKeptExactlyWithoutASketch() {
        Aggregate a = Aggregate.empty();
        a.add(0.1234567, 5);
        a.add(0.1234567, 2.5);
        Aggregate other = Aggregate.empty();
        other.add(0.1234567, 1);
        a.merge(other);
        assertThat(a.sketch()).isNull();
        for (double q : new double[] {0, 0.01, 0.5, 0.99, 1}) {
            assertThat(a.quantile(q)).isEqualTo(0.1234567);
        }
        assertThat(a.sampleCount()).isEqualTo(8.5);
        a.add(7, 1);
        assertThat(a.sketch()).isNotNull();
        assertThat(a.quantile(0.5)).isCloseTo(0.1234567, withinPercentage(1));
    }

    @Test
    void quantilesAreWithinOnePercentAndExactAtTheEnds() {
        Aggregate a = Aggregate.empty();
        for (int i = 1; i <= 1000; i++) {
            a.add(i * 1.5, 1);
        }
        assertThat(a.quantile(0)).isEqualTo(1.5);
        assertThat(a.quantile(1)).isEqualTo(1500);
        assertThat(a.quantile(0.5)).isCloseTo(500 * 1.5, withinPercentage(1));
        assertThat(a.quantile(0.999)).isCloseTo(999 * 1.5, withinPercentage(1));
    }

    @Test
    void veryLargeAndTinyValuesStayTrackable() {
        Aggregate a = Aggregate.empty();
        a.add(1e-100, 1);
        a.add(1e100, 2);
        assertThat(a.percentilesAvailable()).isTrue();
        assertThat(a.quantile(0.4)).isCloseTo(1e-100, withinPercentage(1));
        assertThat(roundTrip(a).quantile(0.6)).isCloseTo(1e100, withinPercentage(1));
    }

    @Test
    void mergeIntoEmptyCopiesAndDoesNotShareState() {
        Aggregate source = Aggregate.empty();
        source.add(1, 1);
        source.add(2, 1);
        Aggregate target = Aggregate.empty();
        target.merge(source);
        target.add(3, 5);
        assertThat(source.sampleCount()).isEqualTo(2);
        assertThat(source.quantile(0.5)).isCloseTo(1, withinPercentage(1));
        assertThat(source.maximum()).isEqualTo(2);
        Aggregate copy = source.copy();
        copy.add(100, 10);
        assertThat(source.maximum()).isEqualTo(2);
        assertThat(source.sketch().getCount()).isEqualTo(2);
    }

    @Test
    void encodingRoundTripsEveryShapeOfAggregate() {
        for (Aggregate a : samples()) {
            byte[] bytes = encode(a);
            Aggregate decoded = Aggregate.decode(ByteBuffer.wrap(bytes));
            assertThat(decoded.sampleCount()).as(a.toString()).isEqualTo(a.sampleCount());
            assertThat(decoded.sum()).isEqualTo(a.sum());
            assertThat(Double.valueOf(decoded.minimum())).isEqualTo(Double.valueOf(a.minimum()));
            assertThat(Double.valueOf(decoded.maximum())).isEqualTo(Double.valueOf(a.maximum()));
            assertThat(decoded.percentilesAvailable()).isEqualTo(a.percentilesAvailable());
            for (double q = 0; q <= 1; q += 0.05) {
                assertThat(Double.valueOf(decoded.quantile(q))).isEqualTo(Double.valueOf(a.quantile(q)));
            }
            assertThat(encode(decoded)).isEqualTo(bytes);
        }
    }

    private static List<Aggregate> samples() {
        Aggregate empty = Aggregate.empty();
        Aggregate single = Aggregate.empty();
        single.add(42.5, 1);
        Aggregate integers = Aggregate.empty();
        for (int i = 0; i < 50; i++) {
            integers.add(i % 7, 1 + i % 3);
        }
        Aggregate fractional = Aggregate.empty();
        fractional.add(0.1, 0.3);
        fractional.add(123.456, 2.75);
        fractional.add(0, 0.1);
        Aggregate unavailable = Aggregate.empty();
        unavailable.add(new StatisticSet(10, 55.5, 1, 10));
        Aggregate negative = Aggregate.empty();
        negative.add(-7, 3);
        negative.add(9.25, 1);
        Aggregate huge = Aggregate.empty();
        huge.add(1e300, 1);
        huge.add(3e-300, 2);
        return List.of(empty, single, integers, fractional, unavailable, negative, huge);
    }

    @Test
    void encodingIgnoresTheBufferByteOrderAndStartsAtItsPosition() {
        Aggregate a = samples().get(3);
        ByteBuffer buffer = ByteBuffer.allocate(a.encodedSize() + 10).order(ByteOrder.LITTLE_ENDIAN);
        buffer.position(7);
        a.encode(buffer);
        assertThat(buffer.position()).isEqualTo(7 + a.encodedSize());
        byte[] bigEndian = encode(a);
        assertThat(Arrays.copyOfRange(buffer.array(), 7, 7 + a.encodedSize())).isEqualTo(bigEndian);
        buffer.position(7);
        Aggregate decoded = Aggregate.decode(buffer);
        assertThat(buffer.position()).isEqualTo(7 + a.encodedSize());
        assertThat(decoded.sum()).isEqualTo(a.sum());
    }

    @Test
    void encodingIsCompact() {
        Aggregate counter = Aggregate.empty();
        counter.add(1, 1);
        assertThat(counter.encodedSize()).isEqualTo(4); // version, flags, count, value
        Aggregate fractional = Aggregate.empty();
        fractional.add(42.5, 1);
        assertThat(fractional.encodedSize()).isEqualTo(11);
        assertThat(Aggregate.empty().encodedSize()).isEqualTo(3);
        Aggregate latencies = Aggregate.empty();
        for (int i = 1; i <= 60; i++) {
            latencies.add(100 + i, 1);
        }
        // 60 samples fall in 24 bins: one index byte and one count byte per bin, 17 bytes besides.
        int bins = ((SortedArrayStore) latencies.sketch().getPositiveValueStore()).binCount();
        assertThat(bins).isBetween(20, 30);
        assertThat(latencies.encodedSize()).isLessThanOrEqualTo(2 * bins + 17);
        assertThat(latencies.encodedSize()).isLessThan(latencies.sketch().serializedSize());
    }

    @Test
    void malformedEncodingsAreRejected() {
        byte[] good = encode(samples().get(2));
        byte[] wrongVersion = good.clone();
        wrongVersion[0] = 9;
        assertThatThrownBy(() -> Aggregate.decode(ByteBuffer.wrap(wrongVersion)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version 9");
        assertThatThrownBy(() -> Aggregate.decode(ByteBuffer.wrap(Arrays.copyOf(good, good.length - 1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncated");
        byte[] unknownFlag = good.clone();
        unknownFlag[1] |= (byte) 0x80;
        assertThatThrownBy(() -> Aggregate.decode(ByteBuffer.wrap(unknownFlag)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Aggregate.decode(ByteBuffer.allocate(0)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
