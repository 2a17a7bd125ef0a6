package io.synaps.server;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServerConfigTest {
    @Test
    void hasNoDashboardUserUnlessBothVariablesAreSet() {
        ServerConfig none = ServerConfig.fromEnvironment(Map.of());
        assertThat(none.adminUser()).isNull();
        assertThat(none.adminPassword()).isNull();
        ServerConfig both = ServerConfig.fromEnvironment(Map.of("SYNAPS_ADMIN_USER", "admin",
                "SYNAPS_ADMIN_PASSWORD", "synaps-local-admin"));
        assertThat(both.adminUser()).isEqualTo("admin");
        assertThat(both.adminPassword()).isEqualTo("synaps-local-admin");
        assertThat(ServerConfig.fromEnvironment(Map.of("SYNAPS_ADMIN_USER", "", "SYNAPS_ADMIN_PASSWORD", "")).adminUser())
                .isNull();
        assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("SYNAPS_ADMIN_USER", "admin")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SYNAPS_ADMIN_PASSWORD");
    }

    @Test
    void readsSessionSettingsAsIsoDurationsOrSeconds() {
        ServerConfig d = ServerConfig.fromEnvironment(Map.of());
        assertThat(d.sessions().absoluteLifetime()).isEqualTo(Duration.ofHours(12));
        assertThat(d.sessions().idleTimeout()).isEqualTo(Duration.ofHours(1));
        assertThat(d.sessions().maxPerUser()).isEqualTo(10);
        ServerConfig c = ServerConfig.fromEnvironment(Map.of("SYNAPS_SESSION_LIFETIME", "PT8H",
                "SYNAPS_SESSION_IDLE", "900", "SYNAPS_SESSIONS_PER_USER", "3"));
        assertThat(c.sessions().absoluteLifetime()).isEqualTo(Duration.ofHours(8));
        assertThat(c.sessions().idleTimeout()).isEqualTo(Duration.ofMinutes(15));
        assertThat(c.sessions().maxPerUser()).isEqualTo(3);
        assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("SYNAPS_SESSION_IDLE", "an hour")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SYNAPS_SESSION_IDLE");
    }

    @Test
    void neverShowsPasswordsOrSecrets() {
        ServerConfig c = ServerConfig.fromEnvironment(Map.of("SYNAPS_ADMIN_USER", "admin",
                "SYNAPS_ADMIN_PASSWORD", "pw-LEAKCHECK", "SYNAPS_SECRET_ACCESS_KEY", "secret-LEAKCHECK"));
        assertThat(c.toString()).contains("adminUser=admin").doesNotContain("LEAKCHECK");
    }
}
