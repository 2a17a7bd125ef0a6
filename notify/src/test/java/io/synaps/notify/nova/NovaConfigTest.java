package io.synaps.notify.nova;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NovaConfigTest {

    @Test
    void defaultsFollowTheDesign() {
        NovaConfig c = NovaConfig.of(URI.create("http://keystone:5000/v3"),
                new NovaConfig.ApplicationCredential("id", "secret"));
        assertThat(c.perAlarmCooldown()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.perAccountRatePerMinute()).isEqualTo(10);
        assertThat(c.endpointInterface()).isEqualTo("public");
        assertThat(c.microversion()).isEqualTo("2.25");
        assertThat(c.dryRun()).isFalse();
        assertThat(c.liveMigration()).isFalse();
    }

    @Test
    void theTokensUrlIsFoundWithOrWithoutTheV3Suffix() {
        NovaConfig.Credentials cred = new NovaConfig.ApplicationCredential("id", "secret");
        assertThat(NovaConfig.of(URI.create("http://k:5000/v3/"), cred).tokensUri())
                .isEqualTo(URI.create("http://k:5000/v3/auth/tokens"));
        assertThat(NovaConfig.of(URI.create("https://cloud.example/identity"), cred).tokensUri())
                .isEqualTo(URI.create("https://cloud.example/identity/v3/auth/tokens"));
    }

    @Test
    void fromEnvIsEmptyWithoutAKeystoneUrl() {
        assertThat(NovaConfig.fromEnv(Map.of("SYNAPS_KEYSTONE_USER", "u"))).isEmpty();
    }

    @Test
    void fromEnvReadsPasswordCredentialsAndTheGuardRails() {
        NovaConfig c = NovaConfig.fromEnv(Map.of(
                "SYNAPS_KEYSTONE_URL", "https://keystone.example:5000/v3",
                "SYNAPS_KEYSTONE_USER", "synaps",
                "SYNAPS_KEYSTONE_PASSWORD", "pw-123",
                "SYNAPS_KEYSTONE_PROJECT", "ops",
                "SYNAPS_KEYSTONE_DOMAIN", "corp",
                "SYNAPS_NOVA_REGION", "RegionOne",
                "SYNAPS_NOVA_DRY_RUN", "true",
                "SYNAPS_NOVA_COOLDOWN_SECONDS", "120",
                "SYNAPS_NOVA_RATE_PER_MINUTE", "3")).orElseThrow();
        assertThat(c.credentials()).isEqualTo(new NovaConfig.Password("synaps", "pw-123", "corp", "ops", "corp"));
        assertThat(c.region()).isEqualTo("RegionOne");
        assertThat(c.dryRun()).isTrue();
        assertThat(c.perAlarmCooldown()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.perAccountRatePerMinute()).isEqualTo(3);
        assertThat(c.toString()).doesNotContain("pw-123");
    }

    @Test
    void fromEnvPrefersTheApplicationCredential() {
        NovaConfig c = NovaConfig.fromEnv(Map.of(
                "SYNAPS_KEYSTONE_URL", "http://k/v3",
                "SYNAPS_KEYSTONE_APP_CREDENTIAL_ID", "abc",
                "SYNAPS_KEYSTONE_APP_CREDENTIAL_SECRET", "shh")).orElseThrow();
        assertThat(c.credentials()).isEqualTo(new NovaConfig.ApplicationCredential("abc", "shh"));
    }

    @Test
    void fromEnvNamesTheBadVariableWithoutItsSecret() {
        assertThatThrownBy(() -> NovaConfig.fromEnv(Map.of("SYNAPS_KEYSTONE_URL", "http://k/v3",
                "SYNAPS_KEYSTONE_USER", "u", "SYNAPS_KEYSTONE_PASSWORD", "pw-999")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SYNAPS_KEYSTONE_PROJECT")
                .hasMessageNotContaining("pw-999");
        assertThatThrownBy(() -> NovaConfig.fromEnv(Map.of("SYNAPS_KEYSTONE_URL", "http://k/v3",
                "SYNAPS_KEYSTONE_APP_CREDENTIAL_ID", "abc", "SYNAPS_NOVA_DRY_RUN", "maybe")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SECRET");
        assertThatThrownBy(() -> NovaConfig.fromEnv(Map.of("SYNAPS_KEYSTONE_URL", "http://k/v3",
                "SYNAPS_KEYSTONE_APP_CREDENTIAL_ID", "abc", "SYNAPS_KEYSTONE_APP_CREDENTIAL_SECRET", "s",
                "SYNAPS_NOVA_DRY_RUN", "maybe")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SYNAPS_NOVA_DRY_RUN");
    }

    @Test
    void refusesABadMicroversionOrRate() {
        NovaConfig c = NovaConfig.of(URI.create("http://k/v3"), new NovaConfig.ApplicationCredential("i", "s"));
        assertThatThrownBy(() -> c.withMicroversion("3.0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.withMicroversion("2.0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.withPerAccountRatePerMinute(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(c.withMicroversion("2.60").microversionMinor()).isEqualTo(60);
    }
}
