package io.graphstaging.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.graphstaging.core.cluster.ClusterConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClientAddressTest {
    private final ClientAddress behindProxy = new ClientAddress(Optional.of(new ClusterConfig(Optional.empty(),
            Duration.ofSeconds(30), Duration.ofMinutes(5), Set.of("10.0.0.1", "10.0.0.2"), Optional.empty())));

    @Test
    void aTrustedProxysForwardedForNamesTheClient() {
        assertThat(behindProxy.of("10.0.0.1", List.of("203.0.113.7"))).isEqualTo("203.0.113.7");
    }

    @Test
    void addressesAClientPutInFrontOfItsRealOneAreIgnored() {
        // The client sent "X-Forwarded-For: 1.2.3.4" itself; the proxy appended the address it saw.
        assertThat(behindProxy.of("10.0.0.1", List.of("1.2.3.4, 203.0.113.7"))).isEqualTo("203.0.113.7");
        // Two trusted proxies in a row are skipped.
        assertThat(behindProxy.of("10.0.0.1", List.of("203.0.113.7, 10.0.0.2"))).isEqualTo("203.0.113.7");
    }

    @Test
    void anUntrustedPeersHeaderIsNeverBelieved() {
        assertThat(behindProxy.of("198.51.100.9", List.of("203.0.113.7"))).isEqualTo("198.51.100.9");
        assertThat(new ClientAddress(Optional.empty()).of("10.0.0.1", List.of("203.0.113.7"))).isEqualTo("10.0.0.1");
        assertThat(behindProxy.of("10.0.0.1", List.of())).isEqualTo("10.0.0.1");
    }

    @Test
    void everyForwardedForLineCountsInOrderSoAProxysAppendedLineNamesTheClient() {
        // HAProxy's "option forwardfor" adds its own line after the client's; the first line alone would be the client's word.
        assertThat(behindProxy.of("10.0.0.1", List.of("1.2.3.4", "203.0.113.7"))).isEqualTo("203.0.113.7");
        assertThat(behindProxy.of("10.0.0.1", List.of("203.0.113.7", "10.0.0.2"))).isEqualTo("203.0.113.7");
        assertThat(behindProxy.of("10.0.0.1", List.of("1.2.3.4, 5.6.7.8", "203.0.113.7"))).isEqualTo("203.0.113.7");
        assertThat(behindProxy.of("198.51.100.9", List.of("1.2.3.4", "203.0.113.7"))).isEqualTo("198.51.100.9");
        assertThat(behindProxy.of("10.0.0.1", List.of())).isEqualTo("10.0.0.1");
    }
}
