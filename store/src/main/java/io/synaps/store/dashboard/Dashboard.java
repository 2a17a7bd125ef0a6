package io.synaps.store.dashboard;

import java.nio.charset.StandardCharsets;

/** Dashboard is a stored CloudWatch dashboard; {@code lastModifiedMillis} is epoch milliseconds. */
public record Dashboard(String name, String body, long lastModifiedMillis) {
    /** Size in bytes as ListDashboards reports it (UTF-8 bytes of the stored body). */
    public long size() {
        return body.getBytes(StandardCharsets.UTF_8).length;
    }
}
