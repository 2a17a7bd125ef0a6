package io.synaps.model;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetricIdTest {

    @Test
    void idsFromTheSameDimensionsInAnyOrderAreEqualWithEqualHashCodes() {
        MetricId a = new MetricId("N", "m", List.of(new Dimension("b", "2"), new Dimension("a", "1")));
        MetricId b = MetricId.of("N", "m", new Dimension("a", "1"), new Dimension("b", "2"));

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.dimensions()).containsExactly(new Dimension("a", "1"), new Dimension("b", "2"));
    }

    @Test
    void hashCodeIsTheOneTheRecordHad() {
        MetricId id = MetricId.of("N", "m", new Dimension("a", "1"));

        int recordHash = (31 * "N".hashCode() + "m".hashCode()) * 31 + List.of(new Dimension("a", "1")).hashCode();
        assertThat(id.hashCode()).isEqualTo(recordHash);
    }

    @Test
    void idsDifferingInAnyPartAreNotEqual() {
        MetricId id = MetricId.of("N", "m", new Dimension("a", "1"));

        assertThat(id).isNotEqualTo(MetricId.of("X", "m", new Dimension("a", "1")))
                .isNotEqualTo(MetricId.of("N", "x", new Dimension("a", "1")))
                .isNotEqualTo(MetricId.of("N", "m", new Dimension("a", "2")))
                .isNotEqualTo(MetricId.of("N", "m"))
                .isNotEqualTo(null)
                .isNotEqualTo("N");
    }

    @Test
    void missingDimensionsBecomeAnEmptyListAndNullNamesAreRefused() {
        assertThat(new MetricId("N", "m", null).dimensions()).isEmpty();
        assertThat(new MetricId("N", "m", null)).isEqualTo(MetricId.of("N", "m"));
        assertThatThrownBy(() -> new MetricId(null, "m", List.of())).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new MetricId("N", null, List.of())).isInstanceOf(NullPointerException.class);
    }

    @Test
    void toStringNamesEveryPart() {
        assertThat(MetricId.of("N", "m", new Dimension("a", "1")).toString())
                .isEqualTo("MetricId[namespace=N, metricName=m, dimensions=[Dimension[name=a, value=1]]]");
    }
}
