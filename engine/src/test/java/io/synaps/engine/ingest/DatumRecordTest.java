package io.synaps.engine.ingest;

import io.synaps.model.Dimension;
import io.synaps.model.MetricDatum;
import io.synaps.model.MetricId;
import io.synaps.model.StandardUnit;
import io.synaps.model.StatisticSet;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatumRecordTest {
    private static final MetricId CPU = MetricId.of("AWS/EC2", "CPUUtilization", new Dimension("InstanceId", "i-1"));
    private static final MetricId MEM = MetricId.of("Système", "Mémoire");

    private static final List<MetricDatum> DATA = List.of(
            MetricDatum.ofValue(CPU, 1_767_225_600_123L, StandardUnit.PERCENT, 12.5),
            new MetricDatum(CPU, 1_767_225_599_000L, StandardUnit.COUNT, 1, new double[]{1, 10}, new double[]{2, 4}, null),
            new MetricDatum(MEM, 1_767_225_700_000L, StandardUnit.NONE, 60, new double[]{11}, new double[]{1},
                    new StatisticSet(10, 55, 1, 10)),
            new MetricDatum(MEM, -5_000L, StandardUnit.BYTES_SECOND, 60, new double[0], new double[0],
                    new StatisticSet(1, -0.0, Double.MIN_VALUE, Double.MAX_VALUE)));

    @Test
    void decodesWhatItEncodedInEitherByteOrder() {
        List<DatumRecord.Encoded> encoded = DatumRecord.encode("123456789012", DATA, 1 << 20);

        assertThat(encoded).hasSize(1);
        for (ByteOrder order : List.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN)) {
            ByteBuffer buf = ByteBuffer.wrap(encoded.get(0).bytes()).order(order);
            DatumRecord decoded = DatumRecord.decode(buf);
            assertThat(decoded.accountId()).isEqualTo("123456789012");
            assertThat(decoded.data()).usingRecursiveFieldByFieldElementComparator().isEqualTo(DATA);
            assertThat(buf.remaining()).isZero();
        }
    }

    @Test
    void repeatedMetricsAndUnitCountsCostLittle() {
        List<MetricDatum> many = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            many.add(MetricDatum.ofValue(CPU, 1_767_225_600_000L + i * 1000L, StandardUnit.PERCENT, i));
        }

        byte[] bytes = DatumRecord.encode("123456789012", many, 1 << 20).get(0).bytes();

        // 100 x (index 1 + time delta 2 + unit 1 + flags 1 + count 1 + value 8) plus one metric entry.
        assertThat(bytes.length).isLessThan(100 * 14 + 100);
    }

    @Test
    void splitsIntoRecordsThatFitTheLimitKeepingOrder() {
        List<MetricDatum> many = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            many.add(MetricDatum.ofValue(MetricId.of("App", "M" + i), 1_767_225_600_000L, StandardUnit.COUNT, i));
        }

        List<DatumRecord.Encoded> encoded = DatumRecord.encode("123456789012", many, 1024);

        assertThat(encoded.size()).isGreaterThan(5);
        List<MetricDatum> decoded = new ArrayList<>();
        for (DatumRecord.Encoded e : encoded) {
            assertThat(e.bytes().length).isLessThanOrEqualTo(1024);
            DatumRecord r = DatumRecord.decode(ByteBuffer.wrap(e.bytes()));
            assertThat(r.data()).usingRecursiveFieldByFieldElementComparator().isEqualTo(e.data());
            decoded.addAll(r.data());
        }
        assertThat(decoded).usingRecursiveFieldByFieldElementComparator().isEqualTo(many);
    }

    @Test
    void refusesADatumLargerThanARecordAndGarbage() {
        assertThatThrownBy(() -> DatumRecord.encode("123456789012", DATA, 40))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("40-byte");
        assertThatThrownBy(() -> DatumRecord.decode(ByteBuffer.wrap(new byte[]{1, 5, 'a'})))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DatumRecord.decode(ByteBuffer.wrap(new byte[]{9})))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version");
    }
}
