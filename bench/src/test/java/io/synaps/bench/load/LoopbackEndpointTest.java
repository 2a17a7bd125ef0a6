package io.synaps.bench.load;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoopbackEndpointTest {

    @Test
    void acceptsLoopbackAddresses() {
        assertThat(LoopbackEndpoint.parse("http://127.0.0.1:8780").resolve("/healthz").toString())
                .isEqualTo("http://127.0.0.1:8780/healthz");
        assertThat(LoopbackEndpoint.parse("http://127.0.0.2:9000/").base().getPort()).isEqualTo(9000);
        assertThat(LoopbackEndpoint.parse("http://[::1]:8780").base().getHost()).isEqualTo("[::1]");
        assertThat(LoopbackEndpoint.parse("http://localhost:8780").base().getHost()).isEqualTo("localhost");
    }

    @Test
    void refusesAddressesOffThisMachine() {
        assertThatThrownBy(() -> LoopbackEndpoint.parse("http://10.1.2.3:8780"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only targets loopback");
        assertThatThrownBy(() -> LoopbackEndpoint.parse("http://192.168.0.10:80"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only targets loopback");
        assertThatThrownBy(() -> LoopbackEndpoint.parse("http://8.8.8.8:443"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only targets loopback");
    }

    @Test
    void refusesOtherSchemesPathsAndMissingPorts() {
        assertThatThrownBy(() -> LoopbackEndpoint.parse("https://127.0.0.1:8780")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LoopbackEndpoint.parse("http://127.0.0.1:8780/x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LoopbackEndpoint.parse("http://127.0.0.1")).isInstanceOf(IllegalArgumentException.class);
    }
}
