package io.synaps.engine.partition;

import io.synaps.model.Dimension;
import io.synaps.model.MetricId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SeriesPartitionerTest {

    @Test
    void mappingIsPinnedSoItSurvivesRestartsAndNodes() {
        // Changing these values moves series between partitions: journals written before would
        // replay into the wrong partition. Never change them without a migration.
        assertThat(SeriesPartitioner.partitionOf("123456789012", MetricId.of("App", "Cpu"), 1024)).isEqualTo(PINNED_A);
        assertThat(SeriesPartitioner.partitionOf("123456789012",
                MetricId.of("AWS/EC2", "CPUUtilization", new Dimension("InstanceId", "i-1")), 1024)).isEqualTo(PINNED_B);
    }

    @Test
    void dimensionOrderDoesNotMatterButEveryFieldDoes() {
        MetricId ab = MetricId.of("N", "M", new Dimension("a", "1"), new Dimension("b", "2"));
        MetricId ba = MetricId.of("N", "M", new Dimension("b", "2"), new Dimension("a", "1"));

        assertThat(SeriesPartitioner.partitionOf("acct", ab, 1 << 30)).isEqualTo(SeriesPartitioner.partitionOf("acct", ba, 1 << 30));
        assertThat(SeriesPartitioner.partitionOf("acct", MetricId.of("ab", "c"), 1 << 30))
                .isNotEqualTo(SeriesPartitioner.partitionOf("acct", MetricId.of("a", "bc"), 1 << 30));
    }

    @Test
    void spreadsSeriesEvenlyOverPartitions() {
        int[] counts = new int[8];
        for (int i = 0; i < 80_000; i++) {
            counts[SeriesPartitioner.partitionOf("acct", MetricId.of("App", "Cpu", new Dimension("Host", "h" + i)), 8)]++;
        }
        for (int c : counts) {
            assertThat(c).isBetween(9_000, 11_000);
        }
    }

    private static final int PINNED_A = 698;
    private static final int PINNED_B = 1020;
}
