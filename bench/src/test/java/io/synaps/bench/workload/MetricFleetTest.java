package io.synaps.bench.workload;

import io.synaps.model.Dimension;
import io.synaps.model.MetricDatum;
import io.synaps.model.MetricId;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetricFleetTest {

    @Test
    void oneRoundOfBatchesTouchesEverySeriesOnce() {
        MetricFleet fleet = new MetricFleet(25_000, 1000, 10, 1);
        assertThat(fleet.batches()).isEqualTo(25);
        Set<MetricId> seen = new HashSet<>();
        for (int b = 0; b < fleet.batches(); b++) {
            for (MetricDatum d : fleet.datums(b, 1_700_000_000_000L)) {
                seen.add(d.metric());
            }
        }
        assertThat(seen).hasSize(25_000);
    }

    @Test
    void everyDatumCarriesTenDistinctlyNamedDimensions() {
        MetricFleet fleet = MetricFleet.standard(1000);
        List<Dimension> dims = fleet.dimensionsOf(4242 % 1000);
        assertThat(dims).hasSize(10);
        assertThat(dims.stream().map(Dimension::name).distinct()).hasSize(10);
        assertThat(dims.get(0).value()).matches("i-[0-9a-f]{17}");
    }

    @Test
    void theSameBatchAlwaysHasTheSameValues() {
        MetricFleet fleet = MetricFleet.standard(5000);
        List<MetricDatum> a = fleet.datums(3, 1L);
        List<MetricDatum> b = fleet.datums(3, 1L);
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i).values()).containsExactly(b.get(i).values());
            assertThat(a.get(i).metric()).isEqualTo(b.get(i).metric());
        }
    }

    @Test
    void fewerSeriesThanABatchRepeatSeriesWithinTheBatch() {
        MetricFleet fleet = new MetricFleet(10, 1000, 3, 1);
        assertThat(fleet.batches()).isEqualTo(1);
        assertThat(fleet.datums(0, 1L).stream().map(MetricDatum::metric).distinct()).hasSize(10);
    }

    @Test
    void refusesBatchesLargerThanPutMetricDataAllows() {
        assertThatThrownBy(() -> new MetricFleet(10, 1001, 3, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
