package io.synaps.api.action;

/**
 * ActionsConfig holds the CloudWatch handlers' tunables. Immutable.
 *
 * @param listMetricsPageSize      ListMetrics page size (AWS: 500)
 * @param listDashboardsPageSize   ListDashboards page size (AWS: 1000)
 * @param maxDatapoints            GetMetricData's default and largest MaxDatapoints (AWS: 100,800)
 * @param partition                the ARN partition, e.g. {@code aws} (dashboard ARNs)
 */
public record ActionsConfig(int listMetricsPageSize, int listDashboardsPageSize, int maxDatapoints, String partition) {

    public ActionsConfig {
        if (listMetricsPageSize < 1 || listDashboardsPageSize < 1 || maxDatapoints < 1) {
            throw new IllegalArgumentException("page sizes and maxDatapoints must be positive");
        }
        if (partition == null || partition.isBlank()) {
            throw new IllegalArgumentException("partition is required");
        }
    }

    /** AWS's values. */
    public static ActionsConfig defaults() {
        return new ActionsConfig(500, 1000, 100_800, "aws");
    }
}
